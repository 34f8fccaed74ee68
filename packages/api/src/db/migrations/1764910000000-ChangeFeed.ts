import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * What an integrator's mirror needs to stay in step (docs/integrators.md, "Syncing"):
 *
 * - `change_xid` on every record a mirror keeps: the id of the transaction that last wrote the row
 *   (`pg_current_xact_id()`, 64 bits, never wraps), set by a BEFORE trigger on insert and update. Lists ordered
 *   `UPDATED_AT` page on (change_xid, id) and serve only rows whose transaction id is below the oldest transaction
 *   still running (`pg_snapshot_xmin(pg_current_snapshot())`): every row version at or after a cursor is then
 *   final, and a later write always lands after the cursor. Neither `updated_at` (the transaction's start, so a row
 *   committed later can carry an earlier time) nor a plain sequence (taken in write order, not commit order) has that
 *   property on its own.
 * - `updated_at` on role assignments, which had none; the same trigger keeps `updated_at` of every one of these
 *   tables at the time of the last write, whoever writes.
 * - `change_log`: one entry per insert, update and delete of those records (an AFTER trigger, SECURITY DEFINER with a
 *   fixed search_path, so the API role may only read it): entity type, id, what happened (UPSERT, DELETE,
 *   DEACTIVATE, CANCEL), when, and the writing transaction's id. It is the tombstone of deleted rows and the
 *   notice of closed role assignments and mappings. Read by the `changes` feed in the same way as the lists.
 * Existing records get one UPSERT entry each, so a feed read from the start describes the whole district.
 */

/** Table → GraphQL type (the global id's type), for the records an integrator mirrors. */
const SYNCED: Record<string, string> = {
  school: 'School',
  staff_member: 'StaffMember',
  role_assignment: 'RoleAssignment',
  improvement_strategy: 'ImprovementStrategy',
  learning_conversation: 'LearningConversation',
  conversation_mapping: 'ConversationMapping',
  conversation_session: 'ConversationSession',
  action_item: 'ActionItem',
};

export class ChangeFeed1764910000000 implements MigrationInterface {
  name = 'ChangeFeed1764910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE role_assignment ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    for (const table of Object.keys(SYNCED)) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN change_xid bigint NOT NULL DEFAULT 0`);
      await q.query(`CREATE INDEX ${table}_change_idx ON ${table} (district_id, change_xid, id)`);
    }

    await q.query(`
      CREATE TABLE change_log (
        district_id uuid NOT NULL REFERENCES district(id),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        change_xid bigint NOT NULL,
        entity_type text NOT NULL CHECK (entity_type ~ '^[A-Za-z]{1,60}$'),
        entity_id uuid NOT NULL,
        op text NOT NULL CHECK (op IN ('UPSERT', 'DELETE', 'DEACTIVATE', 'CANCEL')),
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district_id, seq)
      )`);
    await q.query(`CREATE INDEX change_log_feed_idx ON change_log (district_id, change_xid, seq)`);
    await protectTenantTable(q, 'change_log', 'SELECT');

    await q.query(`
      CREATE FUNCTION sync_stamp() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
      BEGIN
        NEW.change_xid := pg_current_xact_id()::text::bigint;
        IF TG_OP = 'UPDATE' THEN
          NEW.updated_at := now();
        END IF;
        RETURN NEW;
      END
      $$`);

    // What happened, from the row before and after: a removal, a deactivation, a cancellation, or else an upsert.
    await q.query(`
      CREATE FUNCTION change_log_record() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
      DECLARE
        n jsonb;
        o jsonb;
        op text := 'UPSERT';
        row_district uuid;
        row_id uuid;
      BEGIN
        IF TG_OP = 'DELETE' THEN
          op := 'DELETE';
          row_district := OLD.district_id;
          row_id := OLD.id;
        ELSE
          row_district := NEW.district_id;
          row_id := NEW.id;
          IF TG_OP = 'UPDATE' THEN
            n := to_jsonb(NEW);
            o := to_jsonb(OLD);
            IF n ? 'valid_to' AND o->'valid_to' = 'null'::jsonb AND n->'valid_to' <> 'null'::jsonb THEN
              op := 'DELETE';
            ELSIF n ? 'active' AND (o->>'active')::boolean AND NOT (n->>'active')::boolean THEN
              op := 'DEACTIVATE';
            ELSIF TG_TABLE_NAME = 'school' AND o->>'status' <> 'CLOSED' AND n->>'status' = 'CLOSED' THEN
              op := 'DEACTIVATE';
            ELSIF TG_TABLE_NAME = 'improvement_strategy' AND o->>'status' <> 'ARCHIVED' AND n->>'status' = 'ARCHIVED' THEN
              op := 'DEACTIVATE';
            ELSIF TG_TABLE_NAME = 'conversation_session' AND o->>'status' <> 'CANCELLED' AND n->>'status' = 'CANCELLED' THEN
              op := 'CANCEL';
            ELSIF TG_TABLE_NAME = 'action_item' AND o->>'status' <> 'DROPPED' AND n->>'status' = 'DROPPED' THEN
              op := 'CANCEL';
            END IF;
          END IF;
        END IF;
        INSERT INTO public.change_log (district_id, change_xid, entity_type, entity_id, op)
          VALUES (row_district, pg_current_xact_id()::text::bigint, TG_ARGV[0], row_id, op);
        RETURN NULL;
      END
      $$`);
    await q.query(`REVOKE ALL ON FUNCTION change_log_record() FROM PUBLIC`);

    // Existing records: updated_at of ended role assignments, and one UPSERT each in the log, district by district
    // (RLS is forced, for the owner too).
    const backfill = Object.entries(SYNCED)
      .map(
        ([table, type]) => `
          INSERT INTO change_log (district_id, change_xid, entity_type, entity_id, op, at)
            SELECT district_id, pg_current_xact_id()::text::bigint, '${type}', id, 'UPSERT', updated_at
              FROM ${table} WHERE district_id = d.id ORDER BY updated_at, id;`,
      )
      .join('');
    await q.query(`
      DO $$
      DECLARE d record;
      BEGIN
        FOR d IN SELECT id FROM district LOOP
          PERFORM set_config('app.district_id', d.id::text, true);
          UPDATE role_assignment SET updated_at = coalesce(valid_to, created_at) WHERE district_id = d.id;
          ${backfill}
        END LOOP;
        PERFORM set_config('app.district_id', '', true);
      END
      $$`);

    for (const [table, type] of Object.entries(SYNCED)) {
      await q.query(`
        CREATE TRIGGER ${table}_sync_stamp BEFORE INSERT OR UPDATE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION sync_stamp()`);
      await q.query(`
        CREATE TRIGGER ${table}_change_log AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION change_log_record('${type}')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of Object.keys(SYNCED)) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_change_log ON ${table}`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_sync_stamp ON ${table}`);
      await q.query(`DROP INDEX IF EXISTS ${table}_change_idx`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS change_xid`);
    }
    await q.query(`DROP FUNCTION IF EXISTS change_log_record()`);
    await q.query(`DROP FUNCTION IF EXISTS sync_stamp()`);
    await q.query(`DROP TABLE IF EXISTS change_log`);
    await q.query(`ALTER TABLE role_assignment DROP COLUMN IF EXISTS updated_at`);
  }
}
