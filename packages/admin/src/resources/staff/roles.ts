import { DISTRICT_ONLY_ROLES, ROLES, type Role } from '@throughline/shared';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Role choices; `name` is a message key (react-admin's choice inputs translate it). */
export const ROLE_CHOICES = ROLES.map((role) => ({ id: role, name: `tl.staff.roles.${role}` }));

/** A role's name in the reader's language ("Coach"); an unknown role shows as the API gives it. */
export function roleLabel(role: string, translate: Translate): string {
  return translate(`tl.staff.roles.${role}`, { _: role });
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
export function assignmentLabel(a: Assignment, translate: Translate): string {
  const role = roleLabel(a.role, translate);
  return a.scope === 'DISTRICT'
    ? translate('tl.staff.assignments.label_district', { role })
    : translate('tl.staff.assignments.label_school', {
        role,
        school: a.school?.name ?? translate('tl.staff.assignments.a_school'),
      });
}
