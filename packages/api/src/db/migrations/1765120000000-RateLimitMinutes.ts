import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './rls';

/**
 * Hourly query budgets kept per minute (modules/rate-limit/budget-store.ts): one row per caller, minute and database
 * session instead of one per charged request, so reading a caller's hour sums at most about 61 rows per connection
 * it used, however many requests it made (a busy caller's 11,000 rows took 5 ms to sum in every request's opening
 * message; a caller's buckets stay a few hundred). A charge adds its points to its row (INSERT … ON CONFLICT DO
 * UPDATE); the row is the session's own (`backend` = pg_backend_pid()), and a session runs one transaction at a
 * time, so a caller's concurrent requests still never wait on each other's row lock. `charged_at` is the minute the
 * row counts; fillfactor leaves room on each page for the updates to stay heap-only.
 */
export class RateLimitMinutes1765120000000 implements MigrationInterface {
  name = 'RateLimitMinutes1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_minute (
        key text NOT NULL CONSTRAINT rate_limit_charge_key_check CHECK (key ~ '^[0-9a-f]{64}$'),
        charged_at timestamptz NOT NULL DEFAULT date_trunc('minute', now()),
        backend integer NOT NULL DEFAULT pg_backend_pid(),
        points integer NOT NULL CONSTRAINT rate_limit_charge_points_check CHECK (points > 0),
        PRIMARY KEY (key, charged_at, backend)
      ) WITH (fillfactor = 50)`);
    await q.query(`
      INSERT INTO rate_limit_minute (key, charged_at, backend, points)
      SELECT key, date_trunc('minute', charged_at), 0, sum(points) FROM rate_limit_charge GROUP BY 1, 2`);
    await q.query(`DROP TABLE rate_limit_charge`);
    await q.query(`ALTER TABLE rate_limit_minute RENAME TO rate_limit_charge`);
    await q.query(`ALTER TABLE rate_limit_charge RENAME CONSTRAINT rate_limit_minute_pkey TO rate_limit_charge_pkey`);
    await q.query(`CREATE INDEX rate_limit_charge_age_idx ON rate_limit_charge (charged_at)`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_charge TO ${APP_GROUP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_row (
        key text NOT NULL CONSTRAINT rate_limit_charge_key_check CHECK (key ~ '^[0-9a-f]{64}$'),
        charged_at timestamptz NOT NULL DEFAULT now(),
        points integer NOT NULL CONSTRAINT rate_limit_charge_points_check CHECK (points > 0)
      )`);
    await q.query(`
      INSERT INTO rate_limit_row (key, charged_at, points)
      SELECT key, charged_at, sum(points) FROM rate_limit_charge GROUP BY 1, 2`);
    await q.query(`DROP TABLE rate_limit_charge`);
    await q.query(`ALTER TABLE rate_limit_row RENAME TO rate_limit_charge`);
    await q.query(`CREATE INDEX rate_limit_charge_key_idx ON rate_limit_charge (key, charged_at) INCLUDE (points)`);
    await q.query(`CREATE INDEX rate_limit_charge_age_idx ON rate_limit_charge (charged_at)`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON rate_limit_charge TO ${APP_GROUP_ROLE}`);
  }
}
