import type { ConversationType } from '@throughline/shared';
import { choicesOf, labelsOf } from '../i18n/translate';

const TYPES: ConversationType[] = [
  'JOINT_PLANNING',
  'POST_OBSERVATION_DEBRIEF',
  'COACHING',
  'MENTORING',
  'DATA_TEAM',
  'PLC',
  'LEARNING_WALK_DEBRIEF',
  'PERFORMANCE_REVIEW',
  'LEARNING_PARTNERSHIP',
  'INTER_PROFESSIONAL',
  'ONLINE_DISCUSSION',
  'OTHER',
];

/**
 * What each type of learning conversation is called, in the current language (the values come from the shared
 * package, the words are ours: i18n/<language>/common.ts `conversation_types`).
 */
export const TYPE_LABELS = labelsOf('tl.common.conversation_types', TYPES);

export const TYPE_CHOICES = choicesOf('tl.common.conversation_types', TYPES);
