import { Button, ListItemButton, ListItemText } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { formatWhen } from '../common/when';
import { ListCard, TO_TOP } from './ListCard';

export interface MissedSession {
  id: string;
  scheduledAt: string;
  conversation: { title: string; facilitator: { displayName: string } | null } | null;
}

/** The selection to add to the funnel query for this card. */
export const MISSED_FIELDS = `missedSessions { id scheduledAt conversation { title facilitator { displayName } } }`;

const SHOWN = 8;

/** Missed sessions, listed and not only counted: the most recent first, each a link to log or cancel it. */
export function MissedSessionsCard({
  sessions,
  loading,
  period,
}: {
  sessions: MissedSession[] | undefined;
  loading: boolean;
  /** The window in words ("this school year"). */
  period?: string;
}) {
  const translate = useTranslate();
  const when = period ?? translate('tl.dashboard.window.period.YEAR');
  const recent = [...(sessions ?? [])].reverse().slice(0, SHOWN);
  const total = sessions?.length ?? 0;
  return (
    <ListCard
      title="tl.dashboard.missed.title"
      subtitle={total ? translate('tl.dashboard.missed.count', { smart_count: total, period: when }) : undefined}
      loading={loading}
      empty={total === 0 && translate('tl.dashboard.missed.empty', { period: when })}
      action={
        total > SHOWN && (
          <Button
            component={Link}
            state={TO_TOP}
            to={`/sessions?filter=${encodeURIComponent('{"state":"MISSED"}')}&order=DESC&sort=scheduledAt`}
          >
            {translate('tl.dashboard.missed.all')}
          </Button>
        )
      }
    >
      {recent.map((s) => (
        <ListItemButton key={s.id} component={Link} state={TO_TOP} to={`/sessions/${encodeURIComponent(s.id)}/show`}>
          <ListItemText
            primary={s.conversation?.title ?? translate('resources.sessions.name', { smart_count: 1 })}
            secondary={`${formatWhen(s.scheduledAt)} · ${
              s.conversation?.facilitator?.displayName ?? translate('tl.dashboard.missed.no_facilitator')
            }`}
          />
        </ListItemButton>
      ))}
    </ListCard>
  );
}
