import { Alert, Box, CircularProgress, Divider, Grid, Stack, Typography } from '@mui/material';
import { keepPreviousData } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ChartSlot, CohortChart, FunnelChart, TrendChart } from '../../charts/lazy';
import { HealthChip } from '../../charts/HealthChip';
import { COHORT_FIELDS, FUNNEL_FIELDS, percent, reachDetail, type Funnel } from '../../charts/types';
import { districtToday, formatDay, formatWhen } from '../../common/when';
import { messageOf } from '../../common/apiFailure';
import { FunnelWindow, type DateWindow } from './FunnelWindow';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useTranslate } from 'react-admin';
import { t } from '../../i18n/translate';

/** The API takes windows of at most 400 days. */
const MAX_DAYS = 400;

const QUERY = `query StrategyFunnel($id: ID!, $window: DateWindowInput!, $trend: TrendInterval) {
  strategy(id: $id) {
    id
    funnel(window: $window, trend: $trend) {
      ${FUNNEL_FIELDS}
      ${COHORT_FIELDS}
      healthWindow { from to }
      sessionsOutsideView
      missedSessions { id scheduledAt conversation { title } }
    }
  }
}`;

type FunnelWithMissed = Funnel & {
  missedSessions: { id: string; scheduledAt: string; conversation: { title: string } | null }[];
};

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The default window runs from the strategy's start to today; a strategy that has not started yet, or started more
 * than the API's 400-day limit ago, gets the last 90 days instead.
 */
export function defaultWindow(startsOn: string): DateWindow {
  const today = districtToday();
  const sinceStart = startsOn <= today && daysBetween(startsOn, today) < MAX_DAYS;
  return { from: sinceStart ? startsOn : districtToday(-90), to: today };
}

/**
 * Which days the health chip speaks for, when not the window's: health is graded over the window clipped to the
 * strategy's own dates (`healthWindow`), and not at all when they do not overlap. Null when it is the whole window.
 */
export function healthWindowNote(funnel: Funnel, window: DateWindow): string | null {
  if (!funnel.health || funnel.healthWindow === undefined) return null;
  const hw = funnel.healthWindow;
  if (hw === null) return t('tl.strategies.funnel.not_graded');
  if (hw.from === window.from && hw.to === window.to) return null;
  return t('tl.strategies.funnel.graded_over', { from: formatDay(hw.from), to: formatDay(hw.to) });
}

/** Planned -> held -> good -> acted on -> practice changed for this strategy, with its health and trend. */
export function StrategyFunnel({ strategyId, startsOn }: { strategyId: string; startsOn: string }) {
  const initial = useMemo(() => defaultWindow(startsOn), [startsOn]);
  const [window, setWindow] = useState<DateWindow>(initial);
  const [trend, setTrend] = useState<'WEEK' | 'MONTH'>('WEEK');
  const translate = useTranslate();
  const invalid =
    window.from > window.to
      ? translate('tl.strategies.funnel.backwards')
      : daysBetween(window.from, window.to) >= MAX_DAYS
        ? translate('tl.strategies.funnel.too_long', { days: MAX_DAYS })
        : null;
  const { data, error, isPending, isFetching, isPlaceholderData } = useGraphqlQuery<{
    strategy: { funnel: FunnelWithMissed } | null;
  }>(
    ['strategyFunnel', strategyId],
    QUERY,
    { id: strategyId, window, trend },
    { enabled: !invalid, placeholderData: keepPreviousData },
  );
  const presets = [
    { label: translate('tl.strategies.funnel.since_start'), window: initial },
    {
      label: translate('tl.strategies.funnel.last_days', { days: 30 }),
      window: { from: districtToday(-30), to: districtToday() },
    },
    {
      label: translate('tl.strategies.funnel.last_days', { days: 90 }),
      window: { from: districtToday(-90), to: districtToday() },
    },
  ];
  const funnel = data?.strategy?.funnel;
  // While another window loads, the answer on screen is still the previous window's.
  const healthNote = funnel && !isPlaceholderData ? healthWindowNote(funnel, window) : null;
  const outside = funnel?.sessionsOutsideView ?? 0;
  return (
    <Box>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <FunnelWindow
          value={window}
          onChange={setWindow}
          trend={trend}
          onTrendChange={setTrend}
          presets={presets}
          error={invalid}
        />
        {funnel && <HealthChip health={funnel.health} />}
        {healthNote && (
          <Typography variant="body2" color="text.secondary">
            {healthNote}
          </Typography>
        )}
        {isFetching && <CircularProgress size={20} />}
      </Stack>
      {error && <Alert severity="error">{messageOf(error)}</Alert>}
      {outside > 0 && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('tl.strategies.funnel.outside', { smart_count: outside })}
        </Alert>
      )}
      {isPending && !invalid && !error && <CircularProgress size={24} />}
      {funnel && (
        <Grid container spacing={3}>
          <Grid size={{ xs: 12, lg: 6 }}>
            <ChartSlot height={300}>
              <FunnelChart funnel={funnel} />
            </ChartSlot>
            {funnel.invited !== undefined && (
              <Typography variant="body2" color="text.secondary" sx={{ mt: 1, pl: 1 }}>
                {translate('tl.strategies.funnel.reach', {
                  detail: `${funnel.invited ? `${percent(funnel.reach)}, ` : ''}${reachDetail(funnel)}`,
                })}
              </Typography>
            )}
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <ChartSlot height={260}>
              <TrendChart points={funnel.trend} interval={trend} />
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
          {funnel.missedSessions.length > 0 && (
            <Grid size={12}>
              <Typography variant="subtitle2">
                {translate('tl.strategies.funnel.missed', { count: funnel.missed })}
              </Typography>
              {funnel.missedSessions.slice(0, 5).map((s) => (
                <Typography key={s.id} variant="body2" color="text.secondary">
                  {formatWhen(s.scheduledAt)} —{' '}
                  {s.conversation?.title ?? translate('tl.strategies.funnel.hidden_conversation')}
                </Typography>
              ))}
              {funnel.missedSessions.length > 5 && (
                <Typography variant="body2" color="text.secondary">
                  {translate('tl.strategies.funnel.more', { count: funnel.missedSessions.length - 5 })}
                </Typography>
              )}
            </Grid>
          )}
        </Grid>
      )}
    </Box>
  );
}
