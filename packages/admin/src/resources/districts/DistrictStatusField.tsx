import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** A suspended district stands out: nobody in it can sign in. */
export function DistrictStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ status: string }>();
  if (!record) return null;
  const suspended = record.status === 'SUSPENDED';
  return (
    <Chip
      size="small"
      label={suspended ? 'Suspended' : 'Active'}
      color={suspended ? 'warning' : 'success'}
      variant="outlined"
    />
  );
}
