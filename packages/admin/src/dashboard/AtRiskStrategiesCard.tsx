import { ListItemButton, ListItemText, Stack } from '@mui/material';
import { Link } from 'react-admin';
import { HealthChip } from '../charts/HealthChip';
import { percent, rating, type StrategyHealth } from '../charts/types';
import { ListCard } from './ListCard';
import type { DayWindow } from './schoolYear';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

interface Strategies {
  strategies: {
    totalCount: number;
    nodes: {
      id: string;
      title: string;
      school: { name: string } | null;
      funnel: {
        health: StrategyHealth | null;
        heldRate: number | null;
        quality: number | null;
        followThrough: number | null;
      };
    }[];
  };
}

const PAGE = 20;
const QUERY = `query($window: DateWindowInput!) {
  strategies(first: ${PAGE}, filter: { status: [ACTIVE] }, orderBy: { field: TITLE }) {
    totalCount nodes { id title school { name } funnel(window: $window, trend: MONTH) { health heldRate quality followThrough } } } }`;

const ORDER: Record<string, number> = { OFF_TRACK: 0, AT_RISK: 1, NOT_ENOUGH_DATA: 2 };

/**
 * Active strategies whose health is not "on track", worst first. It grades the first page of strategies (each with
 * its own funnel); the subtitle says so when the district has more.
 */
export function AtRiskStrategiesCard({ window }: { window: DayWindow | null }) {
  const { data, isPending, error } = useGraphqlQuery<Strategies>(
    ['atRisk'],
    QUERY,
    { window },
    { enabled: Boolean(window) },
  );
  const all = data?.strategies;
  const flagged = (all?.nodes ?? [])
    .filter((s) => s.funnel.health !== 'ON_TRACK')
    .sort((a, b) => (ORDER[a.funnel.health ?? ''] ?? 3) - (ORDER[b.funnel.health ?? ''] ?? 3));
  const checked = all ? Math.min(all.totalCount, PAGE) : 0;
  return (
    <ListCard
      title="Strategies that need attention"
      subtitle={
        all
          ? `${flagged.length} of ${checked} active strategies${all.totalCount > PAGE ? ` (the first ${PAGE} of ${all.totalCount})` : ''}`
          : undefined
      }
      loading={isPending || !window}
      error={error}
      empty={
        flagged.length === 0 &&
        (checked ? 'Every active strategy is on track this school year.' : 'No active strategies yet.')
      }
    >
      {flagged.map((s) => (
        <ListItemButton key={s.id} component={Link} to={`/strategies/${encodeURIComponent(s.id)}/show`}>
          <ListItemText
            primary={s.title}
            secondary={`${s.school?.name ?? 'District-wide'} · held ${percent(s.funnel.heldRate)} · quality ${rating(s.funnel.quality)} · follow-through ${percent(s.funnel.followThrough)}`}
          />
          <Stack sx={{ ml: 1 }}>
            <HealthChip health={s.funnel.health} size="small" />
          </Stack>
        </ListItemButton>
      ))}
    </ListCard>
  );
}
