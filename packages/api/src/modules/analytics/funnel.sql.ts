import type { FunnelScope } from './funnel-scope';
import { TrendInterval } from './funnel.input';
import { dueSql } from '../session/rules/due';
import { heldSql } from '../session/rules/held';
import { missedSql } from '../session/rules/missed';
import { cancelledInTimeSql, cancelledLateSql } from '../session/rules/cancelled';
import { attendanceTotalsSql } from '../session/rules/attendance';
import { sessionQualityCtes } from '../session/rules/quality';
import { clockSql } from '../session/existence-settings';
import { overdueSql } from '../action/rules/overdue';
import { cameDueSql, doneOnTimeSql } from '../action/rules/follow-through';
import { corroboratedSql, selfReportedSql, sustainedSql } from '../action/rules/practice-change';

/**
 * The funnel's SQL. Every statement names the district explicitly (wall 1) besides row-level security (wall 2).
 * Parameters (named): districtId, tz (the district's zone), fromDay and toDay (the window), recentDays, minRaters
 * (session/rules/quality.ts: qualityParams, for the aggregates' rater counts),
 * logGraceHours and cancelNoticeHours (the session rules' clock: clockParams), and the scope's own.
 *
 * A session belongs to the window when its recorded scheduled day (`scheduled_on`: the local day of its scheduled
 * time in the district's zone when that time was set, migration 1764900000000) is a day of the window, so a later
 * change of the district's zone moves no past session; the (district_id, scheduled_on) index serves it.
 */
const IN_WINDOW = `s.scheduled_on BETWEEN CAST(:fromDay AS date) AND CAST(:toDay AS date)`;

const SESSION_OF_CONVERSATION = `JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id`;

/** The session rules' clock over `s` and its conversation `c`. */
const CLOCK = clockSql('s', 'c.duration_minutes');

/**
 * win: the window's sessions in scope, with whether each was due, held, missed, missed with a reason (cancelled
 * late) or cancelled in time (and already past): the rules of modules/session/rules, so due = held + missed +
 * missed with a reason;
 * held: the held ones, with their local day, and whether they used recent evidence and produced an action;
 * attendance: over the held ones, their expected participants (recorded when scheduled) and how many of them
 * attended (pooled);
 * q_*: each held session's quality (session/rules/quality.ts); published: the held sessions whose quality is
 * published, with their overall and local day. Every quality aggregate is built from published sessions only.
 */
function sessionCtes(scope: FunnelScope): string {
  // A PERSON scope is about the person's own attendance: a held session they did not attend is missed, for them.
  const held = scope.heldFor ? `(${heldSql('s')} AND ${scope.heldFor})` : heldSql('s');
  const missed = scope.heldFor
    ? `(${missedSql(CLOCK)} OR (${heldSql('s')} AND NOT ${scope.heldFor}))`
    : missedSql(CLOCK);
  return `
  win AS (
    SELECT s.id, s.district_id, s.conversation_id, s.status, s.scheduled_at,
           s.scheduled_on AS local_day,
           ${dueSql(CLOCK)} AS is_due,
           ${held} AS is_held,
           ${missed} AS is_missed,
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
  ${sessionQualityCtes('held')},
  published AS (
    SELECT q.session_id, q.overall, h.local_day
      FROM q_quality q JOIN held h ON h.id = q.session_id
     WHERE q.published
  )`;
}

/** The summary's own CTEs: counts, rates, quality overall, and reach (invited people who attended). */
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
    SELECT (SELECT avg(p.overall)::float8 FROM published p) AS mean,
           (SELECT count(*)::int FROM published p) AS sessions,
           (SELECT count(DISTINCT m.rater_id)::int FROM q_rater m JOIN published p ON p.session_id = m.session_id) AS raters,
           (SELECT avg(q.self_mean)::float8 FROM q_quality q WHERE q.closed AND q.self_mean IS NOT NULL) AS self_mean,
           (SELECT count(DISTINCT q.facilitator_id)::int FROM q_quality q
             WHERE q.closed AND q.self_mean IS NOT NULL) AS self_facilitators
  ),
  reach AS MATERIALIZED (
    SELECT (SELECT count(*) FROM invited)::int AS invited,
           (SELECT count(*) FROM (
              SELECT DISTINCT sa.staff_member_id
                FROM session_attendance sa
                JOIN held h ON h.id = sa.session_id
                JOIN invited i ON i.staff_member_id = sa.staff_member_id
               WHERE sa.district_id = :districtId) d)::int AS reached
  )`;

const SUMMARY_SELECT = `
  SELECT k.due, k.held, k.missed, k.missed_with_reason, k.cancelled,
         k.held::float8 / NULLIF(k.due, 0) AS held_rate,
         att.rate AS attendance_rate,
         q.mean AS quality,
         CASE WHEN q.raters >= CAST(:minRaters AS integer) THEN q.raters END AS quality_raters,
         q.sessions AS quality_sessions,
         CASE WHEN q.self_facilitators >= CAST(:minRaters AS integer) THEN q.self_mean END AS self_rated_quality,
         hc.grounded::float8 / NULLIF(k.held, 0) AS evidence_grounded_rate,
         hc.acted::float8 / NULLIF(k.held, 0) AS action_rate,
         rc.invited, rc.reached, rc.reached::float8 / NULLIF(rc.invited, 0) AS reach
    FROM counts k, held_counts hc, attendance_total att, quality q, reach rc`;

/**
 * Quality per rubric criterion, under the criterion each rating was given on, in rubric order: every criterion rated
 * (by someone other than the facilitator) on a published session; its mean is the mean of its session means over
 * the published sessions that show it, its raters the distinct raters behind those (null where none shows it).
 */
const CRITERIA_SELECT = `
  SELECT rc.id, rc.name, rc.active, rc.position, m.mean, m.sessions,
         CASE WHEN n.raters >= CAST(:minRaters AS integer) THEN n.raters END AS raters
    FROM (SELECT k.criterion_id, (avg(k.mean) FILTER (WHERE k.shown))::float8 AS mean,
                 (count(*) FILTER (WHERE k.shown))::int AS sessions
            FROM q_criterion k JOIN published p ON p.session_id = k.session_id GROUP BY k.criterion_id) m
    LEFT JOIN (SELECT r.criterion_id, count(DISTINCT r.rater_id)::int AS raters
                 FROM q_row r
                 JOIN q_criterion k ON k.session_id = r.session_id AND k.criterion_id = r.criterion_id AND k.shown
                 JOIN published p ON p.session_id = r.session_id
                WHERE NOT r.is_self GROUP BY r.criterion_id) n ON n.criterion_id = m.criterion_id
    JOIN rubric_criterion rc ON rc.district_id = :districtId AND rc.id = m.criterion_id`;

const UNIT: Record<TrendInterval, string> = { WEEK: 'week', MONTH: 'month' };

/** One row per week or month touching the window, empty ones included, by the recorded day sessions were scheduled on. */
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
    SELECT ${period('p.local_day')} AS p, avg(p.overall)::float8 AS mean, count(*)::int AS sessions
      FROM published p GROUP BY 1
  )`;
}

const TREND_SELECT = `
  SELECT to_char(pr.p, 'YYYY-MM-DD') AS period_start,
         coalesce(bs.due, 0) AS due, coalesce(bs.held, 0) AS held,
         bs.held::float8 / NULLIF(bs.due, 0) AS held_rate,
         br.mean AS quality, coalesce(br.sessions, 0) AS quality_sessions,
         bh.acted::float8 / NULLIF(bs.held, 0) AS action_rate
    FROM periods pr
    LEFT JOIN by_sessions bs ON bs.p = pr.p
    LEFT JOIN by_held bh ON bh.p = pr.p
    LEFT JOIN by_rating br ON br.p = pr.p`;

/**
 * The cohort funnel: the window's due sessions followed stage by stage, each stage a subset of the one before (a
 * session reaches a stage only by meeting its own test and every earlier one):
 * due -> held -> good (its quality is published and at least :goodQuality, the on-track threshold) -> acted on (an
 * action came of it) -> followed through (one of those actions was done by its original due day) -> change
 * corroborated (that same action's practice change was corroborated) -> change sustained (and re-checked as
 * sustained). Actions count under the scope's action condition (a PERSON scope: the person's own).
 * `quality_unknown`: held sessions whose quality is not published (rating still open, or too few raters), which
 * therefore cannot reach "good".
 */
function cohortCtes(scope: FunnelScope): string {
  const sessionActions = (test: string) => `EXISTS (SELECT 1 FROM action_item a
      JOIN conversation_session s ON s.district_id = a.district_id AND s.id = a.session_id ${SESSION_OF_CONVERSATION}
     WHERE a.district_id = :districtId AND a.session_id = w.id AND (${scope.actions}) AND ${test})`;
  const onTime = doneOnTimeSql('a');
  return `
  cohort_sessions AS MATERIALIZED (
    SELECT w.id, w.is_held,
           (p.session_id IS NOT NULL AND p.overall >= CAST(:goodQuality AS float8)) AS is_good,
           (w.is_held AND p.session_id IS NULL) AS quality_unknown,
           ${sessionActions('TRUE')} AS acted,
           ${sessionActions(onTime)} AS on_time,
           ${sessionActions(`${onTime} AND ${corroboratedSql('a')}`)} AS corroborated,
           ${sessionActions(`${onTime} AND ${sustainedSql('a')}`)} AS sustained
      FROM win w LEFT JOIN published p ON p.session_id = w.id
     WHERE w.is_due
  )`;
}

const COHORT_SELECT = `
  SELECT count(*)::int AS due,
         count(*) FILTER (WHERE x.is_held)::int AS held,
         count(*) FILTER (WHERE x.is_held AND x.is_good)::int AS good,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted)::int AS acted_on,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted AND x.on_time)::int AS followed_through,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted AND x.on_time AND x.corroborated)::int AS corroborated,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted AND x.on_time AND x.corroborated AND x.sustained)::int AS sustained,
         count(*) FILTER (WHERE x.quality_unknown)::int AS quality_unknown
    FROM cohort_sessions x`;

/**
 * The whole session side of the funnel in ONE statement: the window's sessions, held sessions and ratings are
 * read once (CTEs used several times are materialised once) and feed the summary, the cohort, the per-criterion
 * quality and the trend, returned as four JSON columns.
 */
export function funnelSql(scope: FunnelScope, interval: TrendInterval): string {
  return `WITH ${sessionCtes(scope)},
  invited AS MATERIALIZED (
    SELECT DISTINCT ep.staff_member_id
      FROM win w JOIN session_expected_participant ep ON ep.district_id = :districtId AND ep.session_id = w.id
     WHERE w.is_due AND (${scope.people})
  ),${SUMMARY_CTES},${trendCtes(interval)},${cohortCtes(scope)}
  SELECT (SELECT row_to_json(x) FROM (${SUMMARY_SELECT}) x) AS summary,
         (SELECT row_to_json(y) FROM (${COHORT_SELECT}) y) AS cohort,
         (SELECT coalesce(json_agg(x ORDER BY x.position, x.name, x.id), '[]'::json) FROM (${CRITERIA_SELECT}) x) AS criteria,
         (SELECT coalesce(json_agg(x ORDER BY x.period_start), '[]'::json) FROM (${TREND_SELECT}) x) AS trend`;
}

/**
 * The summary alone over the raw rows (one JSON column, `summary`, as funnelSql's), with the action figures beside
 * it (`actions`, as actionsSql's): what a hand-written query over the raw rows computes for the funnel's headline
 * numbers, without the cohort, criteria and trend (the peer benchmark's floor, bench/peer.cli.ts).
 */
export function funnelSummarySql(scope: FunnelScope): string {
  return `WITH ${sessionCtes(scope)},
  invited AS MATERIALIZED (
    SELECT DISTINCT ep.staff_member_id
      FROM win w JOIN session_expected_participant ep ON ep.district_id = :districtId AND ep.session_id = w.id
     WHERE w.is_due AND (${scope.people})
  ),${SUMMARY_CTES}
  SELECT (SELECT row_to_json(x) FROM (${SUMMARY_SELECT}) x) AS summary,
         (SELECT row_to_json(a) FROM (${actionsSql(scope)}) a) AS actions`;
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

/**
 * An action has come due in the window: its ORIGINAL due day is a day of it, before today in the district
 * (action/rules/follow-through.ts). Moving the due date later does not take it out.
 */
const CAME_DUE = cameDueSql('a', 'CAST(:fromDay AS date)', 'CAST(:toDay AS date)', TODAY);

/**
 * An action of the overdue list: overdue as of today (still to be done, its current due day over), whatever the
 * window: a list of what needs chasing now, not a figure of the window. Over `a`.
 */
export const OVERDUE_TODAY = overdueSql('a', TODAY);

/**
 * One row: follow-through (over actions that came due by their original due day, done on time against it) and
 * practice change (over actions completed in the window: self-reported, corroborated, sustained; each a subset of
 * the one before), by the rules of action/rules/follow-through.ts and practice-change.ts.
 */
export function actionsSql(scope: FunnelScope): string {
  const doneInWindow = `a.status = 'DONE' AND a.completed_on BETWEEN CAST(:fromDay AS date) AND CAST(:toDay AS date)`;
  return `WITH counts AS (
    SELECT count(*) FILTER (WHERE ${CAME_DUE})::int AS due,
           count(*) FILTER (WHERE ${CAME_DUE} AND ${doneOnTimeSql('a')})::int AS on_time,
           count(*) FILTER (WHERE ${doneInWindow})::int AS done,
           count(*) FILTER (WHERE ${doneInWindow} AND ${selfReportedSql('a')})::int AS changed,
           count(*) FILTER (WHERE ${doneInWindow} AND ${corroboratedSql('a')})::int AS corroborated,
           count(*) FILTER (WHERE ${doneInWindow} AND ${sustainedSql('a')})::int AS sustained
      FROM ${actionsFrom(scope)}
  )
  SELECT due, on_time, on_time::float8 / NULLIF(due, 0) AS follow_through,
         done, changed, changed::float8 / NULLIF(done, 0) AS practice_change_rate,
         corroborated, corroborated::float8 / NULLIF(done, 0) AS corroborated_change_rate,
         sustained, sustained::float8 / NULLIF(done, 0) AS sustained_change_rate
    FROM counts`;
}

/**
 * How many due sessions of the window the scope would take in but the caller may not open (FunnelScope.outsideView):
 * one row, `n`. Only for a scope that has such sessions.
 */
export function outsideViewSql(scope: FunnelScope & { outsideView: string }): string {
  return `SELECT count(*)::int AS n FROM conversation_session s ${SESSION_OF_CONVERSATION}
   WHERE s.district_id = :districtId AND ${IN_WINDOW} AND (${scope.outsideView}) AND ${dueSql(CLOCK)}`;
}

/** The sessions of the window in scope, for the missed list: over `s` and `c`. */
export function windowSessionsWhere(scope: FunnelScope): string {
  return `s.district_id = :districtId AND ${IN_WINDOW} AND (${scope.sessions})`;
}
