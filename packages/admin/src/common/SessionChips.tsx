import { Chip, Stack, Typography } from '@mui/material';
import { formatWhen } from './when';

export interface SessionSummary {
  id: string;
  scheduledAt: string;
  state: 'SCHEDULED' | 'HELD' | 'CANCELLED' | 'MISSED' | 'MISSED_WITH_REASON';
}

const LOOK: Record<SessionSummary['state'], { label: string; color: 'success' | 'error' | 'default' | 'info' }> = {
  HELD: { label: 'Held', color: 'success' },
  MISSED: { label: 'Missed', color: 'error' },
  MISSED_WITH_REASON: { label: 'Cancelled late', color: 'error' },
  CANCELLED: { label: 'Cancelled', color: 'default' },
  SCHEDULED: { label: 'Scheduled', color: 'info' },
};

/** A session's state as a chip: held, missed (past and never held), cancelled, or still to come. */
export function SessionStateChip({ state }: { state: SessionSummary['state'] }) {
  const look = LOOK[state];
  return (
    <Chip size="small" label={look.label} color={look.color} variant={state === 'SCHEDULED' ? 'outlined' : 'filled'} />
  );
}

/** A short list of sessions with their day and time in the district, and their state when they are past. */
export function SessionList({
  sessions,
  empty,
  showState = true,
}: {
  sessions: SessionSummary[];
  empty: string;
  showState?: boolean;
}) {
  if (!sessions.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {empty}
      </Typography>
    );
  return (
    <Stack spacing={0.5}>
      {sessions.map((s) => (
        <Stack key={s.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          {showState && <SessionStateChip state={s.state} />}
          <Typography variant="body2">{formatWhen(s.scheduledAt)}</Typography>
        </Stack>
      ))}
    </Stack>
  );
}
