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

function of(part: number, whole: number, noun: string): string {
  return `${part} of ${whole} ${noun}`;
}

/**
 * The chain "planned -> held -> good -> acted on -> practice changed" as rows. Quality has no count (a rating is
 * not a subset of held sessions), so each row after "planned" shows its own rate and the counts under it; the bars
 * are not a shrinking funnel of one population, and the chart says so by drawing each on its own 0-100% track.
 */
export function funnelStages(f: Funnel): FunnelStage[] {
  const t: Partial<FunnelThresholds> = f.thresholds ?? {};
  // actionRate = held sessions that produced an action / held: the count comes back exactly.
  const heldWithAction = f.actionRate === null ? 0 : Math.round(f.actionRate * f.held);
  return [
    {
      key: 'planned',
      label: 'Planned',
      headline: String(f.due),
      detail: f.cancelled
        ? `${f.due} due · ${f.cancelled} cancelled`
        : `${f.due} ${f.due === 1 ? 'session' : 'sessions'} due`,
      explain: 'Sessions scheduled in the window that have come due and were not cancelled.',
      fill: f.due > 0 ? 1 : 0,
      tone: f.due > 0 ? 'neutral' : 'empty',
    },
    {
      key: 'held',
      label: 'Held',
      headline: percent(f.heldRate),
      detail: f.due ? `${of(f.held, f.due, 'held')} · ${f.missed} missed` : 'nothing due yet',
      explain: 'Held rate: the due sessions that actually took place.',
      fill: f.heldRate ?? 0,
      tone: grade(f.heldRate, t.onTrackHeldRate, t.atRiskHeldRate),
      target: t.onTrackHeldRate,
    },
    {
      key: 'good',
      label: 'Good',
      headline: f.quality === null ? '—' : `${rating(f.quality)} / 4`,
      detail:
        f.quality === null
          ? `no session published yet (each needs ${t.minRaters ?? 3} raters and a closed rating window)`
          : `mean of ${of(f.qualitySessions ?? 0, f.held, 'held')} session means · ${f.qualityRaterCount} raters`,
      explain: `Quality: the mean of the session means (1-4) of held sessions whose rating window has closed with at least ${t.minRaters ?? 3} raters other than the facilitator; other sessions feed nothing.`,
      fill: f.quality === null ? 0 : f.quality / 4,
      tone: grade(f.quality, t.onTrackQuality, t.atRiskQuality),
      target: t.onTrackQuality === undefined ? undefined : t.onTrackQuality / 4,
    },
    {
      key: 'acted',
      label: 'Acted on',
      headline: percent(f.actionRate),
      detail: f.held ? `${of(heldWithAction, f.held, 'held')} led to actions` : 'no held sessions yet',
      explain: 'Action rate: held sessions that produced at least one action item.',
      fill: f.actionRate ?? 0,
      tone: grade(f.actionRate),
    },
    {
      key: 'followed',
      label: 'Followed through',
      headline: percent(f.followThrough),
      detail: f.actionsDue ? `${of(f.actionsDoneOnTime, f.actionsDue, 'due')} done on time` : 'no actions due yet',
      explain: 'Follow-through: actions due in the window that were done by their due date.',
      fill: f.followThrough ?? 0,
      tone: grade(f.followThrough, t.onTrackFollowThrough, t.atRiskFollowThrough),
      target: t.onTrackFollowThrough,
    },
    {
      key: 'changed',
      label: 'Practice changed',
      headline: percent(f.practiceChangeRate),
      detail: f.actionsDone
        ? `${of(f.actionsWithPracticeChange, f.actionsDone, 'done')} show change`
        : 'no actions done yet',
      explain: 'Practice-change rate: done actions with recorded evidence of changed practice.',
      fill: f.practiceChangeRate ?? 0,
      tone: grade(f.practiceChangeRate),
    },
  ];
}
