import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

export function SchoolStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ status: string }>();
  const translate = useTranslate();
  if (!record) return null;
  const closed = record.status === 'CLOSED';
  return (
    <Chip
      size="small"
      variant="outlined"
      label={translate(closed ? 'tl.schools.status.CLOSED' : 'tl.schools.status.ACTIVE')}
      color={closed ? 'default' : 'success'}
    />
  );
}
