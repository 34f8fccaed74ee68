import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useCanAccess, useNotify, useRefresh, useTranslate } from 'react-admin';
import { graphql, session as portalSession } from '../../portal';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { formatWhen, districtLocal, districtInstant } from '../../common/when';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';

interface Consent {
  id: string;
  version: number;
  learnerLabel: string | null;
  studentId: string | null;
  confidentialWithheld: boolean;
  guardianRelationship: string | null;
  consentedAt: string;
  recordingReference: string | null;
  withdrawnAt: string | null;
  textsPurged: number | null;
  recordedBy: { displayName: string } | null;
}

interface Data {
  session: { id: string; learnerConsents: Consent[] } | null;
  consentSettings: { guardianRequired: boolean; studentIdsAllowed: boolean };
}

const CONSENTS = `query SessionConsents($id: ID!) {
  session(id: $id) { id learnerConsents { id version learnerLabel studentId confidentialWithheld guardianRelationship
    consentedAt recordingReference withdrawnAt textsPurged recordedBy { displayName } } }
  consentSettings { guardianRequired studentIdsAllowed } }`;
const RECORD = `mutation LearnerConsentRecord($input: LearnerConsentRecordInput!) {
  learnerConsentRecord(input: $input) { consent { id } } }`;
const WITHDRAW = `mutation LearnerConsentWithdraw($input: LearnerConsentWithdrawInput!) {
  learnerConsentWithdraw(input: $input) { consent { id textsPurged } } }`;

const FIELDS = ['learnerLabel', 'studentId', 'guardianRelationship', 'consentedAt', 'recordingReference'];

function ConsentForm({
  sessionId,
  settings,
  onDone,
}: {
  sessionId: string;
  settings: Data['consentSettings'];
  onDone: () => void;
}) {
  const empty = { learnerLabel: '', studentId: '', guardianRelationship: '', recordingReference: '' };
  const [values, setValues] = useState<Record<string, string>>({ ...empty, consentedAt: districtLocal(new Date()) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const field = (name: string, label: string, help: string) => (
    <TextField
      size="small"
      label={translate(label)}
      value={values[name]}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? translate(help)}
    />
  );
  const submit = async () => {
    setBusy(true);
    setErrors({});
    try {
      await graphql(RECORD, {
        input: {
          sessionId,
          learnerLabel: values.learnerLabel,
          studentId: values.studentId || null,
          guardianRelationship: values.guardianRelationship || null,
          recordingReference: values.recordingReference || null,
          consentedAt: districtInstant(values.consentedAt),
        },
      });
      notify('tl.sessions.consent.recorded', { type: 'success' });
      setValues({ ...empty, consentedAt: districtLocal(new Date()) });
      onDone();
    } catch (e) {
      setErrors(fieldErrorsOf(e) ?? {});
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack spacing={1.5} sx={{ mt: 1, maxWidth: 520 }}>
      <Typography variant="subtitle2">{translate('tl.sessions.consent.form_title')}</Typography>
      {field('learnerLabel', 'tl.sessions.consent.learner', 'tl.sessions.consent.learner_help')}
      {settings.guardianRequired &&
        field('guardianRelationship', 'tl.sessions.consent.guardian', 'tl.sessions.consent.guardian_help')}
      {settings.studentIdsAllowed &&
        field('studentId', 'tl.sessions.consent.student_id_label', 'tl.sessions.consent.student_id_help')}
      <TextField
        size="small"
        type="datetime-local"
        label={translate('tl.sessions.consent.agreed_on')}
        value={values.consentedAt}
        onChange={(e) => setValues({ ...values, consentedAt: e.target.value })}
        error={Boolean(errors.consentedAt)}
        helperText={errors.consentedAt}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      {field('recordingReference', 'tl.sessions.consent.where_kept', 'tl.sessions.consent.where_kept_help')}
      <Box>
        <Button variant="contained" disabled={busy} onClick={() => void submit()}>
          {translate('tl.sessions.consent.submit')}
        </Button>
      </Box>
    </Stack>
  );
}

/** Who agreed: the learner's label (or that it is withheld), with their guardian and student id where recorded. */
function learnerLine(c: Consent, translate: (key: string, options?: Record<string, unknown>) => string): string {
  let line = c.confidentialWithheld ? translate('tl.sessions.consent.label_withheld') : (c.learnerLabel ?? '');
  if (c.guardianRelationship)
    line = translate('tl.sessions.consent.with_guardian', {
      learner: line,
      guardian: c.guardianRelationship.toLowerCase(),
    });
  if (c.studentId) line = translate('tl.sessions.consent.student_id', { who: line, id: c.studentId });
  return line;
}

/**
 * A learning partnership session's consent register: who agreed to the conversation being recorded (only to help
 * remember and reflect), and withdrawals. The facilitator and whoever may log the session record and withdraw; the
 * learner's label and where the recording is kept show only inside the conversation's boundary.
 */
export function ConsentPanel({ session }: { session: SessionRecord }) {
  const { data, error } = useGraphqlQuery<Data>(['sessionConsents', session.id], CONSENTS, { id: session.id });
  const { canAccess: canLog } = useCanAccess({ resource: 'sessions', action: 'log' });
  const facilitates = session.conversation?.facilitator?.id === portalSession.viewer?.staffMember?.id;
  const mayManage = Boolean(canLog || facilitates);
  const queryClient = useQueryClient();
  const refresh = useRefresh();
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice();
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['graphql', 'sessionConsents', session.id] });
  const withdraw = async (c: Consent) => {
    try {
      await graphql(WITHDRAW, { input: { id: c.id, version: c.version } });
      notify('tl.sessions.consent.withdrawn', { type: 'success' });
      refresh();
    } catch (e) {
      onError(e);
    } finally {
      setWithdrawing(null);
      reload();
    }
  };
  const consents = data?.session?.learnerConsents ?? [];
  return (
    <Section title={translate('tl.sessions.consent.title')}>
      <Typography variant="body2" color="text.secondary">
        {translate('tl.sessions.consent.intro')}
      </Typography>
      {error && (
        <Alert severity="error">{translate('tl.sessions.consent.read_failed', { message: error.message })}</Alert>
      )}
      <List dense aria-label={translate('tl.sessions.consent.list_label')}>
        {consents.map((c) => (
          <ListItem
            key={c.id}
            disableGutters
            secondaryAction={
              mayManage && !c.withdrawnAt ? (
                <Button size="small" color="error" onClick={() => setWithdrawing(c)}>
                  {translate('tl.sessions.consent.withdraw')}
                </Button>
              ) : null
            }
          >
            <ListItemText
              primary={learnerLine(c, translate)}
              secondary={
                c.withdrawnAt
                  ? translate('tl.sessions.consent.agreed_withdrawn', {
                      agreed: formatWhen(c.consentedAt),
                      withdrawn: formatWhen(c.withdrawnAt),
                      smart_count: c.textsPurged ?? 0,
                    })
                  : translate('tl.sessions.consent.agreed', { agreed: formatWhen(c.consentedAt) }) +
                    (c.recordingReference
                      ? translate('tl.sessions.consent.recording', { reference: c.recordingReference })
                      : '') +
                    (c.recordedBy
                      ? translate('tl.sessions.consent.recorded_by', { name: c.recordedBy.displayName })
                      : '')
              }
            />
          </ListItem>
        ))}
      </List>
      {data && consents.length === 0 && (
        <Typography variant="body2">{translate('tl.sessions.consent.none')}</Typography>
      )}
      {mayManage && data && session.state !== 'CANCELLED' && (
        <ConsentForm sessionId={session.id} settings={data.consentSettings} onDone={reload} />
      )}
      <Dialog open={withdrawing !== null} onClose={() => setWithdrawing(null)}>
        <DialogTitle>{translate('tl.sessions.consent.withdraw_title')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{translate('tl.sessions.consent.withdraw_body')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setWithdrawing(null)}>{translate('tl.sessions.consent.keep')}</Button>
          <Button color="error" onClick={() => withdrawing && void withdraw(withdrawing)}>
            {translate('tl.sessions.consent.withdraw')}
          </Button>
        </DialogActions>
      </Dialog>
    </Section>
  );
}
