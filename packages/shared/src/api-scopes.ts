import { Permission, type EffectivePermission } from './permissions';

/**
 * What an API client (an integrator's credential) may be granted: OAuth scopes, each a set of permissions of the
 * matrix in permissions.ts. A client's token carries some of its scopes; the permissions they grant reach the whole
 * district of the client, and nothing else. This table is the one place that says which scope opens what.
 *
 * Write scopes carry the reads of the records they write, so a client can read back what it changed. No scope grants
 * what only a person may do (rate or reflect on a session, read the audit log, manage API clients or webhooks), and
 * confidential text (notes, check-in/out lines, reflections) is withheld from every client whatever its scopes.
 */
export const ApiScope = {
  ORGANIZATION_READ: 'organization:read',
  IMPROVEMENT_READ: 'improvement:read',
  ANALYTICS_READ: 'analytics:read',
  SESSIONS_WRITE: 'sessions:write',
  ROSTER_WRITE: 'roster:write',
} as const;
export type ApiScope = (typeof ApiScope)[keyof typeof ApiScope];
export const API_SCOPES: readonly ApiScope[] = Object.values(ApiScope);

export const SCOPE_PERMISSIONS: Record<ApiScope, readonly Permission[]> = {
  // The district, its schools, its people and their roles, and its libraries.
  'organization:read': [
    Permission.DISTRICT_READ,
    Permission.SCHOOL_READ,
    Permission.STAFF_READ,
    Permission.ROLE_ASSIGNMENT_READ,
    Permission.LIBRARY_READ,
  ],
  // Strategies, the conversations mapped to them, their sessions and actions (confidential text withheld).
  'improvement:read': [
    Permission.DISTRICT_READ,
    Permission.STRATEGY_READ,
    Permission.CONVERSATION_READ,
    Permission.SESSION_READ,
    Permission.ACTION_READ,
  ],
  // The funnel and strategy health, for the district or any school, strategy, conversation or person.
  'analytics:read': [Permission.DISTRICT_READ, Permission.ANALYTICS_READ],
  // Log sessions as held (attendance, evidence) or cancelled, and record and update the actions that came of them.
  'sessions:write': [
    Permission.DISTRICT_READ,
    Permission.SESSION_READ,
    Permission.SESSION_LOG,
    Permission.ACTION_READ,
    Permission.ACTION_MANAGE,
  ],
  // Schools, staff (not their passwords) and role assignments, as a roster system keeps them.
  'roster:write': [
    Permission.DISTRICT_READ,
    Permission.SCHOOL_READ,
    Permission.SCHOOL_MANAGE,
    Permission.STAFF_READ,
    Permission.STAFF_MANAGE,
    Permission.ROLE_ASSIGNMENT_READ,
    Permission.ROLE_ASSIGNMENT_MANAGE,
  ],
};

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** The permissions a set of scopes grants, each reaching the whole district (in the matrix's order). */
export function scopePermissions(scopes: readonly ApiScope[]): EffectivePermission[] {
  const granted = new Set(scopes.flatMap((scope) => SCOPE_PERMISSIONS[scope] ?? []));
  return (Object.values(Permission) as Permission[])
    .filter((p) => granted.has(p))
    .map((permission) => ({ permission, districtWide: true, schoolIds: [], own: false }));
}

/** The scopes that would grant a permission (empty: no client may ever do it). */
export function scopesGranting(permission: Permission): ApiScope[] {
  return API_SCOPES.filter((scope) => SCOPE_PERMISSIONS[scope].includes(permission));
}

/** An OAuth `scope` parameter (space-delimited, RFC 6749 §3.3) as a list; null when it names an unknown scope. */
export function parseScopeParameter(value: string): ApiScope[] | null {
  const names = [...new Set(value.split(' ').filter((s) => s.length > 0))];
  if (!names.every(isApiScope)) return null;
  return API_SCOPES.filter((s) => names.includes(s));
}
