import { formatNumber, formatPercent } from '../i18n/intl';
import { t } from '../i18n/translate';

/**
 * The funnel as the API returns it (`Funnel`, `FunnelPoint`, `FunnelThresholds` in schema.graphql), for the charts
 * and for any screen that queries a funnel. A rate with nothing under it is null, never 0.
 */

export type StrategyHealth = 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NOT_ENOUGH_DATA';

export interface FunnelThresholds {
  onTrackHeldRate: number;
  atRiskHeldRate: number;
  onTrackQuality: number;
  atRiskQuality: number;
  onTrackFollowThrough: number;
  atRiskFollowThrough: number;
  recentEvidenceDays?: number;
  /** Fewest raters (the facilitator left out) behind a published session quality. */
  minRaters?: number;
  ratingWindowDays?: number;
}

/** The stages of the cohort funnel, in order: each a subset of the one before. */
export type CohortStageName =
  'DUE' | 'HELD' | 'GOOD' | 'ACTED_ON' | 'FOLLOWED_THROUGH' | 'CHANGE_CORROBORATED' | 'CHANGE_SUSTAINED';

export interface CohortStage {
  stage: CohortStageName;
  /** Sessions of the window's due ones that reached this stage (and every earlier one). */
  sessions: number;
  /** sessions / the previous stage's; null for DUE or when that is 0. */
  rateOfPrevious: number | null;
  /** sessions / DUE; null when nothing is due. */
  rateOfDue: number | null;
}

/** `Funnel.cohort`: one population (the window's due sessions) followed from held to sustained practice change. */
export interface CohortFunnel {
  stages: CohortStage[];
  /** Held sessions whose quality is not published yet (rating window open, or too few raters): they cannot be GOOD. */
  qualityUnknown: number;
}

/** One week or month of the funnel, by the day sessions were scheduled. */
export interface FunnelPoint {
  /** First day of the week (Monday) or month, 'YYYY-MM-DD'. */
  periodStart: string;
  due: number;
  held: number;
  heldRate: number | null;
  quality: number | null;
  actionRate: number | null;
}

export interface Funnel {
  due: number;
  held: number;
  missed: number;
  cancelled: number;
  heldRate: number | null;
  /**
   * Mean of the session means (1-4) of held sessions whose quality is published (rating window closed, at least
   * minRaters raters); null when none is.
   */
  quality: number | null;
  /** Raters behind quality; null when quality is (never below minRaters). */
  qualityRaterCount: number | null;
  /** Published sessions behind quality. */
  qualitySessions?: number;
  actionRate: number | null;
  actionsDue: number;
  actionsDone: number;
  actionsDoneOnTime: number;
  actionsWithPracticeChange: number;
  followThrough: number | null;
  practiceChangeRate: number | null;
  evidenceGroundedRate?: number | null;
  /** People recorded as expected at the window's due sessions (the facilitator and guests are not invited). */
  invited?: number;
  /** Of the invited, those who attended at least one held session of the window. */
  reached?: number;
  /** reached / invited; null when nobody was invited. */
  reach?: number | null;
  /** The window's due sessions followed stage by stage (select it with COHORT_FIELDS). */
  cohort?: CohortFunnel;
  /** Only for a strategy's funnel. */
  health?: StrategyHealth | null;
  /** The days a strategy's health was graded over (the window clipped to its dates); null when they do not overlap. */
  healthWindow?: { from: string; to: string } | null;
  /** Due sessions of a strategy's funnel the reader may not open: counted here only, in no other figure. */
  sessionsOutsideView?: number;
  thresholds?: FunnelThresholds;
  trend: FunnelPoint[];
}

/** The selection of `Funnel` that FunnelChart, TrendChart and HealthChip need: paste it into a query. */
export const FUNNEL_FIELDS = `due held missed cancelled heldRate quality qualityRaterCount qualitySessions actionRate actionsDue actionsDone
  actionsDoneOnTime actionsWithPracticeChange followThrough practiceChangeRate evidenceGroundedRate invited reached reach health
  thresholds { onTrackHeldRate atRiskHeldRate onTrackQuality atRiskQuality onTrackFollowThrough atRiskFollowThrough recentEvidenceDays minRaters ratingWindowDays }
  trend { periodStart due held heldRate quality actionRate }`;

/** The selection of `Funnel.cohort` that CohortChart needs. */
export const COHORT_FIELDS = `cohort { qualityUnknown stages { stage sessions rateOfPrevious rateOfDue } }`;

/** 0.6923 -> '69%' (in the current language's way); null -> the dash used for "nothing to measure yet". */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : formatPercent(rate);
}

/** Reach in words: '4 of 5 invited took part'; when nobody was invited to a due session, says so. */
export function reachDetail(f: Pick<Funnel, 'invited' | 'reached'>): string {
  if (!f.invited) return t('tl.charts.reach.nobody');
  return t('tl.charts.reach.detail', { reached: f.reached ?? 0, smart_count: f.invited });
}

/** Mean rating to one decimal: 3.42 -> '3.4'. */
export function rating(value: number | null | undefined): string {
  return value === null || value === undefined
    ? '—'
    : formatNumber(value, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}
