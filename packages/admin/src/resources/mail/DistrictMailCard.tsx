import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { graphql } from '../../portal';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useCardAction } from '../../common/useCardAction';
import {
  KIND_LABELS,
  LANGUAGE_LABELS,
  MAIL_SETTINGS,
  MAIL_SETTINGS_UPDATE,
  MODE_LABELS,
  type KindMode,
  type MailLanguage,
  type MailSettings,
} from './queries';

const SHOWN = ['reminderLeadHours', 'digestHour', 'hourlyLimit', 'quietStart', 'quietEnd', 'language', 'kinds'];

/** The district's mail (district admins): switches, each kind's default, quiet hours, digest, send rate. */
export function DistrictMailCard() {
  const { data, error } = useGraphqlQuery<{ mailSettings: MailSettings }>(['mailSettings'], MAIL_SETTINGS);
  return (
    <Card>
      <CardHeader
        title="The district’s mail"
        subheader="What Throughline sends to the district’s people, and when. People choose within what is on here."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">The district’s mail settings could not be read: {error.message}</Alert>}
        {data && <SettingsForm key={JSON.stringify(data.mailSettings)} settings={data.mailSettings} />}
      </CardContent>
    </Card>
  );
}

interface Form {
  invitationsEnabled: boolean;
  remindersEnabled: boolean;
  reminderLeadHours: string;
  kinds: Record<string, KindMode>;
  quietStart: string;
  quietEnd: string;
  digestDefault: boolean;
  digestHour: string;
  language: MailLanguage;
  hourlyLimit: string;
  outboxOnly: boolean;
}

function SettingsForm({ settings }: { settings: MailSettings }) {
  const [form, setForm] = useState<Form>(() => ({
    ...settings,
    reminderLeadHours: String(settings.reminderLeadHours),
    digestHour: String(settings.digestHour),
    hourlyLimit: String(settings.hourlyLimit),
    quietStart: settings.quietStart ?? '',
    quietEnd: settings.quietEnd ?? '',
    kinds: Object.fromEntries(settings.kinds.map((k) => [k.kind, k.mode])),
  }));
  const { busy, fieldErrors, run } = useCardAction([['mailSettings']], SHOWN);
  const save = () =>
    void run(
      () =>
        graphql(MAIL_SETTINGS_UPDATE, {
          input: {
            invitationsEnabled: form.invitationsEnabled,
            remindersEnabled: form.remindersEnabled,
            // Typed numbers go as typed: the API says what is wrong with them.
            reminderLeadHours: Number(form.reminderLeadHours),
            kinds: Object.entries(form.kinds).map(([kind, mode]) => ({ kind, mode })),
            quietStart: form.quietStart || null,
            quietEnd: form.quietEnd || null,
            digestDefault: form.digestDefault,
            digestHour: Number(form.digestHour),
            language: form.language,
            hourlyLimit: Number(form.hourlyLimit),
            outboxOnly: form.outboxOnly,
          },
        }),
      'The district’s mail settings are saved',
    );
  const kindError = Object.entries(fieldErrors).find(([k]) => k.startsWith('kinds'))?.[1];
  const toggle = (key: 'invitationsEnabled' | 'remindersEnabled' | 'digestDefault' | 'outboxOnly', label: string) => (
    <FormControlLabel
      control={<Switch checked={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.checked })} />}
      label={label}
    />
  );
  return (
    <Stack spacing={2}>
      <Stack>
        {toggle('invitationsEnabled', 'Send calendar invitations')}
        {toggle('remindersEnabled', 'Send reminders and nudges')}
        {toggle('outboxOnly', 'Keep all mail in the outbox, sending nothing (for a demo or a trial)')}
      </Stack>
      <Typography variant="subtitle2">Each kind, by default</Typography>
      {kindError && <Alert severity="error">{kindError}</Alert>}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {settings.kinds.map(({ kind }) => (
          <TextField
            key={kind}
            select
            size="small"
            label={KIND_LABELS[kind].label}
            value={form.kinds[kind]}
            onChange={(e) => setForm({ ...form, kinds: { ...form.kinds, [kind]: e.target.value as KindMode } })}
            sx={{ minWidth: 260 }}
          >
            {(Object.keys(MODE_LABELS) as KindMode[])
              .filter((mode) => kind !== 'DAILY_DIGEST' || mode !== 'OPT_IN')
              .map((mode) => (
                <MenuItem key={mode} value={mode}>
                  {kind === 'DAILY_DIGEST' && mode === 'ON' ? 'Offered' : MODE_LABELS[mode]}
                </MenuItem>
              ))}
          </TextField>
        ))}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <TextField
          size="small"
          type="number"
          label="Reminder, hours before a session"
          value={form.reminderLeadHours}
          onChange={(e) => setForm({ ...form, reminderLeadHours: e.target.value })}
          error={Boolean(fieldErrors.reminderLeadHours)}
          helperText={fieldErrors.reminderLeadHours ?? 'From 1 to 168'}
        />
        <TextField
          size="small"
          type="time"
          label="Quiet hours from"
          value={form.quietStart}
          onChange={(e) => setForm({ ...form, quietStart: e.target.value })}
          error={Boolean(fieldErrors.quietStart)}
          helperText={fieldErrors.quietStart ?? 'Empty for none'}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          size="small"
          type="time"
          label="Quiet hours until"
          value={form.quietEnd}
          onChange={(e) => setForm({ ...form, quietEnd: e.target.value })}
          error={Boolean(fieldErrors.quietEnd)}
          helperText={fieldErrors.quietEnd ?? 'In the district’s time zone'}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {toggle('digestDefault', 'A daily digest for those who have not chosen')}
        <TextField
          size="small"
          type="number"
          label="Digest hour"
          value={form.digestHour}
          onChange={(e) => setForm({ ...form, digestHour: e.target.value })}
          error={Boolean(fieldErrors.digestHour)}
          helperText={fieldErrors.digestHour ?? 'Local hour, 0 to 23'}
        />
        <TextField
          size="small"
          type="number"
          label="Messages an hour, at most"
          value={form.hourlyLimit}
          onChange={(e) => setForm({ ...form, hourlyLimit: e.target.value })}
          error={Boolean(fieldErrors.hourlyLimit)}
          helperText={fieldErrors.hourlyLimit ?? 'The rest wait for the next hour'}
        />
        <TextField
          select
          size="small"
          label="Language of the district’s mail"
          value={form.language}
          onChange={(e) => setForm({ ...form, language: e.target.value as MailLanguage })}
          helperText={fieldErrors.language ?? 'For people who have not chosen one'}
          sx={{ minWidth: 220 }}
        >
          {Object.entries(LANGUAGE_LABELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {label}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <div>
        <Button variant="contained" disabled={busy} onClick={save}>
          Save the district’s mail
        </Button>
      </div>
    </Stack>
  );
}
