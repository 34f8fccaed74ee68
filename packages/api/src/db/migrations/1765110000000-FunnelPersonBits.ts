import type { MigrationInterface, QueryRunner } from 'typeorm';
import { forEachDistrict, protectTenantTable } from './rls';
import { FunnelRollups1765030000000 } from './1765030000000-FunnelRollups';

/** No day of a year: the empty day set. */
const NONE = `B'0'::bit(366)`;

/** The person-days lookup of funnel_refresh_sessions over multiranges (1765030000000), and over day bits. */
const TRIPLES_RANGES = `JOIN funnel_person fp ON fp.district_id = p_district AND fp.school_key = pl.school_key
           WHERE fp.invited_due @> pl.day OR fp.invited_open @> pl.day OR fp.attended @> pl.day
              OR fp.rated @> pl.day OR fp.self_rated @> pl.day`;
const TRIPLES_BITS = `JOIN funnel_person fp ON fp.district_id = p_district AND fp.school_key = pl.school_key
                 AND fp.year = funnel_year_of(pl.day)
           WHERE ((fp.invited_due | fp.invited_open | fp.attended | fp.rated | fp.self_rated) & funnel_day_bit(pl.day))
                 <> ${NONE}`;

/**
 * The people's days of the funnel (issue 14) as one bit per day of a calendar year instead of date multiranges.
 *
 * A district funnel counts distinct people (invited, reached, raters, self-rating facilitators) whose days overlap
 * the window. With multiranges, a teacher expected at every session of their school has a few hundred single-day
 * ranges per set: rows of several kilobytes, compressed out of line, so every read decompressed all of them
 * (about 100 ms for the benchmark district's 10,000 people). Now `funnel_person` keeps one row per district, school,
 * person and calendar year, each set a `bit(366)` (bit i: the (i+1)-th day of the year): 46 bytes a set, stored
 * inline, uncompressed, and a window's test is one AND with the window's mask for that year
 * (`funnel_days_mask(year, range)`). The figures are unchanged: a person counts when one of their bits falls in the
 * window, as before when one of their ranges overlapped it.
 *
 * `funnel_rebuild_people` and `funnel_refresh_people` are redefined over the bits (the same facts, the same locking:
 * rows locked in key order, then read afresh), `funnel_refresh_sessions`'s lookup of the people whose days include a
 * session's day reads the bits, and every district's people are recomputed from the facts.
 *
 * down(): the rollups are derived data: the migration before this one is undone and redone, which recreates the
 * multiranges and recomputes every rollup from the raw rows.
 */
export class FunnelPersonBits1765110000000 implements MigrationInterface {
  name = 'FunnelPersonBits1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION funnel_year_of(d date) RETURNS smallint
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT extract(year FROM d)::smallint $$`);
    // The bit of one day in its year's set.
    await q.query(`
      CREATE FUNCTION funnel_day_bit(d date) RETURNS bit(366)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT B'1'::bit(366) >> (d - make_date(extract(year FROM d)::int, 1, 1))
      $$`);
    // The days of a range that fall in a year, as that year's set (empty when none do).
    await q.query(`
      CREATE FUNCTION funnel_days_mask(p_year integer, p_days daterange) RETURNS bit(366)
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN isempty(p_days) OR t.lo > t.hi THEN ${NONE}
                    ELSE (~${NONE} >> (t.lo - t.jan1)) & ~(~${NONE} >> (t.hi - t.jan1 + 1)) END
          FROM (SELECT make_date(p_year, 1, 1) AS jan1,
                       greatest(lower(p_days), make_date(p_year, 1, 1)) AS lo,
                       least(upper(p_days) - 1, make_date(p_year, 12, 31)) AS hi) t
      $$`);

    await q.query(`DROP TABLE funnel_person`);
    await q.query(`
      CREATE TABLE funnel_person (
        district_id uuid NOT NULL REFERENCES district(id),
        school_key uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        year smallint NOT NULL,
        invited_due bit(366) NOT NULL DEFAULT ${NONE},
        invited_open bit(366) NOT NULL DEFAULT ${NONE},
        attended bit(366) NOT NULL DEFAULT ${NONE},
        rated bit(366) NOT NULL DEFAULT ${NONE},
        self_rated bit(366) NOT NULL DEFAULT ${NONE},
        PRIMARY KEY (district_id, school_key, staff_member_id, year)
      )`);
    await protectTenantTable(q, 'funnel_person');

    // The person days of schools, recomputed whole from the facts (a rebuild, or a bulk write). A day seen twice sets
    // its bit twice: no DISTINCT (a sort of every expected seat of the district), one hash aggregate per person.
    await q.query(`
      CREATE OR REPLACE FUNCTION funnel_rebuild_people(p_district uuid, p_keys uuid[]) RETURNS void
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        DELETE FROM funnel_person WHERE district_id = p_district AND (p_keys IS NULL OR school_key = ANY(p_keys));
        INSERT INTO funnel_person (district_id, school_key, staff_member_id, year, invited_due, invited_open, attended,
                                   rated, self_rated)
        SELECT p_district, x.k, x.p, funnel_year_of(x.d),
               coalesce(bit_or(funnel_day_bit(x.d)) FILTER (WHERE x.kind = 1), ${NONE}),
               coalesce(bit_or(funnel_day_bit(x.d)) FILTER (WHERE x.kind = 2), ${NONE}),
               coalesce(bit_or(funnel_day_bit(x.d)) FILTER (WHERE x.kind = 3), ${NONE}),
               coalesce(bit_or(funnel_day_bit(x.d)) FILTER (WHERE x.kind = 4), ${NONE}),
               coalesce(bit_or(funnel_day_bit(x.d)) FILTER (WHERE x.kind = 5), ${NONE})
          FROM (
            SELECT f.school_key AS k, ep.staff_member_id AS p, f.day AS d,
                   CASE WHEN f.status = 'SCHEDULED' THEN 2 ELSE 1 END AS kind
              FROM funnel_session_fact f
              JOIN session_expected_participant ep ON ep.district_id = f.district_id AND ep.session_id = f.session_id
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys))
               AND (f.status IN ('HELD', 'SCHEDULED') OR f.late_cancel)
            UNION ALL
            SELECT f.school_key, sa.staff_member_id, f.day, 3
              FROM funnel_session_fact f
              JOIN session_attendance sa ON sa.district_id = f.district_id AND sa.session_id = f.session_id
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys)) AND f.status = 'HELD'
            UNION ALL
            SELECT f.school_key, r.id, f.day, 4
              FROM funnel_session_fact f CROSS JOIN LATERAL unnest(f.rater_ids) AS r(id)
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys))
               AND f.status = 'HELD' AND f.closed AND f.raters >= f.min_raters
            UNION ALL
            SELECT f.school_key, f.facilitator_id, f.day, 5
              FROM funnel_session_fact f
             WHERE f.district_id = p_district AND (p_keys IS NULL OR f.school_key = ANY(p_keys))
               AND f.status = 'HELD' AND f.closed AND f.self_mean IS NOT NULL
          ) x
         GROUP BY x.k, x.p, funnel_year_of(x.d);
      END $$`);

    // The person days of some (school, day, person) triples, recomputed from the facts: each person's row of the
    // day's year is locked first (in key order), then read afresh, so two writers touching one person take turns.
    await q.query(`
      CREATE OR REPLACE FUNCTION funnel_refresh_people(p_district uuid, p_keys uuid[], p_days date[], p_people uuid[])
      RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF coalesce(cardinality(p_people), 0) = 0 THEN RETURN; END IF;
        INSERT INTO funnel_person (district_id, school_key, staff_member_id, year)
        SELECT DISTINCT p_district, t.k, t.p, funnel_year_of(t.d) FROM unnest(p_keys, p_days, p_people) AS t(k, d, p)
         ORDER BY 2, 3, 4
        ON CONFLICT DO NOTHING;
        PERFORM 1 FROM funnel_person fp
         WHERE fp.district_id = p_district AND fp.school_key = ANY(p_keys) AND fp.staff_member_id = ANY(p_people)
           AND (fp.school_key, fp.staff_member_id, fp.year) IN (
                 SELECT t.k, t.p, funnel_year_of(t.d) FROM unnest(p_keys, p_days, p_people) AS t(k, d, p))
         ORDER BY fp.school_key, fp.staff_member_id, fp.year FOR UPDATE;
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
          SELECT m.k, m.p, funnel_year_of(m.d) AS y, bit_or(funnel_day_bit(m.d)) AS touched,
                 coalesce(bit_or(funnel_day_bit(m.d)) FILTER (WHERE m.invited_due), ${NONE}) AS invited_due,
                 coalesce(bit_or(funnel_day_bit(m.d)) FILTER (WHERE m.invited_open), ${NONE}) AS invited_open,
                 coalesce(bit_or(funnel_day_bit(m.d)) FILTER (WHERE m.attended), ${NONE}) AS attended,
                 coalesce(bit_or(funnel_day_bit(m.d)) FILTER (WHERE m.rated), ${NONE}) AS rated,
                 coalesce(bit_or(funnel_day_bit(m.d)) FILTER (WHERE m.self_rated), ${NONE}) AS self_rated
            FROM m GROUP BY m.k, m.p, funnel_year_of(m.d)
        )
        UPDATE funnel_person fp
           SET invited_due = (fp.invited_due & ~a.touched) | a.invited_due,
               invited_open = (fp.invited_open & ~a.touched) | a.invited_open,
               attended = (fp.attended & ~a.touched) | a.attended,
               rated = (fp.rated & ~a.touched) | a.rated,
               self_rated = (fp.self_rated & ~a.touched) | a.self_rated
          FROM agg a
         WHERE fp.district_id = p_district AND fp.school_key = ANY(p_keys) AND fp.staff_member_id = ANY(p_people)
           AND fp.school_key = a.k AND fp.staff_member_id = a.p AND fp.year = a.y;
        DELETE FROM funnel_person fp
         USING (SELECT DISTINCT t.k, t.p, funnel_year_of(t.d) AS y FROM unnest(p_keys, p_days, p_people) AS t(k, d, p)) t
         WHERE fp.district_id = p_district AND fp.school_key = ANY(p_keys) AND fp.staff_member_id = ANY(p_people)
           AND fp.school_key = t.k AND fp.staff_member_id = t.p AND fp.year = t.y
           AND (fp.invited_due | fp.invited_open | fp.attended | fp.rated | fp.self_rated) = ${NONE};
      END $$`);

    await this.patchRefreshSessions(q, TRIPLES_RANGES, TRIPLES_BITS);

    // Every district's people, from the facts, under its own row-level security.
    await forEachDistrict(q, (id) => q.query(`SELECT funnel_rebuild_people($1, NULL)`, [id]));
  }

  /** Swaps the people lookup inside funnel_refresh_sessions as it is defined now (refuses when it is not there). */
  private async patchRefreshSessions(q: QueryRunner, from: string, to: string): Promise<void> {
    const [{ def }] = await q.query(
      `SELECT pg_get_functiondef('funnel_refresh_sessions(uuid, uuid[], boolean)'::regprocedure) AS def`,
    );
    // Matched whatever the indentation (the body keeps its comments: only the matched part is rewritten).
    const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const needle = new RegExp(from.trim().split(/\s+/).map(escape).join('\\s+'));
    if (!needle.test(def as string))
      throw new Error('funnel_refresh_sessions is not the definition this migration expects (people lookup not found)');
    await q.query((def as string).replace(needle, () => to.trim()));
  }

  async down(q: QueryRunner): Promise<void> {
    // Derived data: back to the multiranges by undoing and redoing the rollups' migration (a full rebuild).
    const previous = new FunnelRollups1765030000000();
    await previous.down(q);
    for (const f of ['funnel_days_mask(integer, daterange)', 'funnel_day_bit(date)', 'funnel_year_of(date)'])
      await q.query(`DROP FUNCTION IF EXISTS ${f}`);
    await previous.up(q);
  }
}
