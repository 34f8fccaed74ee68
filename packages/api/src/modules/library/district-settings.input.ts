import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { DistrictSettings } from './district-settings.type';

@InputType({ description: 'Give only what changes. Each at-risk threshold must not exceed its on-track one.' })
export class DistrictSettingsUpdateInput {
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => Int, { nullable: true }) recentEvidenceDays?: number | null;
  @Field(() => Float, { nullable: true }) onTrackHeldRate?: number | null;
  @Field(() => Float, { nullable: true }) atRiskHeldRate?: number | null;
  @Field(() => Float, { nullable: true }) onTrackQuality?: number | null;
  @Field(() => Float, { nullable: true }) atRiskQuality?: number | null;
  @Field(() => Float, { nullable: true }) onTrackFollowThrough?: number | null;
  @Field(() => Float, { nullable: true }) atRiskFollowThrough?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole hours from 0 to 336.' }) logGraceHours?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole hours from 0 to 336.' }) cancelNoticeHours?: number | null;
  @Field(() => Float, { nullable: true, description: 'A share above 0, up to 1 (kept to three decimals).' })
  heldQuorum?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole raters from 3 to 20.' }) minRaters?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole days from 1 to 60.' }) ratingWindowDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole days from 0 to 30.' })
  completionCorrectionDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'Whole days from 7 to 365.' }) sustainedAfterDays?: number | null;
}

@ObjectType()
export class DistrictSettingsPayload {
  @Field(() => DistrictSettings) districtSettings: DistrictSettings;
}
