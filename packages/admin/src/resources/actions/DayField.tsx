import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDay } from '../sessions/when';

/** A calendar day of the record ("2026-11-25"), written out without any time-zone shift. */
export function DayField({ source }: { source: string; label?: string }) {
  const record = useRecordContext<Record<string, string | null>>();
  if (!record) return null;
  return (
    <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
      {formatDay(record[source])}
    </Typography>
  );
}
