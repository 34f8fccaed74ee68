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
import { useTranslate } from 'react-admin';
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
import { QuietHoursFields } from './QuietHoursFields';

const SHOWN = ['reminderLeadHours', 'digestHour', 'hourlyLimit', 'quietStart', 'quietEnd', 'language', 'kinds'];

/** The district's mail (district admins): switches, each kind's default, quiet hours, digest, send rate. */
export function DistrictMailCard() {
  const { data, error } = useGraphqlQuery<{ mailSettings: MailSettings }>(['mailSettings'], MAIL_SETTINGS);
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader
        title={translate('tl.mail.district.title')}
        subheader={translate('tl.mail.district.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">{translate('tl.mail.district.readError', { message: error.message })}</Alert>}
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
  const translate = useTranslate();
  /** A label that is a message key, or (for a kind added without one) already in words. */
  const words = (keyOrText: string) => translate(keyOrText, { _: keyOrText });
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
            // The version read: someone else's save since makes this a CONFLICT ("reload"), and nothing is written.
            version: settings.version,
          },
        }),
      translate('tl.mail.district.saved'),
    );
  const kindError = Object.entries(fieldErrors).find(([k]) => k.startsWith('kinds'))?.[1];
  const toggle = (key: 'invitationsEnabled' | 'remindersEnabled' | 'digestDefault' | 'outboxOnly', label: string) => (
    <FormControlLabel
      control={<Switch checked={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.checked })} />}
      label={translate(label)}
    />
  );
  return (
    <Stack spacing={2}>
      <Stack>
        {toggle('invitationsEnabled', 'tl.mail.district.invitations')}
        {toggle('remindersEnabled', 'tl.mail.district.reminders')}
        {toggle('outboxOnly', 'tl.mail.district.outboxOnly')}
      </Stack>
      <Typography variant="subtitle2">{translate('tl.mail.district.eachKind')}</Typography>
      {kindError && <Alert severity="error">{kindError}</Alert>}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {settings.kinds.map(({ kind }) => (
          <TextField
            key={kind}
            select
            size="small"
            label={words(KIND_LABELS[kind].label)}
            value={form.kinds[kind]}
            onChange={(e) => setForm({ ...form, kinds: { ...form.kinds, [kind]: e.target.value as KindMode } })}
            sx={{ minWidth: 260 }}
          >
            {(Object.keys(MODE_LABELS) as KindMode[])
              .filter((mode) => kind !== 'DAILY_DIGEST' || mode !== 'OPT_IN')
              .map((mode) => (
                <MenuItem key={mode} value={mode}>
                  {kind === 'DAILY_DIGEST' && mode === 'ON'
                    ? translate('tl.mail.modes.offered')
                    : words(MODE_LABELS[mode])}
                </MenuItem>
              ))}
          </TextField>
        ))}
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <TextField
          size="small"
          type="number"
          label={translate('tl.mail.district.leadHours')}
          value={form.reminderLeadHours}
          onChange={(e) => setForm({ ...form, reminderLeadHours: e.target.value })}
          error={Boolean(fieldErrors.reminderLeadHours)}
          helperText={fieldErrors.reminderLeadHours ?? translate('tl.mail.district.leadHoursHelp')}
        />
        <QuietHoursFields
          start={form.quietStart}
          end={form.quietEnd}
          onChange={(change) => setForm({ ...form, ...change })}
          errors={fieldErrors}
          messages="tl.mail.district"
        />
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {toggle('digestDefault', 'tl.mail.district.digestDefault')}
        <TextField
          size="small"
          type="number"
          label={translate('tl.mail.district.digestHour')}
          value={form.digestHour}
          onChange={(e) => setForm({ ...form, digestHour: e.target.value })}
          error={Boolean(fieldErrors.digestHour)}
          helperText={fieldErrors.digestHour ?? translate('tl.mail.district.digestHourHelp')}
        />
        <TextField
          size="small"
          type="number"
          label={translate('tl.mail.district.hourlyLimit')}
          value={form.hourlyLimit}
          onChange={(e) => setForm({ ...form, hourlyLimit: e.target.value })}
          error={Boolean(fieldErrors.hourlyLimit)}
          helperText={fieldErrors.hourlyLimit ?? translate('tl.mail.district.hourlyLimitHelp')}
        />
        <TextField
          select
          size="small"
          label={translate('tl.mail.district.language')}
          value={form.language}
          onChange={(e) => setForm({ ...form, language: e.target.value as MailLanguage })}
          helperText={fieldErrors.language ?? translate('tl.mail.district.languageHelp')}
          sx={{ minWidth: 220 }}
        >
          {Object.entries(LANGUAGE_LABELS).map(([value, label]) => (
            <MenuItem key={value} value={value}>
              {words(label)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <div>
        <Button variant="contained" disabled={busy} onClick={save}>
          {translate('tl.mail.district.save')}
        </Button>
      </div>
    </Stack>
  );
}
