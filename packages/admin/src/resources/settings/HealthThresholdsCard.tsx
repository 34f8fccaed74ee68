import { Alert, Box, Card, CardContent, CardHeader, InputAdornment, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { Form, NumberInput, SaveButton, required, useNotify } from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import {
  MEASURES,
  SETTINGS_FIELDS,
  fromPercent,
  readableMessage,
  toPercent,
  type DistrictSettings,
} from './thresholds';
import { graphqlQueryKey, useGraphqlQuery } from '../../common/useGraphqlQuery';

const SETTINGS = `${SETTINGS_FIELDS.join(' ')} version`;
const QUERY = `{ districtSettings { ${SETTINGS} } }`;
const KEY = ['districtSettings'];
const FIELDS = [...SETTINGS_FIELDS] as string[];
const percentSlot = { input: { endAdornment: <InputAdornment position="end">%</InputAdornment> } };
const hoursSlot = { input: { endAdornment: <InputAdornment position="end">hours</InputAdornment> } };
const daysSlot = { input: { endAdornment: <InputAdornment position="end">days</InputAdornment> } };

function ThresholdRow({ measure }: { measure: (typeof MEASURES)[number] }) {
  // No browser-side ranges: the API's own messages, in the page's words, land on the fields.
  const scale = measure.percent ? { format: toPercent, parse: fromPercent, slotProps: percentSlot } : {};
  return (
    <>
      <Box sx={{ pt: 1.5 }}>
        <Typography variant="subtitle2">{measure.name}</Typography>
        <Typography variant="caption" color="text.secondary">
          {measure.help}
        </Typography>
      </Box>
      <NumberInput source={measure.onTrack} label="On track at or above" validate={required()} {...scale} />
      <NumberInput source={measure.atRisk} label="Off track below" validate={required()} {...scale} />
    </>
  );
}

/**
 * The lines a strategy's health is judged by. A strategy is on track when every measured rate reaches its
 * on-track line, off track when any falls below its lower line, and at risk in between.
 */
export function HealthThresholdsCard() {
  // Coming back to the tab does not reset a form being edited; a stale version is caught on save (a conflict).
  const { data, error, refetch } = useGraphqlQuery<{ districtSettings: DistrictSettings }>(KEY, QUERY, undefined, {
    refetchOnWindowFocus: false,
  });
  const record = data?.districtSettings ?? null;
  const queryClient = useQueryClient();
  const notify = useNotify();
  const onError = useApiFailureNotice({ shownFields: FIELDS, onReload: () => void refetch() });

  const submit = async (values: Record<string, unknown>) => {
    if (!record) return;
    const changes = Object.fromEntries(
      FIELDS.filter((f) => values[f] !== record[f as keyof DistrictSettings]).map((f) => [f, values[f]]),
    );
    if (!Object.keys(changes).length) return;
    try {
      const saved = await graphql<{ districtSettingsUpdate: { districtSettings: DistrictSettings } }>(
        `mutation($input: DistrictSettingsUpdateInput!) {
          districtSettingsUpdate(input: $input) { districtSettings { ${SETTINGS} } } }`,
        { input: { version: record.version, ...changes } },
      );
      queryClient.setQueryData(graphqlQueryKey(KEY), {
        districtSettings: saved.districtSettingsUpdate.districtSettings,
      });
      notify('Health thresholds saved; dashboards use them from now on', { type: 'success' });
    } catch (e) {
      onError(e);
      const errors = fieldErrorsOf(e) ?? {};
      return Object.fromEntries(Object.entries(errors).map(([f, m]) => [f, readableMessage(f, m)]));
    }
  };

  return (
    <Card>
      <CardHeader
        title="Strategy health"
        subheader="A strategy is on track when every measured rate reaches its on-track line, off track when any falls below its lower line, and at risk in between."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0, maxWidth: 820 }}>
        {error && <Alert severity="error">The thresholds could not be read: {error.message}</Alert>}
        {record && (
          <Form record={record} onSubmit={submit}>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1.2fr 1fr 1fr', columnGap: 2, alignItems: 'start' }}>
              {MEASURES.map((m) => (
                <ThresholdRow key={m.name} measure={m} />
              ))}
            </Box>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Recent evidence
            </Typography>
            <NumberInput
              source="recentEvidenceDays"
              label="Evidence counts as recent for"
              validate={required()}
              fullWidth={false}
              helperText="Days, from 1 to 365"
              slotProps={{ input: { endAdornment: <InputAdornment position="end">days</InputAdornment> } }}
            />
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Whether a session happened
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', columnGap: 2, alignItems: 'start' }}>
              <NumberInput
                source="logGraceHours"
                label="Time to log a session"
                validate={required()}
                helperText="Hours after its end before it counts as missed, 0 to 336"
                slotProps={hoursSlot}
              />
              <NumberInput
                source="cancelNoticeHours"
                label="Notice to cancel"
                validate={required()}
                helperText="Hours before its start; later, it counts as missed with a reason"
                slotProps={hoursSlot}
              />
              <NumberInput
                source="heldQuorum"
                label="Quorum without the facilitator"
                validate={required()}
                helperText="Share of the expected participants who must attend"
                format={toPercent}
                parse={fromPercent}
                slotProps={percentSlot}
              />
            </Box>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Quality ratings and follow-through
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 2, alignItems: 'start' }}>
              <NumberInput
                source="minRaters"
                label="Fewest raters behind a quality figure"
                validate={required()}
                helperText="People, from 3 to 20; fewer and no mean or count is shown"
                slotProps={{ input: { endAdornment: <InputAdornment position="end">raters</InputAdornment> } }}
              />
              <NumberInput
                source="ratingWindowDays"
                label="Time to rate a session"
                validate={required()}
                helperText="Days after it is held, 1 to 60; its quality shows once this closes"
                slotProps={daysSlot}
              />
              <NumberInput
                source="completionCorrectionDays"
                label="Time to correct a completion date"
                validate={required()}
                helperText="Days after an action is marked done, 0 to 30"
                slotProps={daysSlot}
              />
              <NumberInput
                source="sustainedAfterDays"
                label="Re-check a practice change after"
                validate={required()}
                helperText="Days after it was corroborated, 7 to 365"
                slotProps={daysSlot}
              />
            </Box>
            <Box sx={{ mt: 1 }}>
              <SaveButton label="Save thresholds" />
            </Box>
          </Form>
        )}
      </CardContent>
    </Card>
  );
}
