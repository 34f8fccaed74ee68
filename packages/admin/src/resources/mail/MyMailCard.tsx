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
  MY_MAIL,
  PREFERENCES_SET,
  PROFILE_SET,
  type MailLanguage,
  type MailPreference,
  type MailProfile,
} from './queries';

type MyMail = { myMailPreferences: MailPreference[]; myMailProfile: MailProfile };

const PROFILE_FIELDS = ['language', 'timezone', 'ownQuietHours', 'quietStart', 'quietEnd', 'digest'] as const;

/** Which reminders reach the person, kind by kind: their choice over the district's default. */
export function MyRemindersCard() {
  const { data, error } = useGraphqlQuery<MyMail>(['myMail'], MY_MAIL);
  const { busy, run } = useCardAction([['myMail']]);
  const set = (p: MailPreference, enabled: boolean) =>
    void run(
      () => graphql(PREFERENCES_SET, { input: [{ kind: p.kind, enabled }] }),
      `${KIND_LABELS[p.kind].label}: ${enabled ? 'on' : 'off'}`,
    );
  return (
    <Card>
      <CardHeader
        title="Your reminders"
        subheader="Each kind of message, on or off for you. A kind your district turned off reaches nobody."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">Your reminders could not be read: {error.message}</Alert>}
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
                  {KIND_LABELS[p.kind].label}
                  <Typography component="span" variant="body2" color="text.secondary">
                    {' '}
                    — {p.districtMode === 'OFF' ? 'turned off by your district' : KIND_LABELS[p.kind].help}
                    {p.districtMode === 'OPT_IN' && p.chosen === null ? ' (only if you turn it on)' : ''}
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
  return (
    <Card>
      <CardHeader
        title="When and how mail reaches you"
        subheader="A message due in your quiet hours waits for their end. The daily digest gathers reminders and nudges in one message (invitations always come on their own)."
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
      'Saved: your mail follows these choices from now on',
    );
  // Without hours of their own, the effective ones are the district's.
  const districtQuiet = profile.ownQuietHours
    ? null
    : profile.effectiveQuietStart
      ? `${profile.effectiveQuietStart}–${profile.effectiveQuietEnd}`
      : 'none';
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
            ? 'Quiet hours of my own'
            : `Quiet hours of my own (otherwise the district’s: ${districtQuiet})`
        }
      />
      {fieldErrors.ownQuietHours && <Alert severity="error">{fieldErrors.ownQuietHours}</Alert>}
      {form.ownQuietHours && (
        <Stack direction="row" spacing={2}>
          <TextField
            size="small"
            type="time"
            label="Quiet from"
            value={form.quietStart}
            onChange={(e) => setForm({ ...form, quietStart: e.target.value })}
            error={Boolean(fieldErrors.quietStart)}
            helperText={fieldErrors.quietStart ?? 'e.g. 21:00'}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            size="small"
            type="time"
            label="Quiet until"
            value={form.quietEnd}
            onChange={(e) => setForm({ ...form, quietEnd: e.target.value })}
            error={Boolean(fieldErrors.quietEnd)}
            helperText={fieldErrors.quietEnd ?? 'e.g. 07:00 (may cross midnight)'}
            slotProps={{ inputLabel: { shrink: true } }}
          />
        </Stack>
      )}
      <TextField
        size="small"
        label="Your time zone"
        value={form.timezone}
        placeholder={profile.effectiveTimezone}
        onChange={(e) => setForm({ ...form, timezone: e.target.value })}
        error={Boolean(fieldErrors.timezone)}
        helperText={
          fieldErrors.timezone ?? `Empty: the district’s (${profile.effectiveTimezone}); e.g. America/Chicago`
        }
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        select
        size="small"
        label="Daily digest"
        value={form.digest}
        onChange={(e) => setForm({ ...form, digest: e.target.value as ProfileForm['digest'] })}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        error={Boolean(fieldErrors.digest)}
        helperText={
          fieldErrors.digest ?? (profile.digestAvailable ? undefined : 'Your district does not offer the digest')
        }
      >
        <MenuItem value="">As the district decides ({profile.effectiveDigest ? 'a digest' : 'one by one'})</MenuItem>
        <MenuItem value="yes" disabled={!profile.digestAvailable}>
          One digest a day
        </MenuItem>
        <MenuItem value="no">Each message on its own</MenuItem>
      </TextField>
      <TextField
        select
        size="small"
        label="Language of your mail"
        value={form.language}
        onChange={(e) => setForm({ ...form, language: e.target.value as ProfileForm['language'] })}
        slotProps={{ select: { displayEmpty: true }, inputLabel: { shrink: true } }}
        error={Boolean(fieldErrors.language)}
        helperText={fieldErrors.language}
      >
        <MenuItem value="">The district’s ({LANGUAGE_LABELS[profile.effectiveLanguage]})</MenuItem>
        {Object.entries(LANGUAGE_LABELS).map(([value, label]) => (
          <MenuItem key={value} value={value}>
            {label}
          </MenuItem>
        ))}
      </TextField>
      <div>
        <Button variant="contained" disabled={busy} onClick={save}>
          Save how mail reaches me
        </Button>
      </div>
    </Stack>
  );
}
