import { Chip, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatWhen } from './when';

export interface SessionSummary {
  id: string;
  scheduledAt: string;
  state: 'SCHEDULED' | 'HELD' | 'CANCELLED' | 'MISSED' | 'MISSED_WITH_REASON';
}

const LOOK: Record<SessionSummary['state'], { label: string; color: 'success' | 'error' | 'default' | 'info' }> = {
  HELD: { label: 'tl.common.session_state.HELD', color: 'success' },
  MISSED: { label: 'tl.common.session_state.MISSED', color: 'error' },
  MISSED_WITH_REASON: { label: 'tl.common.session_state.MISSED_WITH_REASON', color: 'error' },
  CANCELLED: { label: 'tl.common.session_state.CANCELLED', color: 'default' },
  SCHEDULED: { label: 'tl.common.session_state.SCHEDULED', color: 'info' },
};

/** A session's state as a chip: held, missed (past and never held), cancelled, or still to come. */
export function SessionStateChip({ state }: { state: SessionSummary['state'] }) {
  const translate = useTranslate();
  const look = LOOK[state];
  return (
    <Chip
      size="small"
      label={translate(look.label)}
      color={look.color}
      variant={state === 'SCHEDULED' ? 'outlined' : 'filled'}
    />
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
