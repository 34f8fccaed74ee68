import { TrendInterval } from './funnel.input';
import { FunnelScopeKind } from './funnel.input';
import type { FunnelScope } from './funnel-scope';
import { WINDOW_MAX_DAYS } from './window';

/**
 * The funnel served from its rollups (migration 1765030000000-FunnelRollups; docs/metrics.md, "How the funnel is
 * served"), for the scopes they are kept for: DISTRICT and SCHOOL (the conversation's school now). Every statement
 * names the district (wall 1) besides row-level security (wall 2), and reads only what the requested fields need.
 *
 * What the rollups store is what a session's stored facts decide. What only the clock decides is read live:
 * - a session still only scheduled is due (missed) once its scheduled end plus `logGraceHours` has passed, and a
 *   session cancelled in time counts as `cancelled` once its start has passed. Days before `settled_before` are past
 *   both for every session (a day in any zone ends at most 12 hours after that UTC day; a conversation lasts at most
 *   8 hours), days after `open_after` before both; the days between are read session by session from the facts;
 * - a rating window closes: sessions whose window closed after their facts were last refreshed (the
 *   `funnel.close-ratings` task refreshes them) are added from their facts.
 * Named parameters: districtId, fromDay, toDay, and the scope's (scopeSchoolId for SCHOOL); logGraceHours for the
 * cohort (rollupFunnelSql reads the district's settings itself).
 */
export function rollupServes(scope: FunnelScope): boolean {
  return scope.kind === FunnelScopeKind.DISTRICT || scope.kind === FunnelScopeKind.SCHOOL;
}

/** The scope over a rollup row alias (its school_key). */
function scopeOf(scope: FunnelScope, alias: string): string {
  return scope.kind === FunnelScopeKind.SCHOOL ? `${alias}.school_key = :scopeSchoolId` : 'TRUE';
}

/**
 * The day rows a scope reads (with scopeOf's condition): the school rows of `table`, or for the whole district the
 * same rows summed per day (`funnel_district_day`, `funnel_district_action_day`: migration 1765150000000-FunnelDistrictDays).
 */
function dayRows(scope: FunnelScope, table: 'funnel_day' | 'funnel_action_day', alias: string): string {
  if (scope.kind === FunnelScopeKind.DISTRICT)
    return `${table === 'funnel_day' ? 'funnel_district_day' : 'funnel_district_action_day'} ${alias}`;
  return `${table} ${alias}`;
}

/**
 * The window's bounds `b`, with the district's grace to log a session (`b.grace`, hours): from `grace` (an SQL
 * expression over `from`, when given).
 */
function bounds(grace: string, from: string | null = null): string {
  return `
  b AS MATERIALIZED (
    SELECT CAST(:fromDay AS date) AS lo, CAST(:toDay AS date) AS hi, ${grace} AS grace,
           ((now() AT TIME ZONE 'UTC') - make_interval(hours => ${grace} + 56))::date AS settled_before,
           ((now() AT TIME ZONE 'UTC') + interval '2 days')::date AS open_after
      ${from ? `FROM ${from}` : ''}
  )`;
}

/** The bounds of a statement given the grace as a parameter (logGraceHours). */
const BOUNDS = bounds('CAST(:logGraceHours AS integer)');

/** The bounds of a statement that reads the district's settings itself (`st`: rollupFunnelSql). */
const BOUNDS_OF_SETTINGS = bounds('st.log_grace_hours::int', 'st');

/**
 * A fact row `f` (with its conversation `c`) still only scheduled whose time to log it has run out: missed now (`b`:
 * the bounds, in every statement that uses it).
 */
const MISSED_NOW = `(f.status = 'SCHEDULED'
  AND f.scheduled_at + make_interval(mins => c.duration_minutes, hours => b.grace) < now())`;

const FACT_CONVERSATION = `JOIN learning_conversation c ON c.district_id = f.district_id AND c.id = f.conversation_id`;

/** The clock's days inside the window: those read session by session. */
const BAND = `f.day BETWEEN greatest(b.lo, b.settled_before) AND least(b.hi, b.open_after)`;

function dayCtes(scope: FunnelScope): string {
  return `${BOUNDS_OF_SETTINGS},
  rolled AS (
    SELECT r.day, sum(r.held) AS held,
           sum(CASE WHEN r.day < b.settled_before THEN r.scheduled ELSE 0 END) AS missed,
           sum(r.late_cancelled) AS late,
           sum(CASE WHEN r.day < b.settled_before THEN r.cancelled_in_time ELSE 0 END) AS cancelled,
           sum(r.expected) AS expected, sum(r.attended) AS attended, sum(r.grounded) AS grounded, sum(r.acted) AS acted,
           sum(r.published) AS published, sum(r.overall_sum) AS overall_sum,
           sum(r.self_rated) AS self_rated, sum(r.self_sum) AS self_sum
      FROM ${dayRows(scope, 'funnel_day', 'r')}, b
     WHERE r.district_id = :districtId AND r.day BETWEEN b.lo AND b.hi AND ${scopeOf(scope, 'r')}
     GROUP BY r.day
  ),
  band AS (
    SELECT f.day, count(*) FILTER (WHERE ${MISSED_NOW}) AS missed,
           count(*) FILTER (WHERE f.status = 'CANCELLED' AND NOT f.late_cancel AND f.scheduled_at < now()) AS cancelled
      FROM funnel_session_fact f ${FACT_CONVERSATION}, b
     WHERE f.district_id = :districtId AND f.status <> 'HELD' AND ${BAND} AND ${scopeOf(scope, 'f')}
     GROUP BY f.day
  ),
  closing AS MATERIALIZED (
    SELECT f.day, f.raters >= f.min_raters AS published, f.overall, f.self_mean, f.rater_ids, f.facilitator_id
      FROM funnel_session_fact f, b
     WHERE f.district_id = :districtId AND f.status = 'HELD' AND NOT f.closed AND f.closes_at <= now()
       AND f.day BETWEEN b.lo AND b.hi AND ${scopeOf(scope, 'f')}
  ),
  days AS (
    SELECT x.day, sum(x.held) AS held, sum(x.missed) AS missed, sum(x.late) AS late, sum(x.cancelled) AS cancelled,
           sum(x.expected) AS expected, sum(x.attended) AS attended, sum(x.grounded) AS grounded, sum(x.acted) AS acted,
           sum(x.published) AS published, sum(x.overall_sum) AS overall_sum,
           sum(x.self_rated) AS self_rated, sum(x.self_sum) AS self_sum
      FROM (
        SELECT day, held, missed, late, cancelled, expected, attended, grounded, acted, published, overall_sum,
               self_rated, self_sum FROM rolled
        UNION ALL
        SELECT day, 0, missed, 0, cancelled, 0, 0, 0, 0, 0, 0, 0, 0 FROM band
        UNION ALL
        SELECT day, 0, 0, 0, 0, 0, 0, 0, 0, published::int, CASE WHEN published THEN overall ELSE 0 END,
               (self_mean IS NOT NULL)::int, coalesce(self_mean, 0) FROM closing
      ) x
     GROUP BY x.day
  )`;
}

/**
 * The calendar years a window may touch, as offsets from its first (a window is at most WINDOW_MAX_DAYS long): a
 * list of constants, so the planner knows the masks are a handful of rows (a series would be taken for 1,000, and
 * every person's row sorted for a merge join).
 */
const YEAR_OFFSETS = Array.from({ length: Math.ceil(WINDOW_MAX_DAYS / 365) + 1 }, (_, i) => `(${i})`).join(', ');

/** Which distinct people a funnel asks for: reach (invited, reached), published raters, self-rating facilitators. */
export interface PeopleWanted {
  reach: boolean;
  raters: boolean;
  self: boolean;
}

/** No day of a year: funnel_person's empty day set (migration 1765110000000-FunnelPersonBits). */
const NO_DAYS = `B'0'::bit(366)`;

/**
 * The distinct people of the window: invited, reached, published raters, self-rating facilitators. A person's days
 * are one bit per day of each calendar year: a set meets the window when it shares a bit with the window's mask of
 * that year (`funnel_days_mask`). The masks are computed once (MATERIALIZED: inlined, the mask function would run
 * for every person's row).
 */
function peopleCtes(scope: FunnelScope, want: PeopleWanted): string {
  // What is not asked for is not computed (a constant false instead).
  const reach = (sql: string) => (want.reach ? sql : 'false');
  const raters = (sql: string) => (want.raters ? sql : 'false');
  const self = (sql: string) => (want.self ? sql : 'false');
  return `
  w AS (
    SELECT daterange(b.lo, b.hi, '[]') AS r,
           CASE WHEN least(b.hi, b.settled_before - 1) >= b.lo THEN daterange(b.lo, least(b.hi, b.settled_before - 1), '[]')
                ELSE 'empty'::daterange END AS settled,
           CASE WHEN least(b.hi, b.open_after) >= greatest(b.lo, b.settled_before)
                THEN daterange(greatest(b.lo, b.settled_before), least(b.hi, b.open_after), '[]')
                ELSE 'empty'::daterange END AS band
      FROM b
  ),
  masks AS MATERIALIZED (
    SELECT y::smallint AS year, funnel_days_mask(y, w.r) AS r, funnel_days_mask(y, w.settled) AS settled,
           funnel_days_mask(y, w.band) AS band
      FROM w, (VALUES ${YEAR_OFFSETS}) k(i), LATERAL (SELECT extract(year FROM lower(w.r))::int + k.i AS y) x
     WHERE x.y <= extract(year FROM upper(w.r) - 1)::int
  ),
  people_days AS (
    SELECT p.staff_member_id AS id,
           ${reach(`((p.invited_due & m.r) <> ${NO_DAYS} OR (p.invited_open & m.settled) <> ${NO_DAYS})`)} AS invited,
           ${reach(`(p.invited_open & m.band) <> ${NO_DAYS}`)} AS open_in_band,
           ${reach(`(p.attended & m.r) <> ${NO_DAYS}`)} AS attended,
           ${raters(`(p.rated & m.r) <> ${NO_DAYS}`)} AS rated, ${self(`(p.self_rated & m.r) <> ${NO_DAYS}`)} AS self_rated
      FROM funnel_person p JOIN masks m ON m.year = p.year
     WHERE p.district_id = :districtId AND ${scopeOf(scope, 'p')}
    UNION ALL
    SELECT unnest(k.rater_ids), false, false, false, true, false FROM closing k WHERE ${raters('k.published')}
    UNION ALL
    SELECT k.facilitator_id, false, false, false, false, true FROM closing k WHERE ${self('k.self_mean IS NOT NULL')}
  ),
  people_any AS (
    SELECT x.id, bool_or(x.invited) AS invited, bool_or(x.open_in_band) AS open_in_band, bool_or(x.attended) AS attended,
           bool_or(x.rated) AS rated, bool_or(x.self_rated) AS self_rated
      FROM people_days x GROUP BY x.id
  ),
  people AS (
    -- Someone invited only by a session of the days near now still only scheduled is invited if it is missed by now.
    SELECT x.id, x.attended, x.rated, x.self_rated,
           x.invited OR (x.open_in_band AND EXISTS (
             SELECT 1 FROM session_expected_participant ep
               JOIN funnel_session_fact f ON f.district_id = ep.district_id AND f.session_id = ep.session_id
               ${FACT_CONVERSATION}, b
              WHERE ep.district_id = :districtId AND ep.staff_member_id = x.id
                AND f.status <> 'HELD' AND ${BAND} AND ${scopeOf(scope, 'f')} AND ${MISSED_NOW})) AS invited
      FROM people_any x
  ),
  people_counts AS (
    SELECT count(*) FILTER (WHERE invited)::int AS invited, count(*) FILTER (WHERE invited AND attended)::int AS reached,
           count(*) FILTER (WHERE rated)::int AS raters, count(*) FILTER (WHERE self_rated)::int AS self_facilitators
      FROM people
  )`;
}

const SUMMARY_SELECT = `
  SELECT (k.held + k.missed + k.late)::int AS due, k.held::int AS held, k.missed::int AS missed,
         k.late::int AS missed_with_reason, k.cancelled::int AS cancelled,
         k.held::float8 / NULLIF(k.held + k.missed + k.late, 0) AS held_rate,
         k.attended::float8 / NULLIF(k.expected, 0) AS attendance_rate,
         k.overall_sum / NULLIF(k.published, 0) AS quality, k.published::int AS quality_sessions,
         k.self_sum / NULLIF(k.self_rated, 0) AS self_mean,
         k.grounded::float8 / NULLIF(k.held, 0) AS evidence_grounded_rate,
         k.acted::float8 / NULLIF(k.held, 0) AS action_rate
    FROM (SELECT coalesce(sum(held), 0) AS held, coalesce(sum(missed), 0) AS missed, coalesce(sum(late), 0) AS late,
                 coalesce(sum(cancelled), 0) AS cancelled, coalesce(sum(expected), 0) AS expected,
                 coalesce(sum(attended), 0) AS attended, coalesce(sum(grounded), 0) AS grounded,
                 coalesce(sum(acted), 0) AS acted, coalesce(sum(published), 0) AS published,
                 coalesce(sum(overall_sum), 0) AS overall_sum, coalesce(sum(self_rated), 0) AS self_rated,
                 coalesce(sum(self_sum), 0) AS self_sum
            FROM days) k`;

const UNIT: Record<TrendInterval, string> = { WEEK: 'week', MONTH: 'month' };

function trendSelect(interval: TrendInterval): string {
  const unit = UNIT[interval];
  return `
  SELECT to_char(pr.p, 'YYYY-MM-DD') AS period_start,
         coalesce(sum(d.held + d.missed + d.late), 0)::int AS due, coalesce(sum(d.held), 0)::int AS held,
         sum(d.held)::float8 / NULLIF(sum(d.held + d.missed + d.late), 0) AS held_rate,
         sum(d.overall_sum) / NULLIF(sum(d.published), 0) AS quality,
         coalesce(sum(d.published), 0)::int AS quality_sessions,
         sum(d.acted)::float8 / NULLIF(sum(d.held), 0) AS action_rate
    FROM (SELECT generate_series(date_trunc('${unit}', b.lo::timestamp), date_trunc('${unit}', b.hi::timestamp),
                                 interval '1 ${unit}')::date AS p FROM b) pr
    LEFT JOIN days d ON date_trunc('${unit}', d.day::timestamp)::date = pr.p
   GROUP BY pr.p`;
}

/**
 * The funnel from the rollups, in one statement: the district's settings (`settings`: a one-row SELECT of the zone
 * and thresholds, returned as they are in the `settings` column and read by the rest, so the headline numbers cost
 * no statement of their own to read them), the summary (with the distinct people when `people` is asked for), the
 * trend (when `trend` is given) and the action figures (rollupActionsSql, when `actions`), as JSON columns.
 */
export function rollupFunnelSql(
  scope: FunnelScope,
  settings: string,
  want: { summary?: boolean; people: PeopleWanted | null; trend: TrendInterval | null; actions?: boolean },
): string {
  const people = want.people ? `,${peopleCtes(scope, want.people)}` : '';
  return `WITH st AS MATERIALIZED (${settings}),${dayCtes(scope)}${people}
  SELECT (SELECT row_to_json(st) FROM st) AS settings,
         ${want.summary === false ? 'NULL::json' : `(SELECT row_to_json(x) FROM (${SUMMARY_SELECT}) x)`} AS summary,
         ${want.actions ? `(SELECT row_to_json(a) FROM (${rollupActionsSql(scope)}) a)` : 'NULL::json'} AS actions,
         ${want.people ? '(SELECT row_to_json(pc) FROM people_counts pc)' : 'NULL::json'} AS people,
         ${
           want.trend
             ? `(SELECT coalesce(json_agg(t ORDER BY t.period_start), '[]'::json) FROM (${trendSelect(want.trend)}) t)`
             : 'NULL::json'
         } AS trend`;
}

/**
 * The actions of the funnel from the rollup: come due by their original due day (before today in the district),
 * done on time, and completed in the window (with their practice-change stages). Nothing here depends on the clock
 * but today. Same columns as funnel.sql.ts actionsSql. Inside rollupFunnelSql, whose `st` gives the district's zone.
 */
function rollupActionsSql(scope: FunnelScope): string {
  // Today once (a zone conversion per row costs more than the sums).
  return `WITH t AS MATERIALIZED (SELECT (now() AT TIME ZONE st.timezone)::date AS today FROM st),
  counts AS (
    SELECT coalesce(sum(a.came_due) FILTER (WHERE a.day < t.today), 0)::int AS due,
           coalesce(sum(a.on_time) FILTER (WHERE a.day < t.today), 0)::int AS on_time,
           coalesce(sum(a.done), 0)::int AS done, coalesce(sum(a.changed), 0)::int AS changed,
           coalesce(sum(a.corroborated), 0)::int AS corroborated, coalesce(sum(a.sustained), 0)::int AS sustained
      FROM ${dayRows(scope, 'funnel_action_day', 'a')}, t
     WHERE a.district_id = :districtId AND a.day BETWEEN CAST(:fromDay AS date) AND CAST(:toDay AS date)
       AND ${scopeOf(scope, 'a')}
  )
  SELECT due, on_time, on_time::float8 / NULLIF(due, 0) AS follow_through,
         done, changed, changed::float8 / NULLIF(done, 0) AS practice_change_rate,
         corroborated, corroborated::float8 / NULLIF(done, 0) AS corroborated_change_rate,
         sustained, sustained::float8 / NULLIF(done, 0) AS sustained_change_rate
    FROM counts`;
}

/**
 * The cohort from the session facts (funnel.sql.ts cohortCtes, stage by stage): the window's due sessions, each
 * stage a subset of the one before; quality as published now. Named parameter goodQuality besides the above.
 */
export function rollupCohortSql(scope: FunnelScope): string {
  const publishedNow = `(f.status = 'HELD' AND coalesce(f.closes_at <= now(), false) AND f.raters >= f.min_raters)`;
  return `WITH ${BOUNDS},
  x AS (
    SELECT f.status = 'HELD' AS is_held,
           (${publishedNow} AND f.overall >= CAST(:goodQuality AS float8)) AS is_good,
           (f.status = 'HELD' AND NOT ${publishedNow}) AS quality_unknown,
           f.acted, f.acted_on_time AS on_time, f.acted_corroborated AS corroborated, f.acted_sustained AS sustained
      FROM funnel_session_fact f ${FACT_CONVERSATION}, b
     WHERE f.district_id = :districtId AND f.day BETWEEN b.lo AND b.hi AND ${scopeOf(scope, 'f')}
       AND (f.status = 'HELD' OR f.late_cancel OR ${MISSED_NOW})
  )
  SELECT count(*)::int AS due,
         count(*) FILTER (WHERE x.is_held)::int AS held,
         count(*) FILTER (WHERE x.is_held AND x.is_good)::int AS good,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted)::int AS acted_on,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted AND x.on_time)::int AS followed_through,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted AND x.on_time AND x.corroborated)::int AS corroborated,
         count(*) FILTER (WHERE x.is_held AND x.is_good AND x.acted AND x.on_time AND x.corroborated AND x.sustained)::int AS sustained,
         count(*) FILTER (WHERE x.quality_unknown)::int AS quality_unknown
    FROM x`;
}
