import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * Facts fixed when they happen (docs/metrics.md, "Expected participants" and "Reach"):
 * - `session_expected_participant`: who was expected at each session, recorded when the session is scheduled and
 *   recomputed later only for sessions still to come (modules/session/rules/expected.ts). Attendance rates, the held
 *   quorum, the funnel's reach and the person funnel read it, so a later change of participants, roles or active
 *   status never rewrites a past session.
 * - `conversation_mapping` and `role_assignment` become effective-dated (db/effective-dated.ts): `valid_from`,
 *   `valid_to` (NULL while current). Unmapping and removing a role close the row instead of deleting it; uniqueness
 *   holds among current rows only (the same index names, so the API's error mapping still applies).
 *
 * Backfill, the best record there is:
 * - expected participants of every existing session: the conversation's participants as they are now (named people
 *   and current holders of its participant roles, active, other than the facilitator) — the rule of expected.ts as
 *   of this migration, copied here so that later changes of the rule do not change what this migration did. Who was
 *   expected at past sessions was never stored; this is the same set every figure used until now.
 * - a mapping's `valid_from`: from the start of its conversation (its first session, or its creation if earlier) or
 *   the mapping's own creation, whichever is earliest. A conversation's first mapping to a strategy covers the
 *   conversation from its start (mapping.service.ts): the figures a strategy showed until now stay as they were.
 * - a role assignment's `valid_from`: its creation time.
 */
export class FactsFixed1764720000000 implements MigrationInterface {
  name = 'FactsFixed1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_expected_participant (
        district_id uuid NOT NULL REFERENCES district(id),
        session_id uuid NOT NULL,
        staff_member_id uuid NOT NULL,
        PRIMARY KEY (district_id, session_id, staff_member_id),
        FOREIGN KEY (district_id, session_id) REFERENCES conversation_session (district_id, id) ON DELETE CASCADE,
        FOREIGN KEY (district_id, staff_member_id) REFERENCES staff_member (district_id, id)
      )`);
    await q.query(
      `CREATE INDEX session_expected_participant_staff_idx ON session_expected_participant (district_id, staff_member_id)`,
    );
    await protectTenantTable(q, 'session_expected_participant');

    // The expected participants of every session, from its conversation as it is now (see above).
    await q.query(`
      INSERT INTO session_expected_participant (district_id, session_id, staff_member_id)
      SELECT DISTINCT s.district_id, s.id, x.staff_member_id
        FROM conversation_session s
        JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
        JOIN (SELECT cp.district_id, cp.conversation_id, cp.staff_member_id FROM conversation_participant cp
              UNION
              SELECT cpr.district_id, cpr.conversation_id, ra.staff_member_id
                FROM conversation_participant_role cpr
                JOIN learning_conversation rc ON rc.district_id = cpr.district_id AND rc.id = cpr.conversation_id
                JOIN role_assignment ra ON ra.district_id = cpr.district_id AND ra.role = cpr.role
                 AND (rc.school_id IS NULL OR ra.school_id IS NULL OR ra.school_id = rc.school_id)) x
          ON x.district_id = c.district_id AND x.conversation_id = c.id
        JOIN staff_member sm ON sm.district_id = x.district_id AND sm.id = x.staff_member_id AND sm.active
       WHERE x.staff_member_id <> c.facilitator_id`);

    await q.query(
      `ALTER TABLE conversation_mapping ADD COLUMN valid_from timestamptz, ADD COLUMN valid_to timestamptz`,
    );
    await q.query(`
      UPDATE conversation_mapping m
         SET valid_from = least(m.created_at, c.created_at,
               (SELECT min(s.scheduled_at) FROM conversation_session s
                 WHERE s.district_id = m.district_id AND s.conversation_id = m.conversation_id))
        FROM learning_conversation c
       WHERE c.district_id = m.district_id AND c.id = m.conversation_id`);
    await q.query(`
      ALTER TABLE conversation_mapping
        ALTER COLUMN valid_from SET DEFAULT now(),
        ALTER COLUMN valid_from SET NOT NULL,
        ADD CONSTRAINT conversation_mapping_valid_check CHECK (valid_to IS NULL OR valid_to >= valid_from),
        DROP CONSTRAINT conversation_mapping_pair_key`);
    await q.query(`
      CREATE UNIQUE INDEX conversation_mapping_pair_key ON conversation_mapping (district_id, strategy_id, conversation_id)
       WHERE valid_to IS NULL`);

    await q.query(`ALTER TABLE role_assignment ADD COLUMN valid_from timestamptz, ADD COLUMN valid_to timestamptz`);
    await q.query(`UPDATE role_assignment SET valid_from = created_at`);
    await q.query(`
      ALTER TABLE role_assignment
        ALTER COLUMN valid_from SET DEFAULT now(),
        ALTER COLUMN valid_from SET NOT NULL,
        ADD CONSTRAINT role_assignment_valid_check CHECK (valid_to IS NULL OR valid_to >= valid_from),
        DROP CONSTRAINT role_assignment_unique`);
    await q.query(`
      CREATE UNIQUE INDEX role_assignment_unique ON role_assignment (district_id, staff_member_id, role, school_id)
        NULLS NOT DISTINCT WHERE valid_to IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Closed rows are history the earlier schema cannot hold: they go.
    await q.query(`DELETE FROM role_assignment WHERE valid_to IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS role_assignment_unique`);
    await q.query(`
      ALTER TABLE role_assignment
        DROP CONSTRAINT IF EXISTS role_assignment_valid_check,
        DROP COLUMN IF EXISTS valid_to,
        DROP COLUMN IF EXISTS valid_from,
        ADD CONSTRAINT role_assignment_unique UNIQUE NULLS NOT DISTINCT (district_id, staff_member_id, role, school_id)`);
    await q.query(`DELETE FROM conversation_mapping WHERE valid_to IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS conversation_mapping_pair_key`);
    await q.query(`
      ALTER TABLE conversation_mapping
        DROP CONSTRAINT IF EXISTS conversation_mapping_valid_check,
        DROP COLUMN IF EXISTS valid_to,
        DROP COLUMN IF EXISTS valid_from,
        ADD CONSTRAINT conversation_mapping_pair_key UNIQUE (district_id, strategy_id, conversation_id)`);
    await q.query(`DROP TABLE IF EXISTS session_expected_participant`);
  }
}
