import 'reflect-metadata';
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
      const [admin] = await owner.query(
        `SELECT p.id, p.district_id FROM staff_member p JOIN district d ON d.id = p.district_id
          WHERE d.slug = 'metro-large' AND lower(p.email) = lower($1)`,
        [LARGE_ADMIN],
      );
      if (!admin) throw new Error('the benchmark district is missing: run `npm run seed:large` first');
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
          `Exported Metro Large District: ${rows} rows in ${done.files.length} files`,
          `  time          ${seconds.toFixed(1)} s`,
          `  archive       ${mb(Number(done.byte_size))} MB`,
          `  peak RSS      ${mb(peak)} MB (before: ${mb(rssBefore)} MB; process max ${mb(process.resourceUsage().maxRSS * 1024)} MB)`,
          '',
        ].join('\n'),
      );
    } finally {
      await owner.destroy();
    }
  } finally {
    await db.embedded?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`bench:export failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
