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
  'session.reschedule': 'Moved a session',
  'session.restore': 'Restored a cancelled session',
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

/**
 * The log as sentences: `{who}` is the person (or the platform, or the system) who acted, `{what}` the record by name
 * where the reader may still see it. A role given reads "Ana Ruiz made Ben Cho school leader of Lincoln Middle".
 */
const SENTENCES: Record<string, [named: string, unnamed: string]> = {
  'roleAssignment.create': ['{who} made {what}', '{who} gave someone a role'],
  'roleAssignment.delete': ['{who} ended the role of {what}', '{who} ended someone’s role'],
  'staffMember.create': ['{who} added {what} to the staff', '{who} added a person to the staff'],
  'staffMember.update': ['{who} changed the details of {what}', '{who} changed a person’s details'],
  'staffMember.deactivate': ['{who} deactivated {what}', '{who} deactivated a person'],
  'staffMember.reactivate': ['{who} reactivated {what}', '{who} reactivated a person'],
  'staffMember.setPassword': ['{who} set the password of {what}', '{who} set a person’s password'],
  'session.signIn': ['{who} signed in', '{who} signed in'],
  'session.signOut': ['{who} signed out', '{who} signed out'],
  'session.schedule': ['{who} scheduled {what}', '{who} scheduled a session'],
  'session.reschedule': ['{who} moved {what}', '{who} moved a session'],
  'session.restore': ['{who} restored {what}', '{who} restored a cancelled session'],
  'session.log': ['{who} logged {what} as held', '{who} logged a session as held'],
  'session.cancel': ['{who} cancelled {what}', '{who} cancelled a session'],
  'session.rate': ['{who} rated {what}', '{who} rated a session'],
};

/** One event as a sentence naming who acted and, where known, the record by name. */
export function auditSentence(action: string, entityType: string, who: string, what: string | undefined): string {
  const pair = SENTENCES[action];
  if (pair) return (what ? pair[0] : pair[1]).replace('{who}', who).replace('{what}', what ?? '');
  const label = actionLabel(action);
  const did = label === action ? `did ${action}` : label.charAt(0).toLowerCase() + label.slice(1);
  return what ? `${who} ${did}: ${what}` : `${who} ${did}`;
}

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
