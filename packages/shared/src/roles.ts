/** The roles a staff member can be assigned inside a district. Operators are not staff: see PLATFORM_OPERATOR. */
export const Role = {
  DISTRICT_ADMIN: 'DISTRICT_ADMIN',
  SCHOOL_LEADER: 'SCHOOL_LEADER',
  COACH: 'COACH',
  TEACHER: 'TEACHER',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = Object.values(Role);

/** The platform operator provisions districts and sees nothing inside one. */
export const PLATFORM_OPERATOR = 'PLATFORM_OPERATOR' as const;
export type PrincipalRole = Role | typeof PLATFORM_OPERATOR;

/** An assignment applies to the whole district or to one school. */
export const AssignmentScope = {
  DISTRICT: 'DISTRICT',
  SCHOOL: 'SCHOOL',
} as const;
export type AssignmentScope = (typeof AssignmentScope)[keyof typeof AssignmentScope];

/** Roles that only make sense district-wide. */
export const DISTRICT_ONLY_ROLES: readonly Role[] = [Role.DISTRICT_ADMIN];

export const ROLE_LABELS: Record<PrincipalRole, string> = {
  PLATFORM_OPERATOR: 'Platform operator',
  DISTRICT_ADMIN: 'District admin',
  SCHOOL_LEADER: 'School leader',
  COACH: 'Coach',
  TEACHER: 'Teacher',
};
