/** Plain words for the audit log's machine names. Anything not listed shows as the API gives it. */

export const ENTITY_LABELS: Record<string, string> = {
  District: 'District',
  DistrictSettings: 'District settings',
  School: 'School',
  StaffMember: 'Person',
  RoleAssignment: 'Role assignment',
  ImprovementStrategy: 'Strategy',
  ConversationMapping: 'Strategy–conversation link',
  LearningConversation: 'Learning conversation',
  ConversationSession: 'Session',
  ActionItem: 'Action',
  Reflection: 'Reflection',
  Norm: 'Norm',
  RubricCriterion: 'Rubric criterion',
  QuestionBankItem: 'Question',
  ReflectionPrompt: 'Reflection prompt',
  Skill: 'Skill',
};

export const ACTION_LABELS: Record<string, string> = {
  'district.create': 'Provisioned the district',
  'district.update': 'Changed the district',
  'district.seedDemo': 'Loaded the demo data',
  'districtSettings.update': 'Changed the health thresholds',
  'school.create': 'Added a school',
  'school.update': 'Changed a school',
  'staffMember.create': 'Added a person',
  'staffMember.update': 'Changed a person’s details',
  'staffMember.deactivate': 'Deactivated a person',
  'staffMember.reactivate': 'Reactivated a person',
  'staffMember.setPassword': 'Set a person’s password',
  'roleAssignment.create': 'Gave a role',
  'roleAssignment.delete': 'Removed a role',
  'session.signIn': 'Signed in',
  'session.signOut': 'Signed out',
  'session.refreshTokenReused': 'Reused an old sign-in (all sessions ended)',
  'strategy.create': 'Added a strategy',
  'strategy.update': 'Changed a strategy',
  'conversationMapping.create': 'Linked a conversation to a strategy',
  'conversationMapping.update': 'Changed a strategy’s expected change',
  'conversationMapping.delete': 'Unlinked a conversation from a strategy',
  'conversation.create': 'Planned a learning conversation',
  'conversation.update': 'Changed a learning conversation',
  'session.schedule': 'Scheduled a session',
  'session.log': 'Logged a session as held',
  'session.cancel': 'Cancelled a session',
  'session.rate': 'Rated a session',
  'reflection.save': 'Saved a reflection',
  'actionItem.create': 'Added an action',
  'actionItem.update': 'Changed an action',
  'actionItem.transition': 'Moved an action along',
  'norm.create': 'Added a norm',
  'norm.update': 'Changed a norm',
  'rubricCriterion.create': 'Added a rubric criterion',
  'rubricCriterion.update': 'Changed a rubric criterion',
  'questionBankItem.create': 'Added a question',
  'questionBankItem.update': 'Changed a question',
  'reflectionPrompt.create': 'Added a reflection prompt',
  'reflectionPrompt.update': 'Changed a reflection prompt',
  'skill.create': 'Added a skill',
  'skill.update': 'Changed a skill',
  'skillTraining.record': 'Recorded a skill training',
  'skillTraining.remove': 'Removed a skill training',
};

export const ENTITY_CHOICES = Object.entries(ENTITY_LABELS)
  .map(([id, name]) => ({ id, name }))
  .sort((a, b) => a.name.localeCompare(b.name));

export const ACTION_CHOICES = Object.entries(ACTION_LABELS)
  .map(([id, name]) => ({ id, name }))
  .sort((a, b) => a.name.localeCompare(b.name));

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}

/** "gradeLow" -> "grade low", "schoolId" -> "school": field names as words, never their values. */
export function fieldLabel(field: string): string {
  return field
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** The client that acted: a browser's long user agent becomes "browser"; integrations keep their own name. */
export function clientLabel(client: string | null | undefined): string {
  if (!client) return '';
  if (/Mozilla\//.test(client)) return 'Browser';
  return client.length > 40 ? `${client.slice(0, 40)}…` : client;
}
