import type { MigrationInterface, QueryRunner } from 'typeorm';
import { protectTenantTable } from './rls';

/**
 * An API client's use, one row per district, client and UTC day: the GraphQL requests it made, the query points
 * charged to its budget, the requests its budget refused (429 RATE_LIMITED) and the requests answered with an error.
 * Written by the rate-limit plugin (modules/rate-limit/usage.ts) as each request ends, read by `ApiClient.usage` and
 * the portal's API client page. Only counts: no address, query, variable or text of any kind.
 *
 * Like every tenant table: district_id in the key, the client referenced through (district_id, id), RLS enabled
 * and forced. Rows older than USAGE_DAYS_KEPT (90) days (modules/rate-limit/usage.ts) are deleted by the daily
 * `rate-limit.usage-retention` task.
 */
export class ApiClientUsage1765000000000 implements MigrationInterface {
  name = 'ApiClientUsage1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_client_usage (
        district_id uuid NOT NULL REFERENCES district(id),
        client_id uuid NOT NULL,
        day date NOT NULL,
        requests integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
        points bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
        rate_limited integer NOT NULL DEFAULT 0 CHECK (rate_limited >= 0 AND rate_limited <= requests),
        errors integer NOT NULL DEFAULT 0 CHECK (errors >= 0 AND errors <= requests),
        PRIMARY KEY (district_id, client_id, day),
        CONSTRAINT api_client_usage_client_fkey FOREIGN KEY (district_id, client_id)
          REFERENCES api_client (district_id, id)
      )`);
    // The retention sweep finds old days across a district's clients.
    await q.query(`CREATE INDEX api_client_usage_day_idx ON api_client_usage (district_id, day)`);
    await protectTenantTable(q, 'api_client_usage', 'SELECT, INSERT, UPDATE, DELETE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS api_client_usage`);
  }
}
