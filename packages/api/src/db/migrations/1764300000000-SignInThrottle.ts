import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './rls';

/**
 * The sign-in throttle counts per address+email pair, per email and per address (modules/auth/sign-in-throttle.ts
 * holds the limits). Two functions do the counting, each in one statement the API calls in a short transaction of
 * its own, so that concurrent attempts see each other's counts at once:
 * - sign_in_throttle_charge(keys, limits, window): starts a window that ended, then either refuses (a key is at its
 *   limit: how many seconds until every such key's window ends) or counts the attempt on every key. Rows are
 *   locked in key order, so two attempts never wait on each other in a circle.
 * - sign_in_throttle_refund(decrement, clear, charged_at): a right password gives back its charge (the keys in
 *   `decrement` lose one, if their window began before the charge) and clears the keys in `clear`; a key left with
 *   no failure is deleted, so the table holds only failures (and windows that ended are swept now and then).
 * Keys are keyed hashes (HMAC-SHA-256 with the secret created here): the table never holds an email or an address.
 */
export class SignInThrottle1764300000000 implements MigrationInterface {
  name = 'SignInThrottle1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // The old rows were keyed by an unkeyed hash of the email alone, and mean nothing to the new keys.
    await q.query(`DELETE FROM sign_in_throttle`);
    await q.query(`ALTER TABLE sign_in_throttle ADD CONSTRAINT sign_in_throttle_failures_check CHECK (failures >= 0)`);
    await q.query(`CREATE INDEX sign_in_throttle_window_idx ON sign_in_throttle (window_started_at)`);

    await q.query(`
      CREATE TABLE sign_in_throttle_secret (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        secret bytea NOT NULL CHECK (length(secret) >= 32)
      )`);
    // gen_random_uuid() draws from the server's strong random source: 244 random bits, hashed to 32 bytes.
    await q.query(`
      INSERT INTO sign_in_throttle_secret (secret)
      VALUES (sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')))`);
    await q.query(`GRANT SELECT ON sign_in_throttle_secret TO ${APP_GROUP_ROLE}`);

    await q.query(`
      CREATE FUNCTION sign_in_throttle_charge(p_keys text[], p_limits integer[], p_window_seconds integer)
      RETURNS TABLE (allowed boolean, retry_after_seconds integer, charged_at timestamptz)
      LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
      DECLARE
        v_window constant interval := make_interval(secs => p_window_seconds);
        v_retry integer;
      BEGIN
        -- Every key's row exists and is locked, in key order; a window that ended starts again.
        INSERT INTO sign_in_throttle AS t (key, window_started_at, failures)
          SELECT k, now(), 0 FROM unnest(p_keys) AS k ORDER BY k
          ON CONFLICT (key) DO UPDATE SET
            window_started_at = CASE WHEN t.window_started_at <= now() - v_window THEN now() ELSE t.window_started_at END,
            failures = CASE WHEN t.window_started_at <= now() - v_window THEN 0 ELSE t.failures END;
        SELECT max(ceil(extract(epoch FROM t.window_started_at + v_window - now())))::integer INTO v_retry
          FROM sign_in_throttle t
          JOIN unnest(p_keys, p_limits) AS l(key, max_failures) ON l.key = t.key
         WHERE t.failures >= l.max_failures;
        IF v_retry IS NOT NULL THEN
          RETURN QUERY SELECT false, greatest(v_retry, 1), now();
          RETURN;
        END IF;
        UPDATE sign_in_throttle SET failures = failures + 1 WHERE key = ANY (p_keys);
        -- Now and then, forget windows that ended (never waiting for a row another attempt holds).
        IF random() < 0.02 THEN
          DELETE FROM sign_in_throttle WHERE key IN (
            SELECT key FROM sign_in_throttle WHERE window_started_at <= now() - v_window
             LIMIT 1000 FOR UPDATE SKIP LOCKED);
        END IF;
        RETURN QUERY SELECT true, 0, now();
      END $$`);
    await q.query(`
      CREATE FUNCTION sign_in_throttle_refund(p_decrement text[], p_clear text[], p_charged_at timestamptz)
      RETURNS void
      LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
      BEGIN
        PERFORM 1 FROM sign_in_throttle WHERE key = ANY (p_decrement || p_clear) ORDER BY key FOR UPDATE;
        UPDATE sign_in_throttle SET failures = greatest(failures - 1, 0)
         WHERE key = ANY (p_decrement) AND window_started_at <= p_charged_at;
        UPDATE sign_in_throttle SET failures = 0 WHERE key = ANY (p_clear);
        -- A key with nothing against it is forgotten: the table holds only failures.
        DELETE FROM sign_in_throttle WHERE key = ANY (p_decrement || p_clear) AND failures = 0;
      END $$`);
    for (const fn of [
      'sign_in_throttle_charge(text[], integer[], integer)',
      'sign_in_throttle_refund(text[], text[], timestamptz)',
    ]) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${APP_GROUP_ROLE}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS sign_in_throttle_refund(text[], text[], timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS sign_in_throttle_charge(text[], integer[], integer)`);
    await q.query(`DROP TABLE IF EXISTS sign_in_throttle_secret`);
    await q.query(`DROP INDEX IF EXISTS sign_in_throttle_window_idx`);
    await q.query(`ALTER TABLE sign_in_throttle DROP CONSTRAINT IF EXISTS sign_in_throttle_failures_check`);
    await q.query(`DELETE FROM sign_in_throttle`);
  }
}
