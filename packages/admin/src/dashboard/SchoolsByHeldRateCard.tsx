import { LinearProgress, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { percent } from '../charts/types';
import { ListCard } from './ListCard';
import type { DayWindow } from './schoolYear';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

interface Schools {
  schools: { totalCount: number; nodes: { id: string; name: string }[] };
}
type Row = { due: number; held: number; missed: number; heldRate: number | null };

const SCHOOLS = `{ schools(first: 100, filter: { status: ACTIVE }, orderBy: { field: NAME }) { totalCount nodes { id name } } }`;

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

/** Schools ranked by held rate over the school year; schools with nothing due yet come last, as "—". */
export function SchoolsByHeldRateCard({ window }: { window: DayWindow | null }) {
  const schools = useGraphqlQuery<Schools>(['schools'], SCHOOLS);
  const nodes = schools.data?.schools.nodes ?? [];
  const funnels = useGraphqlQuery<Record<string, Row>>(
    ['schoolFunnels', nodes.map((s) => s.id)],
    funnelsQuery(nodes.length),
    { window, ...Object.fromEntries(nodes.map((s, i) => [`s${i}`, s.id])) },
    { enabled: Boolean(window) && nodes.length > 0 },
  );
  const rows = nodes
    .map((s, i) => ({ ...s, f: funnels.data?.[`s${i}`] }))
    .sort((a, b) => (b.f?.heldRate ?? -1) - (a.f?.heldRate ?? -1) || a.name.localeCompare(b.name));
  return (
    <ListCard
      title="Schools by held rate"
      subtitle="Sessions held of those due, school year to date"
      loading={schools.isPending || (nodes.length > 0 && funnels.isPending)}
      error={schools.error ?? funnels.error}
      empty={nodes.length === 0 && 'No active schools yet.'}
    >
      {rows.map((s) => (
        <ListItem key={s.id} divider>
          <ListItemText
            primary={
              <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
                <span>{s.name}</span>
                <Typography component="span" sx={{ fontWeight: 600 }}>
                  {percent(s.f?.heldRate)}
                </Typography>
              </Stack>
            }
            secondary={
              <>
                <LinearProgress
                  variant="determinate"
                  value={(s.f?.heldRate ?? 0) * 100}
                  sx={{ my: 0.5, height: 6, borderRadius: 3 }}
                />
                {s.f ? (s.f.due ? `${s.f.held} of ${s.f.due} held · ${s.f.missed} missed` : 'nothing due yet') : ''}
              </>
            }
            slotProps={{ secondary: { component: 'div' } }}
          />
        </ListItem>
      ))}
    </ListCard>
  );
}
