import { recordedExpectedSql } from './expected';

/**
 * Attendance of a held session: the share of its expected participants (expected.ts: recorded when it was scheduled) who attended, attended expected
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

/**
 * The counts in SQL, per session: one row (id, expected, attended) per session of `sessions`, a relation (a CTE's
 * name) with the columns id and district_id of held sessions. Expected participants are those recorded on the
 * session when it was scheduled (expected.ts), whatever has changed since.
 */
export function attendanceCountsSql(sessions: string): string {
  return `SELECT x.id, count(ep.staff_member_id)::int AS expected, count(sa.staff_member_id)::int AS attended
    FROM ${sessions} x
    LEFT JOIN session_expected_participant ep ON ${recordedExpectedSql('x')}
    LEFT JOIN session_attendance sa
      ON sa.district_id = ep.district_id AND sa.session_id = ep.session_id AND sa.staff_member_id = ep.staff_member_id
   GROUP BY x.id`;
}

/**
 * The same counts summed over all the sessions of `sessions` (as above), in one row (expected, attended): what the
 * pooled rate divides.
 */
export function attendanceTotalsSql(sessions: string): string {
  return `SELECT count(ep.staff_member_id)::int AS expected, count(sa.staff_member_id)::int AS attended
    FROM ${sessions} x
    JOIN session_expected_participant ep ON ${recordedExpectedSql('x')}
    LEFT JOIN session_attendance sa
      ON sa.district_id = ep.district_id AND sa.session_id = ep.session_id AND sa.staff_member_id = ep.staff_member_id`;
}
