import { Button, ListItemButton, ListItemText } from '@mui/material';
import { Link } from 'react-admin';
import { formatWhen } from '../common/when';
import { ListCard, TO_TOP } from './ListCard';
import type { UpcomingSession } from './query';

/** The reader's next sessions (those they facilitate, take part in or attend), soonest first. */
export function UpcomingSessionsCard({
  list,
  loading,
  error,
}: {
  list: { totalCount: number; nodes: UpcomingSession[] } | undefined;
  loading: boolean;
  error?: unknown;
}) {
  return (
    <ListCard
      title="Your upcoming sessions"
      subtitle={list ? `${list.totalCount} scheduled from now on` : undefined}
      loading={loading}
      error={error}
      empty={
        list?.totalCount === 0 &&
        'Nothing scheduled for you. Sessions appear here when a conversation you take part in is planned.'
      }
      action={
        <Button
          component={Link}
          state={TO_TOP}
          sx={{ minHeight: 44 }}
          to={`/sessions?filter=${encodeURIComponent('{"state":"SCHEDULED","mine":true}')}`}
        >
          Your agenda
        </Button>
      }
    >
      {(list?.nodes ?? []).map((s) => (
        <ListItemButton
          key={s.id}
          component={Link}
          state={TO_TOP}
          to={`/sessions/${encodeURIComponent(s.id)}/show`}
          sx={{ minHeight: 44 }}
        >
          <ListItemText
            primary={s.conversation?.title ?? 'Session'}
            secondary={`${formatWhen(s.scheduledAt)} · ${s.conversation?.school?.name ?? 'District-wide'}`}
          />
        </ListItemButton>
      ))}
    </ListCard>
  );
}
