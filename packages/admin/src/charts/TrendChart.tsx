import { Box, Typography, useTheme } from '@mui/material';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslate } from 'react-admin';
import { formatDate, formatNumber } from '../i18n/intl';
import { percent, rating, type FunnelPoint } from './types';
import { ChartTable } from './ChartTable';

export interface TrendChartProps {
  /** `Funnel.trend`: one point per week (from Monday) or month, oldest first. */
  points: FunnelPoint[];
  /** How the API grouped the points (the `trend:` argument of `funnel`); only changes the axis labels. */
  interval?: 'WEEK' | 'MONTH';
  /** Pixel height (default 280). */
  height?: number;
  /** Draws the mean rating (1-4) on its own axis (default true). */
  showQuality?: boolean;
}

/** '2026-09-28' -> 'Sep 28' (a week) or 'Sep 2026' (a month); the day is a calendar day, no time zone applies. */
function periodLabel(day: string, interval: 'WEEK' | 'MONTH'): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  return interval === 'MONTH'
    ? formatDate(date, { month: 'short', year: 'numeric' })
    : formatDate(date, { month: 'short', day: 'numeric' });
}

/**
 * Week by week (or month by month): sessions due and held as bars against the left axis, held rate and action
 * rate as lines on a 0-100% axis, and the mean rating on its own 1-4 axis. Periods with nothing due leave gaps in
 * the lines rather than dropping to zero, because a rate with nothing under it is unknown, not 0.
 */
export function TrendChart({ points, interval = 'WEEK', height = 280, showQuality = true }: TrendChartProps) {
  const theme = useTheme();
  const translate = useTranslate();
  if (!points.some((p) => p.due > 0)) {
    return (
      <Box sx={{ py: 4, textAlign: 'center' }}>
        <Typography color="text.secondary">{translate('tl.charts.trend.empty')}</Typography>
      </Box>
    );
  }
  const data = points.map((p) => ({ ...p, period: periodLabel(p.periodStart, interval) }));
  const format = (value: unknown, key: string) => {
    const v = typeof value === 'number' ? value : null;
    if (key === 'heldRate' || key === 'actionRate') return percent(v);
    if (key === 'quality') return rating(v);
    return formatNumber(v);
  };
  const series = [
    ['due', translate('tl.charts.trend.due')],
    ['held', translate('tl.charts.trend.held')],
    ['heldRate', translate('tl.charts.trend.held_rate')],
    ['actionRate', translate('tl.charts.trend.action_rate')],
    ...(showQuality ? [['quality', translate('tl.charts.trend.quality')]] : []),
  ] as [keyof (typeof data)[number], string][];
  // The chart is drawn, not a tab stop (accessibilityLayer off); its numbers are in the table below it.
  return (
    <>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="period" tick={{ fontSize: 12 }} />
          <YAxis
            yAxisId="count"
            allowDecimals={false}
            width={40}
            tick={{ fontSize: 12 }}
            label={{ value: translate('tl.charts.trend.sessions'), angle: -90, position: 'insideLeft', fontSize: 12 }}
          />
          <YAxis
            yAxisId="rate"
            orientation="right"
            domain={[0, 1]}
            width={44}
            tickFormatter={(v: number) => percent(v)}
            tick={{ fontSize: 12 }}
          />
          {showQuality && (
            <YAxis
              yAxisId="quality"
              orientation="right"
              domain={[1, 4]}
              ticks={[1, 2, 3, 4]}
              width={28}
              tick={{ fontSize: 12, fill: theme.palette.secondary.main }}
            />
          )}
          <Tooltip
            formatter={(value, name, item) => [format(value, String(item.dataKey)), name]}
            labelFormatter={(label) =>
              interval === 'MONTH' ? label : translate('tl.charts.trend.week_of', { week: String(label) })
            }
          />
          <Legend />
          <Bar
            yAxisId="count"
            dataKey="due"
            name={translate('tl.charts.trend.due')}
            fill={theme.palette.grey[400]}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="count"
            dataKey="held"
            name={translate('tl.charts.trend.held')}
            fill={theme.palette.primary.light}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            dataKey="heldRate"
            name={translate('tl.charts.trend.held_rate')}
            stroke={theme.palette.primary.dark}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            dataKey="actionRate"
            name={translate('tl.charts.trend.action_rate')}
            stroke={theme.palette.success.main}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
          {showQuality && (
            <Line
              yAxisId="quality"
              dataKey="quality"
              name={translate('tl.charts.trend.quality')}
              stroke={theme.palette.secondary.main}
              strokeDasharray="5 3"
              strokeWidth={2}
              dot={{ r: 3 }}
              isAnimationActive={false}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
      <ChartTable
        caption={translate('tl.charts.table.trend', { _: 'Sessions and rates by period' })}
        columns={[translate('tl.charts.table.period', { _: 'Period' }), ...series.map(([, name]) => name)]}
        rows={data.map((p) => [String(p.period), ...series.map(([key]) => format(p[key], String(key)))])}
      />
    </>
  );
}
