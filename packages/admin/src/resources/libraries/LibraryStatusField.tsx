import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/** Retired items stay for the records that point at them; they are only no longer offered. */
export function LibraryStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ active: boolean }>();
  const translate = useTranslate();
  if (!record) return null;
  return record.active ? (
    <Chip size="small" variant="outlined" color="success" label={translate('tl.libraries.in_use')} />
  ) : (
    <Chip size="small" variant="outlined" label={translate('tl.libraries.retired')} />
  );
}
