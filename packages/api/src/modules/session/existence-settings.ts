import type { EntityManager } from 'typeorm';
import { DistrictSettingEntity } from '../library/library.entity';

/**
 * The district settings the rules of whether a session happened read (rules/due.ts, cancelled.ts, held.ts). They
 * apply to every session of the district, past ones included: changing one is audited (districtSettings.update).
 */
export interface ExistenceSettings {
  /** Hours after a session's scheduled end before it is due: the time to log it (0-336). */
  logGraceHours: number;
  /** Hours before the scheduled start a cancellation must come to take the session out of the counts (0-336). */
  cancelNoticeHours: number;
  /** Share of the expected participants (above 0, up to 1) whose attendance makes a session held without its facilitator. */
  heldQuorum: number;
}

/** The column defaults of district_setting (migration 1764600000000), for a district whose row is missing. */
export const DEFAULT_EXISTENCE_SETTINGS: ExistenceSettings = {
  logGraceHours: 48,
  cancelNoticeHours: 24,
  heldQuorum: 0.5,
};

export async function existenceSettings(manager: EntityManager, districtId: string): Promise<ExistenceSettings> {
  const row = await manager.findOneBy(DistrictSettingEntity, { districtId });
  return row ? existenceSettingsOf(row) : DEFAULT_EXISTENCE_SETTINGS;
}

export function existenceSettingsOf(
  row: Pick<DistrictSettingEntity, 'logGraceHours' | 'cancelNoticeHours' | 'heldQuorum'>,
): ExistenceSettings {
  return {
    logGraceHours: Number(row.logGraceHours),
    cancelNoticeHours: Number(row.cancelNoticeHours),
    heldQuorum: Number(row.heldQuorum),
  };
}

/** What the time-based rules read besides a session's own facts: its conversation's usual length and the settings. */
export interface SessionClock {
  /** The conversation's usual duration: a session's scheduled end is its start plus this. */
  durationMinutes: number;
  logGraceHours: number;
  cancelNoticeHours: number;
}

/** The same as SQL expressions, for the rules' SQL fragments: the session's alias and three integer expressions. */
export interface SessionClockSql {
  s: string;
  durationMinutes: string;
  logGraceHours: string;
  cancelNoticeHours: string;
}

/**
 * The usual SQL clock: session `s` whose conversation's duration is `duration` (by default that of a joined
 * conversation `c`), the settings bound as the named parameters :logGraceHours and :cancelNoticeHours.
 */
export function clockSql(s = 's', duration = 'c.duration_minutes'): SessionClockSql {
  return {
    s,
    durationMinutes: duration,
    logGraceHours: 'CAST(:logGraceHours AS integer)',
    cancelNoticeHours: 'CAST(:cancelNoticeHours AS integer)',
  };
}

/** The named parameters clockSql() refers to. */
export function clockParams(settings: ExistenceSettings): { logGraceHours: number; cancelNoticeHours: number } {
  return { logGraceHours: settings.logGraceHours, cancelNoticeHours: settings.cancelNoticeHours };
}
