import { ConfidentialityBoundary, Role } from '@throughline/shared';
import type { StaffPrincipal } from '../../auth/principal';
import type { RequestContext } from '../../graphql/context';
import { managerOf } from '../../graphql/context';
import { PARTICIPATES } from '../conversation/visibility';

interface BoundaryRow {
  session_id: string;
  participant: boolean;
  confidentiality: ConfidentialityBoundary;
  school_id: string | null;
}

/**
 * Whether the caller may read what was said in each session (notes, check-in/out lines, shared reflections):
 * participants and attendees always; school leaders of the conversation's school when the boundary includes them;
 * district admins when it is the district. Decided here, in the API, so the text never leaves for anyone else.
 */
export async function confidentialAccess(ctx: RequestContext, sessionIds: readonly string[]): Promise<boolean[]> {
  const p = ctx.principal;
  if (p?.kind !== 'staff') return sessionIds.map(() => false);
  const rows: BoundaryRow[] = await (
    await managerOf(ctx)
  )
    .createQueryBuilder()
    .select('s.id', 'session_id')
    .addSelect('c.confidentiality', 'confidentiality')
    .addSelect('c.school_id', 'school_id')
    .addSelect(
      `(${PARTICIPATES} OR EXISTS (SELECT 1 FROM session_attendance sa WHERE sa.district_id = s.district_id AND sa.session_id = s.id AND sa.staff_member_id = :self))`,
      'participant',
    )
    .from('conversation_session', 's')
    .innerJoin('learning_conversation', 'c', 'c.district_id = s.district_id AND c.id = s.conversation_id')
    .where('s.district_id = :d AND s.id = ANY(:ids)', { d: p.districtId, ids: [...sessionIds], self: p.staffMemberId })
    .getRawMany();
  const byId = new Map(rows.map((r) => [r.session_id, r]));
  return sessionIds.map((id) => {
    const row = byId.get(id);
    return row ? mayRead(p, row) : false;
  });
}

export function mayRead(p: StaffPrincipal, row: Omit<BoundaryRow, 'session_id'>): boolean {
  if (row.participant) return true;
  const holds = (role: Role, schoolId: string | null) =>
    p.assignments.some(
      (a) =>
        a.role === role && (schoolId === null ? a.schoolId === null : a.schoolId === schoolId || a.schoolId === null),
    );
  if (row.confidentiality === ConfidentialityBoundary.DISTRICT && holds(Role.DISTRICT_ADMIN, null)) return true;
  if (
    row.confidentiality !== ConfidentialityBoundary.PARTICIPANTS &&
    row.school_id !== null &&
    holds(Role.SCHOOL_LEADER, row.school_id)
  ) {
    return true;
  }
  return false;
}
