import { Alert, Button, Card, CardContent, Divider, Stack, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import {
  AutocompleteArrayInput,
  BooleanInput,
  DateTimeInput,
  Edit,
  Form,
  Link,
  NumberInput,
  ReferenceArrayInput,
  maxValue,
  minValue,
  required,
  useNotify,
  useRecordContext,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { graphql, session as portalSession } from '../../portal';
import { fieldErrorsOf, messageOf, useApiFailureNotice } from '../../common/apiFailure';
import { EvidenceRows } from './EvidenceRows';
import { GuestsInput } from './GuestsInput';
import { HELD_EARLY_DAYS, initialValues, onForm, toInput, tooEarlyToLog, type LogValues } from './logInput';
import { NewActionRows, staffSearch } from './NewActionRows';
import { SaidFields } from './SaidFields';
import { SubmitButton } from './SubmitButton';
import type { SessionRecord } from './types';
import { dayOf, districtInstant, formatForDateTimeInput, formatWhen } from '../../common/when';
import { useRecordRefusal } from '../../common/NotYours';

const LOG = `mutation($input: SessionLogInput!) { sessionLog(input: $input) { session { id state version } } }`;

/** Whether the reader's SESSION_LOG reaches this school; otherwise only the facilitator may log (the API decides). */
function mayLogHere(s: SessionRecord): boolean {
  const viewer = portalSession.viewer;
  const grant = viewer?.permissions.find((p) => p.permission === 'SESSION_LOG');
  if (!grant) return false;
  if (grant.districtWide) return true;
  const schoolId = s.conversation?.school?.id;
  if (schoolId && grant.schoolIds.includes(schoolId)) return true;
  return s.conversation?.facilitator?.id === viewer?.staffMember?.id;
}

function LogForm() {
  const record = useRecordContext<SessionRecord>();
  const notify = useNotify();
  const translate = useTranslate();
  const redirect = useRedirect();
  const notice = useApiFailureNotice({ pointToFields: true });
  const [problem, setProblem] = useState<string | null>(null);
  const initial = useMemo(() => (record ? initialValues(record) : undefined), [record]);
  if (!record || !initial) return null;
  const schoolId = record.conversation?.school?.id;

  const submit = async (values: Record<string, unknown>) => {
    setProblem(null);
    try {
      await graphql(LOG, { input: toInput(values as unknown as LogValues, record) });
      notify('tl.sessions.log.done', { type: 'success' });
      redirect('show', 'sessions', record.id);
      return undefined;
    } catch (error) {
      notice(error);
      const fields = fieldErrorsOf(error);
      const stray = Object.entries(fields ?? {}).filter(([k]) => !onForm(k));
      if (!fields) setProblem(messageOf(error));
      else if (stray.length) setProblem(stray.map(([, m]) => m).join(' '));
      // react-admin puts these next to their inputs, rows included ("evidence.0.collectedOn").
      return fields ?? undefined;
    }
  };

  return (
    <Form record={initial} onSubmit={submit}>
      <Card variant="outlined" sx={{ m: 2 }}>
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="h6" component="h2">
              {translate('tl.sessions.log.heading', {
                title: record.conversation?.title ?? translate('tl.sessions.session'),
                when: formatWhen(record.scheduledAt),
              })}
            </Typography>
            {!mayLogHere(record) && <Alert severity="warning">{translate('tl.sessions.log.not_yours')}</Alert>}
            {record.state !== 'HELD' && tooEarlyToLog(record.scheduledAt) && (
              <Alert severity="warning">{translate('tl.sessions.log.too_early', { days: HELD_EARLY_DAYS })}</Alert>
            )}
            {record.state === 'HELD' && <Alert severity="info">{translate('tl.sessions.log.already_logged')}</Alert>}
            {problem && <Alert severity="error">{problem}</Alert>}
            <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
              <DateTimeInput
                source="heldAt"
                label="tl.sessions.log.held_at"
                validate={required()}
                format={formatForDateTimeInput}
                parse={(v: string) => (v ? districtInstant(v) : null)}
                fullWidth={false}
              />
              <NumberInput
                source="durationMinutes"
                label="tl.sessions.log.minutes"
                validate={[required(), minValue(1), maxValue(600)]}
                min={1}
                max={600}
                fullWidth={false}
              />
            </Stack>
            <BooleanInput source="recordingConsent" label="tl.sessions.log.recording_consent" />
            <ReferenceArrayInput
              source="attendeeIds"
              reference="staff"
              filter={{ active: true, ...(schoolId ? { schoolId } : {}) }}
              sort={{ field: 'familyName', order: 'ASC' }}
              perPage={50}
            >
              <AutocompleteArrayInput
                label="tl.sessions.log.who_attended"
                optionText="displayName"
                filterToQuery={staffSearch}
                validate={required()}
                helperText="tl.sessions.log.who_attended_help"
              />
            </ReferenceArrayInput>
            <GuestsInput session={record} />
            <Divider />
            <EvidenceRows heldOn={dayOf(record.scheduledAt)} />
            <Divider />
            <SaidFields session={record} />
            <Divider />
            <NewActionRows session={record} schoolId={schoolId} />
            <Stack direction="row" spacing={1}>
              <SubmitButton label={translate('tl.sessions.log.submit')} />
              <Button component={Link} to={`/sessions/${encodeURIComponent(record.id)}/show`}>
                {translate('tl.sessions.log.back')}
              </Button>
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Form>
  );
}

/** Logging a held session in one form: time, attendance, evidence, what was said and the actions agreed. */
export function SessionLog() {
  const refusal = useRecordRefusal();
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      title="tl.sessions.log.page_title"
      actions={false}
      mutationMode="pessimistic"
    >
      <LogForm />
    </Edit>
  );
}
