import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDay } from '../conversations/when';

/**
 * A calendar-day field (the API's LocalDate). react-admin's DateField reads '2026-08-26' as midnight UTC and shows
 * the day before west of Greenwich; a day has no time zone, so it is shown as written.
 */
export function DayField({
  source,
  emptyText = '—',
}: {
  source: string;
  label?: string;
  sortable?: boolean;
  emptyText?: string;
}) {
  const record = useRecordContext();
  const value = record?.[source] as string | null | undefined;
  return (
    <Typography component="span" variant="body2">
      {value ? formatDay(value) : emptyText}
    </Typography>
  );
}
