import { Box, Typography, useTheme } from '@mui/material';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { percent, rating, type FunnelPoint } from './types';

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-09-28' -> 'Sep 28' (a week) or 'Sep 2026' (a month); the day is a calendar day, no time zone applies. */
function periodLabel(day: string, interval: 'WEEK' | 'MONTH'): string {
  const [y, m, d] = day.split('-').map(Number);
  return interval === 'MONTH' ? `${MONTHS[m - 1]} ${y}` : `${MONTHS[m - 1]} ${d}`;
}

/**
 * Week by week (or month by month): sessions due and held as bars against the left axis, held rate and action
 * rate as lines on a 0-100% axis, and the mean rating on its own 1-4 axis. Periods with nothing due leave gaps in
 * the lines rather than dropping to zero, because a rate with nothing under it is unknown, not 0.
 */
export function TrendChart({ points, interval = 'WEEK', height = 280, showQuality = true }: TrendChartProps) {
  const theme = useTheme();
  if (!points.some((p) => p.due > 0)) {
    return (
      <Box sx={{ py: 4, textAlign: 'center' }}>
        <Typography color="text.secondary">No sessions came due in this window, so there is no trend yet.</Typography>
      </Box>
    );
  }
  const data = points.map((p) => ({ ...p, period: periodLabel(p.periodStart, interval) }));
  const format = (value: unknown, key: string) => {
    const v = typeof value === 'number' ? value : null;
    if (key === 'heldRate' || key === 'actionRate') return percent(v);
    if (key === 'quality') return rating(v);
    return v === null ? '—' : String(v);
  };
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="period" tick={{ fontSize: 12 }} />
        <YAxis
          yAxisId="count"
          allowDecimals={false}
          width={40}
          tick={{ fontSize: 12 }}
          label={{ value: 'sessions', angle: -90, position: 'insideLeft', fontSize: 12 }}
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
          labelFormatter={(label) => (interval === 'MONTH' ? label : `Week of ${label}`)}
        />
        <Legend />
        <Bar yAxisId="count" dataKey="due" name="Due" fill={theme.palette.grey[400]} isAnimationActive={false} />
        <Bar yAxisId="count" dataKey="held" name="Held" fill={theme.palette.primary.light} isAnimationActive={false} />
        <Line
          yAxisId="rate"
          dataKey="heldRate"
          name="Held rate"
          stroke={theme.palette.primary.dark}
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
        <Line
          yAxisId="rate"
          dataKey="actionRate"
          name="Action rate"
          stroke={theme.palette.success.main}
          strokeWidth={2}
          dot={{ r: 3 }}
          isAnimationActive={false}
        />
        {showQuality && (
          <Line
            yAxisId="quality"
            dataKey="quality"
            name="Quality (1-4)"
            stroke={theme.palette.secondary.main}
            strokeDasharray="5 3"
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          />
        )}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
