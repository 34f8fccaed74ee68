import type { EntityManager } from 'typeorm';

/**
 * The district's tables, read from PostgreSQL's catalog rather than listed by hand: every table of the public schema
 * with a `district_id` column. A table added tomorrow is exported (and disposed of) without anyone remembering to.
 */

export interface CatalogColumn {
  name: string;
  /** PostgreSQL's name of its type (format_type). */
  type: string;
  nullable: boolean;
}

export interface CatalogTable {
  name: string;
  columns: CatalogColumn[];
  /** Its primary key's columns (ordering pages); empty when it has none. */
  key: string[];
}

/** Why the funnel's rollups are left out. */
const ROLLUP = 'the funnel rollups: derived from the exported rows, recomputed by funnel_rebuild (docs/metrics.md)';

/**
 * Tables with a district_id that an export leaves out, each with its reason (the codebook lists them too). Nothing
 * else may be left out: the export test compares the archive with the catalog.
 */
export const EXCLUDED_TABLES: Readonly<Record<string, string>> = {
  district_export_chunk: 'the bytes of export archives themselves (an archive does not contain earlier archives)',
  sso_attempt:
    'single sign-on handshakes in flight: one-time secrets that expire within minutes, no record of the district',
  funnel_session_fact: ROLLUP,
  funnel_day: ROLLUP,
  funnel_action_fact: ROLLUP,
  funnel_action_day: ROLLUP,
  funnel_district_day: ROLLUP,
  funnel_district_action_day: ROLLUP,
  funnel_person: ROLLUP,
};

/**
 * Columns never exported, whatever the table: credentials and keys (password hashes, token hashes, client secrets,
 * sealed secrets, one-time sign-in values), which would let the archive's holder act as the district's people.
 */
export const SECRET_COLUMN = /(password|secret|token_hash|content_hash|nonce|code_verifier|sealed|state_hash)/;

/** Binary columns (an uploaded roster file) are left out: the record, its size and checksum are exported. */
export function omittedColumn(column: CatalogColumn): 'secret' | 'binary' | null {
  if (SECRET_COLUMN.test(column.name)) return 'secret';
  if (column.type === 'bytea') return 'binary';
  return null;
}

/** Every table with a district_id column, its columns in order, and its primary key. */
export async function districtTables(m: Pick<EntityManager, 'query'>): Promise<CatalogTable[]> {
  const rows: { table: string; column: string; type: string; not_null: boolean; key_pos: number | null }[] =
    await m.query(`
    SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, array_position(pk.conkey, a.attnum) AS key_pos
      FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_constraint pk ON pk.conrelid = c.oid AND pk.contype = 'p'
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       AND EXISTS (SELECT 1 FROM pg_attribute d WHERE d.attrelid = c.oid AND d.attname = 'district_id' AND NOT d.attisdropped)
     ORDER BY c.relname, a.attnum`);
  const tables = new Map<string, CatalogTable & { keyPos: Map<string, number> }>();
  for (const r of rows) {
    let t = tables.get(r.table);
    if (!t) {
      t = { name: r.table, columns: [], key: [], keyPos: new Map() };
      tables.set(r.table, t);
    }
    t.columns.push({ name: r.column, type: r.type, nullable: !r.not_null });
    if (r.key_pos !== null) t.keyPos.set(r.column, r.key_pos);
  }
  return [...tables.values()].map(({ keyPos, ...t }) => ({
    ...t,
    key: [...keyPos.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name),
  }));
}

/** The tables an export writes: every district table but the documented exclusions. */
export function exportedTables(tables: readonly CatalogTable[]): CatalogTable[] {
  return tables.filter((t) => !(t.name in EXCLUDED_TABLES));
}
