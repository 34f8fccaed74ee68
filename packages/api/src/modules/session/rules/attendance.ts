import { expectedParticipantsSql } from './expected';

/**
 * Attendance of a held session: the share of its expected participants (expected.ts) who attended, attended expected
 * participants / expected participants. The facilitator and guests are on neither side. A session nobody was
 * expected at has no attendance rate (null); nor has a session that was not held.
 *
 * Across sessions (the funnel's attendanceRate), it is pooled over the held sessions counted: all their attended
 * expected participants / all their expected participants, each person once per session. Sessions not held are
 * left out: the held rate already counts them.
 */
export function attendanceRate(expectedAttended: number, expected: number): number | null {
  return expected > 0 ? expectedAttended / expected : null;
}

/** The expected participants of the conversations of `sessions` (listed once per conversation), and their number. */
function expectedCtes(sessions: string): string {
  return `expected_pairs AS MATERIALIZED (
      ${expectedParticipantsSql(`c.id IN (SELECT y.conversation_id FROM ${sessions} y)`)}
    ),
    expected_count AS (SELECT e.conversation_id, count(*)::int AS n FROM expected_pairs e GROUP BY e.conversation_id)`;
}

/**
 * The counts in SQL, per session: one row (id, expected, attended) per session of `sessions`, a relation (a CTE's
 * name) with the columns id, district_id and conversation_id of held sessions.
 */
export function attendanceCountsSql(sessions: string): string {
  return `WITH ${expectedCtes(sessions)}
  SELECT x.id, coalesce(ec.n, 0) AS expected, count(e.staff_member_id)::int AS attended
    FROM ${sessions} x
    LEFT JOIN expected_count ec ON ec.conversation_id = x.conversation_id
    LEFT JOIN session_attendance sa ON sa.district_id = x.district_id AND sa.session_id = x.id
    LEFT JOIN expected_pairs e ON e.conversation_id = x.conversation_id AND e.staff_member_id = sa.staff_member_id
   GROUP BY x.id, ec.n`;
}

/**
 * The same counts summed over all the sessions of `sessions` (as above), in one row (expected, attended): what the
 * pooled rate divides. Only the attendance rows are matched against the expected participants, so the work grows
 * with the attendance, not with sessions times participants.
 */
export function attendanceTotalsSql(sessions: string): string {
  // Both sides materialised first, so that they meet in one hash join rather than a probe per expected person.
  return `WITH ${expectedCtes(sessions)},
    attended_rows AS MATERIALIZED (
      SELECT x.conversation_id, sa.staff_member_id FROM ${sessions} x
        JOIN session_attendance sa ON sa.district_id = x.district_id AND sa.session_id = x.id
    )
  SELECT (SELECT coalesce(sum(ec.n), 0)::int FROM ${sessions} x
            JOIN expected_count ec ON ec.conversation_id = x.conversation_id) AS expected,
         (SELECT count(*)::int FROM attended_rows r
            JOIN expected_pairs e ON e.conversation_id = r.conversation_id AND e.staff_member_id = r.staff_member_id) AS attended`;
}
