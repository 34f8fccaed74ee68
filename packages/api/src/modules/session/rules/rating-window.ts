import type { EntityManager } from 'typeorm';
import { MIN_RATERS_FOR_AGGREGATE } from '@throughline/shared';
import { DistrictSettingEntity } from '../../library/library.entity';
import type { SessionEntity } from '../session.entity';
import { isHeld } from './held';

/**
 * The rating window: the attendees of a held session may rate it (give a rating, or change one they gave) from the
 * moment it is held until its rating window closes. The window then closes for good, and only then is the
 * session's quality published (quality.ts): every rating that will ever count is in before anyone sees a figure, so
 * no published figure changes after it is first shown, and no "before/after" pair of answers can isolate one late
 * rating.
 *
 * **Fixed when the session is first held** (`ratingFactsWhenHeld`): the closing instant, its held time plus the
 * district's `ratingWindowDays` (default 14), and the district's `minRaters` then, are recorded on the session
 * (`rating_closes_at`, `min_raters`; a database trigger records them for a writer that leaves them out). Logging
 * the session again with another held time, or changing either setting later, never moves them: a published session
 * stays published with the same figures. Closed means `now` is at or past the recorded closing instant.
 */
export interface QualitySettings {
  /** The fewest distinct raters, other than the facilitator, behind any quality figure (3-20). */
  minRaters: number;
  /** Days after a session is held during which its attendees may rate it (1-60). */
  ratingWindowDays: number;
}

/** The column defaults of district_setting (migration 1764700000000), for a district whose row is missing. */
export const DEFAULT_QUALITY_SETTINGS: QualitySettings = { minRaters: MIN_RATERS_FOR_AGGREGATE, ratingWindowDays: 14 };

export async function qualitySettings(manager: EntityManager, districtId: string): Promise<QualitySettings> {
  const row = await manager.findOneBy(DistrictSettingEntity, { districtId });
  return row ? qualitySettingsOf(row) : DEFAULT_QUALITY_SETTINGS;
}

/** The settings of a row; the minimum never goes below MIN_RATERS_FOR_AGGREGATE (the column's check says so too). */
export function qualitySettingsOf(row: Pick<DistrictSettingEntity, 'minRaters' | 'ratingWindowDays'>): QualitySettings {
  return {
    minRaters: Math.max(MIN_RATERS_FOR_AGGREGATE, Number(row.minRaters)),
    ratingWindowDays: Number(row.ratingWindowDays),
  };
}

/** The instant a rating window opened at `heldAt` closes, under `settings`. */
export function ratingClosesAt(heldAt: Date, settings: Pick<QualitySettings, 'ratingWindowDays'>): Date {
  return new Date(heldAt.getTime() + settings.ratingWindowDays * 86_400_000);
}

/** What a session records about its rating when it is first held. */
export interface RatingFacts {
  ratingClosesAt: Date;
  minRaters: number;
}

/**
 * The rating facts to record when a session is first logged held at `heldAt`, under the district's settings now.
 * A session that has them (it was held before, and this corrects the log) keeps its own: they are never recomputed.
 */
export function ratingFactsWhenHeld(heldAt: Date, settings: QualitySettings): RatingFacts {
  return { ratingClosesAt: ratingClosesAt(heldAt, settings), minRaters: settings.minRaters };
}

/** Whether the attendees of `s` may still rate it at `now`: held, and its recorded window not yet closed. */
export function isRatingOpen(s: Pick<SessionEntity, 'status' | 'ratingClosesAt'>, now: Date = new Date()): boolean {
  return isHeld(s) && s.ratingClosesAt !== null && now.getTime() < s.ratingClosesAt.getTime();
}

/** The window is open, in SQL over session alias `s`, against the database's clock. */
export function ratingOpenSql(s: string): string {
  return `(${s}.status = 'HELD' AND ${s}.rating_closes_at IS NOT NULL AND now() < ${s}.rating_closes_at)`;
}

/** Whether the recorded rating window of held session `s` has closed at `now` (the first half of "published"). */
export function isRatingClosed(s: Pick<SessionEntity, 'status' | 'ratingClosesAt'>, now: Date = new Date()): boolean {
  return isHeld(s) && s.ratingClosesAt !== null && now.getTime() >= s.ratingClosesAt.getTime();
}

/** The window has closed, in SQL over session alias `s`, against the database's clock. */
export function ratingClosedSql(s: string): string {
  return `(${s}.status = 'HELD' AND ${s}.rating_closes_at IS NOT NULL AND now() >= ${s}.rating_closes_at)`;
}
