import { Box, Paper, Typography, useTheme } from '@mui/material';
import { Bar, BarChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { funnelStages, type FunnelStage, type StageTone } from './funnelStages';
import { useTranslate } from 'react-admin';
import type { Funnel } from './types';
import { ChartTable } from './ChartTable';

export interface FunnelChartProps {
  /** The funnel of any scope (district, school, strategy, conversation, type, person), as the API returns it. */
  funnel: Funnel;
  /** Pixel height of one stage row (default 56); the chart is six rows tall. */
  rowHeight?: number;
  /** Draws the district's "on track" mark on the rows that have a threshold (default true). */
  showTargets?: boolean;
}

const LABEL_WIDTH = 190;

/**
 * SVG text does not wrap: a line longer than the label column is cut with an ellipsis (estimated at 0.56 em a
 * character) so it never runs into the bar; the whole text is in the tooltip and the table below the chart.
 */
function ellipsize(text: string, px: number, fontSize: number): string {
  const chars = Math.floor(px / (fontSize * 0.56));
  return text.length <= chars ? text : `${text.slice(0, Math.max(chars - 1, 1)).trimEnd()}…`;
}
const HEADLINE_WIDTH = 76;

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { index: number };
}

/**
 * Planned -> held -> good -> acted on -> followed through -> practice changed, one row per stage. Each row is its own
 * 0-100% track (quality on 1-4 is drawn as a share of 4) because the stages measure different things; the bar is
 * coloured against the district's thresholds where it sets them, and a dashed mark shows where "on track" begins.
 */
export function FunnelChart({ funnel, rowHeight = 56, showTargets = true }: FunnelChartProps) {
  const theme = useTheme();
  const translate = useTranslate();
  const stages = funnelStages(funnel);
  const tones: Record<StageTone, string> = {
    good: theme.palette.success.main,
    warn: theme.palette.warning.main,
    bad: theme.palette.error.main,
    neutral: theme.palette.primary.main,
    empty: theme.palette.grey[400],
  };
  const stageAt = (p: TickProps) => stages[p.payload?.index ?? 0];

  const StageLabel = (p: TickProps) => {
    const s = stageAt(p);
    return (
      <g transform={`translate(${Number(p.x) - LABEL_WIDTH + 8},${Number(p.y)})`}>
        <text dy={-3} fontSize={14} fontWeight={600} fill={theme.palette.text.primary}>
          {s.label}
        </text>
        <text dy={14} fontSize={12} fill={theme.palette.text.secondary}>
          {ellipsize(s.detail, LABEL_WIDTH - 16, 12)}
        </text>
      </g>
    );
  };

  const Headline = (p: TickProps) => {
    const s = stageAt(p);
    return (
      <text
        x={Number(p.x) + 8}
        y={Number(p.y)}
        dy={5}
        fontSize={16}
        fontWeight={700}
        fill={s.tone === 'empty' ? theme.palette.text.disabled : theme.palette.text.primary}
      >
        {s.headline}
      </text>
    );
  };

  const StageBar = (p: BarShapeProps) => {
    const s = p.payload as FunnelStage;
    const track = p.background;
    return (
      <g>
        {p.width > 0 && <rect x={p.x} y={p.y} width={p.width} height={p.height} rx={4} fill={tones[s.tone]} />}
        {showTargets && s.target !== undefined && track && track.x !== null && track.y !== null && (
          <line
            x1={track.x + track.width * s.target}
            x2={track.x + track.width * s.target}
            y1={track.y - 3}
            y2={track.y + track.height + 3}
            stroke={theme.palette.text.primary}
            strokeDasharray="3 2"
            strokeWidth={1.5}
          />
        )}
      </g>
    );
  };

  const summary = stages.map((s) => `${s.label}: ${s.headline} (${s.detail})`).join('; ');
  // The drawing is one image with the whole funnel in its name (not a tab stop); the table below gives the numbers.
  return (
    <>
      <Box role="img" aria-label={translate('tl.charts.funnel.summary', { summary })}>
        <ResponsiveContainer width="100%" height={rowHeight * stages.length + 16}>
          <BarChart
            accessibilityLayer={false}
            data={stages}
            layout="vertical"
            margin={{ top: 8, right: 8, bottom: 8, left: 0 }}
            barSize={22}
          >
            <XAxis type="number" domain={[0, 1]} hide />
            <YAxis
              yAxisId="label"
              type="category"
              dataKey="key"
              width={LABEL_WIDTH}
              tickLine={false}
              axisLine={false}
              tick={StageLabel}
            />
            <YAxis
              yAxisId="headline"
              orientation="right"
              type="category"
              dataKey="key"
              width={HEADLINE_WIDTH}
              tickLine={false}
              axisLine={false}
              tick={Headline}
            />
            <Tooltip cursor={false} content={<StageTooltip stages={stages} />} />
            <Bar
              yAxisId="label"
              dataKey="fill"
              isAnimationActive={false}
              background={{ fill: theme.palette.action.hover, radius: 4 }}
              shape={StageBar}
            />
          </BarChart>
        </ResponsiveContainer>
        {showTargets && (
          <Typography variant="caption" color="text.secondary" sx={{ display: 'block', pl: 1 }}>
            {translate('tl.charts.funnel.targets')}
          </Typography>
        )}
      </Box>
      <ChartTable
        caption={translate('tl.charts.table.funnel', { _: 'The funnel, stage by stage' })}
        columns={[
          translate('tl.charts.table.stage', { _: 'Stage' }),
          translate('tl.charts.table.value', { _: 'Value' }),
          translate('tl.charts.table.detail', { _: 'Detail' }),
        ]}
        rows={stages.map((st) => [st.label, st.headline, st.detail])}
      />
    </>
  );
}

interface StageTooltipProps {
  stages: FunnelStage[];
  active?: boolean;
  label?: string | number;
}

/** What a stage measures, in a sentence: the bars alone do not say it. */
function StageTooltip({ stages, active, label }: StageTooltipProps) {
  const s = stages.find((x) => x.key === label);
  if (!active || !s) return null;
  return (
    <Paper sx={{ p: 1, maxWidth: 280 }} elevation={3}>
      <Typography variant="subtitle2">
        {s.label}: {s.headline}
      </Typography>
      <Typography variant="body2">{s.explain}</Typography>
      <Typography variant="caption" color="text.secondary">
        {s.detail}
      </Typography>
    </Paper>
  );
}
