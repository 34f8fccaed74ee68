import { LinearProgress, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { percent } from '../charts/types';
import { ListCard } from './ListCard';
import { districtWideRow, type Row } from './rows';
import type { DayWindow } from './schoolYear';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

interface School {
  id: string;
  name: string;
  status: string;
}

/** One request for every school's funnel: an aliased field per school. */
function funnelsQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(', ');
  const fields = Array.from(
    { length: count },
    (_, i) =>
      `s${i}: funnel(scope: { kind: SCHOOL, id: $s${i} }, window: $window, trend: MONTH) { due held missed heldRate }`,
  ).join('\n');
  return `query($window: DateWindowInput!, ${vars}) { ${fields} }`;
}

function RateRow({ name, f, strong }: { name: string; f: Row | undefined | null; strong?: boolean }) {
  const translate = useTranslate();
  return (
    <ListItem divider sx={{ px: { xs: 0, sm: 2 } }}>
      <ListItemText
        primary={
          <Stack direction="row" sx={{ justifyContent: 'space-between', gap: 1 }}>
            <span style={strong ? { fontWeight: 600 } : undefined}>{name}</span>
            <Typography component="span" sx={{ fontWeight: 600 }}>
              {percent(f?.heldRate)}
            </Typography>
          </Stack>
        }
        secondary={
          <>
            <LinearProgress
              variant="determinate"
              value={(f?.heldRate ?? 0) * 100}
              aria-label={translate('tl.dashboard.schools.rate_label', { name, rate: percent(f?.heldRate) })}
              sx={{ my: 0.5, height: 6, borderRadius: 3 }}
            />
            {f
              ? f.due
                ? translate('tl.dashboard.schools.row', { held: f.held, due: f.due, missed: f.missed })
                : translate('tl.dashboard.schools.nothing_due')
              : ''}
          </>
        }
        slotProps={{ secondary: { component: 'div' } }}
      />
    </ListItem>
  );
}

/**
 * Schools ranked by held rate over the window, then the district-wide conversations as their own row, then the
 * district as a whole: the rows add up to the district's funnel. Schools with nothing due come last, as "—".
 */
export function SchoolsByHeldRateCard({
  window,
  schools,
  district,
  loading,
  error,
}: {
  window: DayWindow | null;
  schools: School[] | undefined;
  /** The district's funnel over the same window (the dashboard's). */
  district: Row | undefined;
  loading: boolean;
  error?: unknown;
}) {
  const translate = useTranslate();
  const nodes = schools ?? [];
  const funnels = useGraphqlQuery<Record<string, Row>>(
    ['schoolFunnels', nodes.map((s) => s.id)],
    funnelsQuery(nodes.length),
    { window, ...Object.fromEntries(nodes.map((s, i) => [`s${i}`, s.id])) },
    { enabled: Boolean(window) && nodes.length > 0 },
  );
  const rows = nodes
    .map((s, i) => ({ ...s, f: funnels.data?.[`s${i}`] }))
    // A closed school with nothing due in the window has nothing to say here.
    .filter((s) => s.status === 'ACTIVE' || !s.f || s.f.due > 0)
    .sort((a, b) => (b.f?.heldRate ?? -1) - (a.f?.heldRate ?? -1) || a.name.localeCompare(b.name));
  const rest = districtWideRow(
    district,
    nodes.map((_, i) => funnels.data?.[`s${i}`]),
  );
  return (
    <ListCard
      title="tl.dashboard.schools.title"
      subtitle="tl.dashboard.schools.subtitle"
      loading={loading || (nodes.length > 0 && funnels.isPending)}
      error={error ?? funnels.error}
      empty={nodes.length === 0 && !district && 'tl.dashboard.schools.empty'}
      rowsAreItems
    >
      {rows.map((s) => (
        <RateRow key={s.id} name={s.name} f={s.f} />
      ))}
      {rest && <RateRow name={translate('tl.dashboard.schools.district_wide')} f={rest} />}
      {district && <RateRow name={translate('tl.dashboard.schools.whole')} f={district} strong />}
    </ListCard>
  );
}
