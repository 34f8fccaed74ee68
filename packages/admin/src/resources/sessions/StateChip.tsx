import { Chip } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';

/**
 * The derived state in words: a due session never held is "Missed", one cancelled late "Cancelled late" (missed with
 * a reason), one not yet due "Upcoming".
 */
const LOOK: Record<string, 'info' | 'warning' | 'success' | 'default'> = {
  SCHEDULED: 'info',
  MISSED: 'warning',
  MISSED_WITH_REASON: 'warning',
  HELD: 'success',
  CANCELLED: 'default',
};

export function StateChip({ state }: { state: string }) {
  const translate = useTranslate();
  return (
    <Chip
      size="small"
      label={translate(`tl.sessions.states.${state}`, { _: state })}
      color={LOOK[state] ?? 'default'}
      variant={state === 'CANCELLED' ? 'outlined' : 'filled'}
    />
  );
}

/** The chip for the session in the record context (list rows). */
export function StateChipField(_props: { label?: string }) {
  const record = useRecordContext<{ state: string }>();
  return record ? <StateChip state={record.state} /> : null;
}
