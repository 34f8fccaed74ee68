import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatWhen } from '../../common/when';

/** A date-time of the record, in the district's time zone. */
export function WhenField({ source }: { source: string; label?: string }) {
  const record = useRecordContext<Record<string, string | null>>();
  if (!record) return null;
  return (
    <Typography variant="body2" component="span" sx={{ whiteSpace: 'nowrap' }}>
      {formatWhen(record[source])}
    </Typography>
  );
}
