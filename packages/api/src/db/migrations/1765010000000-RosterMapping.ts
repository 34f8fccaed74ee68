import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * OneRoster import, finished (modules/roster-import, docs/oneroster.md).
 *
 * - `roster_role_mapping`: the district's mapping of OneRoster roles to Throughline roles (one row a district, a JSON
 *   list of {oneRosterRole, orgType, role}); no row: the defaults.
 * - `roster_import_change`: the plan of an import, one row per change (a school, a person, a role assignment, each
 *   with its action, roster id, name, what changes and where in the files): the dry run's browsable list, then what
 *   applying did.
 * - `roster_import.include_unrostered`: the admin's choice that a bulk file also deactivates people (and closes
 *   schools) that did not come from a roster and are not in it.
 * Tenant tables: district_id in every key, RLS enabled and forced.
 */
export class RosterMapping1765010000000 implements MigrationInterface {
  name = 'RosterMapping1765010000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_role_mapping (
        district_id uuid NOT NULL REFERENCES district(id),
        rules jsonb NOT NULL CONSTRAINT roster_role_mapping_rules_array CHECK (jsonb_typeof(rules) = 'array'),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id)
      )`);
    await protectTenantTable(q, 'roster_role_mapping');

    await q.query(`
      CREATE TABLE roster_import_change (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        import_id uuid NOT NULL,
        seq integer NOT NULL,
        entity text NOT NULL CONSTRAINT roster_import_change_entity_known
          CHECK (entity IN ('SCHOOL', 'STAFF', 'ROLE_ASSIGNMENT')),
        action text NOT NULL CONSTRAINT roster_import_change_action_known
          CHECK (action IN ('CREATE', 'UPDATE', 'CLOSE', 'DEACTIVATE', 'HOLD', 'ADD', 'END')),
        sourced_id text CONSTRAINT roster_import_change_sourced_id_length CHECK (length(sourced_id) <= 40),
        name text NOT NULL CONSTRAINT roster_import_change_name_length CHECK (length(name) <= 500),
        detail text CONSTRAINT roster_import_change_detail_length CHECK (length(detail) <= 500),
        file text CONSTRAINT roster_import_change_file_length CHECK (length(file) <= 255),
        line integer,
        PRIMARY KEY (id),
        CONSTRAINT roster_import_change_district_id_key UNIQUE (district_id, id),
        CONSTRAINT roster_import_change_seq_key UNIQUE (district_id, import_id, seq),
        CONSTRAINT roster_import_change_import_fkey
          FOREIGN KEY (district_id, import_id) REFERENCES roster_import (district_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX roster_import_change_kind_idx ON roster_import_change (district_id, import_id, entity, action, seq)`,
    );
    await protectTenantTable(q, 'roster_import_change');

    await q.query(`ALTER TABLE roster_import ADD COLUMN include_unrostered boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE roster_import DROP COLUMN IF EXISTS include_unrostered`);
    await q.query(`DROP TABLE IF EXISTS roster_import_change`);
    await q.query(`DROP TABLE IF EXISTS roster_role_mapping`);
  }
}
