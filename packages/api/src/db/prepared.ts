import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { ServiceUnavailableError } from '../graphql/errors';
import { inTurn } from './transaction';

/**
 * Named (prepared) statements for the few statements whose planning costs more than their running: the funnel's
 * rollup statements take 5-8 ms to plan and 2 ms to run for a school (bench:peer, README Benchmarks). A named
 * statement is parsed once per database connection, and PostgreSQL keeps its generic plan from the sixth run on
 * when that plan costs no more than the custom ones (a parameter the planner cannot see through, such as a LIMIT,
 * can keep it on custom plans: session/read-ahead.ts). Its name is a hash of its text, so every text has its own and
 * a new release's texts never meet an old one's.
 *
 * Behind a pooler that moves a connection's transactions between server connections (PgBouncer before 1.21 in
 * transaction pooling, as infra/ runs it), a statement prepared on one server connection is unknown on the next:
 * DATABASE_STATEMENT_CACHE=off sends the same statements unnamed. Should the database say otherwise while it is on
 * (a statement unknown, or known twice), the data source stops naming statements at once, the request is answered
 * 503 with Retry-After, and a process warning says to turn it off.
 */
const OFF = new WeakSet<DataSource>();
const UNKNOWN_STATEMENT = '26000';
const DUPLICATE_STATEMENT = '42P05';

/** Turns named statements off (DATABASE_STATEMENT_CACHE=off) for one data source. */
export function disableStatementCache(dataSource: DataSource): void {
  OFF.add(dataSource);
}

export function statementCacheOn(dataSource: DataSource): boolean {
  return !OFF.has(dataSource);
}

/**
 * The most texts ever named by one process. Every connection keeps each statement it prepared (PostgreSQL's memory
 * and pg's): the rollups are a few dozen texts, but a list page's text follows its selection and filters, which a
 * caller chooses. Texts met after this many are sent unnamed, as with the cache off.
 */
export const NAMED_TEXTS_MAX = 500;

/** Names already hashed, by text (at most NAMED_TEXTS_MAX). */
const NAMES = new Map<string, string>();

/** The statement's name: the same text, the same name, on every connection; null past NAMED_TEXTS_MAX texts. */
export function statementName(text: string): string | null {
  let name = NAMES.get(text);
  if (!name) {
    if (NAMES.size >= NAMED_TEXTS_MAX) return null;
    NAMES.set(text, (name = `tl_${createHash('sha256').update(text).digest('base64url').slice(0, 32)}`));
  }
  return name;
}

/**
 * Runs `text` with positional `values` in the manager's transaction, as a named statement when the data source's
 * cache is on (through the same pg client TypeORM uses, so tracing and statement counts see it); otherwise as
 * manager.query would. Errors are TypeORM's QueryFailedError either way.
 */
export async function queryPrepared<T>(manager: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const dataSource = manager.connection;
  const runner = manager.queryRunner;
  const name = runner && !OFF.has(dataSource) ? statementName(text) : null;
  if (!runner || !name) return manager.query(text, values);
  const client = (await runner.connect()) as PoolClient;
  try {
    // In the transaction's turn, as the runner's own statements are: a sibling resolver's statement never finds the
    // client busy, and none starts past the request's deadline.
    const result = await inTurn(runner, () => client.query<T & object>({ name, text, values }));
    return result.rows;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === UNKNOWN_STATEMENT || code === DUPLICATE_STATEMENT) {
      OFF.add(dataSource);
      process.emitWarning(
        'A prepared statement was not where it was prepared: the database connection is pooled per transaction ' +
          '(PgBouncer before 1.21?). Statements are now sent unnamed; set DATABASE_STATEMENT_CACHE=off.',
        { code: 'THROUGHLINE_STATEMENT_CACHE' },
      );
      throw new ServiceUnavailableError();
    }
    throw new QueryFailedError(text, values, error as Error);
  }
}
