import { TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

/**
 * The two times of quiet hours (from, until: messages due between them wait for their end), for the district's
 * defaults and a person's own. `messages` is the message-key prefix holding quietFrom/quietUntil and their help.
 */
export function QuietHoursFields({
  start,
  end,
  onChange,
  errors,
  messages,
}: {
  start: string;
  end: string;
  onChange: (change: { quietStart?: string; quietEnd?: string }) => void;
  errors: Record<string, string | undefined>;
  messages: 'tl.mail.district' | 'tl.mail.delivery';
}) {
  const translate = useTranslate();
  const field = (key: 'quietStart' | 'quietEnd', value: string, label: 'quietFrom' | 'quietUntil') => (
    <TextField
      size="small"
      type="time"
      label={translate(`${messages}.${label}`)}
      value={value}
      onChange={(e) => onChange({ [key]: e.target.value })}
      error={Boolean(errors[key])}
      helperText={errors[key] ?? translate(`${messages}.${label}Help`)}
      slotProps={{ inputLabel: { shrink: true } }}
    />
  );
  return (
    <>
      {field('quietStart', start, 'quietFrom')}
      {field('quietEnd', end, 'quietUntil')}
    </>
  );
}
