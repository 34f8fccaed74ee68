import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/** A suspended district stands out: nobody in it can sign in. */
export function DistrictStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ status: string }>();
  const translate = useTranslate();
  if (!record) return null;
  const suspended = record.status === 'SUSPENDED';
  return (
    <Chip
      size="small"
      label={translate(suspended ? 'tl.common.district_status.SUSPENDED' : 'tl.common.district_status.ACTIVE')}
      color={suspended ? 'warning' : 'success'}
      variant="outlined"
    />
  );
}
