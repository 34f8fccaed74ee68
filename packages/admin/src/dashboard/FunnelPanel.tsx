import { Alert, Card, CardContent, Divider, Grid, Skeleton, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { FunnelExportButton } from '../charts/FunnelExportButton';
import { ChartSlot, CohortChart, FunnelChart, TrendChart } from '../charts/lazy';
import { percent, reachDetail, type Funnel } from '../charts/types';
import { messageOf } from '../common/apiFailure';
import { formatDay } from '../common/when';
import { formatNumber } from '../i18n/intl';
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
 * The chain every dashboard opens with, for its scope, over the chosen window: the funnel by stage, the
 * trend, the two rates that explain it (evidence-grounded, reach), and the cohort view that follows the window's due
 * sessions stage by stage. Every number is the API's; a rate with nothing under it reads "—".
 */
export function FunnelPanel({
  scopeLabel,
  phrase,
  window,
  funnel,
  error,
}: {
  scopeLabel: string;
  /** How the window reads after the scope's name. */
  phrase?: string;
  window: DayWindow | null;
  funnel: Funnel | undefined;
  error?: unknown;
}) {
  const translate = useTranslate();
  return (
    <Card>
      <CardContent>
        <Stack
          direction="row"
          sx={{ justifyContent: 'space-between', alignItems: 'flex-start', flexWrap: 'wrap', gap: 1 }}
        >
          <Typography variant="h6" component="h2">
            {translate('tl.dashboard.funnel.title')}
          </Typography>
          {funnel && window && <FunnelExportButton funnel={funnel} scope={scopeLabel} window={window} />}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {scopeLabel}, {phrase ?? translate('tl.dashboard.window.phrase.YEAR')}
          {window ? ` (${formatDay(window.from)} – ${formatDay(window.to)})` : ''}
        </Typography>
        {error ? (
          <Alert severity="error">{translate('tl.dashboard.funnel.failed', { reason: messageOf(error) })}</Alert>
        ) : !funnel || !window ? (
          <Skeleton variant="rectangular" height={360} />
        ) : (
          <Grid container spacing={3}>
            <Grid size={{ xs: 12, lg: 6 }}>
              <ChartSlot height={300}>
                <FunnelChart funnel={funnel} />
              </ChartSlot>
              <Stack direction="row" spacing={{ xs: 2, sm: 4 }} sx={{ mt: 2, pl: 1, flexWrap: 'wrap' }} useFlexGap>
                <Figure
                  label={translate('tl.dashboard.funnel.missed')}
                  value={formatNumber(funnel.missed)}
                  detail={translate('tl.dashboard.funnel.missed_detail')}
                />
                <Figure
                  label={translate('tl.dashboard.funnel.grounded')}
                  value={percent(funnel.evidenceGroundedRate)}
                  detail={translate('tl.dashboard.funnel.grounded_detail')}
                />
                <Figure
                  label={translate('tl.dashboard.funnel.reach')}
                  value={percent(funnel.reach)}
                  detail={reachDetail(funnel)}
                />
              </Stack>
            </Grid>
            <Grid size={{ xs: 12, lg: 6 }}>
              <Typography variant="subtitle2" sx={{ mb: 1 }}>
                {translate(
                  trendInterval(window) === 'WEEK' ? 'tl.dashboard.funnel.weekly' : 'tl.dashboard.funnel.monthly',
                )}
              </Typography>
              <ChartSlot height={260}>
                <TrendChart points={funnel.trend} interval={trendInterval(window)} />
              </ChartSlot>
            </Grid>
            {funnel.cohort && (
              <Grid size={12}>
                <Divider sx={{ mb: 2 }} />
                <ChartSlot height={200}>
                  <CohortChart cohort={funnel.cohort} />
                </ChartSlot>
              </Grid>
            )}
          </Grid>
        )}
      </CardContent>
    </Card>
  );
}
