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
import { useCanAccess, useNotify, useRefresh } from 'react-admin';
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
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const field = (name: string, label: string, help: string) => (
    <TextField
      size="small"
      label={label}
      value={values[name]}
      onChange={(e) => setValues({ ...values, [name]: e.target.value })}
      error={Boolean(errors[name])}
      helperText={errors[name] ?? help}
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
      notify('Consent recorded', { type: 'success' });
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
      <Typography variant="subtitle2">Record a learner’s consent</Typography>
      {field('learnerLabel', 'Learner', 'A label you choose (initials, a nickname), not their name')}
      {settings.guardianRequired &&
        field('guardianRelationship', 'Guardian who agreed', 'Their relationship, e.g. parent')}
      {settings.studentIdsAllowed && field('studentId', 'Student id (optional)', 'Your district allows student ids')}
      <TextField
        size="small"
        type="datetime-local"
        label="Agreed on"
        value={values.consentedAt}
        onChange={(e) => setValues({ ...values, consentedAt: e.target.value })}
        error={Boolean(errors.consentedAt)}
        helperText={errors.consentedAt}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      {field(
        'recordingReference',
        'Where the recording is kept (optional)',
        'A file name or a link; no audio is kept here',
      )}
      <Box>
        <Button variant="contained" disabled={busy} onClick={() => void submit()}>
          Record consent
        </Button>
      </Box>
    </Stack>
  );
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
  const onError = useApiFailureNotice();
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const reload = () => void queryClient.invalidateQueries({ queryKey: ['graphql', 'sessionConsents', session.id] });
  const withdraw = async (c: Consent) => {
    try {
      await graphql(WITHDRAW, { input: { id: c.id, version: c.version } });
      notify(
        'Consent withdrawn; the recording reference and what the session’s notes and reflections said are removed',
        {
          type: 'success',
        },
      );
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
    <Section title="Learners’ consent to a recording">
      <Typography variant="body2" color="text.secondary">
        A recording may be used only to help you remember what the learner said and reflect on it, never to assess them.
        If they withdraw, where it is kept and what this session’s notes and reflections said are removed.
      </Typography>
      {error && <Alert severity="error">The consents could not be read: {error.message}</Alert>}
      <List dense aria-label="Consents">
        {consents.map((c) => (
          <ListItem
            key={c.id}
            disableGutters
            secondaryAction={
              mayManage && !c.withdrawnAt ? (
                <Button size="small" color="error" onClick={() => setWithdrawing(c)}>
                  Withdraw
                </Button>
              ) : null
            }
          >
            <ListItemText
              primary={`${c.confidentialWithheld ? 'A learner (label withheld)' : c.learnerLabel}${
                c.guardianRelationship ? `, with their ${c.guardianRelationship.toLowerCase()}` : ''
              }${c.studentId ? ` (student id ${c.studentId})` : ''}`}
              secondary={
                c.withdrawnAt
                  ? `Agreed ${formatWhen(c.consentedAt)}; withdrawn ${formatWhen(c.withdrawnAt)} (${c.textsPurged ?? 0} texts removed)`
                  : `Agreed ${formatWhen(c.consentedAt)}${c.recordingReference ? `; recording: ${c.recordingReference}` : ''}${
                      c.recordedBy ? `; recorded by ${c.recordedBy.displayName}` : ''
                    }`
              }
            />
          </ListItem>
        ))}
      </List>
      {data && consents.length === 0 && <Typography variant="body2">No consent recorded for this session.</Typography>}
      {mayManage && data && session.state !== 'CANCELLED' && (
        <ConsentForm sessionId={session.id} settings={data.consentSettings} onDone={reload} />
      )}
      <Dialog open={withdrawing !== null} onClose={() => setWithdrawing(null)}>
        <DialogTitle>Withdraw this consent?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Where the recording is kept is forgotten, and this session’s notes, check-in and check-out lines and
            reflections are replaced by a notice. The register keeps that the learner agreed and when they withdrew.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setWithdrawing(null)}>Keep it</Button>
          <Button color="error" onClick={() => withdrawing && void withdraw(withdrawing)}>
            Withdraw
          </Button>
        </DialogActions>
      </Dialog>
    </Section>
  );
}
