/** Descriptions shared by the lists an integrator syncs (db/sync.ts, docs/integrators.md "Syncing"). */
export const UPDATED_SINCE =
  'Only records written at or after this instant (their updatedAt). For a first copy; to follow changes, keep the endCursor of an UPDATED_AT-ordered list, or use `changes`.';

export const UPDATED_AT_ORDER =
  'UPDATED_AT: in the order changes became final (a change sequence that follows updatedAt), with a stable cursor: a record changed after you passed it comes again at the end, none is skipped. A change shows once every transaction older than it has ended (a lag of moments).';
