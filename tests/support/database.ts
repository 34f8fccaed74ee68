import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createAppDataSource } from '../../packages/api/src/server/data-source';
import { appUrlFrom } from '../../packages/api/src/db/bootstrap';
import { adminQuery, APP_ROLE, ENV, templateName, withDatabase } from '../setup/test-database';

export interface TestDatabase {
  name: string;
  /** The owner (superuser in tests): for arranging fixtures and inspecting what was written. */
  ownerUrl: string;
  /** The API's own role: owns nothing, cannot bypass row-level security. */
  appUrl: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, cloned from the run's migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env[ENV.adminUrl];
  const runId = process.env[ENV.runId];
  if (!adminUrl || !runId) throw new Error('the jest global setup did not run');
  const name = `tl_${runId}_${process.env.JEST_WORKER_ID ?? '0'}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name} TEMPLATE ${templateName(runId)}`);
  const ownerUrl = withDatabase(adminUrl, name);
  return {
    name,
    ownerUrl,
    appUrl: appUrlFrom(ownerUrl, APP_ROLE, process.env[ENV.appPassword] ?? null),
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export async function openDataSource(
  url: string,
  poolMax = 4,
  poolWaitMs?: number,
  statementCache = true,
): Promise<DataSource> {
  const ds = createAppDataSource({ url, poolMax, poolWaitMs, statementCache, applicationName: 'throughline-test' });
  await ds.initialize();
  return ds;
}
