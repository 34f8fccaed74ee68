import { Permission } from '@throughline/shared';
import { DistrictSettingEntity } from './library.entity';
import { DistrictSettings } from './district-settings.type';
import type { DistrictSettingsUpdateInput } from './district-settings.input';
import { managedDistrict, readerDistrict } from './library-access';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ConflictError, found, InputChecker } from '../../graphql/errors';
import { changedFields, recordAudit } from '../audit/audit.service';

type Threshold =
  | 'onTrackHeldRate'
  | 'atRiskHeldRate'
  | 'onTrackQuality'
  | 'atRiskQuality'
  | 'onTrackFollowThrough'
  | 'atRiskFollowThrough';
/** The settings that are whole numbers (days, hours, people), each with its range and unit. */
const WHOLE = {
  recentEvidenceDays: { min: 1, max: 365, unit: 'days' },
  logGraceHours: { min: 0, max: 336, unit: 'hours' },
  cancelNoticeHours: { min: 0, max: 336, unit: 'hours' },
  minRaters: { min: 3, max: 20, unit: 'raters' },
  ratingWindowDays: { min: 1, max: 60, unit: 'days' },
  completionCorrectionDays: { min: 0, max: 30, unit: 'days' },
  sustainedAfterDays: { min: 7, max: 365, unit: 'days' },
} as const;
type Whole = keyof typeof WHOLE;
type Patch = Partial<Record<Threshold | Whole | 'heldQuorum', number>>;

interface Scale {
  min: number;
  max: number;
  /** The column's precision: numeric(4,3) for shares, numeric(3,2) for ratings. */
  decimals: number;
  range: string;
}
const SHARE: Scale = { min: 0, max: 1, decimals: 3, range: 'A share from 0 to 1' };
const RATING: Scale = { min: 1, max: 4, decimals: 2, range: 'A rating from 1 to 4' };

/** Each on-track threshold and the at-risk one that must not exceed it. */
const PAIRS: { onTrack: Threshold; atRisk: Threshold; scale: Scale }[] = [
  { onTrack: 'onTrackHeldRate', atRisk: 'atRiskHeldRate', scale: SHARE },
  { onTrack: 'onTrackQuality', atRisk: 'atRiskQuality', scale: RATING },
  { onTrack: 'onTrackFollowThrough', atRisk: 'atRiskFollowThrough', scale: SHARE },
];
/** A threshold rounded to its column's precision; undefined when not given or refused (the checker says which). */
function threshold(
  c: InputChecker,
  field: Threshold,
  value: number | null | undefined,
  scale: Scale,
): number | undefined {
  if (value === undefined) return undefined;
  if (value === null) c.add(field, 'Cannot be cleared');
  else if (!Number.isFinite(value) || value < scale.min || value > scale.max) c.add(field, scale.range);
  else return Math.round(value * 10 ** scale.decimals) / 10 ** scale.decimals;
  return undefined;
}

/** Checks the input against the stored settings and returns the patch; every problem is named at once. */
function checkPatch(input: DistrictSettingsUpdateInput, current: DistrictSettingEntity): Patch {
  const c = new InputChecker();
  const patch: Patch = {};
  for (const [field, { min, max, unit }] of Object.entries(WHOLE) as [Whole, (typeof WHOLE)[Whole]][]) {
    const value = input[field];
    if (value === null) c.add(field, 'Cannot be cleared');
    else if (value !== undefined && (!Number.isInteger(value) || value < min || value > max))
      c.add(field, `A whole number of ${unit} from ${min} to ${max}`);
    else patch[field] = value;
  }
  const quorum = input.heldQuorum;
  const rounded = typeof quorum === 'number' ? Math.round(quorum * 1000) / 1000 : quorum;
  if (rounded === null) c.add('heldQuorum', 'Cannot be cleared');
  else if (rounded !== undefined && (!Number.isFinite(rounded) || rounded <= 0 || rounded > 1))
    c.add('heldQuorum', 'A share above 0, up to 1');
  else patch.heldQuorum = rounded;
  for (const pair of PAIRS) {
    const onTrack = threshold(c, pair.onTrack, input[pair.onTrack], pair.scale);
    const atRisk = threshold(c, pair.atRisk, input[pair.atRisk], pair.scale);
    patch[pair.onTrack] = onTrack;
    patch[pair.atRisk] = atRisk;
    const refused = (given: unknown, checked: number | undefined) => given !== undefined && checked === undefined;
    if (onTrack === undefined && atRisk === undefined) continue;
    if (refused(input[pair.onTrack], onTrack) || refused(input[pair.atRisk], atRisk)) continue;
    // The pair is compared as it will be stored: the new value where given, else the current one.
    if ((atRisk ?? Number(current[pair.atRisk])) > (onTrack ?? Number(current[pair.onTrack]))) {
      if (atRisk !== undefined) c.add(pair.atRisk, `Must not be above ${pair.onTrack}`);
      if (onTrack !== undefined) c.add(pair.onTrack, `Must not be below ${pair.atRisk}`);
    }
  }
  c.throwIfAny();
  return patch;
}

export class DistrictSettingsService {
  async get(ctx: RequestContext): Promise<DistrictSettings> {
    return DistrictSettings.from(await this.current(ctx, readerDistrict(ctx)));
  }

  /** District admins tune the thresholds and the session rules' settings; a stale version is a CONFLICT. */
  async update(ctx: RequestContext, input: DistrictSettingsUpdateInput): Promise<DistrictSettings> {
    const districtId = managedDistrict(ctx, Permission.DISTRICT_SETTINGS_MANAGE);
    const current = await this.current(ctx, districtId);
    const patch = checkPatch(input, current);
    if (current.version !== input.version) throw new ConflictError('DistrictSettings');
    const manager = await managerOf(ctx);
    const values = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const result = await manager
      .createQueryBuilder()
      .update(DistrictSettingEntity)
      .set({ ...values, version: () => 'version + 1', updatedAt: () => 'now()' } as never)
      .where('district_id = :districtId AND version = :version', { districtId, version: input.version })
      .execute();
    if (!result.affected) throw new ConflictError('DistrictSettings');
    await recordAudit(ctx, {
      action: 'districtSettings.update',
      entityType: 'DistrictSettings',
      entityId: districtId,
      fields: changedFields(patch),
    });
    return DistrictSettings.from(await this.current(ctx, districtId));
  }

  private async current(ctx: RequestContext, districtId: string): Promise<DistrictSettingEntity> {
    // Every district gets its row when it is created.
    return found(await (await managerOf(ctx)).findOneBy(DistrictSettingEntity, { districtId }), 'DistrictSettings');
  }
}

export const districtSettingsService = new DistrictSettingsService();
