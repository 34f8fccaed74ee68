import { Button, ListItemButton, ListItemText } from '@mui/material';
import { useState } from 'react';
import { Link } from 'react-admin';
import { formatWhen } from '../common/when';
import { ListCard } from './ListCard';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

interface Upcoming {
  sessions: {
    totalCount: number;
    nodes: {
      id: string;
      scheduledAt: string;
      conversation: { title: string; school: { name: string } | null } | null;
    }[];
  };
}

const QUERY = `query($filter: SessionFilter) { sessions(first: 8, filter: $filter) {
  totalCount nodes { id scheduledAt conversation { title school { name } } } } }`;

/** The reader's next sessions (those they facilitate, take part in or attend), soonest first. */
export function UpcomingSessionsCard() {
  // "Now" once per visit, so the query key stays put while the page is open.
  const [now] = useState(() => new Date().toISOString());
  const { data, isPending, error } = useGraphqlQuery<Upcoming>(['upcoming'], QUERY, {
    filter: { from: now, mine: true, state: ['SCHEDULED'] },
  });
  const list = data?.sessions;
  return (
    <ListCard
      title="Your upcoming sessions"
      subtitle={list ? `${list.totalCount} scheduled from now on` : undefined}
      loading={isPending}
      error={error}
      empty={
        list?.totalCount === 0 &&
        'Nothing scheduled for you. Sessions appear here when a conversation you take part in is planned.'
      }
      action={
        <Button component={Link} to={`/sessions?filter=${encodeURIComponent('{"state":"SCHEDULED","mine":true}')}`}>
          Your agenda
        </Button>
      }
    >
      {(list?.nodes ?? []).map((s) => (
        <ListItemButton key={s.id} component={Link} to={`/sessions/${encodeURIComponent(s.id)}/show`}>
          <ListItemText
            primary={s.conversation?.title ?? 'Session'}
            secondary={`${formatWhen(s.scheduledAt)} · ${s.conversation?.school?.name ?? 'District-wide'}`}
          />
        </ListItemButton>
      ))}
    </ListCard>
  );
}
