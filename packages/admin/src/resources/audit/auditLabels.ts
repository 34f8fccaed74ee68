import { formatWhen } from '../../common/when';

/**
 * Plain words for the audit log's machine names, in the reader's language (src/i18n/<lang>/audit.ts). Anything not
 * listed shows as the API gives it.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const ENTITY_TYPES = [
  'District',
  'DistrictSettings',
  'School',
  'StaffMember',
  'RoleAssignment',
  'ImprovementStrategy',
  'ConversationMapping',
  'LearningConversation',
  'ConversationSession',
  'ActionItem',
  'Reflection',
  'Norm',
  'RubricCriterion',
  'QuestionBankItem',
  'ReflectionPrompt',
  'Skill',
  'ApiClient',
  'CalendarFeed',
  'ConsentSettings',
  'DistrictDisposal',
  'DistrictExport',
  'IdentityProvider',
  'LearnerConsent',
  'NonSchoolDay',
  'RetentionSettings',
  'RosterImport',
  'RosterRoleMapping',
  'WebhookDelivery',
  'WebhookEndpoint',
];

const ACTIONS = [
  'district.create',
  'district.update',
  'district.seedDemo',
  'districtSettings.update',
  'school.create',
  'school.update',
  'staffMember.create',
  'staffMember.update',
  'staffMember.deactivate',
  'staffMember.reactivate',
  'staffMember.setPassword',
  'roleAssignment.create',
  'roleAssignment.delete',
  'session.signIn',
  'session.signOut',
  'session.refreshTokenReused',
  'strategy.create',
  'strategy.update',
  'conversationMapping.create',
  'conversationMapping.update',
  'conversationMapping.delete',
  'conversation.create',
  'conversation.update',
  'session.schedule',
  'session.log',
  'session.cancel',
  'session.reschedule',
  'session.restore',
  'session.rate',
  'reflection.save',
  'actionItem.create',
  'actionItem.update',
  'actionItem.transition',
  'norm.create',
  'norm.update',
  'rubricCriterion.create',
  'rubricCriterion.update',
  'questionBankItem.create',
  'questionBankItem.update',
  'reflectionPrompt.create',
  'reflectionPrompt.update',
  'skill.create',
  'skill.update',
  'skillTraining.record',
  'skillTraining.remove',
  'actionItem.correctCompletion',
  'apiClient.create',
  'apiClient.revoke',
  'apiClient.rotateSecret',
  'apiClient.token',
  'apiClient.update',
  'auditLog.export',
  'calendarFeed.create',
  'calendarFeed.revoke',
  'consentSettings.update',
  'identityProvider.create',
  'identityProvider.delete',
  'identityProvider.update',
  'learnerConsent.record',
  'learnerConsent.recordingSet',
  'learnerConsent.withdraw',
  'mailPreference.set',
  'mailProfile.set',
  'mailSettings.update',
  'nonSchoolDay.create',
  'nonSchoolDay.delete',
  'nonSchoolDay.import',
  'nonSchoolDay.update',
  'practiceChange.confirmSustained',
  'practiceChange.corroborate',
  'retention.update',
  'roster.export',
  'rosterImport.create',
  'rosterRoleMapping.update',
  'session.consentWithdrawn',
  'session.scheduleSchoolDay',
  'session.signInSso',
  'session.unscheduleNonSchoolDay',
  'staffIdentity.link',
  'staffMember.provision',
  'webhookDelivery.redeliver',
  'webhookEndpoint.create',
  'webhookEndpoint.delete',
  'webhookEndpoint.disable',
  'webhookEndpoint.rotateSecret',
  'webhookEndpoint.update',
];

/** Actions with a sentence of their own naming the record ("%{who} deactivated %{what}"). */
const NAMED_SENTENCES = new Set([
  'staffMember.create',
  'staffMember.update',
  'staffMember.deactivate',
  'staffMember.reactivate',
  'staffMember.setPassword',
  'session.signIn',
  'session.signOut',
  'session.schedule',
  'session.reschedule',
  'session.restore',
  'session.log',
  'session.cancel',
  'session.rate',
]);

/**
 * A record the log points at, as the API names it: plain text (a school's name, a person's), a role assignment (the
 * person, the role and where, kept apart so that each language orders them), or a session (its conversation and
 * time, formatted when shown).
 */
export type RecordName =
  | { kind: 'text'; text: string }
  | { kind: 'role'; person: string | null; role: string; district: boolean; school: string | null }
  | { kind: 'session'; title: string | null; scheduledAt: string };

export function entityLabel(entityType: string, translate: Translate): string {
  return translate(`tl.audit.entities.${entityType}`, { _: entityType });
}

export function actionLabel(action: string, translate: Translate): string {
  return ACTIONS.includes(action) ? translate(`tl.audit.actions.${action}`, { _: action }) : action;
}

function roleWords(n: Extract<RecordName, { kind: 'role' }>, translate: Translate) {
  return {
    person: n.person ?? translate('tl.audit.names.someone'),
    role: translate(`tl.staff.roles_in_sentence.${n.role}`, { _: n.role.toLowerCase() }),
    school: n.school ?? translate('tl.audit.names.a_school'),
  };
}

/** A record's name in words: "Ben Cho, school leader of Lincoln Middle", "Data team, Tue, Nov 3, 2026, 3:30 PM". */
export function recordNameText(n: RecordName, translate: Translate): string {
  if (n.kind === 'text') return n.text;
  if (n.kind === 'role')
    return translate(
      n.district ? 'tl.audit.names.role_district' : 'tl.audit.names.role_school',
      roleWords(n, translate),
    );
  return translate('tl.sessions.title_when', {
    title: n.title ?? translate('tl.audit.names.a_session'),
    when: formatWhen(n.scheduledAt),
  });
}

/**
 * One event as a sentence naming who acted and, where known, the record by name. A role given reads "Ana Ruiz made
 * Ben Cho school leader of Lincoln Middle" ("Ana Ruiz nombró a Ben Cho director/a de Lincoln Middle").
 */
export function auditSentence(action: string, who: string, name: RecordName | undefined, translate: Translate): string {
  if (action === 'roleAssignment.create' || action === 'roleAssignment.delete') {
    if (name?.kind !== 'role') return translate(`tl.audit.sentences.${action}.unnamed`, { who });
    return translate(`tl.audit.sentences.${action}.${name.district ? 'district' : 'school'}`, {
      who,
      ...roleWords(name, translate),
    });
  }
  const what = name ? recordNameText(name, translate) : undefined;
  if (NAMED_SENTENCES.has(action))
    return translate(`tl.audit.sentences.${action}.${what ? 'named' : 'unnamed'}`, { who, what });
  const label = actionLabel(action, translate);
  const did =
    label === action
      ? translate('tl.audit.sentences.did_unknown', { action })
      : label.charAt(0).toLowerCase() + label.slice(1);
  return what
    ? translate('tl.audit.sentences.other_named', { who, did, what })
    : translate('tl.audit.sentences.other_unnamed', { who, did });
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** The filter's choices, already in words and in the reader's alphabetical order. */
export function entityChoices(translate: Translate) {
  return ENTITY_TYPES.map((id) => ({ id, name: entityLabel(id, translate) })).sort(byName);
}

export function actionChoices(translate: Translate) {
  return ACTIONS.map((id) => ({ id, name: actionLabel(id, translate) })).sort(byName);
}

/** "gradeLow" -> "grade low", "schoolId" -> "school": field names as words, never their values. */
export function fieldLabel(field: string): string {
  return field
    .replace(/Id$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

/** The client that acted: a browser's long user agent becomes "browser"; integrations keep their own name. */
export function clientLabel(client: string | null | undefined, translate: Translate): string {
  if (!client) return '';
  if (/Mozilla\//.test(client)) return translate('tl.audit.details.browser');
  return client.length > 40 ? `${client.slice(0, 40)}…` : client;
}
