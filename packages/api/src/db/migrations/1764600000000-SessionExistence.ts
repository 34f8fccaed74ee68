import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a session happened, as an evaluator would count it (modules/session/rules/*.ts states each rule):
 * - three district settings: the grace period to log a session after its scheduled end (`log_grace_hours`, 48),
 *   the notice a cancellation needs to take a session out of the counts (`cancel_notice_hours`, 24), and the share of
 *   expected participants that makes a session held without its facilitator (`held_quorum`, 0.5);
 * - when a session was cancelled (`cancelled_at`, the server's time), required of every cancelled session. Sessions
 *   cancelled before this migration get the time of their last change, the closest record there is; a trigger stamps
 *   the database's time on a session that becomes cancelled without one, whoever writes it (the API sets its own).
 */
export class SessionExistence1764600000000 implements MigrationInterface {
  name = 'SessionExistence1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE district_setting
        ADD COLUMN log_grace_hours smallint NOT NULL DEFAULT 48 CHECK (log_grace_hours BETWEEN 0 AND 336),
        ADD COLUMN cancel_notice_hours smallint NOT NULL DEFAULT 24 CHECK (cancel_notice_hours BETWEEN 0 AND 336),
        ADD COLUMN held_quorum numeric(4,3) NOT NULL DEFAULT 0.500 CHECK (held_quorum > 0 AND held_quorum <= 1)`);

    await q.query(`ALTER TABLE conversation_session ADD COLUMN cancelled_at timestamptz`);
    await q.query(`UPDATE conversation_session SET cancelled_at = updated_at WHERE status = 'CANCELLED'`);
    await q.query(`
      ALTER TABLE conversation_session ADD CONSTRAINT conversation_session_cancelled_at_check
        CHECK (status <> 'CANCELLED' OR cancelled_at IS NOT NULL)`);
    await q.query(`
      CREATE FUNCTION conversation_session_stamp_cancelled_at() RETURNS trigger
      LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
      BEGIN
        IF NEW.status = 'CANCELLED' AND NEW.cancelled_at IS NULL THEN
          NEW.cancelled_at := now();
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER conversation_session_cancelled_at BEFORE INSERT OR UPDATE ON conversation_session
        FOR EACH ROW EXECUTE FUNCTION conversation_session_stamp_cancelled_at()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS conversation_session_cancelled_at ON conversation_session`);
    await q.query(`DROP FUNCTION IF EXISTS conversation_session_stamp_cancelled_at()`);
    await q.query(`ALTER TABLE conversation_session DROP CONSTRAINT IF EXISTS conversation_session_cancelled_at_check`);
    await q.query(`ALTER TABLE conversation_session DROP COLUMN IF EXISTS cancelled_at`);
    await q.query(`
      ALTER TABLE district_setting
        DROP COLUMN IF EXISTS held_quorum,
        DROP COLUMN IF EXISTS cancel_notice_hours,
        DROP COLUMN IF EXISTS log_grace_hours`);
  }
}
