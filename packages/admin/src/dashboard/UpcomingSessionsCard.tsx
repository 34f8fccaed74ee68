import { Button, ListItemButton, ListItemText } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
  return (
    <ListCard
      title="tl.dashboard.upcoming.title"
      subtitle={list ? translate('tl.dashboard.upcoming.count', { smart_count: list.totalCount }) : undefined}
      loading={loading}
      error={error}
      empty={list?.totalCount === 0 && 'tl.dashboard.upcoming.empty'}
      action={
        <Button
          component={Link}
          state={TO_TOP}
          sx={{ minHeight: 44 }}
          to={`/sessions?filter=${encodeURIComponent('{"state":"SCHEDULED","mine":true}')}`}
        >
          {translate('tl.dashboard.upcoming.agenda')}
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
            primary={s.conversation?.title ?? translate('resources.sessions.name', { smart_count: 1 })}
            secondary={`${formatWhen(s.scheduledAt)} · ${
              s.conversation?.school?.name ?? translate('tl.dashboard.district_wide')
            }`}
          />
        </ListItemButton>
      ))}
    </ListCard>
  );
}
