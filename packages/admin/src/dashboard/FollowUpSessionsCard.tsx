import { Chip, ListItemButton, ListItemText, Stack } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { session as portalSession } from '../portal';
import { formatWhen } from '../common/when';
import { ListCard, TO_TOP } from './ListCard';
import type { HeldSession } from './query';

/**
 * Held sessions the reader attended in the window and has not yet rated or reflected on, most recent first
 * (looking at their last 50 held sessions).
 */
export function FollowUpSessionsCard({
  list,
  loading,
  error,
}: {
  list: { nodes: HeldSession[] } | undefined;
  loading: boolean;
  error?: unknown;
}) {
  const translate = useTranslate();
  const me = portalSession.viewer?.staffMember?.id;
  const open = (list?.nodes ?? [])
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
      title="tl.dashboard.follow_up.title"
      subtitle={open.length ? translate('tl.dashboard.follow_up.count', { smart_count: open.length }) : undefined}
      loading={loading}
      error={error}
      empty={open.length === 0 && 'tl.dashboard.follow_up.empty'}
    >
      {open.slice(0, 8).map((s) => (
        <ListItemButton
          key={s.id}
          component={Link}
          state={TO_TOP}
          to={`/sessions/${encodeURIComponent(s.id)}/show`}
          sx={{ minHeight: 44 }}
        >
          <ListItemText
            primary={s.conversation?.title ?? translate('resources.sessions.name', { smart_count: 1 })}
            secondary={formatWhen(s.scheduledAt)}
          />
          <Stack direction="row" spacing={0.5}>
            {s.rate && <Chip size="small" color="primary" label={translate('tl.dashboard.follow_up.rate')} />}
            {s.reflect && <Chip size="small" variant="outlined" label={translate('tl.dashboard.follow_up.reflect')} />}
          </Stack>
        </ListItemButton>
      ))}
    </ListCard>
  );
}
