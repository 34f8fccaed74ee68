import { ChangeDimension, StrategyKind, StrategyStatus } from '@throughline/shared';
import { choicesOf, labelsOf } from '../i18n/translate';

const KINDS: StrategyKind[] = ['CURRICULUM', 'DATA_TEAMS', 'LEARNING_WALKS', 'COACHING', 'PLC', 'OTHER'];
const STATUSES: StrategyStatus[] = ['DRAFT', 'ACTIVE', 'COMPLETED', 'ARCHIVED'];
const DIMENSIONS: ChangeDimension[] = ['BELIEF', 'ATTITUDE', 'SKILL', 'PRACTICE'];

/**
 * Labels for the strategy vocabulary in the current language (the values come from the shared package, the words are
 * ours: i18n/<language>/common.ts).
 */
export const KIND_LABELS = labelsOf('tl.common.strategy_kinds', KINDS);

export const STATUS_LABELS = labelsOf('tl.common.strategy_status', STATUSES);

export const STATUS_COLORS: Record<StrategyStatus, 'default' | 'primary' | 'success' | 'secondary'> = {
  DRAFT: 'default',
  ACTIVE: 'primary',
  COMPLETED: 'success',
  ARCHIVED: 'secondary',
};

export const DIMENSION_LABELS = labelsOf('tl.common.dimensions', DIMENSIONS);

/** What each dimension asks of a conversation, for the mapping dialog. */
export const DIMENSION_HINTS = labelsOf('tl.common.dimension_hints', DIMENSIONS);

export const DIMENSION_COLORS: Record<ChangeDimension, string> = {
  BELIEF: '#7b1fa2',
  ATTITUDE: '#c2185b',
  SKILL: '#1565c0',
  PRACTICE: '#2e7d32',
};

export const KIND_CHOICES = choicesOf('tl.common.strategy_kinds', KINDS);
export const STATUS_CHOICES = choicesOf('tl.common.strategy_status', STATUSES);
export const DIMENSION_CHOICES = choicesOf('tl.common.dimensions', DIMENSIONS);
