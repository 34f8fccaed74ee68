import { ROLE_LABELS, type ConfidentialityBoundary, type ConversationProtocol, type Role } from '@throughline/shared';

/**
 * Labels and explanations for the conversation vocabulary (values from the shared package, words ours). The type's
 * labels are shared with the strategy and mapping screens: src/common/conversationTypes.ts.
 */
export const PROTOCOL_LABELS: Record<ConversationProtocol, string> = {
  CHECK_IN_CHECK_OUT: 'Check-in and check-out',
  DOUBLE_LOOP_REVIEW: 'Double-loop review',
  COACHING_CYCLE: 'Coaching cycle',
  LEARNING_PARTNERSHIP: 'Learning partnership',
  NONE: 'No set protocol',
};

export const PROTOCOL_HINTS: Record<ConversationProtocol, string> = {
  CHECK_IN_CHECK_OUT: 'Each person opens with where they are and closes with what they will take away.',
  DOUBLE_LOOP_REVIEW: 'Look at the results, then at the assumptions and habits that produced them.',
  COACHING_CYCLE: 'Set a goal, observe, talk it through, agree the next step; then again.',
  LEARNING_PARTNERSHIP: 'A conversation with a learner about their learning, drawing on the question bank.',
  NONE: 'The group runs the conversation its own way.',
};

export const BOUNDARY_LABELS: Record<ConfidentialityBoundary, string> = {
  PARTICIPANTS: 'Participants only',
  SCHOOL_LEADERS: 'Participants and school leaders',
  DISTRICT: 'Participants, school leaders and district admins',
};

/** The boundary in plain words: who reads what is said, and what everyone else still sees. */
export const BOUNDARY_EXPLAINED: Record<ConfidentialityBoundary, string> = {
  PARTICIPANTS:
    'Only the people taking part can read the notes, check-in and check-out lines and shared reflections. No one else can, leaders included.',
  SCHOOL_LEADERS:
    'The people taking part and the leaders of the school can read the notes, check-in and check-out lines and shared reflections.',
  DISTRICT:
    'The people taking part, the school’s leaders and the district’s admins can read the notes, check-in and check-out lines and shared reflections.',
};

export const BOUNDARY_OUTSIDE =
  'Anyone else who may see this conversation sees when sessions took place and who came, never what was said; ratings appear only as averages of three or more people.';

export const ROLE_CHOICES = (['TEACHER', 'COACH', 'SCHOOL_LEADER', 'DISTRICT_ADMIN'] as Role[]).map((id) => ({
  id,
  name: ROLE_LABELS[id],
}));

const choices = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((id) => ({ id, name: labels[id] }));

export const PROTOCOL_CHOICES = choices(PROTOCOL_LABELS);
export const BOUNDARY_CHOICES = choices(BOUNDARY_LABELS);
