import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Limits } from '@throughline/shared';
import { BadUserInputError } from '../graphql/errors';
import type { Page } from '../graphql/connection';
import { queryPrepared } from './prepared';

export interface PageRequest {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  /**
   * False when the caller will not read `pageInfo` (a GraphQL selection without it): the page is read without the one
   * row past it that tells whether more follow, which for a nested page (a strategy's mappings, sessions and actions)
   * is a whole node's worth of work. `pageInfo` must then not be read. Default true.
   */
  readsPageInfo?: boolean;
}

export interface SortSpec {
  /** A NOT NULL SQL expression over the query's alias, e.g. `lower(s.name)`. */
  expression: string;
  direction: 'ASC' | 'DESC';
  /** The expression is a timestamp: cursors must carry one. */
  timestamp?: boolean;
  /** The expression is a bigint (a change sequence, db/sync.ts): cursors must carry an integer. */
  integer?: boolean;
}

function encodeCursor(value: string, id: string): string {
  return Buffer.from(JSON.stringify([value, id]), 'utf8').toString('base64url');
}

/** How PostgreSQL prints a timestamptz as text. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const INTEGER = /^\d{1,18}$/;

function decodeCursor(cursor: string, field: string, sort: SortSpec): [string, string] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      parsed.every((p) => typeof p === 'string') &&
      UUID.test(parsed[1]) &&
      (!sort.timestamp || TIMESTAMP.test(parsed[0])) &&
      (!sort.integer || INTEGER.test(parsed[0]))
    ) {
      return parsed as [string, string];
    }
  } catch {
    // fall through
  }
  throw new BadUserInputError([{ field, message: 'Not a cursor from this list' }]);
}

/**
 * Keyset pagination over (sort expression, id): stable under inserts, and every page costs an index range scan,
 * however deep. The total runs as a separate COUNT only when the client asks for totalCount.
 */
export async function paginate<E extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<E>,
  request: PageRequest,
  sort: SortSpec,
): Promise<Page<E>> {
  return paginateWith(qb, request, sort, async (page) => {
    const { entities, raw } = await page.getRawAndEntities();
    return entities.map((node, i) => ({ node, sort: raw[i].__sort as string }));
  });
}

/**
 * The same page as raw rows of `select` (SQL over the query's alias, with `AS` names; `params` for its named
 * parameters), no entity built, read by a named statement in `manager`'s transaction: for hot lists that select only what they show. Each row has
 * at least `id`. Its text must not vary with the data (no `IN (:...list)` expansions).
 */
export async function paginateRows<R extends { id: string }>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  request: PageRequest,
  sort: SortSpec,
  select: string,
  params: Record<string, unknown>,
  /** The request's transaction (the query's own): the page is read there by a named statement. */
  manager: EntityManager,
): Promise<Page<R>> {
  return paginateWith(qb as SelectQueryBuilder<ObjectLiteral & { id: string }>, request, sort, async (page) => {
    page.select(select).addSelect(`(${sort.expression})::text`, '__sort').setParameters(params);
    // A named statement (db/prepared.ts): a hot list's text depends only on its shape (selection, filters, cursor),
    // never on the values, and parsing and planning it again cost as much as a small page's reading.
    const [text, values] = page.getQueryAndParameters();
    const rows = await queryPrepared<R & { __sort: string }>(manager, text, values);
    return rows.map((row) => ({ node: row as R, sort: row.__sort }));
  });
}

async function paginateWith<E extends { id: string }, Q extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<Q>,
  request: PageRequest,
  sort: SortSpec,
  fetch: (page: SelectQueryBuilder<Q>) => Promise<{ node: E; sort: string }[]>,
): Promise<Page<E>> {
  if (request.first != null && request.last != null) {
    throw new BadUserInputError([{ field: 'last', message: 'Use either first or last, not both' }]);
  }
  const alias = qb.alias;
  const idExpr = `${alias}.id`;
  const backward = request.last != null || (request.before != null && request.first == null);
  const limit = Math.min(request.first ?? request.last ?? Limits.PAGE_DEFAULT, Limits.PAGE_MAX);
  const countQuery = qb.clone();

  const forwardDir = sort.direction;
  const dir = backward ? (forwardDir === 'ASC' ? 'DESC' : 'ASC') : forwardDir;
  const page = qb.clone();
  const cursorCondition = (cursor: string, field: string, later: boolean, name: string) => {
    const [value, id] = decodeCursor(cursor, field, sort);
    const op = (forwardDir === 'ASC') === later ? '>' : '<';
    page.andWhere(`(${sort.expression}, ${idExpr}) ${op} (:${name}v, :${name}id)`, {
      [`${name}v`]: value,
      [`${name}id`]: id,
    });
  };
  if (request.after) cursorCondition(request.after, 'after', true, 'after');
  if (request.before) cursorCondition(request.before, 'before', false, 'before');
  page
    .addSelect(`(${sort.expression})::text`, '__sort')
    .orderBy(sort.expression, dir)
    .addOrderBy(idExpr, dir)
    .limit(request.readsPageInfo === false ? limit : limit + 1);

  const rows = limit === 0 ? [] : await fetch(page);
  const hasMore = rows.length > limit;
  // Each edge's cursor is encoded when read (a client asking only for nodes reads none of them).
  let edges = rows.slice(0, limit).map(({ node, sort: value }) => ({
    node,
    get cursor() {
      return encodeCursor(value, node.id);
    },
  }));
  if (backward) edges = edges.reverse();
  let total: Promise<number> | null = null;
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage: backward ? request.before != null : hasMore,
      hasPreviousPage: backward ? hasMore : request.after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    get totalCount() {
      total ??= countQuery.getCount();
      return total;
    },
  };
}
