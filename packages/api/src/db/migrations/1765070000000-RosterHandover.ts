import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * OneRoster import: leavers' work flagged, and progress (modules/roster-import, docs/oneroster.md).
 *
 * - `roster_import_change` gains the kinds CONVERSATION, ACTION and STRATEGY with the action HANDOVER (a leaver's
 *   active conversation, open action or open strategy that needs a new owner) and `target_id`, the record flagged.
 * - `roster_import_progress`: how far applying has got (`applied` of `total` changes), written in its own short
 *   transactions while the applying transaction holds the import row, so the portal can show "N of M".
 * Tenant tables: district_id in every key, RLS enabled and forced.
 */
export class RosterHandover1765070000000 implements MigrationInterface {
  name = 'RosterHandover1765070000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE roster_import_change DROP CONSTRAINT roster_import_change_entity_known`);
    await q.query(`ALTER TABLE roster_import_change DROP CONSTRAINT roster_import_change_action_known`);
    await q.query(`
      ALTER TABLE roster_import_change
        ADD CONSTRAINT roster_import_change_entity_known
          CHECK (entity IN ('SCHOOL', 'STAFF', 'ROLE_ASSIGNMENT', 'CONVERSATION', 'ACTION', 'STRATEGY')),
        ADD CONSTRAINT roster_import_change_action_known
          CHECK (action IN ('CREATE', 'UPDATE', 'CLOSE', 'DEACTIVATE', 'HOLD', 'ADD', 'END', 'HANDOVER')),
        ADD COLUMN target_id uuid`);

    await q.query(`
      CREATE TABLE roster_import_progress (
        district_id uuid NOT NULL REFERENCES district(id),
        import_id uuid NOT NULL,
        applied integer NOT NULL CONSTRAINT roster_import_progress_applied_range CHECK (applied >= 0),
        total integer NOT NULL CONSTRAINT roster_import_progress_total_range CHECK (total >= applied),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, import_id),
        CONSTRAINT roster_import_progress_import_fkey
          FOREIGN KEY (district_id, import_id) REFERENCES roster_import (district_id, id) ON DELETE CASCADE
      )`);
    await protectTenantTable(q, 'roster_import_progress');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS roster_import_progress`);
    await q.query(`DELETE FROM roster_import_change WHERE action = 'HANDOVER'`);
    await q.query(`ALTER TABLE roster_import_change DROP COLUMN IF EXISTS target_id`);
    await q.query(`ALTER TABLE roster_import_change DROP CONSTRAINT roster_import_change_entity_known`);
    await q.query(`ALTER TABLE roster_import_change DROP CONSTRAINT roster_import_change_action_known`);
    await q.query(`
      ALTER TABLE roster_import_change
        ADD CONSTRAINT roster_import_change_entity_known CHECK (entity IN ('SCHOOL', 'STAFF', 'ROLE_ASSIGNMENT')),
        ADD CONSTRAINT roster_import_change_action_known
          CHECK (action IN ('CREATE', 'UPDATE', 'CLOSE', 'DEACTIVATE', 'HOLD', 'ADD', 'END'))`);
  }
}
