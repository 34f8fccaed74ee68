import {
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useCanAccess, useGetIdentity, useNotify, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../portal';
import { fieldErrorsOf, useApiFailureNotice } from './apiFailure';
import { formatDay } from './when';
import { labelsOf } from '../i18n/translate';

/** What the practice-change parts of the portal need from an action. */
export interface VerifiableAction {
  id: string;
  version: number;
  status: string;
  description: string;
  practiceChangeStatus: string | null;
  sustainedCheckOpensAt?: string | null;
  owner: { id: string } | null;
}

const STATUS: Record<string, { label: string; color: 'default' | 'info' | 'success' }> = {
  SELF_REPORTED: { label: 'tl.common.practice.SELF_REPORTED', color: 'default' },
  CORROBORATED: { label: 'tl.common.practice.CORROBORATED', color: 'info' },
  SUSTAINED: { label: 'tl.common.practice.SUSTAINED', color: 'success' },
};

/** What a practice-change check rests on, in the current language. */
export const EVIDENCE_KINDS: Record<string, string> = labelsOf('tl.common.evidence_kinds', [
  'WALKTHROUGH_NOTE',
  'ARTIFACT',
  'STUDENT_WORK',
  'OTHER',
]);

/** How far the action's practice change is verified: self-reported -> corroborated -> sustained. */
export function PracticeChangeChip({ status }: { status: string | null | undefined }) {
  const translate = useTranslate();
  const s = status ? STATUS[status] : undefined;
  if (!s) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={translate('tl.common.practice.chip', { status: translate(s.label) })}
      color={s.color}
    />
  );
}

/** The original due date beside the current one, when the due date was moved. */
export function DueDate({
  dueOn,
  originalDueOn,
  changed,
}: {
  dueOn: string;
  originalDueOn?: string;
  changed?: boolean;
}) {
  const translate = useTranslate();
  return (
    <>
      {formatDay(dueOn)}
      {changed && originalDueOn && (
        <Typography variant="caption" color="text.secondary" component="div">
          {translate('tl.common.practice.originally_due', { day: formatDay(originalDueOn) })}
        </Typography>
      )}
    </>
  );
}

const CORROBORATE = `mutation($input: PracticeChangeCheckInput!) {
  practiceChangeCorroborate(input: $input) { actionItem { id version practiceChangeStatus } }
}`;
const CONFIRM_SUSTAINED = `mutation($input: PracticeChangeCheckInput!) {
  practiceChangeConfirmSustained(input: $input) { actionItem { id version practiceChangeStatus } }
}`;

/**
 * "Corroborate practice change" and "Confirm sustained", for a coach or leader on someone else's done action: the
 * API checks again who may (never the owner) and when (sustained only after the district's interval).
 */
export function PracticeChangeButtons({ action }: { action: VerifiableAction }) {
  const { canAccess } = useCanAccess({ resource: 'actions', action: 'verify' });
  const { identity } = useGetIdentity();
  const translate = useTranslate();
  const [open, setOpen] = useState<'corroborate' | 'sustained' | null>(null);
  // The page's own moment: a re-check that opens while it is on screen shows after the next refresh.
  const [now] = useState(() => Date.now());
  if (!canAccess || action.status !== 'DONE' || !identity || action.owner?.id === identity.id) return null;
  const sustainedOpen =
    action.practiceChangeStatus === 'CORROBORATED' &&
    action.sustainedCheckOpensAt != null &&
    Date.parse(action.sustainedCheckOpensAt) <= now;
  return (
    <Stack direction="row" spacing={0.5} onClick={(e) => e.stopPropagation()}>
      {action.practiceChangeStatus === 'SELF_REPORTED' && (
        <Button size="small" onClick={() => setOpen('corroborate')}>
          {translate('tl.common.practice.corroborate_button')}
        </Button>
      )}
      {sustainedOpen && (
        <Button size="small" onClick={() => setOpen('sustained')}>
          {translate('tl.common.practice.sustained_button')}
        </Button>
      )}
      {open && <CheckDialog action={action} kind={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function CheckDialog({
  action,
  kind,
  onClose,
}: {
  action: VerifiableAction;
  kind: 'corroborate' | 'sustained';
  onClose: () => void;
}) {
  const [evidenceKind, setEvidenceKind] = useState('WALKTHROUGH_NOTE');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const notice = useApiFailureNotice({
    pointToFields: true,
    onReload: () => {
      onClose();
      refresh();
    },
  });
  const corroborate = kind === 'corroborate';

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await graphql(corroborate ? CORROBORATE : CONFIRM_SUSTAINED, {
        input: { actionItemId: action.id, version: action.version, evidenceKind, note },
      });
      notify(corroborate ? 'tl.common.practice.corroborated' : 'tl.common.practice.sustained_done', {
        type: 'success',
      });
      onClose();
      refresh();
    } catch (error) {
      setErrors(fieldErrorsOf(error) ?? {});
      notice(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
      <DialogTitle>
        {translate(corroborate ? 'tl.common.practice.corroborate_button' : 'tl.common.practice.sustained_button')}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {action.description}
        </Typography>
        <Stack spacing={2}>
          <TextField
            select
            label={translate('tl.common.practice.rests_on')}
            value={evidenceKind}
            onChange={(e) => setEvidenceKind(e.target.value)}
            error={Boolean(errors.evidenceKind)}
            helperText={errors.evidenceKind}
          >
            {Object.entries(EVIDENCE_KINDS).map(([id, name]) => (
              <MenuItem key={id} value={id}>
                {name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={translate(corroborate ? 'tl.common.practice.observed' : 'tl.common.practice.rechecked')}
            required
            multiline
            minRows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            error={Boolean(errors.note || errors.actionItemId)}
            helperText={errors.note ?? errors.actionItemId ?? translate('tl.common.practice.boundary_help')}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !note.trim()}>
          {translate(corroborate ? 'tl.common.practice.corroborate' : 'tl.common.practice.sustained_button')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
