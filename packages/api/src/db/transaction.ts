import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * The request's transaction, in one place: when it begins, which claims the database's second wall sees, when it
 * commits or rolls back, and the one escape hatch for writes that must outlive a failed operation.
 *
 * Policy, in words:
 * - One transaction per request, on one pooled connection, begun on first use; it ends before the response is
 *   written, so a client is never told about data the database does not hold.
 * - The fate of the writes is decided by the operation's root fields. When every root field resolved, the
 *   transaction commits, even if a field nested in a payload failed to resolve (that field answers null with its
 *   error; the write it describes did happen). When a root field failed, or the request failed before or around
 *   execution (unparsable, invalid, an exception), nothing is written: all or nothing, audit included.
 * - Writes registered with `keep()` survive a rollback: they are replayed in a transaction of their own on the
 *   same connection (a failed sign-in counts towards the throttle; a replayed refresh token revokes its family).
 */

/** What the database's second wall sees of the caller, for one transaction only. */
export interface TenantClaims {
  districtId: string | null;
  staffMemberId?: string | null;
  /** The platform operator may see and create district rows, and nothing inside them. */
  platformOperator?: boolean;
}

export const NO_CLAIMS: TenantClaims = { districtId: null };

async function applyClaims(runner: QueryRunner, claims: TenantClaims): Promise<void> {
  // set_config(..., true) is transaction-local: it dies with the transaction and never reaches the next
  // borrower of this pooled connection. A session-level SET would.
  await runner.query(
    `SELECT set_config('app.district_id', $1, true), set_config('app.staff_member_id', $2, true),
            set_config('app.platform_operator', $3, true)`,
    [claims.districtId ?? '', claims.staffMemberId ?? '', claims.platformOperator ? 'on' : ''],
  );
}

/**
 * Sibling resolvers run concurrently but share this one connection: queue their statements one after another
 * (a pg client must not be handed a query while it is running one).
 */
function serializeQueries(runner: QueryRunner): void {
  const query = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  runner.query = ((...args: Parameters<QueryRunner['query']>) => {
    const run = tail.then(() => query(...args));
    tail = run.catch(() => undefined);
    return run;
  }) as QueryRunner['query'];
}

type KeptWrite = { claims: TenantClaims; work: (manager: EntityManager) => Promise<void> };

/**
 * One request's transaction on one pooled connection, begun on first use. Whoever creates it must call
 * finish(), which commits or rolls back and always releases the connection.
 */
export class TenantTransaction {
  private runner: QueryRunner | null = null;
  private starting: Promise<EntityManager> | null = null;
  private finished = false;
  private failed = false;
  private readonly kept: KeptWrite[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private claims: TenantClaims,
  ) {}

  get started(): boolean {
    return this.starting !== null;
  }

  /** Whether finish() will roll back. */
  get failing(): boolean {
    return this.failed;
  }

  manager(): Promise<EntityManager> {
    if (this.finished) return Promise.reject(new Error('transaction already finished'));
    this.starting ??= this.begin();
    return this.starting;
  }

  /** Changes the claims mid-transaction: only sign-in and refresh do this, once they know whose session it is. */
  async assume(claims: TenantClaims): Promise<void> {
    this.claims = claims;
    if (this.starting) {
      await this.starting;
      await applyClaims(this.runner!, claims);
    }
  }

  /** The work failed as a whole: finish() rolls back everything but the kept writes. */
  fail(): void {
    this.failed = true;
  }

  /**
   * The escape hatch: runs a write now, in this transaction, and again in a transaction of its own (with the
   * claims of this moment) should this one roll back. Only for writes that must record a failure itself.
   */
  async keep(work: (manager: EntityManager) => Promise<void>): Promise<void> {
    await work(await this.manager());
    this.kept.push({ claims: { ...this.claims }, work });
  }

  private async begin(): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    serializeQueries(runner);
    await runner.connect();
    await runner.startTransaction();
    await applyClaims(runner, this.claims);
    return runner.manager;
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const runner = this.runner;
    if (!runner) return;
    try {
      await this.starting?.catch(() => undefined);
      if (runner.isTransactionActive) {
        if (!this.failed) {
          await runner.commitTransaction();
          return;
        }
        await runner.rollbackTransaction();
      }
      if (this.kept.length === 0) return;
      await runner.startTransaction();
      for (const { claims, work } of this.kept) {
        await applyClaims(runner, claims);
        await work(runner.manager);
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/** Runs work in one tenant-scoped transaction: commits when it resolves, rolls back when it throws. */
export async function withTenantTransaction<T>(
  dataSource: DataSource,
  claims: TenantClaims,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const tx = new TenantTransaction(dataSource, claims);
  try {
    return await work(await tx.manager());
  } catch (error) {
    tx.fail();
    throw error;
  } finally {
    await tx.finish();
  }
}

/**
 * Whether an error reported by a GraphQL operation decides the fate of its writes: an error with no path (the
 * request itself failed) or on a root field (a mutation that did not complete). An error deeper in a payload
 * is a read that failed after the write succeeded, and does not undo it.
 */
export function failsTheOperation(error: { readonly path?: readonly (string | number)[] }): boolean {
  return !error.path || error.path.length <= 1;
}

/** Applies the policy to GraphQL operations: any error that fails the operation rolls its transaction back. */
export function transactionPlugin<C extends { tx: TenantTransaction }>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          if (errors.some(failsTheOperation)) contextValue.tx.fail();
        },
      };
    },
  };
}
