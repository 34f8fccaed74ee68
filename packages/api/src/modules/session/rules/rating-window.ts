import type { EntityManager } from 'typeorm';
import { MIN_RATERS_FOR_AGGREGATE } from '@throughline/shared';
import { DistrictSettingEntity } from '../../library/library.entity';
import type { SessionEntity } from '../session.entity';
import { isHeld } from './held';

/**
 * The rating window: the attendees of a held session may rate it (give a rating, or change one they gave) from the
 * moment it is held until its held time plus the district's `ratingWindowDays` (default 14). The window then
 * closes for good, and only then is the session's quality published (quality.ts): every rating that will ever count
 * is in before anyone sees a figure, so no published figure changes after it is first shown, and no "before/after"
 * pair of answers can isolate one late rating.
 *
 * The window is measured from `heldAt` (when it took place), not from the schedule. Closed means `now` is at or
 * past the closing instant.
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

/** The instant a held session's rating window closes. */
export function ratingClosesAt(heldAt: Date, settings: Pick<QualitySettings, 'ratingWindowDays'>): Date {
  return new Date(heldAt.getTime() + settings.ratingWindowDays * 86_400_000);
}

/** Whether the attendees of `s` may still rate it at `now`: held, and its window not yet closed. */
export function isRatingOpen(
  s: Pick<SessionEntity, 'status' | 'heldAt'>,
  settings: Pick<QualitySettings, 'ratingWindowDays'>,
  now: Date = new Date(),
): boolean {
  return isHeld(s) && s.heldAt !== null && now.getTime() < ratingClosesAt(s.heldAt, settings).getTime();
}

/** Whether the rating window of held session `s` has closed at `now` (the first half of "published"). */
export function isRatingClosed(
  s: Pick<SessionEntity, 'status' | 'heldAt'>,
  settings: Pick<QualitySettings, 'ratingWindowDays'>,
  now: Date = new Date(),
): boolean {
  return isHeld(s) && s.heldAt !== null && now.getTime() >= ratingClosesAt(s.heldAt, settings).getTime();
}

/** The closing instant in SQL, over session alias `s` and an integer expression for the window's days. */
export function ratingClosesAtSql(s: string, ratingWindowDays: string): string {
  return `(${s}.held_at + make_interval(days => ${ratingWindowDays}))`;
}

/** The window has closed, in SQL, against the database's clock. */
export function ratingClosedSql(s: string, ratingWindowDays: string): string {
  return `(${s}.status = 'HELD' AND ${s}.held_at IS NOT NULL AND now() >= ${ratingClosesAtSql(s, ratingWindowDays)})`;
}
