import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { migrateConfiguredDatabase, resolveDatabase } from './platform';

/** `npm run migrate`: applies pending migrations (embedded database by default, or DATABASE_URL) and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const db = await resolveDatabase(config, logger);
  try {
    const applied = await migrateConfiguredDatabase(config, logger, db);
    process.stdout.write(
      applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Database is up to date\n',
    );
  } finally {
    await db.embedded?.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`Migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
