import { Chip } from '@mui/material';
import { useRecordContext } from 'react-admin';

/**
 * The derived state in words: a due session never held is "Missed", one cancelled late "Cancelled late" (missed with
 * a reason), one not yet due "Upcoming".
 */
const LOOK: Record<string, { label: string; color: 'info' | 'warning' | 'success' | 'default' }> = {
  SCHEDULED: { label: 'Upcoming', color: 'info' },
  MISSED: { label: 'Missed', color: 'warning' },
  MISSED_WITH_REASON: { label: 'Cancelled late', color: 'warning' },
  HELD: { label: 'Held', color: 'success' },
  CANCELLED: { label: 'Cancelled', color: 'default' },
};

export function StateChip({ state }: { state: string }) {
  const look = LOOK[state] ?? { label: state, color: 'default' as const };
  return (
    <Chip size="small" label={look.label} color={look.color} variant={state === 'CANCELLED' ? 'outlined' : 'filled'} />
  );
}

/** The chip for the session in the record context (list rows). */
export function StateChipField(_props: { label?: string }) {
  const record = useRecordContext<{ state: string }>();
  return record ? <StateChip state={record.state} /> : null;
}
