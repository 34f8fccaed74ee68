import type { FunnelScope } from './funnel-scope';
import { TrendInterval } from './funnel.input';
import { dueSql } from '../session/rules/due';
import { heldSql } from '../session/rules/held';
import { missedSql } from '../session/rules/missed';
import { cancelledInTimeSql, cancelledLateSql } from '../session/rules/cancelled';
import { attendanceTotalsSql } from '../session/rules/attendance';
import { clockSql } from '../session/existence-settings';
import { overdueSql } from '../action/rules/overdue';

/**
 * The funnel's SQL. Every statement names the district explicitly (wall 1) besides row-level security (wall 2).
 * Parameters (named): districtId, tz (the district's zone), fromDay and toDay (the window), recentDays, minRaters,
 * logGraceHours and cancelNoticeHours (the session rules' clock: clockParams), and the scope's own.
 *
 * A session belongs to the window when its scheduled time falls, in the district's zone, on a day of the window:
 * compared as instants, so that the time index serves it.
 */
const IN_WINDOW = `s.scheduled_at >= (CAST(:fromDay AS date)::timestamp AT TIME ZONE :tz)
  AND s.scheduled_at < ((CAST(:toDay AS date) + 1)::timestamp AT TIME ZONE :tz)`;

const SESSION_OF_CONVERSATION = `JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id`;

/** The session rules' clock over `s` and its conversation `c`. */
const CLOCK = clockSql('s', 'c.duration_minutes');

/**
 * win: the window's sessions in scope, with whether each was due, held, missed, missed with a reason (cancelled
 * late) or cancelled in time (and already past): the rules of modules/session/rules, so due = held + missed +
 * missed with a reason;
 * held: the held ones, with their local day, and whether they used recent evidence and produced an action;
 * attendance: over the held ones, their expected participants and how many of them attended (pooled);
 * rated: every rating given on a held session.
 */
function sessionCtes(scope: FunnelScope): string {
  return `
  win AS (
    SELECT s.id, s.district_id, s.conversation_id, s.status, s.scheduled_at,
           (s.scheduled_at AT TIME ZONE :tz)::date AS local_day,
           ${dueSql(CLOCK)} AS is_due,
           ${heldSql('s')} AS is_held,
           ${missedSql(CLOCK)} AS is_missed,
           ${cancelledLateSql(CLOCK)} AS is_missed_with_reason,
           (${cancelledInTimeSql(CLOCK)} AND s.scheduled_at < now()) AS is_cancelled,
           (s.held_at AT TIME ZONE :tz)::date AS held_day
      FROM conversation_session s ${SESSION_OF_CONVERSATION}
     WHERE s.district_id = :districtId AND ${IN_WINDOW} AND (${scope.sessions})
  ),
  held AS (
    SELECT w.id, w.district_id, w.conversation_id, w.local_day,
           EXISTS (SELECT 1 FROM session_evidence e
                    WHERE e.district_id = :districtId AND e.session_id = w.id
                      AND e.collected_on BETWEEN w.held_day - CAST(:recentDays AS integer) AND w.held_day) AS grounded,
           EXISTS (SELECT 1 FROM action_item ai WHERE ai.district_id = :districtId AND ai.session_id = w.id) AS acted
      FROM win w
     WHERE w.is_held
  ),
  attendance AS (${attendanceTotalsSql('held')}),
  rated AS (
    SELECT r.rater_id, r.criterion_id, r.score, h.local_day
      FROM quality_rating r JOIN held h ON h.id = r.session_id
     WHERE r.district_id = :districtId
  )`;
}

/** The summary's own CTEs: counts, rates, quality overall, and coverage (people in scope who attended). */
const SUMMARY_CTES = `
  counts AS (
    SELECT count(*) FILTER (WHERE w.is_due)::int AS due,
           count(*) FILTER (WHERE w.is_held)::int AS held,
           count(*) FILTER (WHERE w.is_missed)::int AS missed,
           count(*) FILTER (WHERE w.is_missed_with_reason)::int AS missed_with_reason,
           count(*) FILTER (WHERE w.is_cancelled)::int AS cancelled
      FROM win w
  ),
  held_counts AS (
    SELECT count(*) FILTER (WHERE h.grounded)::int AS grounded, count(*) FILTER (WHERE h.acted)::int AS acted
      FROM held h
  ),
  attendance_total AS (SELECT a.attended::float8 / NULLIF(a.expected, 0) AS rate FROM attendance a),
  quality AS (
    SELECT (SELECT avg(r.score)::float8 FROM rated r) AS mean,
           (SELECT count(*)::int FROM (SELECT DISTINCT r.rater_id FROM rated r) d) AS raters
  ),
  coverage AS MATERIALIZED (
    SELECT (SELECT count(*) FROM staff)::int AS in_scope,
           (SELECT count(*) FROM (
              SELECT DISTINCT sa.staff_member_id
                FROM session_attendance sa
                JOIN held h ON h.id = sa.session_id
                JOIN staff st ON st.id = sa.staff_member_id
               WHERE sa.district_id = :districtId) d)::int AS reached
  )`;

const SUMMARY_SELECT = `
  SELECT k.due, k.held, k.missed, k.missed_with_reason, k.cancelled,
         k.held::float8 / NULLIF(k.due, 0) AS held_rate,
         att.rate AS attendance_rate,
         CASE WHEN q.raters >= CAST(:minRaters AS integer) THEN q.mean END AS quality,
         q.raters AS quality_raters,
         hc.grounded::float8 / NULLIF(k.held, 0) AS evidence_grounded_rate,
         hc.acted::float8 / NULLIF(k.held, 0) AS action_rate,
         cv.in_scope AS staff_in_scope, cv.reached AS staff_reached,
         cv.reached::float8 / NULLIF(cv.in_scope, 0) AS coverage
    FROM counts k, held_counts hc, attendance_total att, quality q, coverage cv`;

/** Quality per rubric criterion, under the criterion each rating was given on, in rubric order. */
const CRITERIA_SELECT = `
  SELECT rc.id, rc.name, rc.active, rc.position,
         CASE WHEN n.raters >= CAST(:minRaters AS integer) THEN m.mean END AS mean,
         n.raters
    FROM (SELECT r.criterion_id, avg(r.score)::float8 AS mean FROM rated r GROUP BY r.criterion_id) m
    JOIN (SELECT d.criterion_id, count(*)::int AS raters
            FROM (SELECT DISTINCT r.criterion_id, r.rater_id FROM rated r) d GROUP BY d.criterion_id) n ON n.criterion_id = m.criterion_id
    JOIN rubric_criterion rc ON rc.district_id = :districtId AND rc.id = m.criterion_id`;

const UNIT: Record<TrendInterval, string> = { WEEK: 'week', MONTH: 'month' };

/** One row per week or month touching the window, empty ones included, by the local day sessions were scheduled. */
function trendCtes(interval: TrendInterval): string {
  const unit = UNIT[interval];
  const start = (day: string) => `date_trunc('${unit}', ${day}::timestamp)`;
  const period = (day: string) => `${start(day)}::date`;
  return `
  periods AS (
    SELECT generate_series(${start('CAST(:fromDay AS date)')}, ${start('CAST(:toDay AS date)')}, interval '1 ${unit}')::date AS p
  ),
  by_sessions AS (
    SELECT ${period('w.local_day')} AS p, count(*) FILTER (WHERE w.is_due)::int AS due,
           count(*) FILTER (WHERE w.is_held)::int AS held
      FROM win w GROUP BY 1
  ),
  by_held AS (SELECT ${period('h.local_day')} AS p, count(*) FILTER (WHERE h.acted)::int AS acted FROM held h GROUP BY 1),
  by_rating AS (
    SELECT m.p, m.mean, n.raters
      FROM (SELECT ${period('r.local_day')} AS p, avg(r.score)::float8 AS mean FROM rated r GROUP BY 1) m
      JOIN (SELECT d.p, count(*)::int AS raters
              FROM (SELECT DISTINCT ${period('r.local_day')} AS p, r.rater_id FROM rated r) d GROUP BY d.p) n ON n.p = m.p
  )`;
}

const TREND_SELECT = `
  SELECT to_char(pr.p, 'YYYY-MM-DD') AS period_start,
         coalesce(bs.due, 0) AS due, coalesce(bs.held, 0) AS held,
         bs.held::float8 / NULLIF(bs.due, 0) AS held_rate,
         CASE WHEN br.raters >= CAST(:minRaters AS integer) THEN br.mean END AS quality,
         bh.acted::float8 / NULLIF(bs.held, 0) AS action_rate
    FROM periods pr
    LEFT JOIN by_sessions bs ON bs.p = pr.p
    LEFT JOIN by_held bh ON bh.p = pr.p
    LEFT JOIN by_rating br ON br.p = pr.p`;

/**
 * The whole session side of the funnel in ONE statement: the window's sessions, held sessions and ratings are
 * read once (CTEs used several times are materialised once) and feed the summary, the per-criterion quality and
 * the trend, returned as three JSON columns.
 */
export function funnelSql(scope: FunnelScope, interval: TrendInterval): string {
  return `WITH ${sessionCtes(scope)},
  staff AS (
    SELECT sm.id FROM staff_member sm WHERE sm.district_id = :districtId AND sm.active AND (${scope.staff})
  ),${SUMMARY_CTES},${trendCtes(interval)}
  SELECT (SELECT row_to_json(x) FROM (${SUMMARY_SELECT}) x) AS summary,
         (SELECT coalesce(json_agg(x ORDER BY x.position, x.name, x.id), '[]'::json) FROM (${CRITERIA_SELECT}) x) AS criteria,
         (SELECT coalesce(json_agg(x ORDER BY x.period_start), '[]'::json) FROM (${TREND_SELECT}) x) AS trend`;
}

/** The scope's actions, with its session and conversation (for the scope's conditions). */
function actionsFrom(scope: FunnelScope): string {
  return `action_item a
    JOIN conversation_session s ON s.district_id = a.district_id AND s.id = a.session_id
    ${SESSION_OF_CONVERSATION}
   WHERE a.district_id = :districtId AND (${scope.actions})`;
}

/** Today in the district's zone. */
const TODAY = `(now() AT TIME ZONE :tz)::date`;

/** An action has come due in the window: due on a day of it, before today in the district. */
const CAME_DUE = `a.due_on BETWEEN CAST(:fromDay AS date) AND CAST(:toDay AS date)
  AND a.due_on < ${TODAY}`;

/** An action of the overdue list: came due in the window and is overdue (still to be done). Over `a`. */
export const OVERDUE_IN_WINDOW = `${CAME_DUE} AND ${overdueSql('a', TODAY)}`;

/** One row: follow-through (over actions that came due) and practice change (over actions completed in the window). */
export function actionsSql(scope: FunnelScope): string {
  const doneInWindow = `a.status = 'DONE' AND a.completed_on BETWEEN CAST(:fromDay AS date) AND CAST(:toDay AS date)`;
  return `WITH counts AS (
    SELECT count(*) FILTER (WHERE ${CAME_DUE})::int AS due,
           count(*) FILTER (WHERE ${CAME_DUE} AND a.status = 'DONE' AND a.completed_on <= a.due_on)::int AS on_time,
           count(*) FILTER (WHERE ${doneInWindow})::int AS done,
           count(*) FILTER (WHERE ${doneInWindow} AND btrim(coalesce(a.practice_change_evidence, '')) <> '')::int AS changed
      FROM ${actionsFrom(scope)}
  )
  SELECT due, on_time, on_time::float8 / NULLIF(due, 0) AS follow_through,
         done, changed, changed::float8 / NULLIF(done, 0) AS practice_change_rate
    FROM counts`;
}

/** The sessions of the window in scope, for the missed list: over `s` and `c`. */
export function windowSessionsWhere(scope: FunnelScope): string {
  return `s.district_id = :districtId AND ${IN_WINDOW} AND (${scope.sessions})`;
}
