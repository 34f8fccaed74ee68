import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { labelsOf } from '../i18n/translate';

/** The action statuses in the current language. */
export const STATUS_LABELS: Record<string, string> = labelsOf('tl.common.action_status', [
  'OPEN',
  'IN_PROGRESS',
  'DONE',
  'DROPPED',
]);

const COLORS: Record<string, 'default' | 'info' | 'success' | 'warning'> = {
  OPEN: 'default',
  IN_PROGRESS: 'info',
  DONE: 'success',
  DROPPED: 'default',
};

/** Status, and "Overdue" beside it when the API says the action is past due and still open. */
export function ActionStatusChip({ status, overdue }: { status: string; overdue?: boolean }) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5}>
      <Chip
        size="small"
        label={STATUS_LABELS[status] ?? status}
        color={COLORS[status] ?? 'default'}
        variant={status === 'DROPPED' ? 'outlined' : 'filled'}
      />
      {overdue && <Chip size="small" label={translate('tl.common.action_status.overdue')} color="warning" />}
    </Stack>
  );
}

export function ActionStatusField(_props: { label?: string }) {
  const record = useRecordContext<{ status: string; overdue: boolean }>();
  return record ? <ActionStatusChip status={record.status} overdue={record.overdue} /> : null;
}
