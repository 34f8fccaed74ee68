/** The vocabulary of the improvement domain: shared by the API's schema and the portal's forms. */

export const StrategyKind = {
  CURRICULUM: 'CURRICULUM',
  DATA_TEAMS: 'DATA_TEAMS',
  LEARNING_WALKS: 'LEARNING_WALKS',
  COACHING: 'COACHING',
  PLC: 'PLC',
  OTHER: 'OTHER',
} as const;
export type StrategyKind = (typeof StrategyKind)[keyof typeof StrategyKind];

export const StrategyStatus = {
  DRAFT: 'DRAFT',
  ACTIVE: 'ACTIVE',
  COMPLETED: 'COMPLETED',
  ARCHIVED: 'ARCHIVED',
} as const;
export type StrategyStatus = (typeof StrategyStatus)[keyof typeof StrategyStatus];

export const ConversationType = {
  JOINT_PLANNING: 'JOINT_PLANNING',
  POST_OBSERVATION_DEBRIEF: 'POST_OBSERVATION_DEBRIEF',
  COACHING: 'COACHING',
  MENTORING: 'MENTORING',
  DATA_TEAM: 'DATA_TEAM',
  PLC: 'PLC',
  LEARNING_WALK_DEBRIEF: 'LEARNING_WALK_DEBRIEF',
  PERFORMANCE_REVIEW: 'PERFORMANCE_REVIEW',
  LEARNING_PARTNERSHIP: 'LEARNING_PARTNERSHIP',
  INTER_PROFESSIONAL: 'INTER_PROFESSIONAL',
  ONLINE_DISCUSSION: 'ONLINE_DISCUSSION',
  OTHER: 'OTHER',
} as const;
export type ConversationType = (typeof ConversationType)[keyof typeof ConversationType];

export const ConversationProtocol = {
  CHECK_IN_CHECK_OUT: 'CHECK_IN_CHECK_OUT',
  DOUBLE_LOOP_REVIEW: 'DOUBLE_LOOP_REVIEW',
  COACHING_CYCLE: 'COACHING_CYCLE',
  LEARNING_PARTNERSHIP: 'LEARNING_PARTNERSHIP',
  NONE: 'NONE',
} as const;
export type ConversationProtocol = (typeof ConversationProtocol)[keyof typeof ConversationProtocol];

/** Who may read what is said in a conversation (its notes and reflections). Each level includes the one before. */
export const ConfidentialityBoundary = {
  PARTICIPANTS: 'PARTICIPANTS',
  SCHOOL_LEADERS: 'SCHOOL_LEADERS',
  DISTRICT: 'DISTRICT',
} as const;
export type ConfidentialityBoundary = (typeof ConfidentialityBoundary)[keyof typeof ConfidentialityBoundary];

export const ChangeDimension = {
  BELIEF: 'BELIEF',
  ATTITUDE: 'ATTITUDE',
  SKILL: 'SKILL',
  PRACTICE: 'PRACTICE',
} as const;
export type ChangeDimension = (typeof ChangeDimension)[keyof typeof ChangeDimension];

/**
 * Stored statuses. The states shown are derived (packages/api/src/modules/session/rules/state.ts): MISSED, a due
 * session never held; MISSED_WITH_REASON, a session cancelled late; CANCELLED only when cancelled in time.
 */
export const SessionStatus = { SCHEDULED: 'SCHEDULED', HELD: 'HELD', CANCELLED: 'CANCELLED' } as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];
export const SessionState = { ...SessionStatus, MISSED: 'MISSED', MISSED_WITH_REASON: 'MISSED_WITH_REASON' } as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

export const EvidenceKind = {
  ASSESSMENT: 'ASSESSMENT',
  STUDENT_WORK: 'STUDENT_WORK',
  OBSERVATION: 'OBSERVATION',
  SURVEY: 'SURVEY',
  OTHER: 'OTHER',
} as const;
export type EvidenceKind = (typeof EvidenceKind)[keyof typeof EvidenceKind];

export const ActionStatus = { OPEN: 'OPEN', IN_PROGRESS: 'IN_PROGRESS', DONE: 'DONE', DROPPED: 'DROPPED' } as const;
export type ActionStatus = (typeof ActionStatus)[keyof typeof ActionStatus];

/** The transitions an action item may make. DONE and DROPPED may be reopened, never skipped over silently. */
export const ACTION_TRANSITIONS: Record<ActionStatus, readonly ActionStatus[]> = {
  OPEN: ['IN_PROGRESS', 'DONE', 'DROPPED'],
  IN_PROGRESS: ['OPEN', 'DONE', 'DROPPED'],
  DONE: ['IN_PROGRESS'],
  DROPPED: ['OPEN'],
};

/**
 * How far a practice change has been verified (packages/api/src/modules/action/rules/practice-change.ts):
 * SELF_REPORTED, the owner's evidence on a DONE action; CORROBORATED, a second person (not the owner) recorded that
 * they observed it; SUSTAINED, a non-owner re-checked it at least the district's `sustainedAfterDays` later.
 */
export const PracticeChangeStatus = {
  SELF_REPORTED: 'SELF_REPORTED',
  CORROBORATED: 'CORROBORATED',
  SUSTAINED: 'SUSTAINED',
} as const;
export type PracticeChangeStatus = (typeof PracticeChangeStatus)[keyof typeof PracticeChangeStatus];

/** What a corroboration or a sustained re-check of a practice change rests on. */
export const PracticeEvidenceKind = {
  WALKTHROUGH_NOTE: 'WALKTHROUGH_NOTE',
  ARTIFACT: 'ARTIFACT',
  STUDENT_WORK: 'STUDENT_WORK',
  OTHER: 'OTHER',
} as const;
export type PracticeEvidenceKind = (typeof PracticeEvidenceKind)[keyof typeof PracticeEvidenceKind];

/** Text limits of action records: the completion evidence, the practice-change evidence and a verifier's note. */
export const ACTION_EVIDENCE_MAX = 2000;

export const StrategyHealth = {
  ON_TRACK: 'ON_TRACK',
  AT_RISK: 'AT_RISK',
  OFF_TRACK: 'OFF_TRACK',
  NOT_ENOUGH_DATA: 'NOT_ENOUGH_DATA',
} as const;
export type StrategyHealth = (typeof StrategyHealth)[keyof typeof StrategyHealth];

/** Ratings are 1 to 4 on every criterion. Aggregates are shown only where at least this many people rated. */
export const RATING_MIN = 1;
export const RATING_MAX = 4;
export const MIN_RATERS_FOR_AGGREGATE = 3;

/** Text limits of session records. */
export const NOTES_MAX = 20000;
export const EVIDENCE_DESCRIPTION_MAX = 1000;

/** Evidence counts as recent when dated within this many days before the session, unless the district says otherwise. */
export const DEFAULT_RECENT_EVIDENCE_DAYS = 30;
