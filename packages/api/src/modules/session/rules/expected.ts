import type { EntityManager } from 'typeorm';
import type { ConversationEntity } from '../../conversation/conversation.entity';

/**
 * Expected participants of a session: the active staff who take part in its conversation, other than its
 * facilitator: the people named on it, and the holders of one of its participant roles (at its school, or anywhere
 * for a district-wide conversation). They are the people of PARTICIPATES (conversation/visibility.ts), listed rather
 * than tested one by one, without the facilitator, who runs the session and is counted apart (held.ts). They are read
 * from the conversation as it is now.
 *
 * SQL: the pairs (conversation_id, staff_member_id) for the conversations matching `conversations`, a condition over
 * `c` (the conversation); it may use parameters, and appears four times in the statement.
 */
export function expectedParticipantsSql(conversations: string): string {
  // A role is held at the conversation's school, or district-wide, or (for a district-wide conversation) anywhere:
  // three joins that each use the index on (district_id, school_id, role), rather than one OR that cannot.
  const byRole = (holders: string, where: string) => `SELECT c.district_id, c.id, c.facilitator_id, ra.staff_member_id
            FROM learning_conversation c
            JOIN conversation_participant_role cpr ON cpr.district_id = c.district_id AND cpr.conversation_id = c.id
            JOIN role_assignment ra ON ra.district_id = c.district_id AND ra.role = cpr.role AND ${holders}
           WHERE ${conversations} AND ${where}`;
  return `SELECT DISTINCT x.conversation_id, x.staff_member_id
    FROM (SELECT c.district_id, c.id AS conversation_id, c.facilitator_id, cp.staff_member_id
            FROM learning_conversation c
            JOIN conversation_participant cp ON cp.district_id = c.district_id AND cp.conversation_id = c.id
           WHERE ${conversations}
          UNION ALL
          ${byRole('ra.school_id = c.school_id', 'c.school_id IS NOT NULL')}
          UNION ALL
          ${byRole('ra.school_id IS NULL', 'TRUE')}
          UNION ALL
          ${byRole('ra.school_id IS NOT NULL', 'c.school_id IS NULL')}) x
    JOIN staff_member xs ON xs.district_id = x.district_id AND xs.id = x.staff_member_id AND xs.active
   WHERE x.staff_member_id <> x.facilitator_id`;
}

/** The expected participants of a conversation's sessions: their staff ids. */
export async function expectedParticipants(
  manager: EntityManager,
  conversation: Pick<ConversationEntity, 'districtId' | 'id'>,
): Promise<string[]> {
  const rows: { staff_member_id: string }[] = await manager.query(
    expectedParticipantsSql('c.district_id = $1 AND c.id = $2'),
    [conversation.districtId, conversation.id],
  );
  return rows.map((r) => r.staff_member_id);
}
