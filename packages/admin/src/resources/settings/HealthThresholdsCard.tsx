import { Alert, Box, Card, CardContent, CardHeader, InputAdornment, Typography } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { Form, NumberInput, SaveButton, required, useNotify, useTranslate } from 'react-admin';
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
/** A unit after a number field ("hours", "days"), in the page's language. */
const unitSlot = (unit: string) => ({
  input: { endAdornment: <InputAdornment position="end">{unit}</InputAdornment> },
});

function ThresholdRow({ measure }: { measure: (typeof MEASURES)[number] }) {
  // No browser-side ranges: the API's own messages, in the page's words, land on the fields.
  const translate = useTranslate();
  const scale = measure.percent ? { format: toPercent, parse: fromPercent, slotProps: percentSlot } : {};
  return (
    <>
      <Box sx={{ pt: 1.5 }}>
        <Typography variant="subtitle2">{translate(measure.name)}</Typography>
        <Typography variant="caption" color="text.secondary">
          {translate(measure.help)}
        </Typography>
      </Box>
      <NumberInput source={measure.onTrack} label="tl.settings.thresholds.onTrack" validate={required()} {...scale} />
      <NumberInput source={measure.atRisk} label="tl.settings.thresholds.offTrack" validate={required()} {...scale} />
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
  const translate = useTranslate();
  const hoursSlot = unitSlot(translate('tl.settings.thresholds.unitHours'));
  const daysSlot = unitSlot(translate('tl.settings.thresholds.unitDays'));
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
      notify(translate('tl.settings.thresholds.saved'), { type: 'success' });
    } catch (e) {
      onError(e);
      const errors = fieldErrorsOf(e) ?? {};
      return Object.fromEntries(Object.entries(errors).map(([f, m]) => [f, readableMessage(translate, f, m)]));
    }
  };

  return (
    <Card>
      <CardHeader
        title={translate('tl.settings.thresholds.title')}
        subheader={translate('tl.settings.thresholds.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0, maxWidth: 820 }}>
        {error && (
          <Alert severity="error">{translate('tl.settings.thresholds.readError', { message: error.message })}</Alert>
        )}
        {record && (
          <Form record={record} onSubmit={submit}>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1.2fr 1fr 1fr', columnGap: 2, alignItems: 'start' }}>
              {MEASURES.map((m) => (
                <ThresholdRow key={m.onTrack} measure={m} />
              ))}
            </Box>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {translate('tl.settings.thresholds.recent.heading')}
            </Typography>
            <NumberInput
              source="recentEvidenceDays"
              label="tl.settings.thresholds.recent.label"
              validate={required()}
              fullWidth={false}
              helperText="tl.settings.thresholds.recent.help"
              slotProps={daysSlot}
            />
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {translate('tl.settings.thresholds.happened.heading')}
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', columnGap: 2, alignItems: 'start' }}>
              <NumberInput
                source="logGraceHours"
                label="tl.settings.thresholds.happened.logGrace"
                validate={required()}
                helperText="tl.settings.thresholds.happened.logGraceHelp"
                slotProps={hoursSlot}
              />
              <NumberInput
                source="cancelNoticeHours"
                label="tl.settings.thresholds.happened.cancelNotice"
                validate={required()}
                helperText="tl.settings.thresholds.happened.cancelNoticeHelp"
                slotProps={hoursSlot}
              />
              <NumberInput
                source="heldQuorum"
                label="tl.settings.thresholds.happened.quorum"
                validate={required()}
                helperText="tl.settings.thresholds.happened.quorumHelp"
                format={toPercent}
                parse={fromPercent}
                slotProps={percentSlot}
              />
            </Box>
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {translate('tl.settings.thresholds.ratings.heading')}
            </Typography>
            <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 2, alignItems: 'start' }}>
              <NumberInput
                source="minRaters"
                label="tl.settings.thresholds.ratings.minRaters"
                validate={required()}
                helperText="tl.settings.thresholds.ratings.minRatersHelp"
                slotProps={unitSlot(translate('tl.settings.thresholds.unitRaters'))}
              />
              <NumberInput
                source="ratingWindowDays"
                label="tl.settings.thresholds.ratings.ratingWindow"
                validate={required()}
                helperText="tl.settings.thresholds.ratings.ratingWindowHelp"
                slotProps={daysSlot}
              />
              <NumberInput
                source="completionCorrectionDays"
                label="tl.settings.thresholds.ratings.correction"
                validate={required()}
                helperText="tl.settings.thresholds.ratings.correctionHelp"
                slotProps={daysSlot}
              />
              <NumberInput
                source="sustainedAfterDays"
                label="tl.settings.thresholds.ratings.sustained"
                validate={required()}
                helperText="tl.settings.thresholds.ratings.sustainedHelp"
                slotProps={daysSlot}
              />
            </Box>
            <Box sx={{ mt: 1 }}>
              <SaveButton label="tl.settings.thresholds.save" />
            </Box>
          </Form>
        )}
      </CardContent>
    </Card>
  );
}
