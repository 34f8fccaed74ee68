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
  MY_MAIL,
  PREFERENCES_SET,
  PROFILE_SET,
  type MailLanguage,
  type MailPreference,
  type MailProfile,
} from './queries';
import { QuietHoursFields } from './QuietHoursFields';

type MyMail = { myMailPreferences: MailPreference[]; myMailProfile: MailProfile };

const PROFILE_FIELDS = ['language', 'timezone', 'ownQuietHours', 'quietStart', 'quietEnd', 'digest'] as const;

/** Which reminders reach the person, kind by kind: their choice over the district's default. */
export function MyRemindersCard() {
  const { data, error } = useGraphqlQuery<MyMail>(['myMail'], MY_MAIL);
  const { busy, run } = useCardAction([['myMail']]);
  const translate = useTranslate();
  const kindLabel = (p: MailPreference) => translate(KIND_LABELS[p.kind].label, { _: KIND_LABELS[p.kind].label });
  const set = (p: MailPreference, enabled: boolean) =>
    void run(
      () => graphql(PREFERENCES_SET, { input: [{ kind: p.kind, enabled }] }),
      translate(enabled ? 'tl.mail.reminders.turnedOn' : 'tl.mail.reminders.turnedOff', { kind: kindLabel(p) }),
    );
  return (
    <Card>
      <CardHeader
        title={translate('tl.mail.reminders.title')}
        subheader={translate('tl.mail.reminders.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error">{translate('tl.mail.reminders.readError', { message: error.message })}</Alert>
        )}
        <Stack>
          {data?.myMailPreferences.map((p) => (
            <FormControlLabel
              key={p.kind}
              control={
                <Switch
                  checked={p.enabled}
                  disabled={busy || p.districtMode === 'OFF'}
                  onChange={(e) => set(p, e.target.checked)}
                />
              }
              label={
                <span>
                  {kindLabel(p)}
                  <Typography component="span" variant="body2" color="text.secondary">
                    {' '}
                    —{' '}
                    {p.districtMode === 'OFF'
                      ? translate('tl.mail.reminders.offByDistrict')
                      : translate(KIND_LABELS[p.kind].help, { _: KIND_LABELS[p.kind].help })}
                    {p.districtMode === 'OPT_IN' && p.chosen === null ? translate('tl.mail.reminders.optIn') : ''}
                  </Typography>
                </span>
              }
            />
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

interface ProfileForm {
  language: '' | MailLanguage;
  timezone: string;
  ownQuietHours: boolean;
  quietStart: string;
  quietEnd: string;
  digest: '' | 'yes' | 'no';
}

function formOf(p: MailProfile): ProfileForm {
  return {
    language: p.language ?? '',
    timezone: p.timezone ?? '',
    ownQuietHours: p.ownQuietHours,
    quietStart: p.quietStart ?? '',
    quietEnd: p.quietEnd ?? '',
    digest: p.digest === null ? '' : p.digest ? 'yes' : 'no',
  };
}

/** How mail reaches the person: quiet hours, the daily digest, language and time zone (empty: the district's). */
export function MyDeliveryCard() {
  const { data } = useGraphqlQuery<MyMail>(['myMail'], MY_MAIL);
  const profile = data?.myMailProfile;
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader
        title={translate('tl.mail.delivery.title')}
        subheader={translate('tl.mail.delivery.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {profile && <DeliveryForm key={JSON.stringify(profile)} profile={profile} />}
      </CardContent>
    </Card>
  );
}

function DeliveryForm({ profile }: { profile: MailProfile }) {
  const [form, setForm] = useState<ProfileForm>(() => formOf(profile));
  const { busy, fieldErrors, run } = useCardAction([['myMail']], PROFILE_FIELDS);
  const translate = useTranslate();
  const languageName = (l: string) => translate(LANGUAGE_LABELS[l as MailLanguage] ?? l, { _: l });
  const save = () =>
    void run(
      () =>
        graphql(PROFILE_SET, {
          input: {
            language: form.language || null,
            timezone: form.timezone.trim() || null,
            ownQuietHours: form.ownQuietHours,
            quietStart: form.ownQuietHours ? form.quietStart || null : null,
            quietEnd: form.ownQuietHours ? form.quietEnd || null : null,
            digest: form.digest === '' ? null : form.digest === 'yes',
          },
        }),
      translate('tl.mail.delivery.saved'),
    );
  // Without hours of their own, the effective ones are the district's.
  const districtQuiet = profile.ownQuietHours
    ? null
    : profile.effectiveQuietStart
      ? `${profile.effectiveQuietStart}–${profile.effectiveQuietEnd}`
      : translate('tl.mail.delivery.none');
  return (
    <Stack spacing={2} sx={{ maxWidth: 640 }}>
      <FormControlLabel
        control={
          <Switch
            checked={form.ownQuietHours}
            onChange={(e) => setForm({ ...form, ownQuietHours: e.target.checked })}
          />
        }
        label={
          districtQuiet === null
            ? translate('tl.mail.delivery.ownQuiet')
            : translate('tl.mail.delivery.ownQuietDistrict', { hours: districtQuiet })
        }
      />
      {fieldErrors.ownQuietHours && <Alert severity="error">{fieldErrors.ownQuietHours}</Alert>}
      {form.ownQuietHours && (
        <Stack direction="row" spacing={2}>
          <QuietHoursFields
            start={form.quietStart}
            end={form.quietEnd}
            onChange={(change) => setForm({ ...form, ...change })}
            errors={fieldErrors}
            messages="tl.mail.delivery"
          />
        </Stack>
      )}
      <TextField
        size="small"
        label={translate('tl.mail.delivery.timezone')}
        value={form.timezone}
        placeholder={profile.effectiveTimezone}
        onChange={(e) => setForm({ ...form, timezone: e.target.value })}
        error={Boolean(fieldErrors.timezone)}
        helperText={
          fieldErrors.timezone ?? translate('tl.mail.delivery.timezoneHelp', { zone: profile.effectiveTimezone })
        }
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        select
        size="small"
        label={translate('tl.mail.delivery.digest')}
        value={form.digest}
        onChange={(e) => setForm({ ...form, digest: e.target.value as ProfileForm['digest'] })}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        error={Boolean(fieldErrors.digest)}
        helperText={
          fieldErrors.digest ?? (profile.digestAvailable ? undefined : translate('tl.mail.delivery.digestUnavailable'))
        }
      >
        <MenuItem value="">
          {translate('tl.mail.delivery.digestDistrict', {
            choice: translate(
              profile.effectiveDigest ? 'tl.mail.delivery.digestDistrictOn' : 'tl.mail.delivery.digestDistrictOff',
            ),
          })}
        </MenuItem>
        <MenuItem value="yes" disabled={!profile.digestAvailable}>
          {translate('tl.mail.delivery.digestYes')}
        </MenuItem>
        <MenuItem value="no">{translate('tl.mail.delivery.digestNo')}</MenuItem>
      </TextField>
      <TextField
        select
        size="small"
        label={translate('tl.mail.delivery.language')}
        value={form.language}
        onChange={(e) => setForm({ ...form, language: e.target.value as ProfileForm['language'] })}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        error={Boolean(fieldErrors.language)}
        helperText={fieldErrors.language}
      >
        <MenuItem value="">
          {translate('tl.mail.delivery.languageDistrict', { language: languageName(profile.effectiveLanguage) })}
        </MenuItem>
        {Object.keys(LANGUAGE_LABELS).map((value) => (
          <MenuItem key={value} value={value}>
            {languageName(value)}
          </MenuItem>
        ))}
      </TextField>
      <div>
        <Button variant="contained" disabled={busy} onClick={save}>
          {translate('tl.mail.delivery.save')}
        </Button>
      </div>
    </Stack>
  );
}
