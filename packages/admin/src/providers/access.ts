import { OPERATOR_PERMISSIONS, Permission } from '@throughline/shared';
import type { Viewer } from './session';

type Action = 'list' | 'show' | 'create' | 'edit' | 'delete' | string;

/**
 * Which permission of the shared matrix opens each screen and button. The portal only hides what a role may not
 * use; the API enforces every one of these again.
 */
export const RESOURCE_ACCESS: Record<string, Partial<Record<Action, Permission>> & { default: Permission }> = {
  districts: {
    default: Permission.DISTRICT_PROVISION,
    create: Permission.DISTRICT_PROVISION,
    edit: Permission.DISTRICT_PROVISION,
  },
  schools: { default: Permission.SCHOOL_READ, create: Permission.SCHOOL_MANAGE, edit: Permission.SCHOOL_MANAGE },
  staff: { default: Permission.STAFF_READ, create: Permission.STAFF_MANAGE, edit: Permission.STAFF_MANAGE },
  roleAssignments: {
    default: Permission.ROLE_ASSIGNMENT_READ,
    create: Permission.ROLE_ASSIGNMENT_MANAGE,
    delete: Permission.ROLE_ASSIGNMENT_MANAGE,
  },
  strategies: {
    default: Permission.STRATEGY_READ,
    create: Permission.STRATEGY_MANAGE,
    edit: Permission.STRATEGY_MANAGE,
  },
  mappings: {
    default: Permission.STRATEGY_READ,
    create: Permission.STRATEGY_MANAGE,
    edit: Permission.STRATEGY_MANAGE,
    delete: Permission.STRATEGY_MANAGE,
  },
  conversations: {
    default: Permission.CONVERSATION_READ,
    create: Permission.CONVERSATION_MANAGE,
    edit: Permission.CONVERSATION_MANAGE,
  },
  sessions: {
    default: Permission.SESSION_READ,
    edit: Permission.SESSION_LOG,
    log: Permission.SESSION_LOG,
    rate: Permission.SESSION_RATE,
    reflect: Permission.REFLECTION_WRITE,
  },
  actions: {
    default: Permission.ACTION_READ,
    create: Permission.ACTION_MANAGE,
    edit: Permission.ACTION_MANAGE,
    verify: Permission.PRACTICE_CHANGE_VERIFY,
  },
  norms: { default: Permission.LIBRARY_READ, create: Permission.LIBRARY_MANAGE, edit: Permission.LIBRARY_MANAGE },
  rubricCriteria: {
    default: Permission.LIBRARY_READ,
    create: Permission.LIBRARY_MANAGE,
    edit: Permission.LIBRARY_MANAGE,
  },
  questionBankItems: {
    default: Permission.LIBRARY_READ,
    create: Permission.LIBRARY_MANAGE,
    edit: Permission.LIBRARY_MANAGE,
  },
  reflectionPrompts: {
    default: Permission.LIBRARY_READ,
    create: Permission.LIBRARY_MANAGE,
    edit: Permission.LIBRARY_MANAGE,
  },
  skills: { default: Permission.LIBRARY_READ, create: Permission.LIBRARY_MANAGE, edit: Permission.LIBRARY_MANAGE },
  auditEvents: { default: Permission.AUDIT_READ },
  apiClients: {
    default: Permission.API_CLIENT_MANAGE,
    create: Permission.API_CLIENT_MANAGE,
    edit: Permission.API_CLIENT_MANAGE,
  },
  settings: { default: Permission.DISTRICT_SETTINGS_MANAGE },
  identityProviders: {
    default: Permission.IDENTITY_PROVIDER_MANAGE,
    create: Permission.IDENTITY_PROVIDER_MANAGE,
    edit: Permission.IDENTITY_PROVIDER_MANAGE,
    delete: Permission.IDENTITY_PROVIDER_MANAGE,
  },
  webhooks: { default: Permission.WEBHOOK_MANAGE },
  // OneRoster import: the API also asks for school and role-assignment management across the district.
  rosterImports: { default: Permission.STAFF_MANAGE },
  // The privacy page (resources/privacy) is everyone's; its parts follow these.
  privacy: { default: Permission.DISTRICT_READ },
  districtExports: { default: Permission.DISTRICT_EXPORT },
  disposalRequests: { default: Permission.DISTRICT_DISPOSAL_REQUEST },
  disposals: { default: Permission.DISTRICT_DISPOSAL_MANAGE },
  retention: { default: Permission.DISTRICT_SETTINGS_MANAGE },
  learnerConsents: { default: Permission.SESSION_READ },
  // The calendar and reminders page (resources/mail): everyone in a district (its district part: `settings`).
  calendarAndMail: { default: Permission.SESSION_READ },
  // Any district's outbox (resources/mail/OperatorOutboxPage): the platform operator only (admins use the mail page).
  mailOutboxes: { default: Permission.DISTRICT_PROVISION },
};

export function permissionsOf(viewer: Viewer | null): Set<string> {
  if (!viewer) return new Set();
  if (viewer.kind === 'PLATFORM_OPERATOR') return new Set(OPERATOR_PERMISSIONS);
  return new Set(viewer.permissions.map((p) => p.permission));
}

/** react-admin's canAccess: may this viewer use this action on this resource? */
export function canAccess(viewer: Viewer | null, resource: string, action: Action): boolean {
  const rule = RESOURCE_ACCESS[resource];
  if (!rule || !viewer) return false;
  const needed = rule[action] ?? (['list', 'show'].includes(action) ? rule.default : undefined);
  return needed !== undefined && permissionsOf(viewer).has(needed);
}
