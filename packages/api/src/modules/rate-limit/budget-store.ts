import { createHash } from 'node:crypto';
import { escapeLiteral } from 'pg';
import type { DataSource } from 'typeorm';
import type { TenantTransaction } from '../../db/transaction';

/** The outcome of charging a request to its caller's budget. */
export interface Charge {
  /** Whether the points were taken. */
  allowed: boolean;
  /** Points spent in the window, this charge included when allowed. */
  used: number;
  /** Allowed: when every point spent so far is back. Refused: the earliest moment the request would fit. */
  resetAt: Date;
}

/** Where the hourly budgets live, shared by every API instance. */
export interface BudgetStore {
  /** Charges `points` to `key` unless that would spend more than `limit` in `windowSeconds`. */
  charge(key: string, points: number, limit: number, windowSeconds: number, tx: TenantTransaction): Promise<Charge>;
  close(): Promise<void>;
}

/** The stored key: a hash, so no address or person's id is stored in clear. */
export function budgetKey(caller: string): string {
  return createHash('sha256').update(caller, 'utf8').digest('hex');
}

const MINUTE_SECONDS = 60;

/**
 * Which minutes count against a window of `seconds` (an SQL expression): a minute's row counts until the last moment
 * a charge in it could be within the window, so the budget may hold a charge up to a minute longer, never shorter.
 */
function counted(seconds: string): string {
  return `charged_at > now() - make_interval(secs => ${seconds} + ${MINUTE_SECONDS})`;
}

/** The name under which a caller's spending is read with the request's opening (TenantTransaction.withOpening). */
function spentName(key: string, windowSeconds: number): string {
  return `budget:${key}:${windowSeconds}`;
}

/**
 * Reads what `key` has spent in the window, with the database's clock, in the request's opening message (no round
 * trip of its own): PostgresBudgetStore.charge then decides without a statement and adds the charge with COMMIT.
 */
export function readSpentAtOpening(tx: TenantTransaction, key: string, windowSeconds: number): void {
  tx.withOpening(
    spentName(key, windowSeconds),
    `SELECT coalesce(sum(points), 0)::int AS used, now() AS now FROM rate_limit_charge
      WHERE key = ${escapeLiteral(key)} AND ${counted(String(Math.round(windowSeconds)))}`,
  );
}

/** Adds `points` to the caller's row for this minute and this database session (migration 1765120000000). */
export function chargeSql(key: string, points: number): string {
  return `INSERT INTO rate_limit_charge AS c (key, points) VALUES (${escapeLiteral(key)}, ${Math.trunc(points)})
          ON CONFLICT (key, charged_at, backend) DO UPDATE SET points = c.points + EXCLUDED.points`;
}

/** When a minute's row stops counting against a window of `windowSeconds`. */
function minuteExpiry(minute: Date, windowSeconds: number): Date {
  return new Date(Math.floor(minute.getTime() / 60_000) * 60_000 + (windowSeconds + MINUTE_SECONDS) * 1000);
}

/**
 * PostgreSQL (table rate_limit_charge, migrations 1764200000000 and 1765120000000): a sliding hour, counted by the
 * minute. Each caller has a row per minute and database session that its charges add to, so summing an hour reads a
 * few hundred rows at most, however busy the caller; the charge is added by one statement that sums the caller's
 * hour and adds only when the request fits, on the database's clock. For a signed-in person or operator the sum is read in the request's opening message (readSpentAtOpening) and
 * the row is added in the COMMIT message, so the budget costs no round trip of its own; a request over budget is
 * refused before it runs, as ever. The charge runs in the request's own transaction, before anything else of the
 * operation:
 * - no second connection: a request never waits for a connection while holding one (behind PgBouncer, or with a
 *   pool of two, requests that each hold one and wait for another would stall);
 * - no row another request waits on: a row belongs to one database session, which runs one transaction at a time,
 *   so concurrent requests of one caller add to rows of their own (they may overspend by what is in flight at once,
 *   which CALLER_CONCURRENCY bounds);
 * - the charge outlives the operation: should the transaction roll back, `keep` writes it again on its own.
 */
export class PostgresBudgetStore implements BudgetStore {
  private sweepDue = Date.now() + 60_000;

  constructor(private readonly dataSource: DataSource) {}

  async charge(
    key: string,
    points: number,
    limit: number,
    windowSeconds: number,
    tx: TenantTransaction,
  ): Promise<Charge> {
    // Read with the opening: decided here, and the charge is written with COMMIT (and replayed should the
    // transaction roll back, as a kept write is). Nothing of the operation has run yet either way.
    const [spent] = tx.openingResult<{ used: number; now: Date }>(spentName(key, windowSeconds)) ?? [];
    if (spent && spent.used + points <= limit && Number.isInteger(points)) {
      // Accounting: a crash of the database may lose the last fraction of a second's charges (db/transaction.ts).
      tx.atCommit(chargeSql(key, points), { durable: false });
      this.sweep(windowSeconds);
      return { allowed: true, used: spent.used + points, resetAt: minuteExpiry(new Date(spent.now), windowSeconds) };
    }
    let charge: Charge | null = null;
    await tx.keep(async (manager) => {
      if (charge) {
        // Replayed after the operation rolled back: the charge stands.
        if (charge.allowed) await manager.query(chargeSql(key, points));
        return;
      }
      const rows: { used: number; now: Date }[] = await manager.query(
        `WITH spent AS (
           SELECT coalesce(sum(points), 0)::int AS used FROM rate_limit_charge WHERE key = $1 AND ${counted('$4')})
         INSERT INTO rate_limit_charge AS c (key, points)
         SELECT $1, $2::int FROM spent WHERE spent.used + $2::int <= $3::int
         ON CONFLICT (key, charged_at, backend) DO UPDATE SET points = c.points + EXCLUDED.points
         RETURNING (SELECT used FROM spent) + $2::int AS used, now() AS now`,
        [key, points, limit, windowSeconds],
      );
      if (rows[0]) {
        charge = { allowed: true, used: rows[0].used, resetAt: minuteExpiry(new Date(rows[0].now), windowSeconds) };
        return;
      }
      // Refused, nothing added: how much is spent, and when enough of it expires for this request to fit (the
      // minute whose expiry leaves room, oldest first).
      const [row]: { used: number; fits_at: Date | null }[] = await manager.query(
        `WITH recent AS (
           SELECT charged_at, sum(points)::int AS points FROM rate_limit_charge
            WHERE key = $1 AND ${counted('$2')} GROUP BY charged_at),
         total AS (SELECT coalesce(sum(points), 0)::int AS used FROM recent),
         expiring AS (
           SELECT charged_at, sum(points) OVER (ORDER BY charged_at ROWS UNBOUNDED PRECEDING) AS expired FROM recent)
         SELECT total.used,
                (SELECT charged_at FROM expiring
                  WHERE total.used - expiring.expired + $3::int <= $4::int
                  ORDER BY charged_at LIMIT 1) AS fits_at
           FROM total`,
        [key, windowSeconds, points, limit],
      );
      charge = {
        allowed: false,
        used: row?.used ?? 0,
        // A request dearer than the whole budget never fits: say when the window is empty.
        resetAt: row?.fits_at
          ? minuteExpiry(new Date(row.fits_at), windowSeconds)
          : new Date(Date.now() + windowSeconds * 1000),
      };
    });
    this.sweep(windowSeconds);
    return charge!;
  }

  /** Now and then, outside any request, forget charges older than the window. */
  private sweep(windowSeconds: number): void {
    if (Date.now() < this.sweepDue) return;
    this.sweepDue = Date.now() + 10 * 60_000;
    this.dataSource
      .query(`DELETE FROM rate_limit_charge WHERE NOT (${counted('$1')})`, [windowSeconds])
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    // Nothing of its own: it uses the API's pool.
  }
}
