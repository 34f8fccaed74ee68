import { Box, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { detectPreset, presetRule, PRESETS, type Preset } from './cadence';
import { CadencePreviewBox } from './CadencePreviewBox';

/** The first start is required (a message key: react-admin translates validation messages). */
const requiredStart = (v: unknown) => (v ? undefined : 'tl.conversations.cadence.required');

/**
 * The first start (the district's wall clock, 'YYYY-MM-DDTHH:mm') and the cadence (an RRULE, empty for a one-off).
 * A preset writes the rule from the first start's weekday and follows it when the day changes; the raw rule stays
 * editable for anything the presets do not cover. The preview shows what the API will schedule.
 */
export function CadenceEditor() {
  const translate = useTranslate();
  const start = useInput({ source: 'firstStartsAt', validate: requiredStart });
  const rule = useInput({ source: 'cadence' });
  const firstStartsAt = String(start.field.value ?? '');
  const cadence = String(rule.field.value ?? '');
  const scheduleUntil = useWatch({ name: 'scheduleUntil' }) as string | null | undefined;
  const [preset, setPreset] = useState<Preset>(() => detectPreset(cadence, firstStartsAt));

  const choosePreset = (p: Preset) => {
    setPreset(p);
    const next = presetRule(p, firstStartsAt);
    if (next !== null) rule.field.onChange(next);
  };
  const changeStart = (value: string) => {
    start.field.onChange(value);
    const next = presetRule(preset, value);
    if (next !== null) rule.field.onChange(next);
  };
  const changeRule = (value: string) => {
    rule.field.onChange(value);
    setPreset(detectPreset(value, firstStartsAt));
  };
  // Messages from the API arrive in words; the form's own are keys. Either way, translate shows them.
  const startError =
    start.fieldState.error?.message && translate(start.fieldState.error.message, { _: start.fieldState.error.message });
  const ruleError =
    rule.fieldState.error?.message && translate(rule.fieldState.error.message, { _: rule.fieldState.error.message });

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2, width: '100%' }}>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        {translate('tl.conversations.cadence.when_meets')}
      </Typography>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={3}>
        <Stack spacing={2} sx={{ minWidth: { xs: 0, sm: 320 }, flex: 1 }}>
          <TextField
            type="datetime-local"
            label={translate('tl.conversations.cadence.first_session')}
            value={firstStartsAt}
            onChange={(e) => changeStart(e.target.value)}
            onBlur={start.field.onBlur}
            error={!!startError}
            helperText={startError || translate('tl.conversations.cadence.first_session_help')}
            slotProps={{ inputLabel: { shrink: true } }}
            required
          />
          <TextField
            select
            label={translate('tl.conversations.cadence.how_often')}
            value={preset}
            onChange={(e) => choosePreset(e.target.value as Preset)}
          >
            {PRESETS.map((p) => (
              <MenuItem key={p} value={p}>
                {translate(`tl.conversations.cadence.presets.${p}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label={translate('tl.conversations.cadence.rule')}
            value={cadence}
            onChange={(e) => changeRule(e.target.value)}
            onBlur={rule.field.onBlur}
            error={!!ruleError}
            helperText={ruleError || translate('tl.conversations.cadence.rule_help')}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
          />
        </Stack>
        <Box sx={{ flex: 1 }}>
          <CadencePreviewBox cadence={cadence} firstStartsAt={firstStartsAt} scheduleUntil={scheduleUntil} />
        </Box>
      </Stack>
    </Paper>
  );
}
