import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDay } from './when';

/**
 * A calendar-day field (the API's LocalDate, "2026-11-25"). react-admin's DateField reads such a day as midnight UTC
 * and shows the day before west of Greenwich; a day has no time zone, so it is shown as written.
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
  if (!record) return null;
  const value = record[source] as string | null | undefined;
  return (
    <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
      {value ? formatDay(value) : emptyText}
    </Typography>
  );
}
