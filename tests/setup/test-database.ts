import { Client } from 'pg';

/** Environment the global setup hands to every worker. */
export const ENV = {
  adminUrl: 'TL_TEST_ADMIN_URL',
  runId: 'TL_TEST_RUN_ID',
  appPassword: 'TL_TEST_APP_PASSWORD',
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
