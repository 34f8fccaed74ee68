import { expectedParticipantsSql, upcomingSql } from './rules/expected';
import { currentSql } from '../../db/effective-dated';

/** Anything that runs SQL with positional parameters: an EntityManager, a DataSource. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Who was expected at a session, recorded when it is scheduled (rules/expected.ts computes the set). Every writer
 * of sessions calls `recordExpectedParticipants` for the sessions it adds; every change to what the set is computed
 * from calls `refreshUpcomingExpected` for the conversations it touches, which recomputes the set of their upcoming
 * sessions only (rules/expected.ts, isUpcoming): past, held and cancelled sessions keep theirs.
 *
 * The session's facilitator (`conversation_session.facilitator_id`) is a fact of the same kind: recorded when the
 * session is scheduled (the conversation's facilitator then; the database fills it for a writer that leaves it out),
 * and moved by `refreshUpcomingExpected` to the conversation's facilitator now, for upcoming sessions only. Quality's
 * self-ratings and the person funnel read it (rules/quality.ts).
 */

/** Records the expected participants of sessions `sessionIds` (new ones), from their conversations as they are now. */
export async function recordExpectedParticipants(
  db: Queryable,
  districtId: string,
  sessionIds: readonly string[],
): Promise<void> {
  if (sessionIds.length === 0) return;
  await db.query(
    `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id)
     SELECT s.district_id, s.id, e.staff_member_id
       FROM conversation_session s
       JOIN (${expectedParticipantsSql(
         `c.district_id = $1 AND c.id IN (SELECT ns.conversation_id FROM conversation_session ns
                                           WHERE ns.district_id = $1 AND ns.id = ANY($2::uuid[]))`,
       )}) e ON e.conversation_id = s.conversation_id
      WHERE s.district_id = $1 AND s.id = ANY($2::uuid[])
     ON CONFLICT DO NOTHING`,
    [districtId, [...sessionIds]],
  );
}

/**
 * Records the expected participants of every session of the district that has none recorded yet: for fixtures and
 * seeds that write sessions directly (a session nobody is expected at gets nothing, and is looked at again).
 */
export async function recordMissingExpectedParticipants(db: Queryable, districtId: string): Promise<void> {
  await db.query(
    `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id)
     SELECT s.district_id, s.id, e.staff_member_id
       FROM conversation_session s
       JOIN (${expectedParticipantsSql('c.district_id = $1')}) e ON e.conversation_id = s.conversation_id
      WHERE s.district_id = $1
        AND NOT EXISTS (SELECT 1 FROM session_expected_participant x WHERE x.district_id = s.district_id AND x.session_id = s.id)
     ON CONFLICT DO NOTHING`,
    [districtId],
  );
}

/**
 * Recomputes the expected participants and the facilitator of the upcoming sessions of the conversations matching
 * `conversations` (a condition over `c` whose parameters are `$2`, `$3`, ... of `params`; `$1` is the district).
 * Every change to a conversation's facilitator (an edit, a handover) calls it.
 */
export async function refreshUpcomingExpected(
  db: Queryable,
  districtId: string,
  conversations: string,
  params: unknown[] = [],
): Promise<void> {
  const upcoming = `SELECT s.id, s.conversation_id FROM conversation_session s
      JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
     WHERE s.district_id = $1 AND ${upcomingSql('s')} AND (${conversations})`;
  await db.query(
    `UPDATE conversation_session s SET facilitator_id = c.facilitator_id
       FROM learning_conversation c
      WHERE s.district_id = $1 AND c.district_id = s.district_id AND c.id = s.conversation_id
        AND ${upcomingSql('s')} AND (${conversations}) AND s.facilitator_id <> c.facilitator_id`,
    [districtId, ...params],
  );
  await db.query(
    `DELETE FROM session_expected_participant ep
      WHERE ep.district_id = $1 AND ep.session_id IN (SELECT u.id FROM (${upcoming}) u)`,
    [districtId, ...params],
  );
  await db.query(
    `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id)
     SELECT $1, u.id, e.staff_member_id
       FROM (${upcoming}) u
       JOIN (${expectedParticipantsSql(`c.district_id = $1 AND (${conversations})`)}) e ON e.conversation_id = u.conversation_id
     ON CONFLICT DO NOTHING`,
    [districtId, ...params],
  );
}

/** The conversations whose expected participants depend on holders of `role` at `schoolId` (null: district-wide). */
export const CONVERSATIONS_OF_ROLE = `EXISTS (SELECT 1 FROM conversation_participant_role xr
    WHERE xr.district_id = c.district_id AND xr.conversation_id = c.id AND xr.role = $2)
  AND (CAST($3 AS uuid) IS NULL OR c.school_id IS NULL OR c.school_id = $3)`;

/**
 * The conversations whose expected participants depend on any of the people `$2` (a uuid array): those they
 * facilitate, are named on, or hold one of the participant roles of (at its school, district-wide, or anywhere for a
 * district-wide conversation).
 */
export const CONVERSATIONS_OF_PEOPLE = `(c.facilitator_id = ANY($2::uuid[])
  OR EXISTS (SELECT 1 FROM conversation_participant xp
              WHERE xp.district_id = c.district_id AND xp.conversation_id = c.id AND xp.staff_member_id = ANY($2::uuid[]))
  OR EXISTS (SELECT 1 FROM conversation_participant_role xr
               JOIN role_assignment xa ON xa.district_id = xr.district_id AND xa.role = xr.role AND ${currentSql('xa')}
                AND xa.staff_member_id = ANY($2::uuid[])
              WHERE xr.district_id = c.district_id AND xr.conversation_id = c.id
                AND (c.school_id IS NULL OR xa.school_id IS NULL OR xa.school_id = c.school_id)))`;
