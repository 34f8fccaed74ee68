import { DISTRICT_ONLY_ROLES, ROLES, ROLE_LABELS, type Role } from '@throughline/shared';

export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: ROLE_LABELS[role] }));

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as Role] ?? role;
}

/** District admins only ever hold the whole district. */
export function isDistrictOnly(role: string | undefined): boolean {
  return !!role && DISTRICT_ONLY_ROLES.includes(role as Role);
}

/** Teachers belong to a school: a district-wide teacher would see every teacher's records. */
export function needsSchool(role: string | undefined): boolean {
  return role === 'TEACHER';
}

export interface Assignment {
  id: string;
  role: string;
  scope: 'DISTRICT' | 'SCHOOL';
  school: { id: string; name: string } | null;
  createdAt?: string;
}

/** "Coach · Lincoln Middle" or "District admin · district-wide". */
export function assignmentLabel(a: Assignment): string {
  return `${roleLabel(a.role)} · ${a.scope === 'DISTRICT' ? 'district-wide' : (a.school?.name ?? 'a school')}`;
}
