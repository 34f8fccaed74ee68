import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormatDate } from '../../i18n/format';

/** Inactive people keep their history but cannot sign in; the date says since when. */
export function StaffStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ active: boolean; deactivatedAt: string | null }>();
  const translate = useTranslate();
  const formatDate = useFormatDate();
  if (!record) return null;
  if (record.active)
    return <Chip size="small" variant="outlined" color="success" label={translate('tl.staff.status.active')} />;
  const label = record.deactivatedAt
    ? translate('tl.staff.status.inactive_since', { date: formatDate(record.deactivatedAt) })
    : translate('tl.staff.status.inactive');
  return <Chip size="small" variant="outlined" label={label} />;
}
