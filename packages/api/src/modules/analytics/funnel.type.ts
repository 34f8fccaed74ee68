import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { StrategyHealth } from '@throughline/shared';
import { LocalDate } from '../../graphql/scalars';
import { Session } from '../session/session.type';
import { ActionItem } from '../action/action.type';

registerEnumType(StrategyHealth, {
  name: 'StrategyHealth',
  description: "A strategy's held rate, quality and follow-through graded against the district's thresholds.",
});

@ObjectType('CriterionScore', {
  description: 'Mean rating on one rubric criterion, kept under the criterion it was given on (even if since retired).',
})
export class CriterionScore {
  @Field(() => ID) criterionId: string;
  @Field(() => String, { description: "The criterion's current name." }) name: string;
  @Field(() => Boolean, { description: 'False when the criterion has been retired since.' }) active: boolean;
  @Field(() => Float, { nullable: true, description: 'Null until at least three people rated on it.' })
  mean: number | null;
  @Field(() => Int) raterCount: number;
}

@ObjectType('FunnelThresholds', { description: 'The district settings the funnel was computed and graded with.' })
export class FunnelThresholds {
  @Field(() => Int) recentEvidenceDays: number;
  @Field(() => Float) onTrackHeldRate: number;
  @Field(() => Float) atRiskHeldRate: number;
  @Field(() => Float) onTrackQuality: number;
  @Field(() => Float) atRiskQuality: number;
  @Field(() => Float) onTrackFollowThrough: number;
  @Field(() => Float) atRiskFollowThrough: number;
  @Field(() => Int, { description: 'Hours after its scheduled end before an unlogged session is due (missed).' })
  logGraceHours: number;
  @Field(() => Int, {
    description: 'Hours before its start a cancellation must come to take a session out of the counts.',
  })
  cancelNoticeHours: number;
  @Field(() => Float, {
    description: 'Share of expected participants that makes a session held without its facilitator.',
  })
  heldQuorum: number;
}

@ObjectType('FunnelPoint', { description: 'One week or month of the funnel, by the day sessions were scheduled.' })
export class FunnelPoint {
  @Field(() => LocalDate, { description: 'First day of the week (Monday) or month.' }) periodStart: string;
  @Field(() => Int) due: number;
  @Field(() => Int) held: number;
  @Field(() => Float, { nullable: true }) heldRate: number | null;
  @Field(() => Float, { nullable: true }) quality: number | null;
  @Field(() => Float, { nullable: true }) actionRate: number | null;
}

@ObjectType('Funnel', {
  description:
    'Planned -> held -> good -> acted on -> practice changed, over a window of days. A rate with nothing under it is null.',
})
export class Funnel {
  @Field(() => Int, {
    description:
      "Sessions scheduled in the window that ought to have happened by now: held (even ahead of time), cancelled late, or past their end plus the district's grace period to log them (logGraceHours). due = held + missed + missedWithReason.",
  })
  due: number;
  @Field(() => Int, { description: 'Due sessions logged as held.' }) held: number;
  @Field(() => Int, { description: 'Due sessions never held nor cancelled.' }) missed: number;
  @Field(() => Int, {
    description:
      "Sessions cancelled late (after their start, or with less notice than the district's cancelNoticeHours): due and not held.",
  })
  missedWithReason: number;
  @Field(() => Int, {
    description: 'Sessions of the window, already past, cancelled in time: not due, out of every rate.',
  })
  cancelled: number;
  @Field(() => Float, { nullable: true, description: 'held / due.' }) heldRate: number | null;
  @Field(() => Float, {
    nullable: true,
    description:
      'Over the held sessions: expected participants who attended / expected participants, each person once per session (the facilitator and guests are on neither side).',
  })
  attendanceRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Mean rating on held sessions; null under three raters.' })
  quality: number | null;
  @Field(() => Int, { description: 'Distinct people who rated held sessions in the window.' })
  qualityRaterCount: number;
  @Field(() => [CriterionScore]) qualityByCriterion: CriterionScore[];
  @Field(() => Float, { nullable: true, description: 'Held sessions that used recent evidence / held.' })
  evidenceGroundedRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Held sessions that produced an action / held.' })
  actionRate: number | null;
  @Field(() => Int, { description: 'Actions due in the window that have come due (before today).' })
  actionsDue: number;
  @Field(() => Int) actionsDoneOnTime: number;
  @Field(() => Float, { nullable: true, description: 'actionsDoneOnTime / actionsDue.' }) followThrough: number | null;
  @Field(() => Int, { description: 'Actions completed in the window.' }) actionsDone: number;
  @Field(() => Int) actionsWithPracticeChange: number;
  @Field(() => Float, { nullable: true, description: 'actionsWithPracticeChange / actionsDone.' })
  practiceChangeRate: number | null;
  @Field(() => Int, { description: 'Active staff in scope.' }) staffInScope: number;
  @Field(() => Int, { description: 'Of them, those who attended a held session in the window.' }) staffReached: number;
  @Field(() => Float, { nullable: true, description: 'staffReached / staffInScope.' }) coverage: number | null;
  @Field(() => [FunnelPoint]) trend: FunnelPoint[];
  @Field(() => [Session], { description: 'Missed sessions, oldest first (at most 100).' }) missedSessions: Session[];
  @Field(() => [ActionItem], { description: 'Actions due in the window, past due and still open (at most 100).' })
  overdueActions: ActionItem[];
  @Field(() => StrategyHealth, { nullable: true, description: 'For a strategy scope only.' })
  health: StrategyHealth | null;
  @Field(() => FunnelThresholds) thresholds: FunnelThresholds;
}
