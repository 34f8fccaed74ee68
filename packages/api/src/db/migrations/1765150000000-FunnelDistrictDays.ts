import type { MigrationInterface, QueryRunner } from 'typeorm';
import { forEachDistrict, protectTenantTable } from './rls';

/**
 * A rollup of the whole district per day, over the school day rows (issue 14): `funnel_district_day` sums
 * `funnel_day` and `funnel_district_action_day` sums `funnel_action_day`, per district and day, so that a district's
 * funnel over a school year reads one row per day rather than one per school and day (20,000 session days and 42,000
 * action days on the benchmark district): its six headline numbers' statement went from 61 to 33 ms (median of 12).
 *
 * Kept in step by statement triggers on the school rows, in the same transaction as whatever writes them (the
 * session and action triggers, a rebuild, a disposal): each statement's rows, old and new, are summed per district
 * and day and added to the district's rows (an upsert, in key order). Adding is exact for the counts; a sum of
 * ratings is reset to zero with its count, as the school rows do, so that rounding cannot leave a remainder. Nothing
 * is read back: two writers of different schools on the same day wait for each other's commit on that day's row,
 * and neither overwrites the other's sum.
 *
 * `npm run rollup:verify` compares these rows with the sums of the school rows after a rebuild
 * (modules/analytics/rollup.ts).
 */

/** Each table summed, its district table, and its counters ([name, is a sum of ratings reset with this count]). */
const ROLLUPS: { from: string; to: string; columns: [string, string | null][] }[] = [
  {
    from: 'funnel_day',
    to: 'funnel_district_day',
    columns: [
      ['held', null],
      ['scheduled', null],
      ['late_cancelled', null],
      ['cancelled_in_time', null],
      ['expected', null],
      ['attended', null],
      ['grounded', null],
      ['acted', null],
      ['published', null],
      ['overall_sum', 'published'],
      ['self_rated', null],
      ['self_sum', 'self_rated'],
    ],
  },
  {
    from: 'funnel_action_day',
    to: 'funnel_district_action_day',
    columns: [
      ['came_due', null],
      ['on_time', null],
      ['done', null],
      ['changed', null],
      ['corroborated', null],
      ['sustained', null],
    ],
  },
];

/** The upsert adding the rows of `delta` (sign, district_id, day, counters...) to the district table. */
function addDelta(r: (typeof ROLLUPS)[number], delta: string): string {
  const names = r.columns.map(([c]) => c);
  const set = r.columns.map(([c, count]) =>
    count
      ? `${c} = CASE WHEN d.${count} + excluded.${count} = 0 THEN 0 ELSE d.${c} + excluded.${c} END`
      : `${c} = d.${c} + excluded.${c}`,
  );
  return `
    INSERT INTO ${r.to} AS d (district_id, day, ${names.join(', ')})
    SELECT x.district_id, x.day, ${names.map((c) => `sum(x.sign * x.${c})`).join(', ')}
      FROM (${delta}) x
     GROUP BY x.district_id, x.day
     ORDER BY x.district_id, x.day
    ON CONFLICT (district_id, day) DO UPDATE SET ${set.join(', ')}`;
}

/** The end of funnel_rebuild (1765030000000-FunnelRollups), without and with the district's days. */
const REBUILD_END = `PERFORM funnel_rebuild_people(p_district, NULL); END`;
const REBUILD_END_WITH_DAYS = `PERFORM funnel_rebuild_people(p_district, NULL); PERFORM funnel_rebuild_district_days(p_district); END`;

/** funnel_rebuild with `from` (matched whatever the spacing) replaced by `to`. */
async function patchRebuild(q: QueryRunner, from: string, to: string): Promise<void> {
  const [{ def }] = await q.query(`SELECT pg_get_functiondef('funnel_rebuild(uuid)'::regprocedure) AS def`);
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const needle = new RegExp(from.split(/\s+/).map(escape).join('\\s+'));
  if (!needle.test(def as string)) throw new Error('funnel_rebuild is not the definition this migration expects');
  await q.query((def as string).replace(needle, () => to));
}

export class FunnelDistrictDays1765150000000 implements MigrationInterface {
  name = 'FunnelDistrictDays1765150000000';

  async up(q: QueryRunner): Promise<void> {
    for (const r of ROLLUPS) {
      const columns = r.columns.map(([c, count]) => `${c} ${count ? 'float8' : 'integer'} NOT NULL DEFAULT 0`);
      await q.query(`
        CREATE TABLE ${r.to} (
          district_id uuid NOT NULL REFERENCES district(id),
          day date NOT NULL,
          ${columns.join(',\n          ')},
          PRIMARY KEY (district_id, day)
        )`);
      await protectTenantTable(q, r.to);
      const cols = r.columns.map(([c]) => c).join(', ');
      await q.query(`
        CREATE FUNCTION ${r.to}_add() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            ${addDelta(r, `SELECT 1 AS sign, district_id, day, ${cols} FROM new_rows`)};
          ELSIF TG_OP = 'UPDATE' THEN
            ${addDelta(
              r,
              `SELECT 1 AS sign, district_id, day, ${cols} FROM new_rows
               UNION ALL SELECT -1, district_id, day, ${cols} FROM old_rows`,
            )};
          ELSE
            ${addDelta(r, `SELECT -1 AS sign, district_id, day, ${cols} FROM old_rows`)};
          END IF;
          RETURN NULL;
        END $$`);
      // One trigger per event: a trigger with transition tables fires on one event only.
      await q.query(`CREATE TRIGGER ${r.from}_district_insert AFTER INSERT ON ${r.from}
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${r.to}_add()`);
      await q.query(`CREATE TRIGGER ${r.from}_district_update AFTER UPDATE ON ${r.from}
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${r.to}_add()`);
      await q.query(`CREATE TRIGGER ${r.from}_district_delete AFTER DELETE ON ${r.from}
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${r.to}_add()`);
    }

    // A district's rows recomputed from its school rows: by a rebuild (after the triggers have followed its deletes
    // and inserts, so that a district row changed behind them is mended too), and here for every district.
    await q.query(`
      CREATE FUNCTION funnel_rebuild_district_days(p_district uuid) RETURNS void
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        ${ROLLUPS.map((r) => {
          const cols = r.columns.map(([c]) => c).join(', ');
          return `DELETE FROM ${r.to} WHERE district_id = p_district;
        INSERT INTO ${r.to} (district_id, day, ${cols})
        SELECT district_id, day, ${r.columns.map(([c]) => `sum(${c})`).join(', ')}
          FROM ${r.from} WHERE district_id = p_district GROUP BY district_id, day ORDER BY day;`;
        }).join('\n        ')}
      END $$`);
    await patchRebuild(q, REBUILD_END, REBUILD_END_WITH_DAYS);

    // Every district's rows, under its own row-level security.
    await forEachDistrict(q, (id) => q.query(`SELECT funnel_rebuild_district_days($1)`, [id]));
  }

  async down(q: QueryRunner): Promise<void> {
    await patchRebuild(q, REBUILD_END_WITH_DAYS, REBUILD_END);
    await q.query(`DROP FUNCTION IF EXISTS funnel_rebuild_district_days(uuid)`);
    for (const r of ROLLUPS) {
      for (const event of ['insert', 'update', 'delete'])
        await q.query(`DROP TRIGGER IF EXISTS ${r.from}_district_${event} ON ${r.from}`);
      await q.query(`DROP FUNCTION IF EXISTS ${r.to}_add()`);
      await q.query(`DROP TABLE IF EXISTS ${r.to}`);
    }
  }
}
