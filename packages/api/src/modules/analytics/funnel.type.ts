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
  @Field(() => Float, {
    nullable: true,
    description:
      'Mean of the session means on it, over the published sessions that show it (minRaters raters on it there); null when none does.',
  })
  mean: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Distinct raters (facilitators left out) behind mean; null when mean is null, so never below minRaters.',
  })
  raterCount: number | null;
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
  @Field(() => Int, {
    description:
      "The district's fewest raters now (facilitator left out): sessions first held from now on are published from this many raters up (each keeps the minimum it was held under); no aggregate rater count below it is returned.",
  })
  minRaters: number;
  @Field(() => Int, {
    description:
      'Days after a session is first held during which it may be rated (fixed on each session then); published after.',
  })
  ratingWindowDays: number;
}

@ObjectType('FunnelPoint', { description: 'One week or month of the funnel, by the day sessions were scheduled.' })
export class FunnelPoint {
  @Field(() => LocalDate, { description: 'First day of the week (Monday) or month.' }) periodStart: string;
  @Field(() => Int) due: number;
  @Field(() => Int) held: number;
  @Field(() => Float, { nullable: true }) heldRate: number | null;
  @Field(() => Float, {
    nullable: true,
    description: "Mean of the bucket's published session means; null when no session of the bucket is published.",
  })
  quality: number | null;
  @Field(() => Int, { description: 'Published sessions behind quality.' }) qualitySessions: number;
  @Field(() => Float, { nullable: true }) actionRate: number | null;
}

/** The stages of the cohort funnel, in order: each a subset of the one before. */
export enum CohortStageName {
  DUE = 'DUE',
  HELD = 'HELD',
  GOOD = 'GOOD',
  ACTED_ON = 'ACTED_ON',
  FOLLOWED_THROUGH = 'FOLLOWED_THROUGH',
  CHANGE_CORROBORATED = 'CHANGE_CORROBORATED',
  CHANGE_SUSTAINED = 'CHANGE_SUSTAINED',
}
registerEnumType(CohortStageName, {
  name: 'CohortStageName',
  description: 'A stage of the cohort funnel (docs/metrics.md, "Cohort funnel").',
  valuesConfig: {
    DUE: { description: 'Sessions of the window that are due.' },
    HELD: { description: 'Of them, held (for a PERSON scope: attended by the person).' },
    GOOD: { description: "Of them, quality published and at or above the district's on-track quality." },
    ACTED_ON: { description: 'Of them, at least one action came of the session.' },
    FOLLOWED_THROUGH: { description: 'Of them, one of those actions was done by its original due day.' },
    CHANGE_CORROBORATED: { description: "Of them, such an action's practice change was corroborated." },
    CHANGE_SUSTAINED: { description: 'Of them, that change was also re-checked as sustained.' },
  },
});

@ObjectType('CohortStage')
export class CohortStage {
  @Field(() => CohortStageName) stage: CohortStageName;
  @Field(() => Int, { description: 'Sessions that reached this stage (and every earlier one).' }) sessions: number;
  @Field(() => Float, {
    nullable: true,
    description: "sessions / the previous stage's sessions; null for DUE or when that is 0.",
  })
  rateOfPrevious: number | null;
  @Field(() => Float, { nullable: true, description: 'sessions / DUE sessions; null when none are due.' })
  rateOfDue: number | null;
}

@ObjectType('CohortFunnel', {
  description:
    "The window's due sessions followed from held to sustained practice change, each stage a subset of the one before. The funnel's other figures are the period view.",
})
export class CohortFunnel {
  @Field(() => [CohortStage], { description: 'The seven stages, DUE first.' }) stages: CohortStage[];
  @Field(() => Int, {
    description:
      'Held sessions whose quality is not published (its rating window is still open, or too few people rated): they cannot reach GOOD.',
  })
  qualityUnknown: number;
}

@ObjectType('DateWindow', { description: "Calendar days in the district's time zone, both ends included." })
export class DateWindow {
  @Field(() => LocalDate) from: string;
  @Field(() => LocalDate) to: string;
}

/** A window as the API returns it. */
export const toDateWindow = (w: { from: string; to: string }): DateWindow =>
  Object.assign(new DateWindow(), { from: w.from, to: w.to });

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
  @Field(() => Float, {
    nullable: true,
    description:
      'Mean of the session means (SessionQuality.overall) of the held sessions whose quality is published (rating window closed, at least minRaters raters other than the facilitator); null when none is. docs/metrics.md.',
  })
  quality: number | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Distinct raters (facilitators left out) behind quality; null when quality is null, so never below minRaters.',
  })
  qualityRaterCount: number | null;
  @Field(() => Int, { description: 'Published sessions behind quality (sessions with fewer raters feed nothing).' })
  qualitySessions: number;
  @Field(() => [CriterionScore], {
    description: 'Criteria rated on the published sessions, in rubric order.',
  })
  qualityByCriterion: CriterionScore[];
  @Field(() => Float, {
    nullable: true,
    description:
      "Mean of facilitators' self-ratings (each session's selfRating) over held sessions whose rating window has closed; null unless at least minRaters distinct facilitators rated their own sessions, and for callers who may not read self-ratings (a teacher).",
  })
  selfRatedQuality: number | null;
  @Field(() => Float, { nullable: true, description: 'Held sessions that used recent evidence / held.' })
  evidenceGroundedRate: number | null;
  @Field(() => Float, { nullable: true, description: 'Held sessions that produced an action / held.' })
  actionRate: number | null;
  @Field(() => Int, {
    description:
      'Actions whose ORIGINAL due date is a day of the window and before today, whatever their status (a later due-date change does not move them).',
  })
  actionsDue: number;
  @Field(() => Int, { description: 'Of actionsDue, those DONE with completedOn on or before the original due date.' })
  actionsDoneOnTime: number;
  @Field(() => Float, { nullable: true, description: 'actionsDoneOnTime / actionsDue.' }) followThrough: number | null;
  @Field(() => Int, { description: 'Actions DONE with completedOn in the window.' }) actionsDone: number;
  @Field(() => Int, {
    description: 'Of actionsDone, those with a self-reported practice change (non-blank evidence; any verification).',
  })
  actionsWithPracticeChange: number;
  @Field(() => Float, { nullable: true, description: 'actionsWithPracticeChange / actionsDone.' })
  practiceChangeRate: number | null;
  @Field(() => Int, {
    description: 'Of actionsWithPracticeChange, those corroborated by a second person (CORROBORATED or SUSTAINED).',
  })
  actionsWithCorroboratedChange: number;
  @Field(() => Float, { nullable: true, description: 'actionsWithCorroboratedChange / actionsDone.' })
  corroboratedChangeRate: number | null;
  @Field(() => Int, { description: 'Of actionsWithCorroboratedChange, those confirmed as sustained.' })
  actionsWithSustainedChange: number;
  @Field(() => Float, { nullable: true, description: 'actionsWithSustainedChange / actionsDone.' })
  sustainedChangeRate: number | null;
  @Field(() => Int, {
    description:
      'Distinct people recorded as expected participants (when each session was scheduled) of the due sessions in scope; for PERSON, the person if they were. The facilitator and guests are not invited.',
  })
  invited: number;
  @Field(() => Int, { description: 'Of the invited, those who attended at least one held session of the window.' })
  reached: number;
  @Field(() => Float, { nullable: true, description: 'reached / invited.' }) reach: number | null;
  @Field(() => Int, {
    description: 'Equal to invited.',
    deprecationReason: 'Use invited: reach is over the people invited to the scope, not all staff in scope.',
  })
  staffInScope: number;
  @Field(() => Int, { description: 'Equal to reached.', deprecationReason: 'Use reached.' }) staffReached: number;
  @Field(() => Float, { nullable: true, description: 'Equal to reach.', deprecationReason: 'Use reach.' })
  coverage: number | null;
  @Field(() => CohortFunnel, {
    description: 'The window\'s due sessions followed stage by stage (docs/metrics.md, "Cohort funnel").',
  })
  cohort: CohortFunnel;
  @Field(() => [FunnelPoint]) trend: FunnelPoint[];
  @Field(() => [Session], { description: 'Missed sessions, oldest first (at most 100).' }) missedSessions: Session[];
  @Field(() => Int, {
    description:
      "Due sessions of the window the scope takes in but you may not open (a district-wide conversation mapped to a school's strategy, for a school leader): left out of every figure and list, only counted here.",
  })
  sessionsOutsideView: number;
  @Field(() => [ActionItem], {
    description:
      'Actions of the scope overdue today (still open or in progress, due before today), whatever the window: the longest overdue first, at most 100.',
  })
  overdueActions: ActionItem[];
  @Field(() => Int, {
    description: 'How many actions of the scope are overdue today, all of them (the list is capped).',
  })
  overdueActionsCount: number;
  @Field(() => StrategyHealth, {
    nullable: true,
    description:
      "For a strategy scope only: graded over healthWindow, the part of the window inside the strategy's own dates.",
  })
  health: StrategyHealth | null;
  @Field(() => DateWindow, {
    nullable: true,
    description:
      "The days health was graded over: the window clipped to the strategy's start and end. Null when they do not overlap (health is NOT_ENOUGH_DATA) or for other scopes.",
  })
  healthWindow: DateWindow | null;
  @Field(() => FunnelThresholds) thresholds: FunnelThresholds;
}
