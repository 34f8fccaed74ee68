import type { DataSource } from 'typeorm';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

let made = 0;

/**
 * A session of the demo coach's first conversation, scheduled a little more than an hour ago (so it can be logged),
 * inserted by the owner; returns the `sessionLog` input that logs it as held with the coach attending. Each call is
 * a minute earlier than the last, so no two collide.
 */
export async function insertLoggableDemoSession(owner: DataSource): Promise<Record<string, unknown>> {
  const [row] = await owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, date_trunc('minute', now()) - make_interval(mins => 60 + $1::int), 'SCHEDULED'
       FROM learning_conversation c JOIN staff_member f ON f.district_id = c.district_id AND f.id = c.facilitator_id
      WHERE f.email = 'coach@northfield.example'
      ORDER BY c.id LIMIT 1
     RETURNING id, version,
       (SELECT facilitator_id FROM learning_conversation l WHERE l.district_id = conversation_session.district_id
           AND l.id = conversation_id) AS facilitator`,
    [++made],
  );
  return {
    id: toGlobalId('ConversationSession', row.id),
    version: row.version,
    heldAt: new Date().toISOString(),
    durationMinutes: 30,
    attendeeIds: [toGlobalId('StaffMember', row.facilitator)],
  };
}
