import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  FormControlLabel,
  Stack,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { usePrivacyAction } from './usePrivacyAction';

interface Retention {
  confidentialTextYears: number | null;
  deactivatedStaffYears: number | null;
  version: number;
}

interface RetentionRun {
  id: string;
  ranAt: string;
  sessionsPurged: number;
  reflectionAnswersPurged: number;
  actionTextsPurged: number;
  consentsPurged: number;
  staffPseudonymised: number;
}

interface ConsentSettings {
  guardianRequired: boolean;
  studentIdsAllowed: boolean;
  version: number;
}

const RETENTION = `query Retention { retentionSettings { confidentialTextYears deactivatedStaffYears version }
  retentionRuns(limit: 5) { id ranAt sessionsPurged reflectionAnswersPurged actionTextsPurged consentsPurged staffPseudonymised } }`;
const RETENTION_UPDATE = `mutation RetentionSettingsUpdate($input: RetentionSettingsUpdateInput!) {
  retentionSettingsUpdate(input: $input) { retentionSettings { confidentialTextYears deactivatedStaffYears version } } }`;
const CONSENT_SETTINGS = `query ConsentSettings { consentSettings { guardianRequired studentIdsAllowed version } }`;
const CONSENT_SETTINGS_UPDATE = `mutation ConsentSettingsUpdate($input: ConsentSettingsUpdateInput!) {
  consentSettingsUpdate(input: $input) { consentSettings { guardianRequired studentIdsAllowed version } } }`;

const YEARS = ['confidentialTextYears', 'deactivatedStaffYears'] as const;

/** An empty field is no limit; anything else goes to the API as typed, which says what is wrong with it. */
function yearsOf(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/** How long the district keeps confidential text and the personal data of people it deactivated; what each run did. */
export function RetentionCard() {
  const { data, error } = useGraphqlQuery<{ retentionSettings: Retention; retentionRuns: RetentionRun[] }>(
    ['retention'],
    RETENTION,
    undefined,
    { refetchOnWindowFocus: false },
  );
  const translate = useTranslate();
  // What the person typed; a field not touched shows the saved value.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const settings = data?.retentionSettings;
  const values: Record<string, string> = {
    confidentialTextYears: settings?.confidentialTextYears?.toString() ?? '',
    deactivatedStaffYears: settings?.deactivatedStaffYears?.toString() ?? '',
    ...edits,
  };
  const setValues = (next: Record<string, string>) => setEdits(next);
  const { busy, fieldErrors, run } = usePrivacyAction([['retention']], YEARS);
  const save = () =>
    settings &&
    void run(
      () =>
        graphql(RETENTION_UPDATE, {
          input: {
            version: settings.version,
            confidentialTextYears: yearsOf(values.confidentialTextYears ?? ''),
            deactivatedStaffYears: yearsOf(values.deactivatedStaffYears ?? ''),
          },
        }),
      translate('tl.privacy.retention.saved'),
    ).then((saved) => saved && setEdits({}));
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.retention.title')}
        subheader={translate('tl.privacy.retention.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error">{translate('tl.privacy.retention.readError', { message: error.message })}</Alert>
        )}
        {settings && (
          <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
            <TextField
              size="small"
              type="number"
              label={translate('tl.privacy.retention.confidential')}
              value={values.confidentialTextYears ?? ''}
              onChange={(e) => setValues({ ...values, confidentialTextYears: e.target.value })}
              error={Boolean(fieldErrors.confidentialTextYears)}
              helperText={fieldErrors.confidentialTextYears ?? translate('tl.privacy.retention.confidentialHelp')}
              sx={{ minWidth: 300 }}
            />
            <TextField
              size="small"
              type="number"
              label={translate('tl.privacy.retention.deactivated')}
              value={values.deactivatedStaffYears ?? ''}
              onChange={(e) => setValues({ ...values, deactivatedStaffYears: e.target.value })}
              error={Boolean(fieldErrors.deactivatedStaffYears)}
              helperText={fieldErrors.deactivatedStaffYears ?? translate('tl.privacy.retention.deactivatedHelp')}
              sx={{ minWidth: 300 }}
            />
            <Button variant="contained" disabled={busy} onClick={save}>
              {translate('tl.privacy.retention.save')}
            </Button>
          </Stack>
        )}
        {data && data.retentionRuns.length > 0 && (
          <Box sx={{ mt: 2 }}>
            <Typography variant="subtitle2">{translate('tl.privacy.retention.runs')}</Typography>
            <Table size="small" aria-label={translate('tl.privacy.retention.runsLabel')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tl.privacy.retention.columns.ranAt')}</TableCell>
                  <TableCell align="right">{translate('tl.privacy.retention.columns.sessions')}</TableCell>
                  <TableCell align="right">{translate('tl.privacy.retention.columns.answers')}</TableCell>
                  <TableCell align="right">{translate('tl.privacy.retention.columns.actionTexts')}</TableCell>
                  <TableCell align="right">{translate('tl.privacy.retention.columns.consents')}</TableCell>
                  <TableCell align="right">{translate('tl.privacy.retention.columns.pseudonymised')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.retentionRuns.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>{formatWhen(r.ranAt)}</TableCell>
                    <TableCell align="right">{r.sessionsPurged}</TableCell>
                    <TableCell align="right">{r.reflectionAnswersPurged}</TableCell>
                    <TableCell align="right">{r.actionTextsPurged}</TableCell>
                    <TableCell align="right">{r.consentsPurged}</TableCell>
                    <TableCell align="right">{r.staffPseudonymised}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

/** Whether a guardian's consent is needed besides the learner's, and whether student ids may be recorded. */
export function ConsentSettingsCard() {
  const { data } = useGraphqlQuery<{ consentSettings: ConsentSettings }>(['consentSettings'], CONSENT_SETTINGS);
  const { busy, run } = usePrivacyAction([['consentSettings']]);
  const translate = useTranslate();
  const settings = data?.consentSettings;
  const set = (change: Partial<ConsentSettings>) =>
    settings &&
    void run(
      () => graphql(CONSENT_SETTINGS_UPDATE, { input: { version: settings.version, ...change } }),
      translate('tl.privacy.consentSettings.saved'),
    );
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.consentSettings.title')}
        subheader={translate('tl.privacy.consentSettings.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {settings && (
          <Stack>
            <FormControlLabel
              control={
                <Switch
                  checked={settings.guardianRequired}
                  disabled={busy}
                  onChange={(e) => set({ guardianRequired: e.target.checked })}
                />
              }
              label={translate('tl.privacy.consentSettings.guardian')}
            />
            <FormControlLabel
              control={
                <Switch
                  checked={settings.studentIdsAllowed}
                  disabled={busy}
                  onChange={(e) => set({ studentIdsAllowed: e.target.checked })}
                />
              }
              label={translate('tl.privacy.consentSettings.studentIds')}
            />
            {settings.studentIdsAllowed && (
              <Typography variant="caption" color="text.secondary">
                {translate('tl.privacy.consentSettings.studentIdsOff')}
              </Typography>
            )}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
