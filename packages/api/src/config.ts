import path from 'node:path';
import { z } from 'zod';
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
  /** Named statements for the funnel's rollup statements (DATABASE_STATEMENT_CACHE; off behind PgBouncer < 1.21). */
  databaseStatementCache: boolean;
  /**
   * A read replica for analytics (DATABASE_READ_URL: the API role on a streaming replica, or its PgBouncer pool);
   * null: every read stays on the primary.
   */
  databaseReadUrl: string | null;
  /** How stale the replica may be before analytics read the primary instead (DATABASE_READ_MAX_LAG_MS). */
  databaseReadMaxLagMs: number;
  /** How long a request waits for a pooled connection before it is answered 503 with Retry-After. */
  databasePoolWaitMs: number;
  /** The whole request's budget: statements are cancelled past it (statement_timeout) and none starts after it. */
  requestDeadlineMs: number;
  /** How long SIGTERM lets requests in flight finish; unset means the request deadline plus 5 s. */
  shutdownDrainMs: number | null;
  /**
   * After SIGTERM, how long the instance keeps accepting while /readyz answers 503 (SHUTDOWN_DELAY_MS, default 0), so a
   * load balancer polling readiness takes it out first. Kubernetes' preStop sleep does the same for its endpoints.
   */
  shutdownDelayMs: number;
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

/** Bad settings: one line per variable, each naming it and what it must be (`lines`, also joined in `message`). */
export class ConfigError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/*
 * The environment is validated with zod: one schema per variable, its message said after the variable's name. A
 * variable set to nothing (or spaces) counts as unset and takes its default.
 */
const integerIn = (min: number, max: number) => {
  const error = `must be an integer from ${min} to ${max}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const integer = (fallback: number, min: number, max: number) => integerIn(min, max).default(fallback);
const optionalInteger = (min: number, max: number) => integerIn(min, max).optional();
const BOOL_ERROR = 'must be 1/0, true/false, yes/no or on/off';
const boolean = () =>
  z
    .stringbool({ truthy: ['1', 'true', 'yes', 'on'], falsy: ['0', 'false', 'no', 'off'], error: BOOL_ERROR })
    .optional();
const text = () => z.string().optional();
const urlWith = (scheme: RegExp, error: string) => z.string().regex(scheme, { error }).optional();
const postgresUrl = () => urlWith(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');

function parsedUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** An http(s) origin, as given (a trailing slash allowed); its canonical form. */
function originOf(raw: string): string | null {
  const url = parsedUrl(raw);
  const given = raw.replace(/\/$/, '');
  return url && ['http:', 'https:'].includes(url.protocol) && url.origin === given.toLowerCase() ? url.origin : null;
}

const TRUST_PROXY_ERROR = 'must be true/false, a number of hops, or a comma-separated list of proxy addresses/subnets';
const trustProxySchema = z
  .string()
  .optional()
  .transform((raw, ctx): Config['trustProxy'] => {
    if (raw === undefined) return false;
    if (/^\d+$/.test(raw)) {
      const hops = Number(raw);
      if (hops <= 20) return hops;
      ctx.addIssue({ code: 'custom', message: 'must be an integer from 0 to 20' });
      return z.NEVER;
    }
    if (/^(true|yes|on)$/i.test(raw)) return true;
    if (/^(false|no|off)$/i.test(raw)) return false;
    const list = raw.split(',').map((s) => s.trim());
    if (list.some((s) => !/^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i.test(s))) {
      ctx.addIssue({ code: 'custom', message: TRUST_PROXY_ERROR });
      return z.NEVER;
    }
    return list;
  });

const originsSchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const origins = (raw ?? '')
      .split(',')
      .map((s) => s.trim().replace(/\/$/, ''))
      .filter(Boolean)
      .map(originOf);
    if (origins.some((o) => o === null)) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a comma-separated list of origins such as https://portal.example.org',
      });
      return z.NEVER;
    }
    return origins as string[];
  });

const publicUrlSchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined) return null;
    const origin = originOf(raw);
    if (origin === null) {
      ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://throughline.example.org' });
      return z.NEVER;
    }
    return origin;
  });

const secretsKeySchema = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    if (raw === undefined) return null;
    const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, as 64 hex digits or in base64' });
      return z.NEVER;
    }
    return key;
  });

const otelEndpointSchema = z
  .string()
  .refine((raw) => ['http:', 'https:'].includes(parsedUrl(raw)?.protocol ?? ''), {
    error: 'must be an http:// or https:// URL (an OTLP/HTTP receiver)',
  })
  .transform((raw) => raw.replace(/\/+$/, ''))
  .optional();

/** Every variable the API reads, with its schema. */
const environmentSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
      .default('development'),
    LOG_LEVEL: z
      .enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'must be debug, info, warn, error or silent' })
      .default('info'),
    HOST: text(),
    PORT: integer(4000, 0, 65535),
    DATABASE_URL: postgresUrl(),
    DATABASE_APP_URL: postgresUrl(),
    DATABASE_DIRECT_URL: postgresUrl(),
    DATABASE_READ_URL: postgresUrl(),
    DATABASE_READ_MAX_LAG_MS: integer(5_000, 0, 3_600_000),
    DATABASE_APP_ROLE: z
      .string()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, { error: 'must be a lower-case SQL identifier' })
      .default('throughline_api'),
    DATABASE_APP_PASSWORD: text(),
    DATABASE_POOL_MAX: integer(10, 1, 500),
    DATABASE_POOL_WAIT_MS: integer(5_000, 100, 60_000),
    DATABASE_STATEMENT_CACHE: boolean(),
    DATABASE_PROVISION_ROLES: boolean(),
    REQUEST_DEADLINE_MS: integer(15_000, 100, 300_000),
    CALLER_CONCURRENCY: integer(4, 1, 500),
    SHUTDOWN_DRAIN_MS: optionalInteger(0, 600_000),
    SHUTDOWN_DELAY_MS: integer(0, 0, 120_000),
    DATA_DIR: text(),
    EMBEDDED_PG_PORT: integer(54329, 1, 65535),
    JWT_ISSUER: text(),
    JWT_AUDIENCE: text(),
    JWT_SIGNING_KEYS: text(),
    ACCESS_TOKEN_TTL_SECONDS: integer(900, 30, 900),
    REFRESH_TOKEN_TTL_SECONDS: integer(30 * 24 * 3600, 300, 90 * 24 * 3600),
    DEMO: boolean(),
    GRAPHQL_INTROSPECTION: boolean(),
    TRUST_PROXY: trustProxySchema,
    ALLOWED_ORIGINS: originsSchema,
    RATE_LIMIT_POINTS_PER_HOUR: integer(Limits.RATE_LIMIT_POINTS_PER_HOUR, 1, 1_000_000_000),
    RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR: integer(Limits.RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR, 1, 1_000_000_000),
    REDIS_URL: urlWith(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    JOB_WORKER: boolean(),
    JOB_CONCURRENCY: integer(4, 1, 100),
    WEBHOOK_TIMEOUT_MS: integer(10_000, 1_000, 60_000),
    PUBLIC_URL: publicUrlSchema,
    SMTP_URL: urlWith(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL'),
    MAIL_FROM: text(),
    SECRETS_KEY: secretsKeySchema,
    METRICS_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{16,512}$/, { error: 'must be 16 to 512 printable characters without spaces' })
      .optional(),
    METRICS_PORT: optionalInteger(1, 65535),
    OTEL_EXPORTER_OTLP_ENDPOINT: otelEndpointSchema,
    OTEL_SERVICE_NAME: text(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.DATABASE_URL && !env.JWT_SIGNING_KEYS) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SIGNING_KEYS'], message: 'is required in production' });
    }
  });

/** The variables loadConfig reads (for `--check`, which shows their effective values). */
export const CONFIG_VARIABLES = Object.keys(environmentSchema.shape) as (keyof typeof environmentSchema.shape)[];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Unset, empty and blank are the same: the default.
  const given: Record<string, string | undefined> = {};
  for (const name of CONFIG_VARIABLES) {
    const raw = env[name]?.trim();
    given[name] = raw === undefined || raw === '' ? undefined : raw;
  }
  const parsed = environmentSchema.safeParse(given);
  if (!parsed.success) {
    const lines = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'configuration');
      // One line per variable: its first complaint.
      if (!lines.has(name)) lines.set(name, `${name} ${issue.message}`);
    }
    throw new ConfigError([...lines.values()]);
  }
  const e = parsed.data;
  return {
    env: e.NODE_ENV,
    host: e.HOST ?? '0.0.0.0',
    port: e.PORT,
    databaseUrl: e.DATABASE_URL ?? null,
    databaseAppUrl: e.DATABASE_APP_URL ?? null,
    databaseAppRole: e.DATABASE_APP_ROLE,
    databaseAppPassword: e.DATABASE_APP_PASSWORD ?? null,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databaseReadUrl: e.DATABASE_READ_URL ?? null,
    databaseReadMaxLagMs: e.DATABASE_READ_MAX_LAG_MS,
    databasePoolWaitMs: e.DATABASE_POOL_WAIT_MS,
    databaseStatementCache: e.DATABASE_STATEMENT_CACHE ?? true,
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    callerConcurrency: e.CALLER_CONCURRENCY,
    shutdownDrainMs: e.SHUTDOWN_DRAIN_MS ?? null,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    databaseProvisionRoles: e.DATABASE_PROVISION_ROLES ?? true,
    dataDir: path.resolve(PROJECT_ROOT, e.DATA_DIR ?? '.data'),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    jwtIssuer: e.JWT_ISSUER ?? 'throughline',
    jwtAudience: e.JWT_AUDIENCE ?? 'throughline-api',
    jwtSigningKeys: e.JWT_SIGNING_KEYS ?? null,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    demo: e.DEMO ?? null,
    logLevel: e.LOG_LEVEL,
    adminDistDir: path.resolve(PROJECT_ROOT, 'packages', 'admin', 'dist'),
    graphqlIntrospection: e.GRAPHQL_INTROSPECTION ?? e.NODE_ENV !== 'production',
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: e.ALLOWED_ORIGINS,
    rateLimitPointsPerHour: e.RATE_LIMIT_POINTS_PER_HOUR,
    rateLimitAnonymousPointsPerHour: e.RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR,
    redisUrl: e.REDIS_URL ?? null,
    jobWorker: e.JOB_WORKER ?? true,
    databaseDirectUrl: e.DATABASE_DIRECT_URL ?? null,
    jobConcurrency: e.JOB_CONCURRENCY,
    webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
    publicUrl: e.PUBLIC_URL,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? null,
    secretsKey: e.SECRETS_KEY,
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsPort: e.METRICS_PORT ?? null,
    otelEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
    otelServiceName: e.OTEL_SERVICE_NAME ?? 'throughline',
  };
}
