import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { QueryRunner } from 'typeorm';
import { ZipFile } from 'yazl';
import { csvLine } from './csv';
import { exportedTables, omittedColumn, type CatalogTable } from './catalog';
import { CONFIDENTIAL_COLUMNS, readableSql, uuidLiteral, WITHHELD, type Reader } from './confidential-columns';
import { codebook } from './codebook';
import { writeRosterFiles } from './oneroster';
import { loadRoleMapping } from '../roster-import/role-mapping';

/**
 * Writes one district's archive as a stream: each table is read page by page through a server-side cursor (in the
 * caller's one REPEATABLE READ transaction, so every file sees the same moment and the counts agree), each page
 * written into the zip entry at once, and the zip's output handed on in chunks of CHUNK_BYTES as it is produced. No
 * more than a page of rows and a chunk of output is ever held in memory, whatever the district's size.
 */

export const CHUNK_BYTES = 1 << 20;
const PAGE_ROWS = 1_000;

/** Where statements run: one connection, in one transaction (a QueryRunner or EntityManager). */
export type Sql = Pick<QueryRunner, 'query'>;

export interface ArchiveFile {
  name: string;
  /** Data rows (CSV: not counting the header line). */
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ArchiveResult {
  files: ArchiveFile[];
  /** The zip's own size and SHA-256. */
  byteSize: number;
  sha256: string;
  /** Confidential cells written as WITHHELD. */
  withheld: number;
}

export interface ArchiveInput {
  exportId: string;
  district: { id: string; slug: string; name: string };
  requestedBy: { kind: 'STAFF' | 'OPERATOR'; id: string };
  reader: Reader;
  tables: readonly CatalogTable[];
  signal?: AbortSignal;
  /** Receives the archive's bytes in order, CHUNK_BYTES at a time (the last may be shorter). */
  onChunk(seq: number, data: Buffer): Promise<void>;
}

/** The SELECT list of a table for the export: secret and binary columns left out, confidential text gated. */
export function exportColumns(table: CatalogTable, reader: Reader): { name: string; sql: string }[] {
  return table.columns
    .filter((c) => omittedColumn(c) === null)
    .map((c) => {
      const col = `t.${quoteIdent(c.name)}`;
      if (CONFIDENTIAL_COLUMNS[table.name]?.[c.name]) {
        return {
          name: c.name,
          sql: `CASE WHEN ${col} IS NULL THEN NULL WHEN ${readableSql(reader, table.name, c.name)} THEN ${col} ELSE '${WITHHELD}' END`,
        };
      }
      // A date as its ISO day (the driver would turn it into a local midnight).
      if (c.type === 'date') return { name: c.name, sql: `${col}::text` };
      return { name: c.name, sql: col };
    });
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function writeArchive(q: Sql, input: ArchiveInput): Promise<ArchiveResult> {
  const zip = new ZipFile();
  const archiveHash = createHash('sha256');
  let byteSize = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    const data = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await input.onChunk(seq++, data);
  };
  const consumer = (async () => {
    for await (const piece of zip.outputStream as AsyncIterable<Buffer>) {
      archiveHash.update(piece);
      byteSize += piece.length;
      pending.push(piece);
      pendingBytes += piece.length;
      if (pendingBytes >= CHUNK_BYTES) await flush();
    }
    await flush();
  })();
  // A failure downstream (writing a chunk) must not leave the writer waiting for a drain that never comes.
  const consumerClosed = consumer.then(() => {
    throw new Error('the archive stream closed early');
  });
  consumerClosed.catch(() => undefined);

  const mtime = new Date();
  const files: ArchiveFile[] = [];
  let withheld = 0;
  let cursorCount = 0;

  const entry = async (name: string, write: (put: (text: string) => Promise<void>) => Promise<number>) => {
    const pass = new PassThrough();
    zip.addReadStream(pass, name, { mtime, mode: 0o100644 });
    const hash = createHash('sha256');
    let bytes = 0;
    const put = async (text: string) => {
      const data = Buffer.from(text, 'utf8');
      hash.update(data);
      bytes += data.length;
      if (!pass.write(data)) await Promise.race([once(pass, 'drain'), consumerClosed]);
    };
    const rows = await write(put);
    pass.end();
    files.push({ name, rows, bytes, sha256: hash.digest('hex') });
  };

  /** Runs a statement through a cursor, a page at a time. */
  const eachPage = async (sql: string, onPage: (rows: Record<string, unknown>[]) => Promise<void>) => {
    const cursor = `privacy_export_${++cursorCount}`;
    await q.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      if (input.signal?.aborted) throw new Error('the export was interrupted');
      const rows: Record<string, unknown>[] = await q.query(`FETCH ${PAGE_ROWS} FROM ${cursor}`);
      if (rows.length === 0) break;
      await onPage(rows);
    }
    await q.query(`CLOSE ${cursor}`);
  };

  const district = uuidLiteral(input.district.id);
  const tables = exportedTables(input.tables);
  try {
    for (const table of tables) {
      const columns = exportColumns(table, input.reader);
      const confidential = columns.filter((c) => CONFIDENTIAL_COLUMNS[table.name]?.[c.name]).map((c) => c.name);
      const order = table.key.length ? ` ORDER BY ${table.key.map((k) => `t.${quoteIdent(k)}`).join(', ')}` : '';
      const sql = `SELECT ${columns.map((c) => `${c.sql} AS ${quoteIdent(c.name)}`).join(', ')}
                     FROM ${quoteIdent(table.name)} t WHERE t.district_id = ${district}${order}`;
      // JSON Lines, then CSV: two passes over the same snapshot.
      await entry(`tables/${table.name}.jsonl`, async (put) => {
        let rows = 0;
        await eachPage(sql, async (page) => {
          rows += page.length;
          for (const row of page) for (const c of confidential) if (row[c] === WITHHELD) withheld += 1;
          await put(page.map((row) => JSON.stringify(row)).join('\n') + '\n');
        });
        return rows;
      });
      await entry(`tables/${table.name}.csv`, async (put) => {
        await put(csvLine(columns.map((c) => c.name)));
        let rows = 0;
        await eachPage(sql, async (page) => {
          rows += page.length;
          await put(page.map((row) => csvLine(columns.map((c) => row[c.name]))).join(''));
        });
        return rows;
      });
    }

    // The roster in OneRoster 1.2, as the roster export writes it (modules/roster-import, docs/oneroster.md).
    const { mapping } = await loadRoleMapping(q, input.district.id);
    await writeRosterFiles({ entry, eachPage }, 'oneroster/', district, mapping);

    await entry('codebook.md', async (put) => {
      await put(codebook(input.district, tables, input.reader.staffMemberId !== null));
      return 0;
    });

    const manifest = {
      format: 'throughline-district-export',
      formatVersion: 1,
      exportId: input.exportId,
      district: input.district,
      requestedBy: input.requestedBy,
      createdAt: mtime.toISOString(),
      confidentialText:
        input.reader.staffMemberId === null
          ? `withheld: every confidential cell reads ${WITHHELD}`
          : `included where the requester may read it, else ${WITHHELD}`,
      withheldCells: withheld,
      files,
    };
    const manifestText = JSON.stringify(manifest, null, 2) + '\n';
    const manifestPass = new PassThrough();
    zip.addReadStream(manifestPass, 'manifest.json', { mtime, mode: 0o100644 });
    manifestPass.end(manifestText);
    zip.end();
    await consumer;
  } catch (error) {
    (zip.outputStream as unknown as { destroy(): void }).destroy();
    await consumer.catch(() => undefined);
    throw error;
  }
  return { files, byteSize, sha256: archiveHash.digest('hex'), withheld };
}
