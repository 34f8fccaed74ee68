import { Client } from 'pg';
import Redis from 'ioredis';
import nodemailer from 'nodemailer';
import { CONFIG_VARIABLES, type Config } from '../config';
import { appUrlFrom } from '../db/bootstrap';

/**
 * `--check` (`npm start -- --check`, `node packages/api/dist/main.js --check`): the configuration is valid (or start
 * would have said which variable is not, exit 2); prints its effective values without secrets, then tries every
 * connection it names — the database as owner and as the API role, the read replica with its lag, the direct
 * connection of the job worker, Redis, SMTP — one line each. Exit 0 when every check passes, 1 otherwise. It starts
 * no server, applies no migration and writes nothing.
 */
export interface CheckResult {
  ok: boolean;
  lines: string[];
}

const TIMEOUT_MS = 5_000;
/** Variables whose whole value is secret: said to be set, never shown. */
const SECRET = new Set(['DATABASE_APP_PASSWORD', 'JWT_SIGNING_KEYS', 'SECRETS_KEY', 'METRICS_TOKEN']);
/** URL variables: shown with any password replaced. */
const URLS = new Set([
  'DATABASE_URL',
  'DATABASE_APP_URL',
  'DATABASE_DIRECT_URL',
  'DATABASE_READ_URL',
  'REDIS_URL',
  'SMTP_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
]);

/** A URL with its password (and any query string, which may carry one) hidden. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    if (url.search) url.search = '?…';
    return url.toString();
  } catch {
    return '(not a URL)';
  }
}

/** `NAME=value` for every variable that is set, secrets hidden; unset ones are summed up as using their defaults. */
export function effectiveConfiguration(env: NodeJS.ProcessEnv): string[] {
  const lines: string[] = [];
  const unset: string[] = [];
  for (const name of CONFIG_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) {
      unset.push(name);
      continue;
    }
    lines.push(`  ${name}=${SECRET.has(name) ? '(set, hidden)' : URLS.has(name) ? redactUrl(value) : value}`);
  }
  lines.push(`  defaults for: ${unset.join(', ')}`);
  return lines;
}

/** One line of an error, whatever threw it (an AggregateError of several addresses has no message of its own). */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  const nested = error instanceof AggregateError ? error.errors.map(reason).join('; ') : '';
  const message = error.message.split('\n').filter(Boolean).join(' ').trim() || nested || error.name;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function where(url: string): string {
  try {
    const u = new URL(url);
    return `${decodeURIComponent(u.username) || '(default user)'}@${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: TIMEOUT_MS,
    statement_timeout: TIMEOUT_MS,
    application_name: 'throughline-check',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`${what} did not answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS)),
    ),
  ]).finally(() => clearTimeout(timer));
}

export async function checkConfiguration(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<CheckResult> {
  const lines = [
    'Configuration is valid. Effective settings (secrets hidden):',
    ...effectiveConfiguration(env),
    // No variable: the key is derived where it is used (modules/mail/unsubscribe-token.ts); never printed.
    `  mail unsubscribe links: ${config.publicUrl ? 'signed (HMAC-SHA256) with a key derived (HKDF) from the database’s own secret; nothing to set' : 'none (PUBLIC_URL is unset: mail carries no links)'}`,
    '',
  ];
  let ok = true;
  const check = async (label: string, run: () => Promise<string>) => {
    try {
      lines.push(`ok    ${label}: ${await run()}`);
    } catch (error) {
      ok = false;
      lines.push(`FAIL  ${label}: ${reason(error)}`);
    }
  };

  if (!config.databaseUrl) {
    lines.push(
      `ok    database: embedded PostgreSQL in ${config.dataDir} (started by the server; set DATABASE_URL to check one of your own)`,
    );
  } else {
    const ownerUrl = config.databaseUrl;
    let primaryReachable = false;
    await check('database (DATABASE_URL, owner)', () =>
      withClient(ownerUrl, async (client) => {
        const [row] = (await client.query(`SELECT current_setting('server_version') AS version`)).rows;
        primaryReachable = true;
        return `${where(ownerUrl)}, PostgreSQL ${row.version}`;
      }),
    );
    const appUrl =
      config.databaseAppUrl ?? appUrlFrom(ownerUrl, config.databaseAppRole, config.databaseAppPassword ?? null);
    const appLabel = `API role (${config.databaseAppUrl ? 'DATABASE_APP_URL' : 'DATABASE_APP_ROLE'})`;
    await check(appLabel, () =>
      withClient(appUrl, async (client) => {
        const [row] = (await client.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`))
          .rows;
        if (row?.rolsuper || row?.rolbypassrls) {
          throw new Error(`${where(appUrl)} is a superuser or bypasses row-level security: the server refuses it`);
        }
        return `${where(appUrl)}, restricted by row-level security`;
      }).catch((error: unknown) => {
        // A first start creates the role (DATABASE_PROVISION_ROLES): not there yet is what a new database looks like.
        const missing = (error as { code?: string }).code === '28000' && /does not exist/.test(String(error));
        if (missing && primaryReachable && config.databaseProvisionRoles && !config.databaseAppUrl) {
          return `${config.databaseAppRole} does not exist yet: start-up creates it (DATABASE_PROVISION_ROLES)`;
        }
        throw error;
      }),
    );
    if (config.databaseDirectUrl) {
      const directUrl = config.databaseDirectUrl;
      await check('job worker connection (DATABASE_DIRECT_URL)', () =>
        withClient(directUrl, async (client) => {
          await client.query('SELECT 1');
          return where(directUrl);
        }),
      );
    }
    if (config.databaseReadUrl) {
      const readUrl = config.databaseReadUrl;
      await check('read replica (DATABASE_READ_URL)', () =>
        withClient(readUrl, async (client) => {
          const [row] = (
            await client.query(
              `SELECT pg_is_in_recovery() AS standby,
                      (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::float8 AS since_replay_ms`,
            )
          ).rows;
          if (!row.standby) return `${where(readUrl)}, not a standby (reads there are as fresh as the primary)`;
          const lag =
            row.since_replay_ms === null
              ? 'no transaction replayed yet'
              : `${Math.round(row.since_replay_ms)} ms since the last replayed transaction`;
          return `${where(readUrl)}, streaming standby, ${lag} (bound DATABASE_READ_MAX_LAG_MS=${config.databaseReadMaxLagMs}; analytics read the primary while it is further behind)`;
        }),
      );
    }
  }

  if (config.redisUrl) {
    const redisUrl = config.redisUrl;
    await check('budgets in Redis (REDIS_URL)', async () => {
      const redis = new Redis(redisUrl, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        connectTimeout: TIMEOUT_MS,
        retryStrategy: () => null,
      });
      // The connection's own error says more than the command's "Connection is closed".
      let cause: unknown = null;
      redis.on('error', (error) => (cause ??= error));
      try {
        await withTimeout(redis.connect(), 'Redis');
        await withTimeout(redis.ping(), 'Redis');
        return redactUrl(redisUrl);
      } catch (error) {
        throw cause ?? error;
      } finally {
        redis.disconnect();
      }
    });
  }
  if (config.smtpUrl) {
    const smtpUrl = config.smtpUrl;
    await check('mail (SMTP_URL)', async () => {
      const transport = nodemailer.createTransport(smtpUrl);
      try {
        await withTimeout(transport.verify(), 'the SMTP server');
        return redactUrl(smtpUrl);
      } finally {
        transport.close();
      }
    });
  }
  lines.push(ok ? 'All checks passed.' : 'Some checks failed.');
  return { ok, lines };
}
