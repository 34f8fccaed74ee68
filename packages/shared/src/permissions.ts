import { AssignmentScope, PLATFORM_OPERATOR, Role } from './roles';

/** The permission vocabulary. Every entry point of the API declares one of these; the portal reads the same list. */
export const Permission = {
  DISTRICT_PROVISION: 'DISTRICT_PROVISION',
  DISTRICT_READ: 'DISTRICT_READ',
  DISTRICT_SETTINGS_MANAGE: 'DISTRICT_SETTINGS_MANAGE',
  SCHOOL_READ: 'SCHOOL_READ',
  SCHOOL_MANAGE: 'SCHOOL_MANAGE',
  STAFF_READ: 'STAFF_READ',
  STAFF_MANAGE: 'STAFF_MANAGE',
  ROLE_ASSIGNMENT_READ: 'ROLE_ASSIGNMENT_READ',
  ROLE_ASSIGNMENT_MANAGE: 'ROLE_ASSIGNMENT_MANAGE',
  AUDIT_READ: 'AUDIT_READ',
  STRATEGY_READ: 'STRATEGY_READ',
  STRATEGY_MANAGE: 'STRATEGY_MANAGE',
  CONVERSATION_READ: 'CONVERSATION_READ',
  CONVERSATION_MANAGE: 'CONVERSATION_MANAGE',
  SESSION_READ: 'SESSION_READ',
  SESSION_LOG: 'SESSION_LOG',
  SESSION_RATE: 'SESSION_RATE',
  REFLECTION_WRITE: 'REFLECTION_WRITE',
  ACTION_READ: 'ACTION_READ',
  ACTION_MANAGE: 'ACTION_MANAGE',
  /** Corroborate, or confirm as sustained, someone else's practice change. */
  PRACTICE_CHANGE_VERIFY: 'PRACTICE_CHANGE_VERIFY',
  LIBRARY_READ: 'LIBRARY_READ',
  LIBRARY_MANAGE: 'LIBRARY_MANAGE',
  ANALYTICS_READ: 'ANALYTICS_READ',
  /** Subscribe webhook endpoints to the district's events, see their deliveries, redeliver. */
  WEBHOOK_MANAGE: 'WEBHOOK_MANAGE',
  /** Create, change, rotate and revoke the district's API clients (integrators' credentials). */
  API_CLIENT_MANAGE: 'API_CLIENT_MANAGE',
  /** Configure the district's single sign-on: identity providers, and whether passwords still sign in. */
  IDENTITY_PROVIDER_MANAGE: 'IDENTITY_PROVIDER_MANAGE',
  /** Export the whole district as one archive (docs/privacy.md); the operator too, on the district's written request. */
  DISTRICT_EXPORT: 'DISTRICT_EXPORT',
  /** Ask, with a typed confirmation, for the district's data to be disposed of (the operator schedules it). */
  DISTRICT_DISPOSAL_REQUEST: 'DISTRICT_DISPOSAL_REQUEST',
  /** Schedule or cancel a district's disposal, and read the certificates of disposal (platform operator only). */
  DISTRICT_DISPOSAL_MANAGE: 'DISTRICT_DISPOSAL_MANAGE',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

/**
 * How far a granted permission reaches:
 * - DISTRICT: the whole district, whatever the assignment's scope;
 * - SCOPE: the assignment's scope (the district for a district-wide assignment, else its one school);
 * - OWN: only records that are the person's own (themself, their own sessions, their own actions).
 */
export const Reach = { DISTRICT: 'DISTRICT', SCOPE: 'SCOPE', OWN: 'OWN' } as const;
export type Reach = (typeof Reach)[keyof typeof Reach];

type Grants = Partial<Record<Permission, Reach>>;

/** The role-to-permission matrix: the one place that says who may do what. */
export const ROLE_PERMISSIONS: Record<Role, Grants> = {
  DISTRICT_ADMIN: {
    DISTRICT_READ: Reach.DISTRICT,
    DISTRICT_SETTINGS_MANAGE: Reach.DISTRICT,
    SCHOOL_READ: Reach.SCOPE,
    SCHOOL_MANAGE: Reach.SCOPE,
    STAFF_READ: Reach.SCOPE,
    STAFF_MANAGE: Reach.SCOPE,
    ROLE_ASSIGNMENT_READ: Reach.SCOPE,
    ROLE_ASSIGNMENT_MANAGE: Reach.SCOPE,
    AUDIT_READ: Reach.SCOPE,
    STRATEGY_READ: Reach.SCOPE,
    STRATEGY_MANAGE: Reach.SCOPE,
    CONVERSATION_READ: Reach.SCOPE,
    CONVERSATION_MANAGE: Reach.SCOPE,
    SESSION_READ: Reach.SCOPE,
    SESSION_LOG: Reach.SCOPE,
    SESSION_RATE: Reach.OWN,
    REFLECTION_WRITE: Reach.OWN,
    ACTION_READ: Reach.SCOPE,
    ACTION_MANAGE: Reach.SCOPE,
    PRACTICE_CHANGE_VERIFY: Reach.SCOPE,
    LIBRARY_READ: Reach.DISTRICT,
    LIBRARY_MANAGE: Reach.DISTRICT,
    ANALYTICS_READ: Reach.SCOPE,
    WEBHOOK_MANAGE: Reach.DISTRICT,
    API_CLIENT_MANAGE: Reach.DISTRICT,
    IDENTITY_PROVIDER_MANAGE: Reach.DISTRICT,
    DISTRICT_EXPORT: Reach.DISTRICT,
    DISTRICT_DISPOSAL_REQUEST: Reach.DISTRICT,
  },
  SCHOOL_LEADER: {
    DISTRICT_READ: Reach.DISTRICT,
    SCHOOL_READ: Reach.SCOPE,
    STAFF_READ: Reach.SCOPE,
    ROLE_ASSIGNMENT_READ: Reach.SCOPE,
    STRATEGY_READ: Reach.SCOPE,
    STRATEGY_MANAGE: Reach.SCOPE,
    CONVERSATION_READ: Reach.SCOPE,
    CONVERSATION_MANAGE: Reach.SCOPE,
    SESSION_READ: Reach.SCOPE,
    SESSION_LOG: Reach.SCOPE,
    SESSION_RATE: Reach.OWN,
    REFLECTION_WRITE: Reach.OWN,
    ACTION_READ: Reach.SCOPE,
    ACTION_MANAGE: Reach.SCOPE,
    PRACTICE_CHANGE_VERIFY: Reach.SCOPE,
    LIBRARY_READ: Reach.DISTRICT,
    ANALYTICS_READ: Reach.SCOPE,
  },
  COACH: {
    DISTRICT_READ: Reach.DISTRICT,
    SCHOOL_READ: Reach.SCOPE,
    STAFF_READ: Reach.SCOPE,
    STRATEGY_READ: Reach.SCOPE,
    CONVERSATION_READ: Reach.SCOPE,
    SESSION_READ: Reach.SCOPE,
    // Coaches log the sessions of conversations they facilitate, and follow up those sessions' actions.
    SESSION_LOG: Reach.OWN,
    SESSION_RATE: Reach.OWN,
    REFLECTION_WRITE: Reach.OWN,
    ACTION_READ: Reach.SCOPE,
    ACTION_MANAGE: Reach.OWN,
    // Coaches corroborate the practice changes of the schools they work in (never their own).
    PRACTICE_CHANGE_VERIFY: Reach.SCOPE,
    LIBRARY_READ: Reach.DISTRICT,
    ANALYTICS_READ: Reach.SCOPE,
  },
  TEACHER: {
    DISTRICT_READ: Reach.DISTRICT,
    SCHOOL_READ: Reach.SCOPE,
    STAFF_READ: Reach.OWN,
    STRATEGY_READ: Reach.SCOPE,
    // Teachers see the conversations and sessions they take part in, and the actions they own.
    CONVERSATION_READ: Reach.OWN,
    SESSION_READ: Reach.OWN,
    SESSION_RATE: Reach.OWN,
    REFLECTION_WRITE: Reach.OWN,
    ACTION_READ: Reach.OWN,
    ACTION_MANAGE: Reach.OWN,
    LIBRARY_READ: Reach.DISTRICT,
    ANALYTICS_READ: Reach.OWN,
  },
};

/** Operators hold no assignment; these are theirs, across all districts, for the district records only. */
export const OPERATOR_PERMISSIONS: readonly Permission[] = [
  Permission.DISTRICT_PROVISION,
  Permission.DISTRICT_READ,
  Permission.DISTRICT_EXPORT,
  Permission.DISTRICT_DISPOSAL_MANAGE,
];

export interface AssignmentLike {
  role: Role;
  scope: AssignmentScope;
  schoolId: string | null;
}

/** What one permission lets a person reach, merged over all their assignments. */
export interface EffectivePermission {
  permission: Permission;
  /** Reaches every record of its kind in the district. */
  districtWide: boolean;
  /** Reaches the records of these schools (empty when districtWide). */
  schoolIds: string[];
  /** Reaches the person's own records (always true when anything is granted). */
  own: boolean;
}

/** Merges the grants of every assignment a person holds into one entry per permission. */
export function effectivePermissions(assignments: readonly AssignmentLike[]): EffectivePermission[] {
  const merged = new Map<Permission, EffectivePermission>();
  for (const assignment of assignments) {
    const grants = ROLE_PERMISSIONS[assignment.role] ?? {};
    for (const [permission, reach] of Object.entries(grants) as [Permission, Reach][]) {
      const entry = merged.get(permission) ?? { permission, districtWide: false, schoolIds: [], own: true };
      if (reach === Reach.DISTRICT || (reach === Reach.SCOPE && assignment.scope === AssignmentScope.DISTRICT)) {
        entry.districtWide = true;
      } else if (reach === Reach.SCOPE && assignment.schoolId && !entry.schoolIds.includes(assignment.schoolId)) {
        entry.schoolIds.push(assignment.schoolId);
      }
      merged.set(permission, entry);
    }
  }
  const result = [...merged.values()];
  for (const entry of result) {
    if (entry.districtWide) entry.schoolIds = [];
    entry.schoolIds.sort();
  }
  return result.sort((a, b) => PERMISSIONS.indexOf(a.permission) - PERMISSIONS.indexOf(b.permission));
}

export function operatorHas(permission: Permission): boolean {
  return OPERATOR_PERMISSIONS.includes(permission);
}

export { PLATFORM_OPERATOR };
