import { Chip, ListItemButton, ListItemText, Stack } from '@mui/material';
import { Link } from 'react-admin';
import { session as portalSession } from '../portal';
import { dayStart, formatWhen } from '../common/when';
import { ListCard } from './ListCard';
import type { DayWindow } from './schoolYear';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

interface Held {
  sessions: {
    nodes: {
      id: string;
      scheduledAt: string;
      conversation: { title: string } | null;
      attendees: { id: string }[];
      myRatings: { criterionId: string }[];
      quality: { status: 'RATING_OPEN' | 'WITHHELD' | 'PUBLISHED' } | null;
      reflections: { mine: boolean }[];
    }[];
  };
}

const LOOKED_AT = 50;
const QUERY = `query($filter: SessionFilter) { sessions(first: ${LOOKED_AT}, descending: true, filter: $filter) {
  nodes { id scheduledAt conversation { title } attendees { id } myRatings { criterionId } quality { status } reflections { mine } } } }`;

/**
 * Held sessions the reader attended this school year and has not yet rated or reflected on, most recent first
 * (looking at their last 50 held sessions).
 */
export function FollowUpSessionsCard({ window }: { window: DayWindow | null }) {
  const me = portalSession.viewer?.staffMember?.id;
  const { data, isPending, error } = useGraphqlQuery<Held>(
    ['followUp'],
    QUERY,
    { filter: { state: ['HELD'], mine: true, ...(window ? { from: dayStart(window.from) } : {}) } },
    { enabled: Boolean(window) },
  );
  const open = (data?.sessions.nodes ?? [])
    .filter((s) => s.attendees.some((a) => a.id === me))
    // Rating closes with the session's rating window (quality.status RATING_OPEN until then).
    .map((s) => ({
      ...s,
      rate: s.myRatings.length === 0 && s.quality?.status === 'RATING_OPEN',
      reflect: !s.reflections.some((r) => r.mine),
    }))
    .filter((s) => s.rate || s.reflect);
  return (
    <ListCard
      title="To rate or reflect on"
      subtitle={open.length ? `${open.length} held session${open.length === 1 ? '' : 's'} you attended` : undefined}
      loading={isPending}
      error={error}
      empty={open.length === 0 && 'All caught up: you have rated and reflected on every session you attended.'}
    >
      {open.slice(0, 8).map((s) => (
        <ListItemButton key={s.id} component={Link} to={`/sessions/${encodeURIComponent(s.id)}/show`}>
          <ListItemText primary={s.conversation?.title ?? 'Session'} secondary={formatWhen(s.scheduledAt)} />
          <Stack direction="row" spacing={0.5}>
            {s.rate && <Chip size="small" color="primary" label="Rate" />}
            {s.reflect && <Chip size="small" variant="outlined" label="Reflect" />}
          </Stack>
        </ListItemButton>
      ))}
    </ListCard>
  );
}
