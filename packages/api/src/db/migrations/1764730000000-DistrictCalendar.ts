import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * The district calendar: non-school days (holidays, breaks, in-service days), each an inclusive range of local days
 * in the district's time zone. Cadences skip them (modules/schedule/rules/non-school-day.ts). A day imported from
 * an iCalendar file keeps the event's UID (`import_uid`), unique in the district, so importing the same file again
 * updates the days instead of adding them twice. Same pattern as the rest: district_id on every row and in every
 * key, RLS enabled and forced.
 */
export class DistrictCalendar1764730000000 implements MigrationInterface {
  name = 'DistrictCalendar1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE non_school_day (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('HOLIDAY', 'BREAK', 'IN_SERVICE', 'OTHER')),
        source text NOT NULL DEFAULT 'MANUAL' CHECK (source IN ('MANUAL', 'ICALENDAR')),
        import_uid text CHECK (length(import_uid) BETWEEN 1 AND 1000),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT non_school_day_district_id_key UNIQUE (district_id, id),
        CONSTRAINT non_school_day_import_uid_key UNIQUE (district_id, import_uid),
        CONSTRAINT non_school_day_range_check CHECK (ends_on >= starts_on AND ends_on - starts_on < 366),
        CONSTRAINT non_school_day_imported_check CHECK ((source = 'ICALENDAR') = (import_uid IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX non_school_day_starts_idx ON non_school_day (district_id, starts_on)`);
    await protectTenantTable(q, 'non_school_day');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS non_school_day`);
  }
}
