import { Field, Float, Int, ObjectType } from 'type-graphql';
import type { DistrictSettingEntity } from './library.entity';

/**
 * How recent evidence must be, the thresholds that grade a strategy's health, and the rules of whether a session
 * happened (modules/session/rules: the grace period to log, the notice to cancel, the quorum to hold).
 */
@ObjectType('DistrictSettings')
export class DistrictSettings {
  @Field(() => Int, { description: 'Evidence older than this many days no longer counts as recent (1-365).' })
  recentEvidenceDays: number;
  @Field(() => Float, { description: 'Share of sessions held (0-1) at or above which a strategy is on track.' })
  onTrackHeldRate: number;
  @Field(() => Float, { description: 'Share of sessions held (0-1) below which a strategy is at risk.' })
  atRiskHeldRate: number;
  @Field(() => Float, { description: 'Mean quality rating (1-4) at or above which a strategy is on track.' })
  onTrackQuality: number;
  @Field(() => Float, { description: 'Mean quality rating (1-4) below which a strategy is at risk.' })
  atRiskQuality: number;
  @Field(() => Float, { description: 'Share of actions done on time (0-1) at or above which it is on track.' })
  onTrackFollowThrough: number;
  @Field(() => Float, { description: 'Share of actions done on time (0-1) below which it is at risk.' })
  atRiskFollowThrough: number;
  @Field(() => Int, {
    description:
      'Hours after its scheduled end before a session not logged as held counts as missed (0-336); until then it is still to be logged.',
  })
  logGraceHours: number;
  @Field(() => Int, {
    description:
      'Hours before its start a session must be cancelled to leave the counts (0-336); cancelled later, it counts as missed with a reason.',
  })
  cancelNoticeHours: number;
  @Field(() => Float, {
    description:
      'Share of the expected participants (above 0, up to 1) whose attendance makes a session held when its facilitator is absent.',
  })
  heldQuorum: number;
  @Field(() => Int, {
    description:
      "Fewest distinct raters (3-20) behind any quality figure: a session's mean, and the sessions that feed an aggregate.",
  })
  minRaters: number;
  @Field(() => Int, {
    description:
      'Days after a session is held during which its attendees may rate it (1-60); its quality is shown once this closes.',
  })
  ratingWindowDays: number;
  @Field(() => Int, {
    description:
      'Days after an action is marked done during which its completion date may be corrected (0-30); corrections are audited.',
  })
  completionCorrectionDays: number;
  @Field(() => Int, {
    description: 'Days after corroboration before a practice change may be re-checked as sustained (7-365).',
  })
  sustainedAfterDays: number;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) updatedAt: Date;

  static from(e: DistrictSettingEntity): DistrictSettings {
    return Object.assign(new DistrictSettings(), {
      recentEvidenceDays: e.recentEvidenceDays,
      onTrackHeldRate: Number(e.onTrackHeldRate),
      atRiskHeldRate: Number(e.atRiskHeldRate),
      onTrackQuality: Number(e.onTrackQuality),
      atRiskQuality: Number(e.atRiskQuality),
      onTrackFollowThrough: Number(e.onTrackFollowThrough),
      atRiskFollowThrough: Number(e.atRiskFollowThrough),
      logGraceHours: e.logGraceHours,
      cancelNoticeHours: e.cancelNoticeHours,
      heldQuorum: Number(e.heldQuorum),
      minRaters: e.minRaters,
      ratingWindowDays: e.ratingWindowDays,
      completionCorrectionDays: e.completionCorrectionDays,
      sustainedAfterDays: e.sustainedAfterDays,
      version: e.version,
      updatedAt: e.updatedAt,
    });
  }
}
