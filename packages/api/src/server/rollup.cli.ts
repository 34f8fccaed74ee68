import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from './platform';
import { createAppDataSource } from './data-source';
import { rebuildRollups, rollupDistricts, verifyRollups } from '../modules/analytics/rollup';

/**
 * `npm run rollup:verify` recomputes every district's funnel rollups from the raw rows (in a transaction it rolls
 * back) and prints each difference; it exits 1 when there is one. `npm run rollup:rebuild` recomputes and keeps them.
 * Either takes district slugs as arguments to limit it to those. Through the owner's connection (DATABASE_URL, or
 * the embedded database), each district under its own row-level security.
 */
async function main(): Promise<void> {
  const [command, ...slugs] = process.argv.slice(2);
  if (command !== 'verify' && command !== 'rebuild') throw new Error('usage: rollup.cli.js verify|rebuild [slug...]');
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await resolveDatabase(config, logger);
  let failed = false;
  try {
    await migrateConfiguredDatabase(config, logger, db);
    const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-rollup' });
    await owner.initialize();
    try {
      const districts = (await rollupDistricts(owner)).filter((d) => slugs.length === 0 || slugs.includes(d.slug));
      for (const d of districts) {
        const started = Date.now();
        if (command === 'rebuild') {
          await rebuildRollups(owner, d.id);
          process.stdout.write(`${d.slug}: rebuilt in ${Date.now() - started} ms\n`);
          continue;
        }
        const differences = await verifyRollups(owner, d.id);
        process.stdout.write(
          `${d.slug}: ${differences.length === 0 ? 'rollups match the raw rows' : `${differences.length} difference(s)`} (${Date.now() - started} ms)\n`,
        );
        for (const x of differences.slice(0, 20))
          process.stdout.write(
            `  ${x.table} ${x.key}\n    stored:     ${JSON.stringify(x.stored)}\n    recomputed: ${JSON.stringify(x.recomputed)}\n`,
          );
        failed ||= differences.length > 0;
      }
    } finally {
      await owner.destroy();
    }
  } finally {
    await db.embedded?.stop();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`rollup failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
