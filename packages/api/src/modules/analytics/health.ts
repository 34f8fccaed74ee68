import { StrategyHealth } from '@throughline/shared';
import type { FunnelThresholds } from './funnel.type';
import type { DateWindowInput } from './funnel.input';

export interface HealthInputs {
  heldRate: number | null;
  quality: number | null;
  followThrough: number | null;
}

/**
 * Grades the measured rates against the district's thresholds: below an at-risk threshold is off track, below an
 * on-track one at risk. A rate that could not be measured (null) neither helps nor hurts; none measured at all is
 * not enough data.
 */
export function gradeHealth(rates: HealthInputs, t: FunnelThresholds): StrategyHealth {
  const measured = [
    { value: rates.heldRate, onTrack: t.onTrackHeldRate, atRisk: t.atRiskHeldRate },
    { value: rates.quality, onTrack: t.onTrackQuality, atRisk: t.atRiskQuality },
    { value: rates.followThrough, onTrack: t.onTrackFollowThrough, atRisk: t.atRiskFollowThrough },
  ].filter((m): m is { value: number; onTrack: number; atRisk: number } => m.value !== null);
  if (measured.length === 0) return StrategyHealth.NOT_ENOUGH_DATA;
  if (measured.some((m) => m.value < m.atRisk)) return StrategyHealth.OFF_TRACK;
  if (measured.some((m) => m.value < m.onTrack)) return StrategyHealth.AT_RISK;
  return StrategyHealth.ON_TRACK;
}

/**
 * The part of a window inside a strategy's own dates (`startsOn` to `endsOn`, both included; no end: open), or null
 * when they do not overlap. Dates are 'YYYY-MM-DD' strings, compared as such.
 */
export function clipToStrategy(
  window: DateWindowInput,
  strategy: { startsOn: string; endsOn: string | null },
): DateWindowInput | null {
  const from = window.from > strategy.startsOn ? window.from : strategy.startsOn;
  const to = strategy.endsOn !== null && strategy.endsOn < window.to ? strategy.endsOn : window.to;
  return from <= to ? { from, to } : null;
}
