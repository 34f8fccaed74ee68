import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * OneRoster CSV import (modules/roster-import, docs/oneroster.md).
 *
 * - `school.roster_id`: the OneRoster `sourcedId` of the org a school came from (as `staff_member.roster_id` is the
 *   user's), unique in the district; an import matches schools by it, then by code.
 * - `roster_import`: one uploaded zip of a district (its bytes, at most 50 MB, kept until applied or discarded), its
 *   status (UPLOADED → VALIDATING → PREVIEW_READY → APPLYING → APPLIED; FAILED; DISCARDED), who uploaded and who
 *   applied it, the dry run's counts and, once applied, the counts of what it changed.
 * - `roster_import_problem`: every problem the validation found, with its file, line and column.
 * Tenant tables: district_id in every key, RLS enabled and forced.
 */
export class RosterImport1764920000000 implements MigrationInterface {
  name = 'RosterImport1764920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE school ADD COLUMN IF NOT EXISTS roster_id text`);
    await q.query(
      `ALTER TABLE school ADD CONSTRAINT school_roster_id_length CHECK (length(roster_id) BETWEEN 1 AND 40)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS school_roster_id_key ON school (district_id, roster_id) WHERE roster_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE roster_import (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        status text NOT NULL DEFAULT 'UPLOADED' CONSTRAINT roster_import_status_known
          CHECK (status IN ('UPLOADED', 'VALIDATING', 'PREVIEW_READY', 'APPLYING', 'APPLIED', 'FAILED', 'DISCARDED')),
        file_name text CONSTRAINT roster_import_file_name_length CHECK (length(file_name) <= 255),
        byte_size integer NOT NULL CONSTRAINT roster_import_byte_size_range CHECK (byte_size BETWEEN 0 AND 52428800),
        sha256 text NOT NULL CONSTRAINT roster_import_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea,
        grant_district_admin boolean NOT NULL DEFAULT false,
        uploaded_by_kind text NOT NULL CONSTRAINT roster_import_uploader_kind CHECK (uploaded_by_kind IN ('STAFF', 'CLIENT')),
        uploaded_by_id uuid NOT NULL,
        applied_by_kind text CONSTRAINT roster_import_applier_kind CHECK (applied_by_kind IN ('STAFF', 'CLIENT')),
        applied_by_id uuid,
        counts jsonb CONSTRAINT roster_import_counts_object CHECK (jsonb_typeof(counts) = 'object'),
        applied_counts jsonb CONSTRAINT roster_import_applied_counts_object CHECK (jsonb_typeof(applied_counts) = 'object'),
        error_count integer NOT NULL DEFAULT 0,
        warning_count integer NOT NULL DEFAULT 0,
        failure text CONSTRAINT roster_import_failure_length CHECK (length(failure) <= 500),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        validated_at timestamptz,
        applied_at timestamptz,
        PRIMARY KEY (id),
        CONSTRAINT roster_import_district_id_key UNIQUE (district_id, id)
      )`);
    await q.query(`CREATE INDEX roster_import_created_idx ON roster_import (district_id, created_at, id)`);
    await protectTenantTable(q, 'roster_import');

    await q.query(`
      CREATE TABLE roster_import_problem (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        import_id uuid NOT NULL,
        seq integer NOT NULL,
        severity text NOT NULL CONSTRAINT roster_import_problem_severity_known CHECK (severity IN ('ERROR', 'WARNING')),
        file text CONSTRAINT roster_import_problem_file_length CHECK (length(file) <= 255),
        line integer,
        field text CONSTRAINT roster_import_problem_field_length CHECK (length(field) <= 100),
        message text NOT NULL CONSTRAINT roster_import_problem_message_length CHECK (length(message) <= 500),
        PRIMARY KEY (id),
        CONSTRAINT roster_import_problem_district_id_key UNIQUE (district_id, id),
        CONSTRAINT roster_import_problem_seq_key UNIQUE (district_id, import_id, seq),
        CONSTRAINT roster_import_problem_import_fkey
          FOREIGN KEY (district_id, import_id) REFERENCES roster_import (district_id, id) ON DELETE CASCADE
      )`);
    await protectTenantTable(q, 'roster_import_problem');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS roster_import_problem`);
    await q.query(`DROP TABLE IF EXISTS roster_import`);
    await q.query(`DROP INDEX IF EXISTS school_roster_id_key`);
    await q.query(`ALTER TABLE school DROP CONSTRAINT IF EXISTS school_roster_id_length`);
    await q.query(`ALTER TABLE school DROP COLUMN IF EXISTS roster_id`);
  }
}
