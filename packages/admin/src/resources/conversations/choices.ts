import type { ConfidentialityBoundary, ConversationProtocol, Role } from '@throughline/shared';

/**
 * The conversation vocabulary as message keys (values from the shared package, words in src/i18n/<lang>/conversations.ts;
 * react-admin's choice inputs translate a choice's name). The type's labels are shared with the strategy and mapping
 * screens: src/common/conversationTypes.ts.
 */
const PROTOCOLS: ConversationProtocol[] = [
  'CHECK_IN_CHECK_OUT',
  'DOUBLE_LOOP_REVIEW',
  'COACHING_CYCLE',
  'LEARNING_PARTNERSHIP',
  'NONE',
];
const BOUNDARIES: ConfidentialityBoundary[] = ['PARTICIPANTS', 'SCHOOL_LEADERS', 'DISTRICT'];

/** A protocol's name, and what it asks of the group. */
export const protocolKey = (p: ConversationProtocol) => `tl.conversations.protocols.${p}`;
export const protocolHintKey = (p: ConversationProtocol) => `tl.conversations.protocol_hints.${p}`;

/** A boundary's name, and who reads what is said inside it. */
export const boundaryKey = (b: ConfidentialityBoundary) => `tl.conversations.boundaries.${b}`;
export const boundaryExplainedKey = (b: ConfidentialityBoundary) => `tl.conversations.boundary_explained.${b}`;

/** What everyone outside the boundary still sees. */
export const BOUNDARY_OUTSIDE = 'tl.conversations.boundary_outside';

export const ROLE_CHOICES = (['TEACHER', 'COACH', 'SCHOOL_LEADER', 'DISTRICT_ADMIN'] as Role[]).map((id) => ({
  id,
  name: `tl.staff.roles.${id}`,
}));

export const PROTOCOL_CHOICES = PROTOCOLS.map((id) => ({ id, name: protocolKey(id) }));
export const BOUNDARY_CHOICES = BOUNDARIES.map((id) => ({ id, name: boundaryKey(id) }));
