import { ListItemButton, ListItemText, Stack } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { HealthChip } from '../charts/HealthChip';
import { percent, rating } from '../charts/types';
import { ListCard, TO_TOP } from './ListCard';
import { STRATEGIES_SHOWN, type StrategyRow } from './query';

const ORDER: Record<string, number> = { OFF_TRACK: 0, AT_RISK: 1, NOT_ENOUGH_DATA: 2, ON_TRACK: 3 };

/**
 * Active strategies graded against the district's thresholds over the window, worst first: for a district admin only
 * those not on track ("need attention"), for a school leader every one of theirs ("strategy health"). It grades the
 * first page of strategies (each with its own funnel); the subtitle says so when there are more.
 */
export function AtRiskStrategiesCard({
  list,
  loading,
  error,
  all = false,
}: {
  list: { totalCount: number; nodes: StrategyRow[] } | undefined;
  loading: boolean;
  error?: unknown;
  /** Every strategy with its health, not only those off track or at risk. */
  all?: boolean;
}) {
  const shown = (list?.nodes ?? [])
    .filter((s) => all || s.funnel.health !== 'ON_TRACK')
    .sort((a, b) => (ORDER[a.funnel.health ?? ''] ?? 3) - (ORDER[b.funnel.health ?? ''] ?? 3));
  const translate = useTranslate();
  const checked = list ? Math.min(list.totalCount, STRATEGIES_SHOWN) : 0;
  const more =
    list && list.totalCount > STRATEGIES_SHOWN
      ? translate('tl.dashboard.strategies.more', { shown: STRATEGIES_SHOWN, total: list.totalCount })
      : '';
  const onTrack = shown.filter((s) => s.funnel.health === 'ON_TRACK').length;
  return (
    <ListCard
      title={all ? 'tl.dashboard.strategies.health' : 'tl.dashboard.strategies.attention'}
      subtitle={
        list
          ? all
            ? translate('tl.dashboard.strategies.health_count', { smart_count: checked, more, on_track: onTrack })
            : translate('tl.dashboard.strategies.attention_count', { shown: shown.length, smart_count: checked, more })
          : undefined
      }
      loading={loading}
      error={error}
      empty={shown.length === 0 && (checked ? 'tl.dashboard.strategies.all_on_track' : 'tl.dashboard.strategies.none')}
    >
      {shown.map((s) => (
        <ListItemButton
          key={s.id}
          component={Link}
          state={TO_TOP}
          to={`/strategies/${encodeURIComponent(s.id)}/show`}
          sx={{ minHeight: 44 }}
        >
          <ListItemText
            primary={s.title}
            secondary={translate('tl.dashboard.strategies.row', {
              school: s.school?.name ?? translate('tl.dashboard.district_wide'),
              held: percent(s.funnel.heldRate),
              quality: rating(s.funnel.quality),
              follow: percent(s.funnel.followThrough),
            })}
          />
          <Stack sx={{ ml: 1 }}>
            <HealthChip health={s.funnel.health} size="small" />
          </Stack>
        </ListItemButton>
      ))}
    </ListCard>
  );
}
