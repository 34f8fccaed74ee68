import type { MigrationInterface, QueryRunner } from 'typeorm';
import { forEachDistrict, protectTenantTable } from './rls';

/** The school key of a district-wide conversation (no school) in the rollups: the nil uuid. */
const NO_SCHOOL = `'00000000-0000-0000-0000-000000000000'::uuid`;

/**
 * The funnel's rollups (issue 14; docs/metrics.md, "How the funnel is served"), maintained in the same transaction as
 * every write by the triggers below, behind the same forced row-level security as every tenant table.
 *
 * Three layers, each computed from the one below:
 *
 * - `funnel_session_fact`: one row per session, the facts the funnel reads about it, computed from the raw rows by
 *   `funnel_session_facts_of` (the same rules as `modules/session/rules/*` and the funnel's SQL): its school (the
 *   conversation's, now; the nil uuid for a district-wide one), its recorded day, status, whether a cancellation was
 *   late under the district's `cancelNoticeHours` now, expected and attending expected participants, whether it used
 *   recent evidence (under `recentEvidenceDays` and the zone now) and produced actions (and the cohort's action
 *   stages), its quality (raters other than its facilitator, their ids, overall, self-rating) and whether its rating
 *   window had closed when the row was last refreshed (`closed`). `funnel_action_fact`: one row per action (its
 *   school, original due day, completion day and practice-change stages).
 * - `funnel_day` (per district, school and recorded day): additive session counts and sums; `funnel_action_day`
 *   (per district, school and day): actions come due (by original due day) and completed (by completion day).
 * - `funnel_person` (per district, school and person): the days, as date multiranges, on which the person was
 *   expected at a due session (held or cancelled late: `invited_due`; still only scheduled: `invited_open`, due once
 *   past), attended a held one, counted as a rater of a published one, or self-rated a closed one. Distinct people
 *   over any window are then exact: a person counts when one of their sets overlaps the window.
 *
 * Maintenance: every trigger calls `funnel_refresh_sessions` / `funnel_refresh_actions` with the ids its statement
 * touched. A refresh locks the facts rows first (so two writers of one session take turns), recomputes them from the
 * raw rows afresh, applies the difference to the day rows (in key order), and recomputes the person days it may have
 * changed. Settings the facts depend on (`cancelNoticeHours`, `recentEvidenceDays`, the zone) refresh every session of
 * the district when they change; a conversation moved to another school refreshes its sessions and actions.
 * `funnel_rebuild(district)` recomputes everything from the raw rows (the backfill below, `npm run rollup:rebuild`);
 * `npm run rollup:verify` rebuilds inside a transaction it rolls back and diffs. Time-dependent parts (a session still
 * only scheduled becomes missed; a rating window closes) are not stored: the funnel reads those days live from the
 * facts (`modules/analytics/rollup.sql.ts`), and the `funnel.close-ratings` task refreshes sessions whose window has
 * closed so that the live part stays small.
 */
export class FunnelRollups1765030000000 implements MigrationInterface {
  name = 'FunnelRollups1765030000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE funnel_session_fact (
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        conversation_id uuid NOT NULL,
        school_key uuid NOT NULL,
        day date NOT NULL,
        scheduled_at timestamptz NOT NULL,
        status text NOT NULL,
        facilitator_id uuid NOT NULL,
        late_cancel boolean NOT NULL,
        expected integer NOT NULL,
        attended integer NOT NULL,
        grounded boolean NOT NULL,
        acted boolean NOT NULL,
        acted_on_time boolean NOT NULL,
        acted_corroborated boolean NOT NULL,
        acted_sustained boolean NOT NULL,
        closes_at timestamptz,
        closed boolean NOT NULL,
        min_raters smallint,
        raters integer NOT NULL,
        rater_ids uuid[] NOT NULL,
        overall float8,
        self_mean float8,
        PRIMARY KEY (district_id, session_id)
      )`);
    await q.query(`CREATE INDEX funnel_session_fact_day_idx ON funnel_session_fact (district_id, school_key, day)`);
    await q.query(
      `CREATE INDEX funnel_session_fact_conversation_idx ON funnel_session_fact (district_id, conversation_id, day)`,
    );
    await q.query(`
      CREATE INDEX funnel_session_fact_closing_idx ON funnel_session_fact (district_id, closes_at)
        WHERE status = 'HELD' AND NOT closed`);
    await q.query(`CREATE INDEX funnel_session_fact_open_idx ON funnel_session_fact (district_id, day)
        WHERE status <> 'HELD'`);
    await protectTenantTable(q, 'funnel_session_fact');

    await q.query(`
      CREATE TABLE funnel_day (
        district_id uuid NOT NULL REFERENCES district(id),
        school_key uuid NOT NULL,
        day date NOT NULL,
        held integer NOT NULL DEFAULT 0,
        scheduled integer NOT NULL DEFAULT 0,
        late_cancelled integer NOT NULL DEFAULT 0,
        cancelled_in_time integer NOT NULL DEFAULT 0,
        expected integer NOT NULL DEFAULT 0,
        attended integer NOT NULL DEFAULT 0,
        grounded integer NOT NULL DEFAULT 0,
        acted integer NOT NULL DEFAULT 0,
        published integer NOT NULL DEFAULT 0,
        overall_sum float8 NOT NULL DEFAULT 0,
        self_rated integer NOT NULL DEFAULT 0,
        self_sum float8 NOT NULL DEFAULT 0,
        PRIMARY KEY (district_id, school_key, day)
      )`);
    await protectTenantTable(q, 'funnel_day');

    await q.query(`
      CREATE TABLE funnel_action_fact (
        district_id uuid NOT NULL REFERENCES district(id),
        action_id uuid NOT NULL,
        session_id uuid NOT NULL,
        school_key uuid NOT NULL,
        due_day date NOT NULL,
        done_day date,
        on_time boolean NOT NULL,
        changed boolean NOT NULL,
        corroborated boolean NOT NULL,
        sustained boolean NOT NULL,
        PRIMARY KEY (district_id, action_id)
      )`);
    await protectTenantTable(q, 'funnel_action_fact');

    await q.query(`
      CREATE TABLE funnel_action_day (
        district_id uuid NOT NULL REFERENCES district(id),
        school_key uuid NOT NULL,
        day date NOT NULL,
        came_due integer NOT NULL DEFAULT 0,
        on_time integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        changed integer NOT NULL DEFAULT 0,
        corroborated integer NOT NULL DEFAULT 0,
        sustained integer NOT NULL DEFAULT 0,
        PRIMARY KEY (district_id, school_key, day)
      )`);
    await protectTenantTable(q, 'funnel_action_day');

    await q.query(`
      CREATE TABLE funnel_person (
        district_id uuid NOT NULL REFERENCES district(id),
        school_key uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        invited_due datemultirange NOT NULL DEFAULT '{}',
        invited_open datemultirange NOT NULL DEFAULT '{}',
        attended datemultirange NOT NULL DEFAULT '{}',
        rated datemultirange NOT NULL DEFAULT '{}',
        self_rated datemultirange NOT NULL DEFAULT '{}',
        PRIMARY KEY (district_id, school_key, staff_member_id)
      )`);
    await protectTenantTable(q, 'funnel_person');

    // The facts of sessions, from the raw rows: the rules of modules/session/rules and the funnel's SQL, restated
    // once here for the rollup (docs/metrics.md). Settings as they are now; defaults for a district without its row.
    await q.query(`
      CREATE FUNCTION funnel_session_facts_of(p_district uuid, p_ids uuid[]) RETURNS SETOF funnel_session_fact
      LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT s.district_id, s.id, s.conversation_id,
               coalesce((SELECT c.school_id FROM learning_conversation c
                          WHERE c.district_id = s.district_id AND c.id = s.conversation_id), ${NO_SCHOOL}),
               s.scheduled_on,
               s.scheduled_at, s.status, s.facilitator_id,
               (s.status = 'CANCELLED'
                AND NOT coalesce(s.cancelled_at <= s.scheduled_at - make_interval(hours => st.cancel_notice_hours), false)),
               coalesce(ex.expected, 0), coalesce(ex.attended, 0),
               (s.status = 'HELD' AND EXISTS (
                  SELECT 1 FROM session_evidence e
                   WHERE e.district_id = s.district_id AND e.session_id = s.id
                     AND e.collected_on BETWEEN (s.held_at AT TIME ZONE st.tz)::date - st.recent_days
                                            AND (s.held_at AT TIME ZONE st.tz)::date)),
               EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = s.district_id AND a.session_id = s.id),
               EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = s.district_id AND a.session_id = s.id
                          AND a.status = 'DONE' AND a.completed_on <= a.original_due_on),
               EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = s.district_id AND a.session_id = s.id
                          AND a.status = 'DONE' AND a.completed_on <= a.original_due_on
                          AND btrim(coalesce(a.practice_change_evidence, '')) <> '' AND a.corroborated_at IS NOT NULL),
               EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = s.district_id AND a.session_id = s.id
                          AND a.status = 'DONE' AND a.completed_on <= a.original_due_on
                          AND btrim(coalesce(a.practice_change_evidence, '')) <> '' AND a.corroborated_at IS NOT NULL
                          AND a.sustained_at IS NOT NULL),
               s.rating_closes_at,
               (s.status = 'HELD' AND s.rating_closes_at IS NOT NULL AND now() >= s.rating_closes_at),
               s.min_raters,
               coalesce(qy.raters, 0), coalesce(qy.rater_ids, '{}'), qy.overall, qy.self_mean
          FROM conversation_session s
          CROSS JOIN (
            SELECT d.timezone AS tz, coalesce(ds.cancel_notice_hours, 24)::int AS cancel_notice_hours,
                   coalesce(ds.recent_evidence_days, 30)::int AS recent_days
              FROM district d LEFT JOIN district_setting ds ON ds.district_id = d.id WHERE d.id = p_district
          ) st
          LEFT JOIN LATERAL (
            SELECT count(*)::int AS expected, count(sa.staff_member_id)::int AS attended
              FROM session_expected_participant ep
              LEFT JOIN session_attendance sa ON s.status = 'HELD' AND sa.district_id = ep.district_id
                   AND sa.session_id = ep.session_id AND sa.staff_member_id = ep.staff_member_id
             WHERE ep.district_id = s.district_id AND ep.session_id = s.id
          ) ex ON true
          LEFT JOIN LATERAL (
            WITH r AS (
              SELECT qr.rater_id, qr.criterion_id, qr.score, (qr.rater_id = s.facilitator_id) AS is_self
                FROM quality_rating qr WHERE qr.district_id = s.district_id AND qr.session_id = s.id
            ),
            k AS (SELECT r.criterion_id FROM r WHERE NOT r.is_self GROUP BY r.criterion_id HAVING count(*) >= s.min_raters),
            m AS (SELECT r.rater_id, avg(r.score)::float8 AS mean FROM r JOIN k ON k.criterion_id = r.criterion_id
                   WHERE NOT r.is_self GROUP BY r.rater_id)
            SELECT (SELECT count(*) FROM m)::int AS raters,
                   (SELECT array_agg(m.rater_id ORDER BY m.rater_id) FROM m) AS rater_ids,
                   (SELECT avg(m.mean)::float8 FROM m) AS overall,
                   (SELECT avg(r.score)::float8 FROM r WHERE r.is_self) AS self_mean
          ) qy ON s.status = 'HELD'
         WHERE s.district_id = p_district AND s.id = ANY(p_ids)
      $$`);

    await q.query(`
      CREATE FUNCTION funnel_action_facts_of(p_district uuid, p_ids uuid[]) RETURNS SETOF funnel_action_fact
      LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
        SELECT a.district_id, a.id, a.session_id,
               coalesce((SELECT (SELECT c.school_id FROM learning_conversation c
                                  WHERE c.district_id = s.district_id AND c.id = s.conversation_id)
                           FROM conversation_session s WHERE s.district_id = a.district_id AND s.id = a.session_id),
                        ${NO_SCHOOL}),
               a.original_due_on,
               CASE WHEN a.status = 'DONE' THEN a.completed_on END,
               (a.status = 'DONE' AND a.completed_on <= a.original_due_on),
               (a.status = 'DONE' AND btrim(coalesce(a.practice_change_evidence, '')) <> ''),
               (a.status = 'DONE' AND btrim(coalesce(a.practice_change_evidence, '')) <> '' AND a.corroborated_at IS NOT NULL),
               (a.status = 'DONE' AND btrim(coalesce(a.practice_change_evidence, '')) <> '' AND a.corroborated_at IS NOT NULL
                AND a.sustained_at IS NOT NULL)
          FROM action_item a
         WHERE a.district_id = p_district AND a.id = ANY(p_ids)
      $$`);

    // The person days of (school, person) pairs, recomputed whole from the facts (a rebuild, or a bulk write).
    await q.query(`
      CREATE FUNCTION funnel_rebuild_people(p_district uuid, p_keys uuid[]) RETURNS void
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        DELETE FROM funnel_person WHERE district_id = p_district AND (p_keys IS NULL OR school_key = ANY(p_keys));
        INSERT INTO funnel_person (district_id, school_key, staff_member_id, invited_due, invited_open, attended, rated, self_rated)
        SELECT p_district, x.k, x.p,
               coalesce(range_agg(daterange(x.d, x.d, '[]')) FILTER (WHERE x.kind = 1), '{}'),
               coalesce(range_agg(daterange(x.d, x.d, '[]')) FILTER (WHERE x.kind = 2), '{}'),
               coalesce(range_agg(daterange(x.d, x.d, '[]')) FILTER (WHERE x.kind = 3), '{}'),
               coalesce(range_agg(daterange(x.d, x.d, '[]')) FILTER (WHERE x.kind = 4), '{}'),
               coalesce(range_agg(daterange(x.d, x.d, '[]')) FILTER (WHERE x.kind = 5), '{}')
          FROM (
            SELECT DISTINCT f.school_key AS k, ep.staff_member_id AS p, f.day AS d,
                   CASE WHEN f.status = 'SCHEDULED' THEN 2 ELSE 1 END AS kind
              FROM funnel_session_fact f
              JOIN session_expected_participant ep ON ep.district_id = f.district_id AND ep.session_id = f.session_id
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys))
               AND (f.status IN ('HELD', 'SCHEDULED') OR f.late_cancel)
            UNION
            SELECT f.school_key, sa.staff_member_id, f.day, 3
              FROM funnel_session_fact f
              JOIN session_attendance sa ON sa.district_id = f.district_id AND sa.session_id = f.session_id
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys)) AND f.status = 'HELD'
            UNION
            SELECT f.school_key, r.id, f.day, 4
              FROM funnel_session_fact f CROSS JOIN LATERAL unnest(f.rater_ids) AS r(id)
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys))
               AND f.status = 'HELD' AND f.closed AND f.raters >= f.min_raters
            UNION
            SELECT f.school_key, f.facilitator_id, f.day, 5
              FROM funnel_session_fact f
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys))
               AND f.status = 'HELD' AND f.closed AND f.self_mean IS NOT NULL
          ) x
         GROUP BY x.k, x.p;
      END $$`);

    // The person days of some (school, day, person) triples, recomputed from the facts: each person's row is locked
    // first, then read afresh, so two writers touching one person take turns.
    await q.query(`
      CREATE FUNCTION funnel_refresh_people(p_district uuid, p_keys uuid[], p_days date[], p_people uuid[]) RETURNS void
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF coalesce(cardinality(p_people), 0) = 0 THEN RETURN; END IF;
        INSERT INTO funnel_person (district_id, school_key, staff_member_id)
        SELECT DISTINCT p_district, t.k, t.p FROM unnest(p_keys, p_people) AS t(k, p) ORDER BY 2, 3
        ON CONFLICT DO NOTHING;
        PERFORM 1 FROM funnel_person fp
         WHERE fp.district_id = p_district AND fp.school_key = ANY(p_keys) AND fp.staff_member_id = ANY(p_people)
           AND (fp.school_key, fp.staff_member_id) IN (SELECT t.k, t.p FROM unnest(p_keys, p_people) AS t(k, p))
         ORDER BY fp.school_key, fp.staff_member_id FOR UPDATE;
        WITH t AS (SELECT DISTINCT t.k, t.d, t.p FROM unnest(p_keys, p_days, p_people) AS t(k, d, p)),
        m AS (
          SELECT t.k, t.d, t.p,
                 EXISTS (SELECT 1 FROM funnel_session_fact f
                           JOIN session_expected_participant ep ON ep.district_id = f.district_id
                                AND ep.session_id = f.session_id AND ep.staff_member_id = t.p
                          WHERE f.district_id = p_district AND f.school_key = t.k AND f.day = t.d
                            AND (f.status = 'HELD' OR f.late_cancel)) AS invited_due,
                 EXISTS (SELECT 1 FROM funnel_session_fact f
                           JOIN session_expected_participant ep ON ep.district_id = f.district_id
                                AND ep.session_id = f.session_id AND ep.staff_member_id = t.p
                          WHERE f.district_id = p_district AND f.school_key = t.k AND f.day = t.d
                            AND f.status = 'SCHEDULED') AS invited_open,
                 EXISTS (SELECT 1 FROM funnel_session_fact f
                           JOIN session_attendance sa ON sa.district_id = f.district_id
                                AND sa.session_id = f.session_id AND sa.staff_member_id = t.p
                          WHERE f.district_id = p_district AND f.school_key = t.k AND f.day = t.d
                            AND f.status = 'HELD') AS attended,
                 EXISTS (SELECT 1 FROM funnel_session_fact f
                          WHERE f.district_id = p_district AND f.school_key = t.k AND f.day = t.d
                            AND f.status = 'HELD' AND f.closed AND f.raters >= f.min_raters
                            AND t.p = ANY(f.rater_ids)) AS rated,
                 EXISTS (SELECT 1 FROM funnel_session_fact f
                          WHERE f.district_id = p_district AND f.school_key = t.k AND f.day = t.d
                            AND f.status = 'HELD' AND f.closed AND f.self_mean IS NOT NULL
                            AND f.facilitator_id = t.p) AS self_rated
            FROM t
        ),
        agg AS (
          SELECT m.k, m.p, range_agg(daterange(m.d, m.d, '[]')) AS touched,
                 coalesce(range_agg(daterange(m.d, m.d, '[]')) FILTER (WHERE m.invited_due), '{}') AS invited_due,
                 coalesce(range_agg(daterange(m.d, m.d, '[]')) FILTER (WHERE m.invited_open), '{}') AS invited_open,
                 coalesce(range_agg(daterange(m.d, m.d, '[]')) FILTER (WHERE m.attended), '{}') AS attended,
                 coalesce(range_agg(daterange(m.d, m.d, '[]')) FILTER (WHERE m.rated), '{}') AS rated,
                 coalesce(range_agg(daterange(m.d, m.d, '[]')) FILTER (WHERE m.self_rated), '{}') AS self_rated
            FROM m GROUP BY m.k, m.p
        )
        UPDATE funnel_person fp
           SET invited_due = (fp.invited_due - a.touched) + a.invited_due,
               invited_open = (fp.invited_open - a.touched) + a.invited_open,
               attended = (fp.attended - a.touched) + a.attended,
               rated = (fp.rated - a.touched) + a.rated,
               self_rated = (fp.self_rated - a.touched) + a.self_rated
          FROM agg a
         WHERE fp.district_id = p_district AND fp.school_key = ANY(p_keys) AND fp.staff_member_id = ANY(p_people)
           AND fp.school_key = a.k AND fp.staff_member_id = a.p;
        DELETE FROM funnel_person fp
         USING (SELECT DISTINCT t.k, t.p FROM unnest(p_keys, p_people) AS t(k, p)) t
         WHERE fp.district_id = p_district AND fp.school_key = ANY(p_keys) AND fp.staff_member_id = ANY(p_people)
           AND fp.school_key = t.k AND fp.staff_member_id = t.p
           AND isempty(fp.invited_due) AND isempty(fp.invited_open) AND isempty(fp.attended)
           AND isempty(fp.rated) AND isempty(fp.self_rated);
      END $$`);

    // A session's contribution to its day row, signed.
    const sessionDelta = `
      SELECT x.school_key, x.day,
             sum(x.sign * (x.status = 'HELD')::int) AS held,
             sum(x.sign * (x.status = 'SCHEDULED')::int) AS scheduled,
             sum(x.sign * (x.status = 'CANCELLED' AND x.late_cancel)::int) AS late_cancelled,
             sum(x.sign * (x.status = 'CANCELLED' AND NOT x.late_cancel)::int) AS cancelled_in_time,
             sum(x.sign * CASE WHEN x.status = 'HELD' THEN x.expected ELSE 0 END) AS expected,
             sum(x.sign * CASE WHEN x.status = 'HELD' THEN x.attended ELSE 0 END) AS attended,
             sum(x.sign * (x.status = 'HELD' AND x.grounded)::int) AS grounded,
             sum(x.sign * (x.status = 'HELD' AND x.acted)::int) AS acted,
             sum(x.sign * (x.status = 'HELD' AND x.closed AND x.raters >= x.min_raters)::int) AS published,
             sum(x.sign * CASE WHEN x.status = 'HELD' AND x.closed AND x.raters >= x.min_raters THEN x.overall ELSE 0 END) AS overall_sum,
             sum(x.sign * (x.status = 'HELD' AND x.closed AND x.self_mean IS NOT NULL)::int) AS self_rated,
             sum(x.sign * CASE WHEN x.status = 'HELD' AND x.closed AND x.self_mean IS NOT NULL THEN x.self_mean ELSE 0 END) AS self_sum
        FROM (SELECT 1 AS sign, n.* FROM unnest(v_new_changed) n UNION ALL SELECT -1, o.* FROM unnest(v_old_changed) o) x
       GROUP BY x.school_key, x.day`;

    await q.query(`
      CREATE FUNCTION funnel_refresh_sessions(p_district uuid, p_ids uuid[], p_people_changed boolean DEFAULT false)
      RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE
        v_ids uuid[];
        v_old funnel_session_fact[];
        v_new funnel_session_fact[];
        v_old_changed funnel_session_fact[];
        v_new_changed funnel_session_fact[];
        v_moved uuid[];
        v_keys uuid[];
        v_days date[];
        v_people uuid[];
      BEGIN
        IF p_district IS NULL OR coalesce(cardinality(p_ids), 0) = 0 THEN RETURN; END IF;
        -- A rebuild of the district holds this lock exclusively.
        PERFORM pg_advisory_xact_lock_shared(hashtext('funnel_rollup'), hashtext(p_district::text));
        v_ids := ARRAY(SELECT DISTINCT x FROM unnest(p_ids) x ORDER BY 1);
        -- Lock the facts first, then read the raw rows afresh (a statement of its own: a new snapshot).
        v_old := ARRAY(SELECT f FROM funnel_session_fact f WHERE f.district_id = p_district AND f.session_id = ANY(v_ids)
                        ORDER BY f.session_id FOR UPDATE);
        v_new := ARRAY(SELECT f FROM funnel_session_facts_of(p_district, v_ids) f);
        -- Sessions whose facts changed at all, and those whose person days may have.
        WITH o AS (SELECT * FROM unnest(v_old)), n AS (SELECT * FROM unnest(v_new)),
        j AS (SELECT coalesce(o.session_id, n.session_id) AS id, o AS o, n AS n
                FROM o FULL JOIN n ON n.session_id = o.session_id)
        SELECT array_agg(j.id) FILTER (WHERE p_people_changed OR (j.o).school_key IS DISTINCT FROM (j.n).school_key
                 OR (j.o).day IS DISTINCT FROM (j.n).day OR (j.o).status IS DISTINCT FROM (j.n).status
                 OR (j.o).late_cancel IS DISTINCT FROM (j.n).late_cancel OR (j.o).closed IS DISTINCT FROM (j.n).closed
                 OR (j.o).facilitator_id IS DISTINCT FROM (j.n).facilitator_id
                 OR (j.o).rater_ids IS DISTINCT FROM (j.n).rater_ids OR (j.o).min_raters IS DISTINCT FROM (j.n).min_raters
                 OR ((j.o).self_mean IS NULL) IS DISTINCT FROM ((j.n).self_mean IS NULL)),
               array_agg(j.id) FILTER (WHERE j.o IS DISTINCT FROM j.n)
          INTO v_moved, v_ids
          FROM j;
        -- Only the facts that changed move the day rows; the people's days are recomputed for v_moved below, at
        -- the sessions' places before and after (v_old and v_new).
        v_old_changed := ARRAY(SELECT o FROM unnest(v_old) o WHERE o.session_id = ANY(v_ids));
        v_new_changed := ARRAY(SELECT n FROM unnest(v_new) n WHERE n.session_id = ANY(v_ids));

        INSERT INTO funnel_day AS d (district_id, school_key, day, held, scheduled, late_cancelled, cancelled_in_time,
                                     expected, attended, grounded, acted, published, overall_sum, self_rated, self_sum)
        SELECT p_district, x.* FROM (${sessionDelta}) x
         WHERE (x.held, x.scheduled, x.late_cancelled, x.cancelled_in_time, x.expected, x.attended, x.grounded, x.acted,
                x.published, x.self_rated) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            OR x.overall_sum <> 0 OR x.self_sum <> 0
         ORDER BY x.school_key, x.day
        ON CONFLICT (district_id, school_key, day) DO UPDATE SET
          held = d.held + excluded.held, scheduled = d.scheduled + excluded.scheduled,
          late_cancelled = d.late_cancelled + excluded.late_cancelled,
          cancelled_in_time = d.cancelled_in_time + excluded.cancelled_in_time,
          expected = d.expected + excluded.expected, attended = d.attended + excluded.attended,
          grounded = d.grounded + excluded.grounded, acted = d.acted + excluded.acted,
          published = d.published + excluded.published,
          overall_sum = CASE WHEN d.published + excluded.published = 0 THEN 0 ELSE d.overall_sum + excluded.overall_sum END,
          self_rated = d.self_rated + excluded.self_rated,
          self_sum = CASE WHEN d.self_rated + excluded.self_rated = 0 THEN 0 ELSE d.self_sum + excluded.self_sum END;

        DELETE FROM funnel_session_fact f WHERE f.district_id = p_district AND f.session_id = ANY(v_ids);
        INSERT INTO funnel_session_fact SELECT * FROM unnest(v_new_changed);

        IF coalesce(cardinality(v_moved), 0) = 0 THEN RETURN; END IF;
        IF cardinality(v_moved) > 2000 THEN
          -- A bulk write (an import, a seed, a change of settings): recompute the schools concerned whole.
          PERFORM funnel_rebuild_people(p_district, ARRAY(
            SELECT DISTINCT x.school_key FROM (SELECT school_key FROM unnest(v_old) UNION SELECT school_key FROM unnest(v_new)) x));
          RETURN;
        END IF;
        -- The (school, day, person) triples that may have changed: everyone linked to the session now (expected,
        -- attending, rating, facilitating) or before (its raters and facilitator), and everyone whose days include
        -- the session's day at its school, at its old place and its new one.
        WITH place AS (
          SELECT o.session_id, o.school_key, o.day FROM unnest(v_old) o WHERE o.session_id = ANY(v_moved)
          UNION SELECT n.session_id, n.school_key, n.day FROM unnest(v_new) n WHERE n.session_id = ANY(v_moved)
        ),
        linked AS (
          SELECT ep.session_id, ep.staff_member_id AS p FROM session_expected_participant ep
           WHERE ep.district_id = p_district AND ep.session_id = ANY(v_moved)
          UNION SELECT sa.session_id, sa.staff_member_id FROM session_attendance sa
           WHERE sa.district_id = p_district AND sa.session_id = ANY(v_moved)
          UNION SELECT f.session_id, unnest(f.rater_ids) FROM unnest(v_old || v_new) f WHERE f.session_id = ANY(v_moved)
          UNION SELECT f.session_id, f.facilitator_id FROM unnest(v_old || v_new) f WHERE f.session_id = ANY(v_moved)
        ),
        triples AS (
          SELECT pl.school_key AS k, pl.day AS d, l.p FROM place pl JOIN linked l ON l.session_id = pl.session_id
          UNION
          SELECT pl.school_key, pl.day, fp.staff_member_id
            FROM (SELECT DISTINCT school_key, day FROM place) pl
            JOIN funnel_person fp ON fp.district_id = p_district AND fp.school_key = pl.school_key
           WHERE fp.invited_due @> pl.day OR fp.invited_open @> pl.day OR fp.attended @> pl.day
              OR fp.rated @> pl.day OR fp.self_rated @> pl.day
        )
        SELECT array_agg(t.k), array_agg(t.d), array_agg(t.p) INTO v_keys, v_days, v_people FROM triples t;
        PERFORM funnel_refresh_people(p_district, v_keys, v_days, v_people);
      END $$`);

    await q.query(`
      CREATE FUNCTION funnel_refresh_actions(p_district uuid, p_ids uuid[]) RETURNS void
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE
        v_ids uuid[];
        v_old funnel_action_fact[];
        v_new funnel_action_fact[];
      BEGIN
        IF p_district IS NULL OR coalesce(cardinality(p_ids), 0) = 0 THEN RETURN; END IF;
        PERFORM pg_advisory_xact_lock_shared(hashtext('funnel_rollup'), hashtext(p_district::text));
        v_ids := ARRAY(SELECT DISTINCT x FROM unnest(p_ids) x ORDER BY 1);
        v_old := ARRAY(SELECT f FROM funnel_action_fact f WHERE f.district_id = p_district AND f.action_id = ANY(v_ids)
                        ORDER BY f.action_id FOR UPDATE);
        v_new := ARRAY(SELECT f FROM funnel_action_facts_of(p_district, v_ids) f);
        INSERT INTO funnel_action_day AS d (district_id, school_key, day, came_due, on_time, done, changed, corroborated, sustained)
        SELECT p_district, x.school_key, x.day, sum(x.came_due), sum(x.on_time), sum(x.done), sum(x.changed),
               sum(x.corroborated), sum(x.sustained)
          FROM (
            SELECT a.school_key, a.due_day AS day, a.sign AS came_due, a.sign * a.on_time::int AS on_time,
                   0 AS done, 0 AS changed, 0 AS corroborated, 0 AS sustained
              FROM (SELECT 1 AS sign, n.* FROM unnest(v_new) n UNION ALL SELECT -1, o.* FROM unnest(v_old) o) a
            UNION ALL
            SELECT a.school_key, a.done_day, 0, 0, a.sign, a.sign * a.changed::int, a.sign * a.corroborated::int,
                   a.sign * a.sustained::int
              FROM (SELECT 1 AS sign, n.* FROM unnest(v_new) n UNION ALL SELECT -1, o.* FROM unnest(v_old) o) a
             WHERE a.done_day IS NOT NULL
          ) x
         GROUP BY x.school_key, x.day
        HAVING (sum(x.came_due), sum(x.on_time), sum(x.done), sum(x.changed), sum(x.corroborated), sum(x.sustained))
               IS DISTINCT FROM (0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint)
         ORDER BY x.school_key, x.day
        ON CONFLICT (district_id, school_key, day) DO UPDATE SET
          came_due = d.came_due + excluded.came_due, on_time = d.on_time + excluded.on_time,
          done = d.done + excluded.done, changed = d.changed + excluded.changed,
          corroborated = d.corroborated + excluded.corroborated, sustained = d.sustained + excluded.sustained;
        DELETE FROM funnel_action_fact f WHERE f.district_id = p_district AND f.action_id = ANY(v_ids);
        INSERT INTO funnel_action_fact SELECT * FROM unnest(v_new);
      END $$`);

    // Sessions whose rating window has closed since their facts were last refreshed (the funnel reads them live
    // until then): at most p_limit of them, oldest closing first.
    await q.query(`
      CREATE FUNCTION funnel_close_ratings(p_district uuid, p_limit integer) RETURNS integer
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      DECLARE v_ids uuid[];
      BEGIN
        v_ids := ARRAY(SELECT f.session_id FROM funnel_session_fact f
                        WHERE f.district_id = p_district AND f.status = 'HELD' AND NOT f.closed AND f.closes_at <= now()
                        ORDER BY f.closes_at LIMIT p_limit);
        PERFORM funnel_refresh_sessions(p_district, v_ids);
        RETURN cardinality(v_ids);
      END $$`);

    // Everything of one district, recomputed from the raw rows.
    await q.query(`
      CREATE FUNCTION funnel_rebuild(p_district uuid) RETURNS void
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('funnel_rollup'), hashtext(p_district::text));
        DELETE FROM funnel_person WHERE district_id = p_district;
        DELETE FROM funnel_day WHERE district_id = p_district;
        DELETE FROM funnel_session_fact WHERE district_id = p_district;
        DELETE FROM funnel_action_day WHERE district_id = p_district;
        DELETE FROM funnel_action_fact WHERE district_id = p_district;
        INSERT INTO funnel_session_fact
        SELECT * FROM funnel_session_facts_of(p_district,
          ARRAY(SELECT s.id FROM conversation_session s WHERE s.district_id = p_district));
        INSERT INTO funnel_day (district_id, school_key, day, held, scheduled, late_cancelled, cancelled_in_time,
                                expected, attended, grounded, acted, published, overall_sum, self_rated, self_sum)
        SELECT p_district, x.school_key, x.day,
               count(*) FILTER (WHERE x.status = 'HELD'), count(*) FILTER (WHERE x.status = 'SCHEDULED'),
               count(*) FILTER (WHERE x.status = 'CANCELLED' AND x.late_cancel),
               count(*) FILTER (WHERE x.status = 'CANCELLED' AND NOT x.late_cancel),
               coalesce(sum(x.expected) FILTER (WHERE x.status = 'HELD'), 0),
               coalesce(sum(x.attended) FILTER (WHERE x.status = 'HELD'), 0),
               count(*) FILTER (WHERE x.status = 'HELD' AND x.grounded),
               count(*) FILTER (WHERE x.status = 'HELD' AND x.acted),
               count(*) FILTER (WHERE x.status = 'HELD' AND x.closed AND x.raters >= x.min_raters),
               coalesce(sum(x.overall) FILTER (WHERE x.status = 'HELD' AND x.closed AND x.raters >= x.min_raters), 0),
               count(*) FILTER (WHERE x.status = 'HELD' AND x.closed AND x.self_mean IS NOT NULL),
               coalesce(sum(x.self_mean) FILTER (WHERE x.status = 'HELD' AND x.closed AND x.self_mean IS NOT NULL), 0)
          FROM funnel_session_fact x WHERE x.district_id = p_district
         GROUP BY x.school_key, x.day;
        INSERT INTO funnel_action_fact
        SELECT * FROM funnel_action_facts_of(p_district,
          ARRAY(SELECT a.id FROM action_item a WHERE a.district_id = p_district));
        INSERT INTO funnel_action_day (district_id, school_key, day, came_due, on_time, done, changed, corroborated, sustained)
        SELECT p_district, x.school_key, x.day, sum(x.came_due), sum(x.on_time), sum(x.done), sum(x.changed),
               sum(x.corroborated), sum(x.sustained)
          FROM (
            SELECT a.school_key, a.due_day AS day, 1 AS came_due, a.on_time::int AS on_time, 0 AS done, 0 AS changed,
                   0 AS corroborated, 0 AS sustained
              FROM funnel_action_fact a WHERE a.district_id = p_district
            UNION ALL
            SELECT a.school_key, a.done_day, 0, 0, 1, a.changed::int, a.corroborated::int, a.sustained::int
              FROM funnel_action_fact a WHERE a.district_id = p_district AND a.done_day IS NOT NULL
          ) x
         GROUP BY x.school_key, x.day;
        PERFORM funnel_rebuild_people(p_district, NULL);
      END $$`);

    await this.triggers(q);

    // Backfill: every district, under its own row-level security.
    await forEachDistrict(q, (id) => q.query(`SELECT funnel_rebuild($1)`, [id]));
  }

  /** The triggers that keep the rollups in step with every write, statement by statement. */
  private async triggers(q: QueryRunner): Promise<void> {
    // Each runs once per statement over its transition table(s), once per district the statement touched.
    const perDistrict = (call: string, rows: string) => `
        FOR v_district, v_ids IN SELECT r.district_id, array_agg(DISTINCT r.id) FROM (${rows}) r GROUP BY r.district_id LOOP
          PERFORM ${call};
        END LOOP;`;
    const fn = async (name: string, body: string) =>
      q.query(`
        CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        DECLARE v_district uuid; v_ids uuid[];
        BEGIN
          ${body}
          RETURN NULL;
        END $$`);
    const on = async (table: string, fnName: string, events: ('INSERT' | 'UPDATE' | 'DELETE')[]) => {
      for (const event of events) {
        const ref =
          event === 'INSERT'
            ? 'NEW TABLE AS new_rows'
            : event === 'DELETE'
              ? 'OLD TABLE AS old_rows'
              : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
        await q.query(`
          CREATE TRIGGER ${table}_funnel_${event.toLowerCase()} AFTER ${event} ON ${table}
            REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION ${fnName}()`);
      }
    };
    const rowsOf = (columns: string) => `
          IF TG_OP IN ('INSERT', 'UPDATE') THEN
            ${perDistrict('funnel_refresh_sessions(v_district, v_ids, TG_ARGV[0] IS NOT NULL)', `SELECT district_id, ${columns} AS id FROM new_rows`)}
          END IF;
          IF TG_OP IN ('DELETE', 'UPDATE') THEN
            ${perDistrict('funnel_refresh_sessions(v_district, v_ids, TG_ARGV[0] IS NOT NULL)', `SELECT district_id, ${columns} AS id FROM old_rows`)}
          END IF;`;

    // Sessions: only changes of what the facts read (not notes, versions, sync stamps).
    await fn(
      'funnel_session_changed',
      `IF TG_OP = 'INSERT' THEN
         ${perDistrict('funnel_refresh_sessions(v_district, v_ids)', 'SELECT district_id, id FROM new_rows')}
       ELSIF TG_OP = 'DELETE' THEN
         ${perDistrict('funnel_refresh_sessions(v_district, v_ids)', 'SELECT district_id, id FROM old_rows')}
       ELSE
         ${perDistrict(
           'funnel_refresh_sessions(v_district, v_ids)',
           `SELECT n.district_id, n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.status, n.held_at, n.cancelled_at, n.scheduled_at, n.scheduled_on, n.facilitator_id,
                    n.rating_closes_at, n.min_raters, n.conversation_id, n.district_id)
                   IS DISTINCT FROM
                   (o.status, o.held_at, o.cancelled_at, o.scheduled_at, o.scheduled_on, o.facilitator_id,
                    o.rating_closes_at, o.min_raters, o.conversation_id, o.district_id)`,
         )}
       END IF;`,
    );
    await on('conversation_session', 'funnel_session_changed', ['INSERT', 'UPDATE', 'DELETE']);

    // Who was expected and who attended: the people's days change too.
    await fn('funnel_session_people_changed', rowsOf('session_id'));
    for (const table of ['session_expected_participant', 'session_attendance']) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE'] as const) {
        const ref =
          event === 'INSERT'
            ? 'NEW TABLE AS new_rows'
            : event === 'DELETE'
              ? 'OLD TABLE AS old_rows'
              : 'OLD TABLE AS old_rows NEW TABLE AS new_rows';
        await q.query(`
          CREATE TRIGGER ${table}_funnel_${event.toLowerCase()} AFTER ${event} ON ${table}
            REFERENCING ${ref} FOR EACH STATEMENT EXECUTE FUNCTION funnel_session_people_changed('people')`);
      }
    }

    // Ratings and evidence: the session's quality and evidence figures.
    await fn('funnel_session_part_changed', rowsOf('session_id'));
    await on('quality_rating', 'funnel_session_part_changed', ['INSERT', 'UPDATE', 'DELETE']);
    await on('session_evidence', 'funnel_session_part_changed', ['INSERT', 'UPDATE', 'DELETE']);

    // Actions: their own facts, and their sessions' (whether they produced one, and the cohort's stages).
    await fn(
      'funnel_action_changed',
      `IF TG_OP IN ('INSERT', 'UPDATE') THEN
         ${perDistrict('funnel_refresh_actions(v_district, v_ids)', 'SELECT district_id, id FROM new_rows')}
         ${perDistrict('funnel_refresh_sessions(v_district, v_ids)', 'SELECT district_id, session_id AS id FROM new_rows')}
       END IF;
       IF TG_OP IN ('DELETE', 'UPDATE') THEN
         ${perDistrict('funnel_refresh_actions(v_district, v_ids)', 'SELECT district_id, id FROM old_rows')}
         ${perDistrict('funnel_refresh_sessions(v_district, v_ids)', 'SELECT district_id, session_id AS id FROM old_rows')}
       END IF;`,
    );
    await on('action_item', 'funnel_action_changed', ['INSERT', 'UPDATE', 'DELETE']);

    // A conversation moved to another school: its sessions and their actions change school.
    await fn(
      'funnel_conversation_changed',
      `${perDistrict(
        'funnel_refresh_sessions(v_district, v_ids)',
        `SELECT s.district_id, s.id FROM new_rows n JOIN old_rows o ON o.id = n.id
           JOIN conversation_session s ON s.district_id = n.district_id AND s.conversation_id = n.id
          WHERE n.school_id IS DISTINCT FROM o.school_id`,
      )}
       ${perDistrict(
         'funnel_refresh_actions(v_district, v_ids)',
         `SELECT a.district_id, a.id FROM new_rows n JOIN old_rows o ON o.id = n.id
           JOIN conversation_session s ON s.district_id = n.district_id AND s.conversation_id = n.id
           JOIN action_item a ON a.district_id = s.district_id AND a.session_id = s.id
          WHERE n.school_id IS DISTINCT FROM o.school_id`,
       )}`,
    );
    await on('learning_conversation', 'funnel_conversation_changed', ['UPDATE']);

    // Settings the facts read and the zone: the sessions they decide about. `cancelNoticeHours` decides whether a
    // cancellation was late; `recentEvidenceDays` and the zone (the held day) whether a held session with evidence
    // used recent evidence.
    const withEvidence = `s.status = 'HELD' AND EXISTS (SELECT 1 FROM session_evidence e
      WHERE e.district_id = s.district_id AND e.session_id = s.id)`;
    const settingChanged = (n: string, o: string) => `
      ((${n}.cancel_notice_hours IS DISTINCT FROM ${o}.cancel_notice_hours AND s.status = 'CANCELLED')
       OR (${n}.recent_evidence_days IS DISTINCT FROM ${o}.recent_evidence_days AND ${withEvidence}))`;
    const defaults = `(SELECT 24 AS cancel_notice_hours, 30 AS recent_evidence_days)`;
    await fn(
      'funnel_settings_changed',
      `IF TG_TABLE_NAME = 'district' THEN
         ${perDistrict(
           'funnel_refresh_sessions(v_district, v_ids)',
           `SELECT s.district_id, s.id FROM new_rows n JOIN old_rows o ON o.id = n.id
              JOIN conversation_session s ON s.district_id = n.id
             WHERE n.timezone IS DISTINCT FROM o.timezone AND ${withEvidence}`,
         )}
       ELSIF TG_OP = 'UPDATE' THEN
         ${perDistrict(
           'funnel_refresh_sessions(v_district, v_ids)',
           `SELECT s.district_id, s.id FROM new_rows n JOIN old_rows o ON o.district_id = n.district_id
              JOIN conversation_session s ON s.district_id = n.district_id
             WHERE ${settingChanged('n', 'o')}`,
         )}
       ELSIF TG_OP = 'INSERT' THEN
         ${perDistrict(
           'funnel_refresh_sessions(v_district, v_ids)',
           `SELECT s.district_id, s.id FROM new_rows n CROSS JOIN ${defaults} o
              JOIN conversation_session s ON s.district_id = n.district_id
             WHERE ${settingChanged('n', 'o')}`,
         )}
       ELSE
         ${perDistrict(
           'funnel_refresh_sessions(v_district, v_ids)',
           `SELECT s.district_id, s.id FROM old_rows o CROSS JOIN ${defaults} n
              JOIN conversation_session s ON s.district_id = o.district_id
             WHERE ${settingChanged('n', 'o')}`,
         )}
       END IF;`,
    );
    await on('district_setting', 'funnel_settings_changed', ['INSERT', 'UPDATE', 'DELETE']);
    await on('district', 'funnel_settings_changed', ['UPDATE']);
  }

  async down(q: QueryRunner): Promise<void> {
    const triggers: [string, string[]][] = [
      ['conversation_session', ['insert', 'update', 'delete']],
      ['session_expected_participant', ['insert', 'update', 'delete']],
      ['session_attendance', ['insert', 'update', 'delete']],
      ['quality_rating', ['insert', 'update', 'delete']],
      ['session_evidence', ['insert', 'update', 'delete']],
      ['action_item', ['insert', 'update', 'delete']],
      ['learning_conversation', ['update']],
      ['district_setting', ['insert', 'update', 'delete']],
      ['district', ['update']],
    ];
    for (const [table, events] of triggers)
      for (const e of events) await q.query(`DROP TRIGGER IF EXISTS ${table}_funnel_${e} ON ${table}`);
    for (const f of [
      'funnel_session_changed()',
      'funnel_session_people_changed()',
      'funnel_session_part_changed()',
      'funnel_action_changed()',
      'funnel_conversation_changed()',
      'funnel_settings_changed()',
      'funnel_rebuild(uuid)',
      'funnel_close_ratings(uuid, integer)',
      'funnel_refresh_actions(uuid, uuid[])',
      'funnel_refresh_sessions(uuid, uuid[], boolean)',
      'funnel_refresh_people(uuid, uuid[], date[], uuid[])',
      'funnel_rebuild_people(uuid, uuid[])',
      'funnel_action_facts_of(uuid, uuid[])',
      'funnel_session_facts_of(uuid, uuid[])',
    ])
      await q.query(`DROP FUNCTION IF EXISTS ${f}`);
    for (const t of ['funnel_person', 'funnel_action_day', 'funnel_action_fact', 'funnel_day', 'funnel_session_fact'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
