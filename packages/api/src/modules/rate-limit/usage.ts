import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import type { JobHandler } from '../../jobs/queue';
import type { RequestContext } from '../../graphql/context';

/**
 * An API client's daily use (table api_client_usage, migration 1765000000000): per district, client and UTC day, the
 * GraphQL requests it made, the points its budget was charged, the requests its budget refused (429 RATE_LIMITED)
 * and the requests answered with an error. The rate-limit plugin is the one writer: what it prices and charges for a
 * request is what is counted here, so the portal's figures and the budget never disagree.
 *
 * - Written once per request, as its transaction ends (`tx.atEnd`): just before COMMIT, or after a rollback in the
 *   replay transaction, under the client's district (RLS). A refused or failed request is counted too.
 * - One upsert on the (district, client, day) row: concurrent requests of one client wait on that row only for the
 *   moment their transactions take to commit, and CALLER_CONCURRENCY bounds how many do.
 * - Every GraphQL request of a client is counted, unparsable and over-the-ceiling ones included (errors), except
 *   those turned away before they are read: a token that is invalid, expired or revoked (no client to count
 *   against), and the "too many at once" 429 of the concurrency bound, which answers before any database work and
 *   would lose that purpose if it wrote a row. Token requests (POST /oauth/token) are the sign-in throttle's.
 * - Kept USAGE_DAYS_KEPT days: the daily `rate-limit.usage-retention` task deletes older rows.
 */

export const USAGE_RETENTION_TASK = 'rate-limit.usage-retention';

/** Days of use kept, and so the most `ApiClient.usage(days:)` reaches back (today is the first of them). */
export const USAGE_DAYS_KEPT = 90;
/** Days `ApiClient.usage` answers by default: what the portal's API client page shows. */
export const USAGE_DAYS_SHOWN = 14;

/** What one request of an API client did, filled in by the plugin as the request goes. */
export interface RequestUse {
  /** Points charged to the budget (0 when none were: refused, or stopped before it was priced). */
  points: number;
  /** The budget refused it (429 RATE_LIMITED). */
  rateLimited: boolean;
  /** It was answered with at least one error (a refusal by the budget is counted as rateLimited instead). */
  errored: boolean;
}

/** The UTC day of the transaction's start: the day a request arrived, whenever it commits. */
const UTC_TODAY = `(now() AT TIME ZONE 'UTC')::date`;

/**
 * Counts this request against its client's day when the request's transaction ends, whatever its fate. Call once,
 * as the request starts, for a client principal; fill in `use` as the request goes.
 */
export function countClientRequest(ctx: RequestContext, districtId: string, clientId: string): RequestUse {
  const use: RequestUse = { points: 0, rateLimited: false, errored: false };
  ctx.tx.atEnd(async (manager) => {
    await manager.query(
      `INSERT INTO api_client_usage AS u (district_id, client_id, day, requests, points, rate_limited, errors)
       VALUES ($1, $2, ${UTC_TODAY}, 1, $3, $4, $5)
       ON CONFLICT (district_id, client_id, day) DO UPDATE
          SET requests = u.requests + 1, points = u.points + EXCLUDED.points,
              rate_limited = u.rate_limited + EXCLUDED.rate_limited, errors = u.errors + EXCLUDED.errors`,
      [districtId, clientId, use.points, use.rateLimited ? 1 : 0, use.errored && !use.rateLimited ? 1 : 0],
    );
  });
  return use;
}

/** One UTC day of a client's use. */
export interface UsageDay {
  clientId: string;
  /** 'YYYY-MM-DD', UTC. */
  day: string;
  requests: number;
  points: number;
  rateLimited: number;
  errors: number;
}

/**
 * The last `days` UTC days of each client's use, today included, oldest first: one entry per day, zeros where the
 * client made no request. The caller has checked who may read it; wall 2 (RLS) holds the district as well.
 */
export async function usageByDay(
  manager: EntityManager,
  districtId: string,
  clientIds: readonly string[],
  days: number,
): Promise<UsageDay[][]> {
  const rows: {
    client_id: string;
    day: string;
    requests: number;
    points: number;
    rate_limited: number;
    errors: number;
  }[] = await manager.query(
    `WITH days AS (
         SELECT d::date AS day FROM generate_series(${UTC_TODAY} - ($3::int - 1), ${UTC_TODAY}, interval '1 day') AS d)
       SELECT c.id AS client_id, to_char(days.day, 'YYYY-MM-DD') AS day,
              coalesce(u.requests, 0) AS requests,
              least(coalesce(u.points, 0), 2147483647)::int AS points,
              coalesce(u.rate_limited, 0) AS rate_limited, coalesce(u.errors, 0) AS errors
         FROM unnest($2::uuid[]) AS c(id)
        CROSS JOIN days
         LEFT JOIN api_client_usage u ON u.district_id = $1 AND u.client_id = c.id AND u.day = days.day
        ORDER BY c.id, days.day`,
    [districtId, [...clientIds], days],
  );
  const byClient = new Map<string, UsageDay[]>(clientIds.map((id) => [id, []]));
  for (const r of rows) {
    byClient.get(r.client_id)?.push({
      clientId: r.client_id,
      day: r.day,
      requests: r.requests,
      points: r.points,
      rateLimited: r.rate_limited,
      errors: r.errors,
    });
  }
  return clientIds.map((id) => byClient.get(id) ?? []);
}

/** Deletes one district's days older than the retention (today is day 1 of it). Returns how many rows went. */
export async function forgetOldUsage(manager: EntityManager, districtId: string): Promise<number> {
  const result: unknown = await manager.query(
    `DELETE FROM api_client_usage WHERE district_id = $1 AND day <= ${UTC_TODAY} - $2::int`,
    [districtId, USAGE_DAYS_KEPT],
  );
  return Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0;
}

/**
 * The daily task: each district in a short transaction of its own, under its own RLS. The districts are listed with
 * the operator's claim (district rows only), as the privacy retention task does.
 */
export const forgetOldUsageTask: JobHandler = async (_payload, run) => {
  const { dataSource, logger } = run.deps;
  const districts: { id: string }[] = await withTenantTransaction(
    dataSource,
    { districtId: null, platformOperator: true },
    (m) => m.query(`SELECT id FROM district ORDER BY id`),
  );
  let deleted = 0;
  for (const { id } of districts) {
    if (run.abortSignal.aborted) return;
    deleted += await withTenantTransaction(dataSource, { districtId: id }, (m) => forgetOldUsage(m, id));
  }
  if (deleted > 0) logger.info('API client usage past retention deleted', { rows: deleted });
};
