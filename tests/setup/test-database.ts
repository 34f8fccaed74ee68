import { Client } from 'pg';

/** Environment the global setup hands to every worker. */
export const ENV = {
  adminUrl: 'TL_TEST_ADMIN_URL',
  runId: 'TL_TEST_RUN_ID',
  appPassword: 'TL_TEST_APP_PASSWORD',
  /** host:port of the run's PgBouncer (transaction pooling, in front of the same server); unset without one. */
  pgbouncer: 'TL_TEST_PGBOUNCER',
  /** Why the PgBouncer found on this machine did not start, for the suite that needs it to say. */
  pgbouncerError: 'TL_TEST_PGBOUNCER_ERROR',
} as const;

export const APP_ROLE = 'throughline_api';

export function templateName(runId: string): string {
  return `tl_${runId}_tpl`;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery<T = unknown>(adminUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
