import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** Retired items stay for the records that point at them; they are only no longer offered. */
export function LibraryStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ active: boolean }>();
  if (!record) return null;
  return record.active ? (
    <Chip size="small" variant="outlined" color="success" label="In use" />
  ) : (
    <Chip size="small" variant="outlined" label="Retired" />
  );
}
