import { ChangeDimension, StrategyKind, StrategyStatus } from '@throughline/shared';

/** Labels for the strategy vocabulary (the values come from the shared package, the words are ours). */
export const KIND_LABELS: Record<StrategyKind, string> = {
  CURRICULUM: 'Curriculum',
  DATA_TEAMS: 'Data teams',
  LEARNING_WALKS: 'Learning walks',
  COACHING: 'Coaching',
  PLC: 'Professional learning community',
  OTHER: 'Other',
};

export const STATUS_LABELS: Record<StrategyStatus, string> = {
  DRAFT: 'Draft',
  ACTIVE: 'Active',
  COMPLETED: 'Completed',
  ARCHIVED: 'Archived',
};

export const STATUS_COLORS: Record<StrategyStatus, 'default' | 'primary' | 'success' | 'secondary'> = {
  DRAFT: 'default',
  ACTIVE: 'primary',
  COMPLETED: 'success',
  ARCHIVED: 'secondary',
};

export const DIMENSION_LABELS: Record<ChangeDimension, string> = {
  BELIEF: 'Belief',
  ATTITUDE: 'Attitude',
  SKILL: 'Skill',
  PRACTICE: 'Practice',
};

/** What each dimension asks of a conversation, for the mapping dialog. */
export const DIMENSION_HINTS: Record<ChangeDimension, string> = {
  BELIEF: 'What people hold to be true, e.g. that every student can reason about number.',
  ATTITUDE: 'How people feel about it, e.g. more open to being observed.',
  SKILL: 'What people can now do, e.g. read a class’s assessment data quickly.',
  PRACTICE: 'What people routinely do in class, e.g. plan a talk move into every lesson.',
};

export const DIMENSION_COLORS: Record<ChangeDimension, string> = {
  BELIEF: '#7b1fa2',
  ATTITUDE: '#c2185b',
  SKILL: '#1565c0',
  PRACTICE: '#2e7d32',
};

const choices = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((id) => ({ id, name: labels[id] }));

export const KIND_CHOICES = choices(KIND_LABELS);
export const STATUS_CHOICES = choices(STATUS_LABELS);
export const DIMENSION_CHOICES = choices(DIMENSION_LABELS);
