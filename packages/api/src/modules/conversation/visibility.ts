import { currentSql } from '../../db/effective-dated';
import type { Scope } from '../../auth/scope';

/**
 * Who takes part in a conversation: its facilitator, the people named, and current holders of a participant role (at the
 * conversation's school, or anywhere for a district-wide one). SQL over alias `c`, with `:self` bound.
 */
export const PARTICIPATES = `(c.facilitator_id = :self
  OR EXISTS (SELECT 1 FROM conversation_participant cp
              WHERE cp.district_id = c.district_id AND cp.conversation_id = c.id AND cp.staff_member_id = :self)
  OR EXISTS (SELECT 1 FROM conversation_participant_role cpr
               JOIN role_assignment ra ON ra.district_id = cpr.district_id AND ra.role = cpr.role AND ra.staff_member_id = :self
                AND ${currentSql('ra')}
              WHERE cpr.district_id = c.district_id AND cpr.conversation_id = c.id
                AND (c.school_id IS NULL OR ra.school_id IS NULL OR ra.school_id = c.school_id)))`;

/**
 * The conversations a caller may open, given how far their read permission reaches (auth/scope.ts): every one for
 * district-wide reach; otherwise those of their schools and those they take part in (PARTICIPATES). SQL over `c`,
 * with its named parameters (`conversationSchoolIds`, `self`).
 */
export function mayOpenConversationSql(scope: Scope): { sql: string; params: Record<string, unknown> } {
  if (scope.all) return { sql: 'TRUE', params: {} };
  return {
    sql: `(c.school_id = ANY(:conversationSchoolIds) OR ${PARTICIPATES})`,
    params: { conversationSchoolIds: scope.schoolIds, self: scope.selfId },
  };
}
