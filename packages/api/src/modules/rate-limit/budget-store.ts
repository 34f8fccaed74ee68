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
      WHERE key = ${escapeLiteral(key)} AND charged_at > now() - make_interval(secs => ${Math.round(windowSeconds)})`,
  );
}

/**
 * PostgreSQL (table rate_limit_charge, migration 1764200000000): a sliding hour. Each request's charge is a row,
 * added by one statement that sums the caller's last hour and inserts only when the request fits, on the database's
 * clock. For a signed-in person or operator the sum is read in the request's opening message (readSpentAtOpening) and
 * the row is added in the COMMIT message, so the budget costs no round trip of its own; a request over budget is
 * refused before it runs, as ever. The charge runs in the request's own transaction, before anything else of the
 * operation:
 * - no second connection: a request never waits for a connection while holding one (behind PgBouncer, or with a
 *   pool of two, requests that each hold one and wait for another would stall);
 * - no row another request waits on: concurrent requests of one caller insert rows of their own (they may overspend
 *   by what is in flight at once, which CALLER_CONCURRENCY bounds);
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
      tx.atCommit(`INSERT INTO rate_limit_charge (key, points) VALUES (${escapeLiteral(key)}, ${points})`, {
        durable: false,
      });
      this.sweep(windowSeconds);
      return {
        allowed: true,
        used: spent.used + points,
        resetAt: new Date(new Date(spent.now).getTime() + windowSeconds * 1000),
      };
    }
    let charge: Charge | null = null;
    await tx.keep(async (manager) => {
      if (charge) {
        // Replayed after the operation rolled back: the charge stands.
        if (charge.allowed) {
          await manager.query(`INSERT INTO rate_limit_charge (key, points) VALUES ($1, $2)`, [key, points]);
        }
        return;
      }
      const rows: { used: number; reset_at: Date }[] = await manager.query(
        `WITH spent AS (
           SELECT coalesce(sum(points), 0)::int AS used FROM rate_limit_charge
            WHERE key = $1 AND charged_at > now() - make_interval(secs => $4))
         INSERT INTO rate_limit_charge (key, points)
         SELECT $1, $2::int FROM spent WHERE spent.used + $2::int <= $3::int
         RETURNING (SELECT used FROM spent) + points AS used, now() + make_interval(secs => $4) AS reset_at`,
        [key, points, limit, windowSeconds],
      );
      if (rows[0]) {
        charge = { allowed: true, used: rows[0].used, resetAt: rows[0].reset_at };
        return;
      }
      // Refused, nothing added: how much is spent, and when enough of it expires for this request to fit.
      const [row]: { used: number; fits_at: Date | null }[] = await manager.query(
        `WITH recent AS (
           SELECT charged_at, points FROM rate_limit_charge
            WHERE key = $1 AND charged_at > now() - make_interval(secs => $2)),
         total AS (SELECT coalesce(sum(points), 0)::int AS used FROM recent),
         expiring AS (
           SELECT charged_at, sum(points) OVER (ORDER BY charged_at, points ROWS UNBOUNDED PRECEDING) AS expired
             FROM recent)
         SELECT total.used,
                (SELECT charged_at + make_interval(secs => $2) FROM expiring
                  WHERE total.used - expiring.expired + $3::int <= $4::int
                  ORDER BY charged_at LIMIT 1) AS fits_at
           FROM total`,
        [key, windowSeconds, points, limit],
      );
      charge = {
        allowed: false,
        used: row?.used ?? 0,
        // A request dearer than the whole budget never fits: say when the window is empty.
        resetAt: row?.fits_at ?? new Date(Date.now() + windowSeconds * 1000),
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
      .query(`DELETE FROM rate_limit_charge WHERE charged_at < now() - make_interval(secs => $1)`, [windowSeconds])
      .catch(() => undefined);
  }

  async close(): Promise<void> {
    // Nothing of its own: it uses the API's pool.
  }
}
