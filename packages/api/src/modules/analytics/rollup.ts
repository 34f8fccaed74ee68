import type { DataSource, EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import type { JobHandler } from '../../jobs/queue';

/**
 * Upkeep of the funnel's rollups (migration 1765030000000-FunnelRollups; docs/metrics.md, "How the funnel is
 * served"): the triggers keep them in step with every write; what only the clock changes is handled here.
 */

/** Refreshes the facts of sessions whose rating window has closed, every 10 minutes, so the live part stays small. */
export const CLOSE_RATINGS_TASK = 'funnel.close-ratings';
const CLOSE_BATCH = 5_000;

/** A rebuild or a check of a large district takes longer than a request may. */
const LONG = { statementTimeoutMs: 600_000, deadline: null };

export async function closeRatings(dataSource: DataSource, districtId: string): Promise<number> {
  return withTenantTransaction(dataSource, { districtId }, async (m) => {
    const [{ n }] = await m.query(`SELECT funnel_close_ratings($1, $2) AS n`, [districtId, CLOSE_BATCH]);
    return Number(n);
  });
}

export const closeRatingsTask: JobHandler = async (_payload, { deps, abortSignal }) => {
  const districts: { id: string }[] = await withTenantTransaction(
    deps.dataSource,
    { districtId: null, platformOperator: true },
    (m) => m.query(`SELECT id FROM district ORDER BY id`),
  );
  for (const d of districts) {
    if (abortSignal.aborted) return;
    await closeRatings(deps.dataSource, d.id);
  }
};

/** Every district's id and slug (as the platform operator), for the commands below. */
export async function rollupDistricts(dataSource: DataSource): Promise<{ id: string; slug: string }[]> {
  return withTenantTransaction(dataSource, { districtId: null, platformOperator: true }, (m) =>
    m.query(`SELECT id, slug FROM district ORDER BY slug`),
  );
}

/** Recomputes every rollup row of the district from the raw rows (writers of the district wait meanwhile). */
export async function rebuildRollups(dataSource: DataSource, districtId: string): Promise<void> {
  await withTenantTransaction(
    dataSource,
    { districtId },
    (m) => m.query(`SELECT funnel_rebuild($1)`, [districtId]),
    LONG,
  );
}

/** One difference between the rollups as maintained and as recomputed from the raw rows. */
export interface RollupDifference {
  table: string;
  key: string;
  stored: unknown;
  recomputed: unknown;
}

/** A day row (of a school or of the district) that counts nothing. */
const DAY_COUNTS_NOTHING =
  'held = 0 AND scheduled = 0 AND late_cancelled = 0 AND cancelled_in_time = 0 AND expected = 0 AND attended = 0 AND grounded = 0 AND acted = 0 AND published = 0 AND self_rated = 0';
/** An action-day row (of a school or of the district) that counts nothing. */
const ACTION_DAY_COUNTS_NOTHING =
  'came_due = 0 AND on_time = 0 AND done = 0 AND changed = 0 AND corroborated = 0 AND sustained = 0';

/**
 * Rows of a rollup table, keyed, without the district; rows that count nothing are left out (they mean nothing).
 * `sums`: a district table of per-day sums (migration 1765150000000-FunnelDistrictDays), recomputed as the sums of
 * the school rows of that table rather than by the rebuild's own triggers.
 */
const COMPARED: { table: string; key: string; empty: string; sums?: string }[] = [
  { table: 'funnel_session_fact', key: 'session_id', empty: 'false' },
  {
    table: 'funnel_day',
    key: "school_key || '/' || day",
    empty: DAY_COUNTS_NOTHING,
  },
  { table: 'funnel_action_fact', key: 'action_id', empty: 'false' },
  {
    table: 'funnel_action_day',
    key: "school_key || '/' || day",
    empty: ACTION_DAY_COUNTS_NOTHING,
  },
  {
    table: 'funnel_district_day',
    key: 'day::text',
    empty: DAY_COUNTS_NOTHING,
    sums: 'funnel_day',
  },
  {
    table: 'funnel_district_action_day',
    key: 'day::text',
    empty: ACTION_DAY_COUNTS_NOTHING,
    sums: 'funnel_action_day',
  },
  {
    table: 'funnel_person',
    key: "school_key || '/' || staff_member_id || '/' || year",
    empty: "(invited_due | invited_open | attended | rated | self_rated) = B'0'::bit(366)",
  },
];

/** Two JSON rows equal, their floating-point sums within a rounding error. */
function sameRow(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[k];
    const y = b[k];
    if (typeof x === 'number' && typeof y === 'number') {
      if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
    } else if (JSON.stringify(x) !== JSON.stringify(y)) return false;
  }
  return true;
}

/**
 * Compares the district's rollups with a recomputation from the raw rows, in a transaction rolled back at the end:
 * rating windows closed since are refreshed first (as the scheduled task would), the rows are copied, the district
 * is rebuilt, and the two are compared row by row. An empty list: the rollups are exact.
 */
export async function verifyRollups(dataSource: DataSource, districtId: string): Promise<RollupDifference[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(
      `SELECT set_config('app.district_id', $1, true), set_config('statement_timeout', '600s', true)`,
      [districtId],
    );
    return await compareWithRebuild(runner.manager, districtId);
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

/** The comparison itself, in the caller's transaction (which must be rolled back after). */
export async function compareWithRebuild(m: EntityManager, districtId: string): Promise<RollupDifference[]> {
  await m.query(`SELECT funnel_close_ratings($1, 2147483647)`, [districtId]);
  // The counters of each table of sums: its columns but the key.
  const counters = new Map<string, string[]>();
  for (const t of COMPARED.filter((t) => t.sums)) {
    const columns: { name: string }[] = await m.query(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 AND column_name NOT IN ('district_id', 'day')
        ORDER BY ordinal_position`,
      [t.table],
    );
    counters.set(
      t.table,
      columns.map((c) => c.name),
    );
  }
  const read = async (recomputing: boolean) => {
    const rows = new Map<string, Map<string, Record<string, unknown>>>();
    for (const t of COMPARED) {
      const source =
        recomputing && t.sums
          ? `(SELECT district_id, day, ${counters
              .get(t.table)!
              .map((c) => `sum(${c}) AS ${c}`)
              .join(', ')} FROM ${t.sums} WHERE district_id = $1 GROUP BY district_id, day)`
          : t.table;
      const found: { k: string; row: Record<string, unknown> }[] = await m.query(
        `SELECT ${t.key} AS k, to_jsonb(x) - 'district_id' AS row FROM ${source} x
          WHERE x.district_id = $1 AND NOT (${t.empty})`,
        [districtId],
      );
      rows.set(t.table, new Map(found.map((r) => [r.k, r.row])));
    }
    return rows;
  };
  const stored = await read(false);
  await m.query(`SELECT funnel_rebuild($1)`, [districtId]);
  const recomputed = await read(true);
  const differences: RollupDifference[] = [];
  for (const t of COMPARED) {
    const a = stored.get(t.table)!;
    const b = recomputed.get(t.table)!;
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(key) ?? null;
      const y = b.get(key) ?? null;
      if (!x || !y || !sameRow(x, y)) differences.push({ table: t.table, key, stored: x, recomputed: y });
    }
  }
  return differences;
}
