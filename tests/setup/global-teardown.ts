import fs from 'node:fs';
import { adminQuery, ENV } from './test-database';

/** Stops the run's PgBouncer, drops every database of this run, and stops the embedded server if the setup started one. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[ENV.adminUrl];
  const runId = process.env[ENV.runId];
  const bouncer = (globalThis as Record<string, unknown>).__TL_PGBOUNCER__ as { stop(): Promise<void> } | undefined;
  await bouncer?.stop();
  const embedded = (globalThis as Record<string, unknown>).__TL_EMBEDDED__ as
    { pg: { stop(): Promise<void> }; dir: string } | undefined;
  if (embedded) {
    await embedded.pg.stop();
    fs.rmSync(embedded.dir, { recursive: true, force: true });
    return;
  }
  if (!adminUrl || !runId) return;
  const dbs = await adminQuery<{ datname: string }>(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [
    `tl\\_${runId}\\_%`,
  ]);
  for (const { datname } of dbs) {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  }
}
