import { t } from '../i18n/translate';
import { formatNumber } from '../i18n/intl';
import { percent, rating, type Funnel, type FunnelThresholds } from './types';

/** How a stage compares with the district's thresholds; 'neutral' when the district sets none for it. */
export type StageTone = 'good' | 'warn' | 'bad' | 'neutral' | 'empty';

/** One row of the funnel chart. */
export interface FunnelStage {
  key: 'planned' | 'held' | 'good' | 'acted' | 'followed' | 'changed';
  label: string;
  /** The big number at the end of the row: a count, a rate or a rating. */
  headline: string;
  /** The counts behind the headline, in a few words. */
  detail: string;
  /** What the stage measures, for the tooltip. */
  explain: string;
  /** Bar length, 0..1 of the row; 0 when there is nothing to measure. */
  fill: number;
  tone: StageTone;
  /** Where "on track" starts on this row (0..1), when the district sets a threshold for it. */
  target?: number;
}

function grade(value: number | null, onTrack?: number, atRisk?: number): StageTone {
  if (value === null) return 'empty';
  if (onTrack === undefined || atRisk === undefined) return 'neutral';
  if (value >= onTrack) return 'good';
  if (value >= atRisk) return 'warn';
  return 'bad';
}

/**
 * The chain "planned -> held -> good -> acted on -> practice changed" as rows. Quality has no count (a rating is
 * not a subset of held sessions), so each row after "planned" shows its own rate and the counts under it; the bars
 * are not a shrinking funnel of one population, and the chart says so by drawing each on its own 0-100% track.
 */
export function funnelStages(f: Funnel): FunnelStage[] {
  const th: Partial<FunnelThresholds> = f.thresholds ?? {};
  // actionRate = held sessions that produced an action / held: the count comes back exactly.
  const heldWithAction = f.actionRate === null ? 0 : Math.round(f.actionRate * f.held);
  return [
    {
      key: 'planned',
      label: t('tl.charts.stages.planned.label'),
      headline: formatNumber(f.due),
      detail: f.cancelled
        ? t('tl.charts.stages.planned.detail_cancelled', { due: f.due, cancelled: f.cancelled })
        : t('tl.charts.stages.planned.detail', { smart_count: f.due }),
      explain: t('tl.charts.stages.planned.explain'),
      fill: f.due > 0 ? 1 : 0,
      tone: f.due > 0 ? 'neutral' : 'empty',
    },
    {
      key: 'held',
      label: t('tl.charts.stages.held.label'),
      headline: percent(f.heldRate),
      detail: f.due
        ? t('tl.charts.stages.held.detail', { held: f.held, due: f.due, missed: f.missed })
        : t('tl.charts.stages.held.empty'),
      explain: t('tl.charts.stages.held.explain'),
      fill: f.heldRate ?? 0,
      tone: grade(f.heldRate, th.onTrackHeldRate, th.atRiskHeldRate),
      target: th.onTrackHeldRate,
    },
    {
      key: 'good',
      label: t('tl.charts.stages.good.label'),
      headline: f.quality === null ? '—' : `${rating(f.quality)} / 4`,
      detail:
        f.quality === null
          ? t('tl.charts.stages.good.empty', { raters: th.minRaters ?? 3 })
          : t('tl.charts.stages.good.detail', {
              sessions: f.qualitySessions ?? 0,
              held: f.held,
              raters: f.qualityRaterCount,
            }),
      explain: t('tl.charts.stages.good.explain', { raters: th.minRaters ?? 3 }),
      fill: f.quality === null ? 0 : f.quality / 4,
      tone: grade(f.quality, th.onTrackQuality, th.atRiskQuality),
      target: th.onTrackQuality === undefined ? undefined : th.onTrackQuality / 4,
    },
    {
      key: 'acted',
      label: t('tl.charts.stages.acted.label'),
      headline: percent(f.actionRate),
      detail: f.held
        ? t('tl.charts.stages.acted.detail', { acted: heldWithAction, held: f.held })
        : t('tl.charts.stages.acted.empty'),
      explain: t('tl.charts.stages.acted.explain'),
      fill: f.actionRate ?? 0,
      tone: grade(f.actionRate),
    },
    {
      key: 'followed',
      label: t('tl.charts.stages.followed.label'),
      headline: percent(f.followThrough),
      detail: f.actionsDue
        ? t('tl.charts.stages.followed.detail', { on_time: f.actionsDoneOnTime, due: f.actionsDue })
        : t('tl.charts.stages.followed.empty'),
      explain: t('tl.charts.stages.followed.explain'),
      fill: f.followThrough ?? 0,
      tone: grade(f.followThrough, th.onTrackFollowThrough, th.atRiskFollowThrough),
      target: th.onTrackFollowThrough,
    },
    {
      key: 'changed',
      label: t('tl.charts.stages.changed.label'),
      headline: percent(f.practiceChangeRate),
      detail: f.actionsDone
        ? t('tl.charts.stages.changed.detail', { changed: f.actionsWithPracticeChange, done: f.actionsDone })
        : t('tl.charts.stages.changed.empty'),
      explain: t('tl.charts.stages.changed.explain'),
      fill: f.practiceChangeRate ?? 0,
      tone: grade(f.practiceChangeRate),
    },
  ];
}
