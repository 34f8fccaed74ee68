import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from './rls';

/**
 * Hourly query budgets (modules/rate-limit), shared by every API instance: one row per charged request, keyed by a
 * hash of who pays (a person, an operator, or a client address), so no address or id is stored in clear; a caller's
 * budget is what its rows of the last hour add up to. Rows rather than one counter per caller: a caller's concurrent
 * requests insert rows of their own instead of waiting on each other's row lock, in their own transactions. Not a
 * tenant table: no district_id, no row-level security (like sign_in_throttle); the API role reads, adds and forgets
 * rows of every caller.
 */
export class RateLimit1764200000000 implements MigrationInterface {
  name = 'RateLimit1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limit_charge (
        key text NOT NULL CHECK (key ~ '^[0-9a-f]{64}$'),
        charged_at timestamptz NOT NULL DEFAULT now(),
        points integer NOT NULL CHECK (points > 0)
      )`);
    // The last hour of one caller, summed from the index alone.
    await q.query(`CREATE INDEX rate_limit_charge_key_idx ON rate_limit_charge (key, charged_at) INCLUDE (points)`);
    await q.query(`CREATE INDEX rate_limit_charge_age_idx ON rate_limit_charge (charged_at)`);
    await q.query(`GRANT SELECT, INSERT, DELETE ON rate_limit_charge TO ${APP_GROUP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rate_limit_charge`);
  }
}
