import 'reflect-metadata';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from '../server/platform';
import { createAppDataSource } from '../server/data-source';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS } from '../jobs/queue';
import { runExport } from '../modules/privacy/export.service';
import { LARGE_ADMIN } from './seed-large';

/**
 * `npm run bench:export`: exports the benchmark district (`npm run seed:large` first) as its admin would, through the
 * export job itself, and prints how long it took, the archive's size and the process's peak memory (RSS). The
 * archive, its row and the read audit it wrote are removed afterwards. Runs as the database owner, with the same
 * statements and claims as the worker.
 *
 * Then it checks the archive as a district would on receiving it: the whole archive's SHA-256 against the one
 * recorded, every file's SHA-256, size and line count against the manifest, and every table's row count against the
 * database's. It exits non-zero on any difference.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await resolveDatabase(config, logger);
  try {
    await migrateConfiguredDatabase(config, logger, db);
    const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 2, applicationName: 'throughline-bench-export' });
    await owner.initialize();
    try {
      // `-- --district=<slug>` exports another district (e.g. a demo one) through its first district admin.
      const slug = /^--district=(.+)$/.exec(process.argv.find((a) => a.startsWith('--district=')) ?? '')?.[1];
      const [admin] = slug
        ? await owner.query(
            `SELECT p.id, p.district_id, d.name FROM staff_member p JOIN district d ON d.id = p.district_id
               JOIN role_assignment r ON r.district_id = p.district_id AND r.staff_member_id = p.id AND r.role = 'DISTRICT_ADMIN'
              WHERE d.slug = $1 AND p.active ORDER BY p.email LIMIT 1`,
            [slug],
          )
        : await owner.query(
            `SELECT p.id, p.district_id, d.name FROM staff_member p JOIN district d ON d.id = p.district_id
              WHERE d.slug = 'metro-large' AND lower(p.email) = lower($1)`,
            [LARGE_ADMIN],
          );
      if (!admin)
        throw new Error(
          slug
            ? `no district "${slug}" with an active district admin`
            : 'the benchmark district is missing: run `npm run seed:large` first',
        );
      const [row] = await owner.transaction(async (m) => {
        await m.query(`SELECT set_config('app.district_id', $1, true)`, [admin.district_id]);
        await m.query(
          `UPDATE district_export SET status = 'FAILED', failure = 'Abandoned by a benchmark' WHERE district_id = $1 AND status = 'RUNNING'`,
          [admin.district_id],
        );
        return m.query(
          `INSERT INTO district_export (district_id, requested_by_kind, requested_by_id) VALUES ($1, 'STAFF', $2) RETURNING id`,
          [admin.district_id, admin.id],
        );
      });
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const started = process.hrtime.bigint();
      await runExport(
        { districtId: admin.district_id, exportId: row.id },
        {
          deps: { dataSource: owner, logger, webhooks: DEFAULT_WEBHOOK_SETTINGS, mail: DEFAULT_MAIL_SETTINGS },
          abortSignal: new AbortController().signal,
          attempts: 1,
        },
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
      peak = Math.max(peak, process.memoryUsage().rss);
      const verified = await verifyArchive(owner, admin.district_id, row.id);
      const [done] = await owner.transaction(async (m) => {
        await m.query(`SELECT set_config('app.district_id', $1, true)`, [admin.district_id]);
        const result = await m.query(
          `SELECT byte_size, files FROM district_export WHERE district_id = $1 AND id = $2`,
          [admin.district_id, row.id],
        );
        await m.query(`DELETE FROM confidential_read WHERE district_id = $1 AND request_id = $2`, [
          admin.district_id,
          `export:${row.id}`,
        ]);
        await m.query(`DELETE FROM district_export_chunk WHERE district_id = $1 AND export_id = $2`, [
          admin.district_id,
          row.id,
        ]);
        return result;
      });
      const rows = (done.files as { name: string; rows: number }[])
        .filter((f) => f.name.endsWith('.jsonl'))
        .reduce((sum, f) => sum + f.rows, 0);
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      process.stdout.write(
        [
          `Exported ${admin.name}: ${rows} rows in ${done.files.length} files`,
          `  time          ${seconds.toFixed(1)} s`,
          `  archive       ${mb(Number(done.byte_size))} MB`,
          `  peak RSS      ${mb(peak)} MB (before: ${mb(rssBefore)} MB; process max ${mb(process.resourceUsage().maxRSS * 1024)} MB)`,
          `  verified      archive SHA-256 ${verified.archiveOk ? 'matches' : 'DIFFERS'}; ${verified.files} files checked against the manifest; ${verified.tables} tables' row counts against the database`,
          ...verified.problems.map((p) => `  DIFFERENCE    ${p}`),
          '',
        ].join('\n'),
      );
      if (verified.problems.length > 0 || !verified.archiveOk) process.exitCode = 1;
    } finally {
      await owner.destroy();
    }
  } finally {
    await db.embedded?.stop();
  }
}

interface Verified {
  archiveOk: boolean;
  files: number;
  tables: number;
  problems: string[];
}

/**
 * Reads the archive back out of the database into a temporary file (a chunk at a time), then streams every entry
 * through SHA-256, comparing with the manifest, and each table's JSON Lines count with `count(*)` in the database.
 */
async function verifyArchive(owner: DataSource, districtId: string, exportId: string): Promise<Verified> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-bench-export-'));
  const file = path.join(dir, 'export.zip');
  const problems: string[] = [];
  try {
    const whole = createHash('sha256');
    const out = fs.createWriteStream(file);
    const [meta] = await owner.query(
      `SELECT sha256, (SELECT count(*)::int FROM district_export_chunk c WHERE c.district_id = e.district_id AND c.export_id = e.id) AS chunks
         FROM district_export e WHERE e.district_id = $1 AND e.id = $2`,
      [districtId, exportId],
    );
    for (let seq = 0; seq < meta.chunks; seq += 1) {
      const [chunk] = await owner.query(
        `SELECT data FROM district_export_chunk WHERE district_id = $1 AND export_id = $2 AND seq = $3`,
        [districtId, exportId, seq],
      );
      whole.update(chunk.data);
      if (!out.write(chunk.data)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    const archiveOk = whole.digest('hex') === meta.sha256;

    const seen = new Map<string, { sha256: string; bytes: number; lines: number }>();
    let manifestText = '';
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(file, { lazyEntries: true }, (error, z) => (error ? reject(error) : resolve(z!))),
    );
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (error, stream) => {
          if (error || !stream) return reject(error ?? new Error(`cannot read ${entry.fileName}`));
          const hash = createHash('sha256');
          let bytes = 0;
          let lines = 0;
          const keep = entry.fileName === 'manifest.json';
          stream.on('data', (data: Buffer) => {
            hash.update(data);
            bytes += data.length;
            for (let i = data.indexOf(10); i !== -1; i = data.indexOf(10, i + 1)) lines += 1;
            if (keep) manifestText += data.toString('utf8');
          });
          stream.on('error', reject);
          stream.on('end', () => {
            seen.set(entry.fileName, { sha256: hash.digest('hex'), bytes, lines });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
    zip.close();

    const manifest = JSON.parse(manifestText) as {
      files: { name: string; rows: number; bytes: number; sha256: string }[];
    };
    for (const f of manifest.files) {
      const got = seen.get(f.name);
      if (!got) problems.push(`${f.name}: in the manifest, not in the archive`);
      else if (got.sha256 !== f.sha256 || got.bytes !== f.bytes)
        problems.push(`${f.name}: SHA-256 or size differs from the manifest`);
      else if (f.name.endsWith('.jsonl') && got.lines !== f.rows)
        problems.push(`${f.name}: ${got.lines} lines, the manifest says ${f.rows}`);
    }
    let tables = 0;
    for (const f of manifest.files) {
      const match = /^tables\/(.+)\.jsonl$/.exec(f.name);
      if (!match) continue;
      tables += 1;
      const [{ n }] = await owner.query(
        `SELECT count(*)::int AS n FROM "${match[1].replace(/"/g, '""')}" WHERE district_id = $1`,
        [districtId],
      );
      // The export itself adds rows as it runs (its own read audit, its own export row): those tables are
      // compared as they stood when it began, which the manifest's count is; only fewer rows would be wrong.
      const grows = match[1] === 'confidential_read' || match[1] === 'district_export' || match[1] === 'audit_event';
      if (grows ? n < f.rows : n !== f.rows)
        problems.push(`${match[1]}: ${f.rows} rows exported, ${n} in the database`);
    }
    return { archiveOk, files: manifest.files.length, tables, problems };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench:export failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
