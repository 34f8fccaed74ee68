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
  /** Mean rating 1-4 on held sessions; null under three raters. */
  quality: number | null;
  qualityRaterCount: number;
  actionRate: number | null;
  actionsDue: number;
  actionsDone: number;
  actionsDoneOnTime: number;
  actionsWithPracticeChange: number;
  followThrough: number | null;
  practiceChangeRate: number | null;
  evidenceGroundedRate?: number | null;
  coverage?: number | null;
  /** Only for a strategy's funnel. */
  health?: StrategyHealth | null;
  thresholds?: FunnelThresholds;
  trend: FunnelPoint[];
}

/** The selection of `Funnel` that FunnelChart, TrendChart and HealthChip need: paste it into a query. */
export const FUNNEL_FIELDS = `due held missed cancelled heldRate quality qualityRaterCount actionRate actionsDue actionsDone
  actionsDoneOnTime actionsWithPracticeChange followThrough practiceChangeRate evidenceGroundedRate coverage health
  thresholds { onTrackHeldRate atRiskHeldRate onTrackQuality atRiskQuality onTrackFollowThrough atRiskFollowThrough recentEvidenceDays }
  trend { periodStart due held heldRate quality actionRate }`;

/** 0.6923 -> '69%'; null -> the dash used for "nothing to measure yet". */
export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}

/** Mean rating to one decimal: 3.42 -> '3.4'. */
export function rating(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(1);
}
