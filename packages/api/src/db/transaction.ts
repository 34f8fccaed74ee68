import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

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

/**
 * One request's transaction on one pooled connection, begun on first use. Whoever creates it must call
 * finish(), which commits or rolls back and always releases the connection.
 */
export class TenantTransaction {
  private runner: QueryRunner | null = null;
  private starting: Promise<EntityManager> | null = null;
  private finished = false;
  /** Set when the work failed: finish() then rolls back. */
  failed = false;
  /** Set by the few flows that must keep what they wrote even while answering with an error. */
  commitDespiteFailure = false;

  constructor(
    private readonly dataSource: DataSource,
    private claims: TenantClaims,
  ) {}

  get started(): boolean {
    return this.starting !== null;
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
        if (this.failed && !this.commitDespiteFailure) await runner.rollbackTransaction();
        else await runner.commitTransaction();
      }
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
    tx.failed = true;
    throw error;
  } finally {
    await tx.finish();
  }
}
