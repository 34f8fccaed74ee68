import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { ApolloServerPlugin } from '@apollo/server';
import { ServiceUnavailableError } from '../graphql/errors';
import { escapeLiteral } from 'pg';
import { asUnavailable } from './outage';

/**
 * The request's transaction, in one place: when it begins, which claims the database's second wall sees, when it
 * commits or rolls back, and the one escape hatch for writes that must outlive a failed operation.
 *
 * Policy, in words:
 * - One transaction per request, on one pooled connection, begun on first use; it ends before the response is
 *   written, so a client is never told about data the database does not hold. The one exception tells nothing
 *   unwritten: a query whose only write is its budget's charge (commitsAfterAnswer) is answered, then committed on the
 *   same connection before it goes back to the pool (server/graphql-route.ts).
 * - The fate of the writes is decided by the operation's root fields. When every root field resolved, the
 *   transaction commits, even if a field nested in a payload failed to resolve (that field answers null with its
 *   error; the write it describes did happen). When a root field failed, or the request failed before or around
 *   execution (unparsable, invalid, an exception), nothing is written: all or nothing, audit included.
 * - Bounded: every statement by `statement_timeout`, set with set_config(..., true) inside the transaction (so it
 *   holds behind PgBouncer's transaction pooling, which refuses it as a startup parameter), and the whole request
 *   by a deadline after which no statement starts. Overload and outages (no pooled connection in time, the
 *   database unreachable, a statement past its timeout) surface as SERVICE_UNAVAILABLE: 503 with Retry-After.
 * - Writes registered with `keep()` survive a rollback: they are replayed in a transaction of their own on the
 *   same connection (a replayed refresh token revokes its family; a refresh token that matches nothing counts
 *   against its address). Writes made `apart()` commit at once in a transaction of their own (the sign-in
 *   throttle's count, which every concurrent attempt must see).
 */

/** What the database's second wall sees of the caller, for one transaction only. */
export interface TenantClaims {
  districtId: string | null;
  staffMemberId?: string | null;
  /** The platform operator may see and create district rows, and nothing inside them. */
  platformOperator?: boolean;
}

export const NO_CLAIMS: TenantClaims = { districtId: null };

export interface TransactionLimits {
  /** PostgreSQL cancels any one statement that runs longer. */
  statementTimeoutMs: number;
  /** The moment (epoch ms) after which the transaction starts no statement; null for none. */
  deadline: number | null;
}

export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

/**
 * Set with the claims in every transaction: no JIT compilation. This app's statements are short (a page, a funnel
 * from its rollups, a write) or aggregates whose estimates overshoot: compiling the funnel's rollup statement took
 * 3.7 s of its 4 s on the benchmark district (the statement itself about 0.2 s), a person's funnel over the raw rows
 * 7-10 s with it and 0.3-0.4 s without. Set here, no statement needs a round trip of its own to turn it off.
 */
const NO_JIT = `set_config('jit', 'off', true)`;

/** The claims (and the statement timeout, and NO_JIT) as one statement with literal values, for a simple-protocol message. */
function claimsStatement(claims: TenantClaims, statementTimeoutMs?: number): string {
  const settings: [string, string][] = [
    ['app.district_id', claims.districtId ?? ''],
    ['app.staff_member_id', claims.staffMemberId ?? ''],
    ['app.platform_operator', claims.platformOperator ? 'on' : ''],
  ];
  if (statementTimeoutMs) settings.push(['statement_timeout', `${Math.max(1, Math.round(statementTimeoutMs))}ms`]);
  return `SELECT ${settings.map(([name, value]) => `set_config('${name}', ${escapeLiteral(value)}, true)`).join(', ')}, ${NO_JIT}`;
}

/**
 * Sets the claims (and the statement timeout, and NO_JIT) on a transaction already begun: the same statement the
 * one-message opening sends. set_config(..., true) is transaction-local: it dies with the transaction and never
 * reaches the next borrower of this pooled connection. A session-level SET would.
 */
async function applyClaims(runner: QueryRunner, claims: TenantClaims, statementTimeoutMs?: number): Promise<void> {
  await runner.query(claimsStatement(claims, statementTimeoutMs));
}

const TRANSACTION_CONTROL = /^\s*(COMMIT|ROLLBACK|START TRANSACTION|BEGIN|SAVEPOINT|RELEASE)/i;

/**
 * Sent first in the COMMIT message when every closing write is `durable: false`: a transaction that has written
 * nothing yet (no transaction id assigned: a query's, whose only write is then its closing accounting) commits
 * without waiting for its WAL to reach disk. What it wrote is visible to every other transaction at once as ever;
 * a crash of the database in the next fraction of a second (wal_writer_delay, 200 ms by default) may lose it, never
 * corrupt anything. A transaction that wrote anything else commits durably, as ever.
 */
const ASYNC_COMMIT_IF_NOTHING_ELSE_WRITTEN = `SELECT set_config('synchronous_commit', 'off', true) WHERE txid_current_if_assigned() IS NULL`;

/** Each transaction's turn-taking on its connection (serializeQueries), by its query runner. */
const TURNS = new WeakMap<QueryRunner, <T>(work: () => Promise<T>) => Promise<T>>();

/**
 * Runs `work` (statements sent on the runner's pg client itself, such as a named statement: db/prepared.ts) in the
 * transaction's turn: after the statements asked for before it, before those asked for after, and not past the
 * request's deadline. A runner no TenantTransaction began runs it at once.
 */
export function inTurn<T>(runner: QueryRunner, work: () => Promise<T>): Promise<T> {
  const turn = TURNS.get(runner);
  return turn ? turn(work) : work();
}

/**
 * Sibling resolvers run concurrently but share this one connection: queue their statements one after another
 * (a pg client must not be handed a query while it is running one), those sent through the runner and those sent on
 * its client in their turn (inTurn) alike.
 */
function serializeQueries(runner: QueryRunner, deadline: number | null): void {
  const query = runner.query.bind(runner);
  let tail: Promise<unknown> = Promise.resolve();
  const turn = <T>(work: () => Promise<T>, control = false): Promise<T> => {
    const run = tail.then(() => {
      // Past the deadline no new work starts; ending the transaction (COMMIT/ROLLBACK) always may.
      if (deadline !== null && Date.now() > deadline && !control) {
        throw new ServiceUnavailableError('The request took too long; try a smaller one', 5);
      }
      return work().catch((error: unknown) => {
        throw asUnavailable(error) ?? error;
      });
    });
    tail = run.catch(() => undefined);
    return run;
  };
  TURNS.set(runner, turn);
  runner.query = ((...args: Parameters<QueryRunner['query']>) =>
    turn(() => query(...args), TRANSACTION_CONTROL.test(String(args[0])))) as QueryRunner['query'];
}

/** The driver's connection under a query runner (pg's client): what a one-message opening is sent on. */
type PgClient = { query(sql: string): Promise<unknown> };

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
  private readonly last: KeptWrite[] = [];
  /** Reads sent with the one-message opening, by name, and their rows once it has run (withOpening). */
  private readonly openingReads = new Map<string, string>();
  private readonly openingRows = new Map<string, unknown[]>();
  /** Writes sent in the same message as COMMIT (atCommit). */
  private readonly closing: { sql: string; durable: boolean }[] = [];
  private client: PgClient | null = null;
  private readonly limits: TransactionLimits;
  private readOnly = false;
  private replica: TenantTransaction | null = null;
  /**
   * The operation is a query (set once GraphQL knows): it writes nothing, so what it reads may come from a read
   * replica. Mutations, and anything not known to be a query, read the primary (their own writes included).
   */
  queryOnly = false;

  constructor(
    private readonly dataSource: DataSource,
    private claims: TenantClaims,
    limits: Partial<TransactionLimits> = {},
  ) {
    this.limits = { statementTimeoutMs: DEFAULT_STATEMENT_TIMEOUT_MS, deadline: null, ...limits };
  }

  get started(): boolean {
    return this.starting !== null;
  }

  /** Whether finish() will roll back. */
  get failing(): boolean {
    return this.failed;
  }

  /**
   * Whether the answer may go before finish(): a query (it wrote nothing; GraphQL queries never write, as the read
   * replica's routing relies on too) that is not failing, whose only writes are closing accounting that may lose its
   * last fraction of a second (`atCommit(…, { durable: false })`: the budget's charge), with nothing kept for a
   * rollback and nothing to write as it ends (the read audit, an API client's daily use: recorded before the answer
   * leaves, as ever). Its COMMIT then tells the client nothing it was not already told, and waiting for it before
   * answering only adds a round trip to the answer.
   */
  get commitsAfterAnswer(): boolean {
    return (
      this.queryOnly &&
      !this.failed &&
      this.last.length === 0 &&
      this.kept.length === this.closing.length &&
      this.closing.every((w) => !w.durable)
    );
  }

  manager(): Promise<EntityManager> {
    if (this.finished) return Promise.reject(new Error('transaction already finished'));
    this.starting ??= this.begin();
    return this.starting;
  }

  /**
   * Sets the claims and reads `lookup` (one SELECT, which may read the claims with current_setting) in one round trip.
   * Not begun yet: one simple-protocol message `START TRANSACTION; SELECT set_config(…) …; <lookup>` (the claims as
   * literals; the statement timeout set transaction-locally as ever), so a request pays a single round trip for its
   * transaction, its claims and its principal. Already begun: the claims, then the lookup. Returns the lookup's rows.
   */
  async open<R = Record<string, unknown>>(claims: TenantClaims, lookup: string): Promise<R[]> {
    this.claims = claims;
    if (!this.starting && !this.finished) {
      let rows: R[] = [];
      const extra = [...this.openingReads];
      this.starting = this.begin(async (client) => {
        const results = (await client.query(
          [`START TRANSACTION`, claimsStatement(claims, this.limits.statementTimeoutMs), lookup]
            .concat(extra.map(([, sql]) => sql))
            .join('; '),
        )) as unknown as { rows: R[] }[];
        rows = results[2].rows;
        extra.forEach(([name], i) => this.openingRows.set(name, results[3 + i].rows));
      });
      await this.starting;
      return rows;
    }
    await this.assume(claims);
    return (await this.manager()).query(lookup) as Promise<R[]>;
  }

  /**
   * A read (one SELECT with literal values, run under the opening's claims) to send in the opening message of open(),
   * after its lookup: it costs no round trip of its own. Registered before open(); its rows are openingResult(name)
   * once the opening has run, and undefined when the transaction began otherwise.
   */
  withOpening(name: string, sql: string): void {
    if (!this.starting && !this.finished) this.openingReads.set(name, sql);
  }

  openingResult<R = Record<string, unknown>>(name: string): R[] | undefined {
    return this.openingRows.get(name) as R[] | undefined;
  }

  /**
   * A write (one statement with literal values, no parameters) sent in the same message as COMMIT, so it costs no
   * round trip of its own; should the transaction roll back, it is replayed with the kept writes (see keep), with
   * the claims of this moment. For a write that must stand whatever the operation's fate (the budget's charge).
   * `durable: false`: accounting that may lose its last fraction of a second to a crash of the database (the budget's
   * charge, never a record such as the audit): when every closing write is so and the transaction wrote nothing else,
   * it commits without waiting for the disk (ASYNC_COMMIT_IF_NOTHING_ELSE_WRITTEN).
   */
  atCommit(sql: string, options: { durable?: boolean } = {}): void {
    if (this.finished) throw new Error('transaction already finished');
    this.closing.push({ sql, durable: options.durable ?? true });
    this.kept.push({ claims: { ...this.claims }, work: async (manager) => void (await manager.query(sql)) });
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

  /**
   * A write made once, as the transaction ends, whatever its fate (the read audit: what a request read is recorded
   * even when a sibling root field failed and the rest rolls back, for the text may have reached the client). Run just
   * before COMMIT; after a rollback, replayed with the kept writes in a transaction of their own, with the claims of
   * the moment it was registered. `work` reads what to write when it runs, so it may collect until the end.
   */
  atEnd(work: (manager: EntityManager) => Promise<void>): void {
    if (this.finished) throw new Error('transaction already finished');
    this.last.push({ claims: { ...this.claims }, work });
  }

  /**
   * The other escape hatch, for a write every concurrent request must see at once and no rollback may undo (the
   * sign-in throttle counts an attempt before the password is checked): `work` runs in a short transaction of its
   * own, committed before this returns, so the rows it locks are held only for that moment. It borrows a pooled
   * connection of its own: call it before this transaction begins where possible. Once it has begun (a sign-in that
   * carries an access token) the request holds two connections for that moment, bounded by the pool wait (503);
   * the work must never touch rows this transaction may have locked, or it would wait for itself.
   */
  async apart<T>(work: (manager: EntityManager) => Promise<T>, claims: TenantClaims = NO_CLAIMS): Promise<T> {
    if (this.finished) throw new Error('transaction already finished');
    return withTenantTransaction(this.dataSource, claims, work, this.limits);
  }

  /**
   * A read-only transaction on another data source (the read replica) with this one's claims and limits, begun on
   * first use and finished with this one: row-level security holds there exactly as here.
   */
  onReplica(dataSource: DataSource): TenantTransaction {
    if (this.finished) throw new Error('transaction already finished');
    if (!this.replica) {
      this.replica = new TenantTransaction(dataSource, { ...this.claims }, this.limits);
      this.replica.readOnly = true;
    }
    return this.replica;
  }

  /**
   * Borrows the connection and begins: START TRANSACTION and the claims, or `opening`, which sends them itself (with
   * more) in one message on the driver's client. The runner is then told its transaction is active, as
   * startTransaction would (this app registers no transaction subscribers).
   */
  private async begin(opening?: (client: PgClient) => Promise<void>): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    serializeQueries(runner, this.limits.deadline);
    let client: PgClient;
    try {
      client = (await runner.connect()) as PgClient;
    } catch (error) {
      throw asUnavailable(error) ?? error;
    }
    this.client = client;
    if (!opening) {
      await runner.startTransaction();
      if (this.readOnly) await runner.query('SET TRANSACTION READ ONLY');
      await applyClaims(runner, this.claims, this.limits.statementTimeoutMs);
      return runner.manager;
    }
    // Whatever the message does, finish() must roll back: the runner counts as in a transaction from here.
    Object.assign(runner, { isTransactionActive: true, transactionDepth: 1 });
    try {
      await opening(client);
    } catch (error) {
      throw asUnavailable(error) ?? error;
    }
    return runner.manager;
  }

  async finish(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.replica?.finish().catch(() => undefined);
    const runner = this.runner;
    if (!runner) return;
    try {
      await this.starting?.catch(() => undefined);
      if (runner.isTransactionActive) {
        if (!this.failed) {
          for (const { work } of this.last) await work(runner.manager);
          if (this.closing.length === 0 || !this.client) {
            await runner.commitTransaction();
            return;
          }
          // The closing writes and COMMIT in one message: an error in a write aborts the transaction before COMMIT
          // runs, and the catch below rolls it back.
          const relaxed = this.closing.every((w) => !w.durable) ? [ASYNC_COMMIT_IF_NOTHING_ELSE_WRITTEN] : [];
          await this.client.query([...relaxed, ...this.closing.map((w) => w.sql), 'COMMIT'].join('; '));
          Object.assign(runner, { isTransactionActive: false, transactionDepth: 0 });
          return;
        }
        await runner.rollbackTransaction();
      }
      const replay = [...this.kept, ...this.last];
      if (replay.length === 0) return;
      await runner.startTransaction();
      await applyClaims(runner, NO_CLAIMS, this.limits.statementTimeoutMs);
      for (const { claims, work } of replay) {
        await applyClaims(runner, claims);
        await work(runner.manager);
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw asUnavailable(error) ?? error;
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
  limits?: Partial<TransactionLimits>,
): Promise<T> {
  const tx = new TenantTransaction(dataSource, claims, limits);
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
        async didResolveOperation({ contextValue, operation }) {
          contextValue.tx.queryOnly = operation?.operation === 'query';
        },
        async didEncounterErrors({ contextValue, errors }) {
          if (errors.some(failsTheOperation)) contextValue.tx.fail();
        },
      };
    },
  };
}
