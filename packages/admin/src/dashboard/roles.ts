import type { Viewer } from '../providers/session';

export type DashboardRole = 'DISTRICT_ADMIN' | 'SCHOOL_LEADER' | 'COACH' | 'TEACHER';

/** Widest first: a person with several roles gets the dashboard of the widest, and the personal lists of the rest. */
const ORDER: DashboardRole[] = ['DISTRICT_ADMIN', 'SCHOOL_LEADER', 'COACH', 'TEACHER'];

export function rolesOf(viewer: Viewer | null): DashboardRole[] {
  const held = new Set(viewer?.roleAssignments.map((a) => a.role) ?? []);
  return ORDER.filter((r) => held.has(r));
}

/** The first school the person holds this role at (their assignments, in the order the API lists them). */
export function firstSchool(viewer: Viewer | null, role: DashboardRole): { id: string; name: string } | null {
  return viewer?.roleAssignments.find((a) => a.role === role && a.school)?.school ?? null;
}
