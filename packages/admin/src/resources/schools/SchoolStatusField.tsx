import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

export function SchoolStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ status: string }>();
  if (!record) return null;
  const closed = record.status === 'CLOSED';
  return (
    <Chip size="small" variant="outlined" label={closed ? 'Closed' : 'Active'} color={closed ? 'default' : 'success'} />
  );
}
