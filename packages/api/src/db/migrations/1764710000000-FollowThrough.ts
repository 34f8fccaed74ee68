import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * Follow-through and practice change that cannot be gamed (docs/metrics.md, "Actions";
 * modules/action/rules/*.ts states each rule):
 * - `original_due_on`: the due date an action was created with, never changed (a trigger fills it on insert and
 *   refuses any change); every later change of `due_on`, and every correction of `completed_on`, is a row of
 *   `action_date_change` (old and new day, who, when);
 * - `completed_at`: when the action became DONE, the database's time, stamped by a trigger whoever writes it and
 *   cleared when it is reopened; `completed_on` (the day) may only be corrected within the district's
 *   `completion_correction_days` of it (the API checks);
 * - `completion_evidence`: what was done, required by the API to mark an action DONE (confidential, like notes);
 * - the verification of a practice change: corroborated by a second person (not the owner) with the kind of
 *   evidence and a note, then re-checked as sustained; the server's times. SELF_REPORTED is not stored: it is the
 *   non-blank `practice_change_evidence` of a DONE action, so existing evidence is self-reported as it stands.
 *
 * Backfill: `original_due_on` = `due_on`. Earlier due-date changes are only in the audit log ('actionItem.update'
 * naming `dueOn'), which keeps field names, never values, so the original day cannot be recovered from it: those
 * actions are measured against their current due date, as before. `completed_at` of DONE actions = their
 * `updated_at`, the closest record there is (at worst later than the completion, never earlier).
 */
export class FollowThrough1764710000000 implements MigrationInterface {
  name = 'FollowThrough1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE action_item
        ADD COLUMN original_due_on date,
        ADD COLUMN completed_at timestamptz,
        ADD COLUMN completion_evidence text CHECK (length(completion_evidence) <= 2000),
        ADD COLUMN corroborated_by uuid,
        ADD COLUMN corroborated_at timestamptz,
        ADD COLUMN corroboration_kind text
          CHECK (corroboration_kind IN ('WALKTHROUGH_NOTE', 'ARTIFACT', 'STUDENT_WORK', 'OTHER')),
        ADD COLUMN corroboration_note text CHECK (length(corroboration_note) BETWEEN 1 AND 2000),
        ADD COLUMN sustained_by uuid,
        ADD COLUMN sustained_at timestamptz,
        ADD COLUMN sustained_kind text CHECK (sustained_kind IN ('WALKTHROUGH_NOTE', 'ARTIFACT', 'STUDENT_WORK', 'OTHER')),
        ADD COLUMN sustained_note text CHECK (length(sustained_note) BETWEEN 1 AND 2000)`);
    await q.query(`
      UPDATE action_item
         SET original_due_on = due_on,
             completed_at = CASE WHEN status = 'DONE' THEN updated_at END`);
    await q.query(`ALTER TABLE action_item ALTER COLUMN original_due_on SET NOT NULL`);
    await q.query(`
      ALTER TABLE action_item
        ADD CONSTRAINT action_item_completed_at_check CHECK ((status = 'DONE') = (completed_at IS NOT NULL)),
        ADD CONSTRAINT action_item_completion_evidence_done_check CHECK (completion_evidence IS NULL OR status = 'DONE'),
        ADD CONSTRAINT action_item_corroborated_check CHECK (
          corroborated_at IS NULL OR (status = 'DONE' AND corroborated_by IS NOT NULL AND corroborated_by <> owner_id
            AND corroboration_kind IS NOT NULL AND corroboration_note IS NOT NULL)),
        ADD CONSTRAINT action_item_sustained_check CHECK (
          sustained_at IS NULL OR (corroborated_at IS NOT NULL AND sustained_at >= corroborated_at
            AND sustained_by IS NOT NULL AND sustained_by <> owner_id
            AND sustained_kind IS NOT NULL AND sustained_note IS NOT NULL)),
        ADD CONSTRAINT action_item_corroborated_by_fkey FOREIGN KEY (district_id, corroborated_by)
          REFERENCES staff_member (district_id, id),
        ADD CONSTRAINT action_item_sustained_by_fkey FOREIGN KEY (district_id, sustained_by)
          REFERENCES staff_member (district_id, id)`);
    await q.query(
      `CREATE INDEX action_item_original_due_idx ON action_item (district_id, original_due_on, status, completed_on)`,
    );

    // The server's facts, whoever writes the row: the original due date is the first one and never changes; the
    // completion time is the database's when the action becomes DONE, and goes when it is reopened.
    await q.query(`
      CREATE FUNCTION action_item_stamp_facts() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          NEW.original_due_on := coalesce(NEW.original_due_on, NEW.due_on);
        ELSIF NEW.original_due_on IS DISTINCT FROM OLD.original_due_on THEN
          RAISE EXCEPTION 'action_item.original_due_on never changes' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.status <> 'DONE' THEN
          NEW.completed_at := NULL;
        ELSIF NEW.completed_at IS NULL THEN
          NEW.completed_at := now();
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER action_item_facts BEFORE INSERT OR UPDATE ON action_item
        FOR EACH ROW EXECUTE FUNCTION action_item_stamp_facts()`);

    await q.query(`
      CREATE TABLE action_date_change (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        district_id uuid NOT NULL REFERENCES district(id),
        action_id uuid NOT NULL,
        field text NOT NULL CHECK (field IN ('DUE_ON', 'COMPLETED_ON')),
        old_value date NOT NULL,
        new_value date NOT NULL,
        changed_by uuid,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id),
        CONSTRAINT action_date_change_district_id_key UNIQUE (district_id, id),
        FOREIGN KEY (district_id, action_id) REFERENCES action_item (district_id, id),
        FOREIGN KEY (district_id, changed_by) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX action_date_change_action_idx ON action_date_change (district_id, action_id, changed_at)`,
    );
    // Append-only, like the audit log.
    await protectTenantTable(q, 'action_date_change', 'SELECT, INSERT');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS action_date_change`);
    await q.query(`DROP TRIGGER IF EXISTS action_item_facts ON action_item`);
    await q.query(`DROP FUNCTION IF EXISTS action_item_stamp_facts()`);
    await q.query(`DROP INDEX IF EXISTS action_item_original_due_idx`);
    await q.query(`
      ALTER TABLE action_item
        DROP CONSTRAINT IF EXISTS action_item_sustained_by_fkey,
        DROP CONSTRAINT IF EXISTS action_item_corroborated_by_fkey,
        DROP CONSTRAINT IF EXISTS action_item_sustained_check,
        DROP CONSTRAINT IF EXISTS action_item_corroborated_check,
        DROP CONSTRAINT IF EXISTS action_item_completion_evidence_done_check,
        DROP CONSTRAINT IF EXISTS action_item_completed_at_check,
        DROP COLUMN IF EXISTS sustained_note,
        DROP COLUMN IF EXISTS sustained_kind,
        DROP COLUMN IF EXISTS sustained_at,
        DROP COLUMN IF EXISTS sustained_by,
        DROP COLUMN IF EXISTS corroboration_note,
        DROP COLUMN IF EXISTS corroboration_kind,
        DROP COLUMN IF EXISTS corroborated_at,
        DROP COLUMN IF EXISTS corroborated_by,
        DROP COLUMN IF EXISTS completion_evidence,
        DROP COLUMN IF EXISTS completed_at,
        DROP COLUMN IF EXISTS original_due_on`);
  }
}
