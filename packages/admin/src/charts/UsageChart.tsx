import { useTheme, type Palette } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatDate } from '../i18n/intl';
import { ChartTable } from './ChartTable';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One UTC day of an API client's use (`ApiClientUsageDay`). */
export interface UsageChartDay {
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  requests: number;
  rateLimited: number;
  errors: number;
}

export interface UsageChartProps {
  /** `ApiClient.usage`: one entry a day, oldest first. */
  days: UsageChartDay[];
  /** Pixel height (default 220). */
  height?: number;
}

/** The bar's parts, bottom to top, as the chart stacks them and the table lists them. */
const SERIES = [
  { key: 'answered', label: 'tl.charts.usage.answered', fill: (p: Palette) => p.primary.light },
  { key: 'errors', label: 'tl.charts.usage.errors', fill: (p: Palette) => p.warning.main },
  { key: 'rateLimited', label: 'tl.charts.usage.refused', fill: (p: Palette) => p.error.main },
] as const;

/** '2026-09-28' -> 'Sep 28': a UTC calendar day, no time zone applies. */
function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return formatDate(new Date(y, m - 1, d), { month: 'short', day: 'numeric' });
}

/**
 * An API client's requests day by day, one stacked bar a day: answered, answered with an error, and refused by its
 * hourly budget (429). The bar's height is all its requests that day.
 */
export function UsageChart({ days, height = 220 }: UsageChartProps) {
  const theme = useTheme();
  const translate = useTranslate();
  const data = days.map((d) => ({
    label: dayLabel(d.day),
    answered: Math.max(0, d.requests - d.errors - d.rateLimited),
    errors: d.errors,
    rateLimited: d.rateLimited,
  }));
  // The chart is drawn, not a tab stop (accessibilityLayer off); its numbers are in the table below it.
  return (
    <>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart accessibilityLayer={false} data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} width={48} tick={{ fontSize: 12 }} />
          <Tooltip labelFormatter={(label) => `${label} (UTC)`} />
          <Legend />
          {SERIES.map((series) => (
            <Bar
              key={series.key}
              dataKey={series.key}
              name={translate(series.label)}
              stackId="day"
              fill={series.fill(theme.palette)}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
      <ChartTable
        caption={translate('tl.charts.table.usage', { _: 'Requests by day (UTC)' })}
        columns={[translate('tl.charts.table.day', { _: 'Day' }), ...SERIES.map((series) => translate(series.label))]}
        rows={data.map((d) => [d.label, ...SERIES.map((series) => d[series.key])])}
      />
    </>
  );
}
