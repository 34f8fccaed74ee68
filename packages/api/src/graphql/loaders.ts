import DataLoader from 'dataloader';

/**
 * Per-request batch loaders over the request's own transaction (so they see exactly what the caller may see,
 * through both walls). Built lazily: a request pays only for the loaders it uses.
 */
export class Loaders {
  private cache = new Map<string, DataLoader<string, unknown>>();

  /**
   * The request's loader of this name, created on first use. Modules keep their loaders in their own
   * `<area>.loaders.ts`, as functions of the context that call this.
   */
  loader<V>(name: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let l = this.cache.get(name) as DataLoader<string, V> | undefined;
    if (!l) {
      l = new DataLoader<string, V>(batch, { maxBatchSize: 500 });
      this.cache.set(name, l as DataLoader<string, unknown>);
    }
    return l;
  }
}

/** Groups rows by a key, in the order of the keys asked for: what a one-to-many batch loader returns. */
export function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/** Rows by id, in the order asked for, null where missing or out of reach. */
export function byIdOrNull<T extends { id: string }>(ids: readonly string[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}
