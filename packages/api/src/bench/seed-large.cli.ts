import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from '../server/platform';
import { createAppDataSource } from '../server/data-source';
import { seedLarge, LARGE_ADMIN } from './seed-large';

/** `npm run seed:large`: one large district for benchmarks, in the embedded database or DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await resolveDatabase(config, logger);
  try {
    await migrateConfiguredDatabase(config, logger, db);
    const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-seed-large' });
    await owner.initialize();
    try {
      const { created, timings, seconds } = await seedLarge(owner, logger);
      const counts = await owner.query(`
        SELECT (SELECT count(*) FROM school s JOIN district d ON d.id = s.district_id WHERE d.slug = 'metro-large')::int AS schools,
               (SELECT count(*) FROM staff_member s JOIN district d ON d.id = s.district_id WHERE d.slug = 'metro-large')::int AS staff,
               (SELECT count(*) FROM learning_conversation s JOIN district d ON d.id = s.district_id WHERE d.slug = 'metro-large')::int AS conversations,
               (SELECT count(*) FROM conversation_session s JOIN district d ON d.id = s.district_id WHERE d.slug = 'metro-large')::int AS sessions,
               (SELECT count(*) FROM action_item s JOIN district d ON d.id = s.district_id WHERE d.slug = 'metro-large')::int AS actions`);
      process.stdout.write(
        `${created ? `Created in ${seconds} s` : 'Already present'}: Metro Large District ${JSON.stringify(counts[0])}\n` +
          (timings ?? []).map((t) => `  ${t.step.padEnd(22)} ${(t.ms / 1000).toFixed(1).padStart(6)} s\n`).join('') +
          `Sign in as ${LARGE_ADMIN} / throughline-demo\n`,
      );
    } finally {
      await owner.destroy();
    }
  } finally {
    await db.embedded?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`seed:large failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
