import { session } from '../portal';

/** How far one of the viewer's permissions reaches: the whole district, some schools, or nothing. */
export interface Reach {
  districtWide: boolean;
  schoolIds: string[];
}

/**
 * The viewer's reach for a permission (null without it). canAccess says whether a screen or button appears at all;
 * this says which records it applies to, e.g. a school leader manages their school's strategies, not the district's.
 */
export function reachOf(permission: string): Reach | null {
  const p = session.viewer?.permissions.find((x) => x.permission === permission);
  return p ? { districtWide: p.districtWide, schoolIds: p.schoolIds } : null;
}

/** May the viewer use this permission on a record of this school (null: a district-wide record)? */
export function reaches(reach: Reach | null, schoolId: string | null | undefined): boolean {
  if (!reach) return false;
  return reach.districtWide || (!!schoolId && reach.schoolIds.includes(schoolId));
}
