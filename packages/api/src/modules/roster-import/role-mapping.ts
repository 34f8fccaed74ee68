import type { EntityManager } from 'typeorm';
import { Role } from '@throughline/shared';
import type { FieldError } from '../../graphql/errors';

/**
 * The district's role mapping (docs/oneroster.md): which Throughline role each OneRoster staff role gives at an org of
 * type school and at the district org. A district admin edits it; until then the defaults below apply. The import
 * (plan.ts) reads it to give roles, and the OneRoster export reads it backwards to write roles.csv, so that a
 * re-import of an export gives every person the roles they hold.
 */

export const RosterOrgType = { SCHOOL: 'SCHOOL', DISTRICT: 'DISTRICT' } as const;
export type RosterOrgType = (typeof RosterOrgType)[keyof typeof RosterOrgType];

/** OneRoster 1.1/1.2 roles that are staff, in the order the export prefers them when several give one role. */
export const STAFF_ROSTER_ROLES = [
  'teacher',
  'principal',
  'districtAdministrator',
  'administrator',
  'siteAdministrator',
  'systemAdministrator',
  'aide',
  'counselor',
  'proctor',
] as const;
export type StaffRosterRole = (typeof STAFF_ROSTER_ROLES)[number];

/** What a role may give at each kind of org: school roles at a school, a district admin at the district. */
export const TARGETS: Record<RosterOrgType, readonly Role[]> = {
  SCHOOL: [Role.TEACHER, Role.SCHOOL_LEADER, Role.COACH],
  DISTRICT: [Role.DISTRICT_ADMIN],
};

export interface RoleRule {
  oneRosterRole: StaffRosterRole;
  orgType: RosterOrgType;
  /** null: the role gives nothing there (the person is imported without it, with a warning). */
  role: Role | null;
}

const SCHOOL_DEFAULTS: Record<StaffRosterRole, Role | null> = {
  teacher: Role.TEACHER,
  aide: Role.TEACHER,
  proctor: Role.TEACHER,
  counselor: Role.TEACHER,
  principal: Role.SCHOOL_LEADER,
  administrator: Role.SCHOOL_LEADER,
  siteAdministrator: Role.SCHOOL_LEADER,
  districtAdministrator: null,
  systemAdministrator: null,
};
const DISTRICT_DEFAULTS: Record<StaffRosterRole, Role | null> = {
  teacher: null,
  aide: null,
  proctor: null,
  counselor: null,
  principal: null,
  administrator: Role.DISTRICT_ADMIN,
  siteAdministrator: null,
  districtAdministrator: Role.DISTRICT_ADMIN,
  systemAdministrator: Role.DISTRICT_ADMIN,
};

/** Every (role, org type) pair, in a fixed order: the defaults. */
export const DEFAULT_RULES: readonly RoleRule[] = [
  ...STAFF_ROSTER_ROLES.map((r) => ({ oneRosterRole: r, orgType: RosterOrgType.SCHOOL, role: SCHOOL_DEFAULTS[r] })),
  ...STAFF_ROSTER_ROLES.map((r) => ({ oneRosterRole: r, orgType: RosterOrgType.DISTRICT, role: DISTRICT_DEFAULTS[r] })),
];

const keyOf = (oneRosterRole: string, orgType: string) => `${orgType}:${oneRosterRole}`;

/** A mapping, looked up by OneRoster role and org type. */
export class RoleMapping {
  private readonly byKey: Map<string, Role | null>;
  constructor(readonly rules: readonly RoleRule[]) {
    this.byKey = new Map(rules.map((r) => [keyOf(r.oneRosterRole, r.orgType), r.role]));
  }

  /** The Throughline role a OneRoster role gives at a school or at the district (null: none). */
  roleFor(oneRosterRole: string, orgType: RosterOrgType): Role | null {
    return this.byKey.get(keyOf(oneRosterRole, orgType)) ?? null;
  }

  /** The school roles an import gives, and so ends when a file no longer gives them. Never a district admin. */
  managedSchoolRoles(): Set<Role> {
    return new Set(this.rules.filter((r) => r.orgType === 'SCHOOL' && r.role).map((r) => r.role!));
  }

  /**
   * Backwards, for the export: the OneRoster role to write for a Throughline role at that kind of org (the first
   * in STAFF_ROSTER_ROLES order that gives it), or null when none does (that assignment is not in the roster).
   */
  rosterRoleFor(role: Role, orgType: RosterOrgType): StaffRosterRole | null {
    for (const r of STAFF_ROSTER_ROLES) if (this.byKey.get(keyOf(r, orgType)) === role) return r;
    return null;
  }
}

export const DEFAULT_MAPPING = new RoleMapping(DEFAULT_RULES);

/** The stored rules merged over the defaults (a stored list names every pair; anything else is ignored). */
function fromStored(stored: unknown): RoleMapping {
  if (!Array.isArray(stored)) return DEFAULT_MAPPING;
  const given = new Map<string, Role | null>();
  for (const r of stored as Partial<RoleRule>[]) {
    if (r && typeof r.oneRosterRole === 'string' && typeof r.orgType === 'string') {
      given.set(keyOf(r.oneRosterRole, r.orgType), (r.role as Role | null | undefined) ?? null);
    }
  }
  return new RoleMapping(
    DEFAULT_RULES.map((d) => {
      const k = keyOf(d.oneRosterRole, d.orgType);
      const role = given.has(k) ? given.get(k)! : d.role;
      return { ...d, role: role && TARGETS[d.orgType].includes(role) ? role : null };
    }),
  );
}

export interface StoredMapping {
  mapping: RoleMapping;
  /** 0 while the district has never changed the defaults. */
  version: number;
  updatedAt: Date | null;
}

/** The district's mapping, in the caller's transaction (under its row-level security). */
export async function loadRoleMapping(m: Pick<EntityManager, 'query'>, districtId: string): Promise<StoredMapping> {
  const [row]: { rules: unknown; version: number; updated_at: Date }[] = await m.query(
    `SELECT rules, version, updated_at FROM roster_role_mapping WHERE district_id = $1`,
    [districtId],
  );
  return row
    ? { mapping: fromStored(row.rules), version: row.version, updatedAt: row.updated_at }
    : { mapping: DEFAULT_MAPPING, version: 0, updatedAt: null };
}

/** Checks changed rules against the known roles and targets; every problem is named (`rules.3.role`). */
export function checkRules(
  rules: readonly { oneRosterRole: string; orgType: string; role?: string | null }[],
  current: RoleMapping,
): { mapping: RoleMapping; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const next = new Map(current.rules.map((r) => [keyOf(r.oneRosterRole, r.orgType), r]));
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    const at = `rules.${i}`;
    if (!(STAFF_ROSTER_ROLES as readonly string[]).includes(r.oneRosterRole)) {
      errors.push({
        field: `${at}.oneRosterRole`,
        message: `Not a OneRoster staff role: one of ${STAFF_ROSTER_ROLES.join(', ')}`,
      });
      return;
    }
    if (!(r.orgType in TARGETS)) {
      errors.push({ field: `${at}.orgType`, message: 'SCHOOL or DISTRICT' });
      return;
    }
    const k = keyOf(r.oneRosterRole, r.orgType);
    if (seen.has(k)) {
      errors.push({ field: `${at}.oneRosterRole`, message: 'This role and org type are given twice' });
      return;
    }
    seen.add(k);
    const orgType = r.orgType as RosterOrgType;
    const role = (r.role ?? null) as Role | null;
    if (role !== null && !TARGETS[orgType].includes(role)) {
      errors.push({
        field: `${at}.role`,
        message: `At ${orgType === 'SCHOOL' ? 'a school' : 'the district'}: ${TARGETS[orgType].join(', ')} or none`,
      });
      return;
    }
    next.set(k, { oneRosterRole: r.oneRosterRole as StaffRosterRole, orgType, role });
  });
  return { mapping: new RoleMapping(DEFAULT_RULES.map((d) => next.get(keyOf(d.oneRosterRole, d.orgType))!)), errors };
}
