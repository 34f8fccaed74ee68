import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { SortSpec } from './paginate';

/**
 * Syncing lists (docs/integrators.md, "Syncing"): `filter: { updatedSince }` and `orderBy: UPDATED_AT`.
 *
 * Every synced table carries `change_xid`, the id of the transaction that last wrote the row (migration
 * 1764910000000-ChangeFeed, set by trigger). `updated_at` cannot be the cursor: it is the writing transaction's
 * start, so a row committed after a reader passed it can carry an earlier time and be skipped. A plain sequence has
 * the same flaw (taken in write order, not commit order). The transaction id has it too, but PostgreSQL says which
 * ids are final: every id below the oldest transaction still running (`pg_snapshot_xmin`) committed or aborted, and
 * any later write gets a larger id. So the list pages on (change_xid, id) and serves only rows below that horizon:
 * what lies behind a cursor never changes, an updated row moves ahead of every cursor, and a row written by a
 * transaction still running shows up on a later page, once it commits. The price is a small lag: a write is listed
 * once every transaction older than it has ended.
 */

/** The oldest transaction id still running, as seen by the current statement's snapshot. */
export const SYNC_HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())::text::bigint';

/** Narrows `qb` (alias `alias`) to rows written at or after `since` (their `updated_at`). */
export function updatedSince<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  since: Date | null | undefined,
): void {
  if (since) qb.andWhere(`${alias}.updated_at >= :syncUpdatedSince`, { syncUpdatedSince: since });
}

/**
 * The order `UPDATED_AT`: by change sequence and id, up to the horizon. Adds the horizon to `qb` and returns the
 * sort for `paginate`.
 */
export function updatedAtOrder<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  direction: 'ASC' | 'DESC',
): SortSpec {
  qb.andWhere(`${alias}.change_xid < ${SYNC_HORIZON}`);
  return { expression: `${alias}.change_xid`, direction, integer: true };
}
