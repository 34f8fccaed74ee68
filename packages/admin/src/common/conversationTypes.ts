import type { ConversationType } from '@throughline/shared';

/** What each type of learning conversation is called (the values come from the shared package, the words are ours). */
export const TYPE_LABELS: Record<ConversationType, string> = {
  JOINT_PLANNING: 'Joint planning',
  POST_OBSERVATION_DEBRIEF: 'Post-observation debrief',
  COACHING: 'Coaching',
  MENTORING: 'Mentoring',
  DATA_TEAM: 'Data team',
  PLC: 'Professional learning community',
  LEARNING_WALK_DEBRIEF: 'Learning-walk debrief',
  PERFORMANCE_REVIEW: 'Performance review',
  LEARNING_PARTNERSHIP: 'Learning partnership with a learner',
  INTER_PROFESSIONAL: 'Across professions',
  ONLINE_DISCUSSION: 'Online discussion',
  OTHER: 'Other',
};

export const TYPE_CHOICES = (Object.keys(TYPE_LABELS) as ConversationType[]).map((id) => ({
  id,
  name: TYPE_LABELS[id],
}));
