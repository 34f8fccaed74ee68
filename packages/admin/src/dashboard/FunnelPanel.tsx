import { Alert, Card, CardContent, Divider, Grid, Skeleton, Stack, Typography } from '@mui/material';
import { CohortChart } from '../charts/CohortChart';
import { FunnelChart } from '../charts/FunnelChart';
import { TrendChart } from '../charts/TrendChart';
import { percent, reachDetail, type Funnel } from '../charts/types';
import { messageOf } from '../common/apiFailure';
import { formatDay } from '../common/when';
import { trendInterval, type DayWindow } from './schoolYear';

function Figure({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h6">{value}</Typography>
      <Typography variant="caption" color="text.secondary">
        {detail}
      </Typography>
    </div>
  );
}

/**
 * The chain every dashboard opens with, for its scope, over the school year to date: the funnel by stage, the
 * trend, the two rates that explain it (evidence-grounded, reach), and the cohort view that follows the window's due
 * sessions stage by stage. Every number is the API's; a rate with nothing under it reads "—".
 */
export function FunnelPanel({
  scopeLabel,
  window,
  funnel,
  error,
}: {
  scopeLabel: string;
  window: DayWindow | null;
  funnel: Funnel | undefined;
  error?: unknown;
}) {
  return (
    <Card>
      <CardContent>
        <Typography variant="h6" component="h2">
          Planned → held → good → acted on → practice changed
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {scopeLabel}, school year to date{window ? ` (${formatDay(window.from)} – ${formatDay(window.to)})` : ''}
        </Typography>
        {error ? (
          <Alert severity="error">The funnel could not be loaded: {messageOf(error)}</Alert>
        ) : !funnel || !window ? (
          <Skeleton variant="rectangular" height={360} />
        ) : (
          <Grid container spacing={3}>
            <Grid size={{ xs: 12, lg: 6 }}>
              <FunnelChart funnel={funnel} />
              <Stack direction="row" spacing={4} sx={{ mt: 2, pl: 1 }}>
                <Figure label="Missed" value={String(funnel.missed)} detail="due, never held" />
                <Figure
                  label="Grounded in recent evidence"
                  value={percent(funnel.evidenceGroundedRate)}
                  detail="of held sessions"
                />
                <Figure label="Reach" value={percent(funnel.reach)} detail={reachDetail(funnel)} />
              </Stack>
            </Grid>
            <Grid size={{ xs: 12, lg: 6 }}>
              <Typography variant="subtitle2" sx={{ mb: 1 }}>
                {trendInterval(window) === 'WEEK' ? 'Week by week' : 'Month by month'}
              </Typography>
              <TrendChart points={funnel.trend} interval={trendInterval(window)} />
            </Grid>
            {funnel.cohort && (
              <Grid size={12}>
                <Divider sx={{ mb: 2 }} />
                <CohortChart cohort={funnel.cohort} />
              </Grid>
            )}
          </Grid>
        )}
      </CardContent>
    </Card>
  );
}
