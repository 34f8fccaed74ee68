import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

/** Inactive people keep their history but cannot sign in; the date says since when. */
export function StaffStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ active: boolean; deactivatedAt: string | null }>();
  if (!record) return null;
  if (record.active) return <Chip size="small" variant="outlined" color="success" label="Active" />;
  const since = record.deactivatedAt ? ` since ${new Date(record.deactivatedAt).toLocaleDateString()}` : '';
  return <Chip size="small" variant="outlined" label={`Inactive${since}`} />;
}
