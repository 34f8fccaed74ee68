import type { SessionEntity } from '../session.entity';
import { currentSql } from '../../../db/effective-dated';

/**
 * Expected participants of a session: the active staff who take part in its conversation, other than its
 * facilitator: the people named on it, and the current holders of one of its participant roles (at its school, or
 * anywhere for a district-wide conversation). They are the people of PARTICIPATES (conversation/visibility.ts), listed
 * rather than tested one by one, without the facilitator, who runs the session and is counted apart (held.ts).
 *
 * The set is computed from the conversation as it is when the session is scheduled, and recorded on the session
 * (session_expected_participant, see ../expected-record.ts). It is recomputed only while the session is still to
 * come (`isUpcoming` below): when the conversation's participants, participant roles or facilitator change, when a
 * role assignment is made or ended, when someone is deactivated or reactivated. Once the session's time has come, or
 * it has been held or cancelled, the recorded set is a fact: attendance rates, the held quorum, reach and the person
 * funnel read it, and later changes never rewrite it. Guests (attendees outside the set) stay guests.
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
            JOIN role_assignment ra ON ra.district_id = c.district_id AND ra.role = cpr.role AND ${currentSql('ra')}
                 AND ${holders}
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

/**
 * Upcoming: a session whose recorded expected participants may still be recomputed: merely scheduled (not held, not
 * cancelled) and its scheduled time still ahead.
 */
export function isUpcoming(s: Pick<SessionEntity, 'status' | 'scheduledAt'>, now: Date = new Date()): boolean {
  return s.status === 'SCHEDULED' && s.scheduledAt.getTime() > now.getTime();
}

/** The same rule in SQL over the session alias `alias`, against the database's `now()`. */
export function upcomingSql(alias: string): string {
  return `(${alias}.status = 'SCHEDULED' AND ${alias}.scheduled_at > now())`;
}

/** The recorded expected participants of session `alias` (over `ep`): a condition to join on. */
export function recordedExpectedSql(alias: string, ep = 'ep'): string {
  return `${ep}.district_id = ${alias}.district_id AND ${ep}.session_id = ${alias}.id`;
}
