import type { EntityManager } from 'typeorm';
import { DistrictSettingEntity } from '../library/library.entity';

/** The district settings of follow-through and practice change, with the column defaults when the row is missing. */
export interface FollowThroughSettings {
  /** How many days after an action is marked done its completion day may be corrected (0-30). */
  completionCorrectionDays: number;
  /** How many days after corroboration a practice change may be confirmed as sustained (7-365). */
  sustainedAfterDays: number;
}

export const DEFAULT_FOLLOW_THROUGH_SETTINGS: FollowThroughSettings = {
  completionCorrectionDays: 7,
  sustainedAfterDays: 42,
};

export async function followThroughSettings(
  manager: EntityManager,
  districtId: string,
): Promise<FollowThroughSettings> {
  const row = await manager.findOneBy(DistrictSettingEntity, { districtId });
  return row
    ? { completionCorrectionDays: row.completionCorrectionDays, sustainedAfterDays: row.sustainedAfterDays }
    : DEFAULT_FOLLOW_THROUGH_SETTINGS;
}
