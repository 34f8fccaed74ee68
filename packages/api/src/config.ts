import path from 'node:path';
import { Limits } from '@throughline/shared';

/**
 * Every environment variable the API reads, in one place, validated, with its default.
 * Nothing else in the code reads process.env.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Owner connection: runs migrations. Unset means the embedded PostgreSQL below. */
  databaseUrl: string | null;
  /** The API's own login role (owns nothing, cannot bypass row-level security). */
  databaseAppUrl: string | null;
  databaseAppRole: string;
  databaseAppPassword: string | null;
  databasePoolMax: number;
  /** How long a request waits for a pooled connection before it is answered 503 with Retry-After. */
  databasePoolWaitMs: number;
  /** The whole request's budget: statements are cancelled past it (statement_timeout) and none starts after it. */
  requestDeadlineMs: number;
  /** How long SIGTERM lets requests in flight finish; unset means the request deadline plus 5 s. */
  shutdownDrainMs: number | null;
  /** How many requests of one caller (a person, a client, an anonymous address) run at once on this instance. */
  callerConcurrency: number;
  /** Whether start-up may create the API role and grant it rights (needs CREATEROLE on the owner). */
  databaseProvisionRoles: boolean;
  dataDir: string;
  embeddedPgPort: number;
  jwtIssuer: string;
  jwtAudience: string;
  /** Private JWKs as JSON: the first signs, all are published. Unset means generated and kept in dataDir. */
  jwtSigningKeys: string | null;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  demo: boolean | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  adminDistDir: string;
  /** Introspection and "Did you mean …" suggestions in errors (GRAPHQL_INTROSPECTION; default: off in production). */
  graphqlIntrospection: boolean;
  /** Express `trust proxy` (TRUST_PROXY): whose X-Forwarded-For/-Proto/-Host to believe. Default: nobody's. */
  trustProxy: boolean | number | string[];
  /** Origins besides the server's own allowed to send cookie-carrying requests to /graphql (ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Query points a signed-in person (or client) may spend per hour, across every instance. */
  rateLimitPointsPerHour: number;
  /** Query points requests without a token may spend per hour, per client address. */
  rateLimitAnonymousPointsPerHour: number;
  /** Keep the hourly budgets in this Redis (REDIS_URL) instead of PostgreSQL. */
  redisUrl: string | null;
  /** Run the job worker inside `npm start` (JOB_WORKER, default on); `npm run worker` runs it alone. */
  jobWorker: boolean;
  /** A direct (session) connection for the job worker, which LISTENs: needed when DATABASE_APP_URL is a PgBouncer. */
  databaseDirectUrl: string | null;
  /** Jobs one worker runs at once (JOB_CONCURRENCY). */
  jobConcurrency: number;
  /** How long one webhook delivery may take (WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
  /** The public origin people reach the portal at (PUBLIC_URL): single sign-on's redirect URI is built on it. */
  publicUrl: string | null;
  /** SMTP_URL: where mail is sent (smtp:// or smtps://, nodemailer); null: kept in the outbox (modules/mail). */
  smtpUrl: string | null;
  /** MAIL_FROM: the From address of mail. */
  mailFrom: string | null;
  /** 32 bytes (SECRETS_KEY, base64 or hex) sealing secrets kept for later use, such as identity providers'. */
  secretsKey: Buffer | null;
  /** Bearer token that GET /metrics on the API's port requires (METRICS_TOKEN); unset: /metrics is not served there. */
  metricsToken: string | null;
  /** A separate port serving /metrics (and /healthz) without a token (METRICS_PORT), for Prometheus inside the cluster. */
  metricsPort: number | null;
  /** OTLP/HTTP endpoint traces are exported to (OTEL_EXPORTER_OTLP_ENDPOINT); unset: no tracing. */
  otelEndpoint: string | null;
  /** The service name traces carry (OTEL_SERVICE_NAME, default throughline). */
  otelServiceName: string;
}

export class ConfigError extends Error {}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1/0, true/false, yes/no or on/off`);
}

function str(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

function trustProxy(env: NodeJS.ProcessEnv): Config['trustProxy'] {
  const raw = str(env, 'TRUST_PROXY');
  if (raw === null) return false;
  if (/^\d+$/.test(raw)) return int(env, 'TRUST_PROXY', 0, 0, 20);
  if (/^(true|false|yes|no|on|off)$/i.test(raw)) return bool(env, 'TRUST_PROXY') ?? false;
  const list = raw.split(',').map((s) => s.trim());
  if (list.some((s) => !/^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i.test(s))) {
    throw new ConfigError(
      'TRUST_PROXY must be true/false, a number of hops, or a comma-separated list of proxy addresses/subnets',
    );
  }
  return list;
}

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  return (str(env, name) ?? '')
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean)
    .map((s) => {
      let url: URL | null = null;
      try {
        url = new URL(s);
      } catch {
        // reported below
      }
      if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== s.toLowerCase()) {
        throw new ConfigError(`${name} must be a comma-separated list of origins such as https://portal.example.org`);
      }
      return url.origin;
    });
}

function publicUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = str(env, 'PUBLIC_URL');
  if (raw === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== raw.replace(/\/$/, '').toLowerCase()) {
    throw new ConfigError('PUBLIC_URL must be an origin such as https://throughline.example.org');
  }
  return url.origin;
}

function smtpUrl(env: NodeJS.ProcessEnv): string | null {
  const url = str(env, 'SMTP_URL');
  if (url && !/^smtps?:\/\/[^\s]+$/.test(url)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL');
  return url;
}

function secretsKey(env: NodeJS.ProcessEnv): Buffer | null {
  const raw = str(env, 'SECRETS_KEY');
  if (raw === null) return null;
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ConfigError('SECRETS_KEY must be 32 bytes, as 64 hex digits or in base64');
  return key;
}

function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const token = str(env, 'METRICS_TOKEN');
  if (token && !/^[\x21-\x7e]{16,512}$/.test(token)) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 512 printable characters without spaces');
  }
  return token;
}

function otelEndpoint(env: NodeJS.ProcessEnv): string | null {
  const raw = str(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (raw === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new ConfigError('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL (an OTLP/HTTP receiver)');
  }
  return raw.replace(/\/+$/, '');
}

function redisUrl(env: NodeJS.ProcessEnv): string | null {
  const url = str(env, 'REDIS_URL');
  if (url && !/^rediss?:\/\//.test(url)) throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  return url;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = (str(env, 'NODE_ENV') ?? 'development') as Config['env'];
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV must be development, production or test');
  }
  const logLevel = (str(env, 'LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL must be debug, info, warn, error or silent');
  }
  const databaseUrl = str(env, 'DATABASE_URL');
  for (const name of ['DATABASE_URL', 'DATABASE_APP_URL', 'DATABASE_DIRECT_URL']) {
    const url = str(env, name);
    if (url && !/^postgres(ql)?:\/\//.test(url)) throw new ConfigError(`${name} must be a postgres:// URL`);
  }
  const jwtSigningKeys = str(env, 'JWT_SIGNING_KEYS');
  if (nodeEnv === 'production' && databaseUrl && !jwtSigningKeys) {
    throw new ConfigError('JWT_SIGNING_KEYS is required in production');
  }
  const appRole = str(env, 'DATABASE_APP_ROLE') ?? 'throughline_api';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(appRole))
    throw new ConfigError('DATABASE_APP_ROLE must be a lower-case SQL identifier');
  return {
    env: nodeEnv,
    host: str(env, 'HOST') ?? '0.0.0.0',
    port: int(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    databaseAppUrl: str(env, 'DATABASE_APP_URL'),
    databaseAppRole: appRole,
    databaseAppPassword: str(env, 'DATABASE_APP_PASSWORD'),
    databasePoolMax: int(env, 'DATABASE_POOL_MAX', 10, 1, 500),
    databasePoolWaitMs: int(env, 'DATABASE_POOL_WAIT_MS', 5_000, 100, 60_000),
    requestDeadlineMs: int(env, 'REQUEST_DEADLINE_MS', 15_000, 100, 300_000),
    callerConcurrency: int(env, 'CALLER_CONCURRENCY', 4, 1, 500),
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS ? int(env, 'SHUTDOWN_DRAIN_MS', 20_000, 0, 600_000) : null,
    databaseProvisionRoles: bool(env, 'DATABASE_PROVISION_ROLES') ?? true,
    dataDir: path.resolve(PROJECT_ROOT, str(env, 'DATA_DIR') ?? '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    jwtIssuer: str(env, 'JWT_ISSUER') ?? 'throughline',
    jwtAudience: str(env, 'JWT_AUDIENCE') ?? 'throughline-api',
    jwtSigningKeys,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 900),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 24 * 3600, 300, 90 * 24 * 3600),
    demo: bool(env, 'DEMO'),
    logLevel,
    adminDistDir: path.resolve(PROJECT_ROOT, 'packages', 'admin', 'dist'),
    graphqlIntrospection: bool(env, 'GRAPHQL_INTROSPECTION') ?? nodeEnv !== 'production',
    trustProxy: trustProxy(env),
    allowedOrigins: origins(env, 'ALLOWED_ORIGINS'),
    rateLimitPointsPerHour: int(env, 'RATE_LIMIT_POINTS_PER_HOUR', Limits.RATE_LIMIT_POINTS_PER_HOUR, 1, 1_000_000_000),
    rateLimitAnonymousPointsPerHour: int(
      env,
      'RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR',
      Limits.RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR,
      1,
      1_000_000_000,
    ),
    redisUrl: redisUrl(env),
    jobWorker: bool(env, 'JOB_WORKER') ?? true,
    databaseDirectUrl: str(env, 'DATABASE_DIRECT_URL'),
    jobConcurrency: int(env, 'JOB_CONCURRENCY', 4, 1, 100),
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1_000, 60_000),
    publicUrl: publicUrl(env),
    smtpUrl: smtpUrl(env),
    mailFrom: str(env, 'MAIL_FROM'),
    secretsKey: secretsKey(env),
    metricsToken: metricsToken(env),
    metricsPort: str(env, 'METRICS_PORT') ? int(env, 'METRICS_PORT', 0, 1, 65535) : null,
    otelEndpoint: otelEndpoint(env),
    otelServiceName: str(env, 'OTEL_SERVICE_NAME') ?? 'throughline',
  };
}
