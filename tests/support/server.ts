import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { createHttpApp, type HttpApp } from '../../packages/api/src/server/app';
import { generateSigningJwk, keySetFromJwks, type KeySet } from '../../packages/api/src/auth/keys';
import { createLogger } from '../../packages/api/src/logger';
import { seedDemo } from '../../packages/api/src/demo/seed-demo';
import { DEMO_PASSWORD } from '../../packages/api/src/demo/demo-data';
import type { TokenSettings } from '../../packages/api/src/auth/tokens';
import { randomBytes } from 'node:crypto';
import type { RateLimitSettings, RequestLimits, SsoSettings } from '../../packages/api/src/graphql/context';
import { loadConfig } from '../../packages/api/src/config';
import { httpPostureFrom } from '../../packages/api/src/http/posture';
import { createTestDatabase, openDataSource, type TestDatabase } from './database';
import { startJobWorker } from '../../packages/api/src/server/jobs';
import type { JobRunner, MailSettings, WebhookSettings } from '../../packages/api/src/jobs/queue';
import type { Metrics } from '../../packages/api/src/http/metrics';
import { ReadReplica } from '../../packages/api/src/db/read-replica';
import { createAppDataSource } from '../../packages/api/src/server/data-source';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; fields?: { field: string; message: string }[] } & Record<string, unknown>;
  }[];
}

export interface TestServer {
  url: string;
  db: TestDatabase;
  /** Owner connection: arranges fixtures and checks what was (not) written, bypassing the API. */
  owner: DataSource;
  /** The API's own pool. */
  app: DataSource;
  keys: KeySet;
  tokens: TokenSettings;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphQLResponse<T>>;
  signIn(email: string, password?: string): Promise<{ accessToken: string; refreshToken: string }>;
  /** Starts a job worker on this server's database (another instance's, after stopWorker(): a restart). */
  startWorker(): Promise<void>;
  /** Stops the worker gracefully: jobs in hand finish, or are released after its short abort delay. */
  stopWorker(): Promise<void>;
  /** Resolves once the COMMITs that follow answers already sent have ended (gql waits for them itself). */
  settled(): Promise<void>;
  close(): Promise<void>;
  /** Stops at once, as a crashed instance does: every connection dropped, requests in flight never answered. */
  kill(): Promise<void>;
  /** The read replica, when one was given (options.readReplica). */
  readReplica: ReadReplica | null;
}

export const TEST_TOKENS: TokenSettings = {
  issuer: 'throughline-test',
  audience: 'throughline-test-api',
  accessTokenTtlSeconds: 900,
};

/**
 * The real API over real HTTP on a free port, on a fresh database of its own with the demo districts seeded.
 */
export interface TestServerOptions {
  poolMax?: number;
  /** Named statements for the funnel's rollup statements (DATABASE_STATEMENT_CACHE; default on): off through PgBouncer. */
  statementCache?: boolean;
  demoDomain?: boolean;
  adminDir?: string;
  /** Where the API's pool connects, given the test database (e.g. through a proxy); its own database by default. */
  appUrl?: (db: TestDatabase) => string;
  /** How long a request waits for a pooled connection (ms). */
  poolWaitMs?: number;
  requestLimits?: Partial<RequestLimits>;
  /** The HTTP layer's environment (NODE_ENV, GRAPHQL_INTROSPECTION, TRUST_PROXY, ALLOWED_ORIGINS); default: none. */
  env?: Record<string, string>;
  /** Query cost ceiling and hourly budgets (e.g. a small budget to run out of); defaults as in production. */
  rateLimits?: Partial<RateLimitSettings>;
  /**
   * Another test server's database and signing keys: a second API instance of the same deployment (the database is
   * not seeded again, nor dropped when this one closes).
   */
  shareDatabaseOf?: TestServer;
  /** Run the job worker in this server (default off, so suites without jobs stay fast); see startWorker(). */
  worker?: boolean;
  /** Webhook rules and delivery settings (e.g. a small retryScale so retries come in milliseconds). */
  webhooks?: Partial<WebhookSettings>;
  /** Mail settings of the worker (SMTP URL, From, public URL); default: no SMTP, messages kept in the outbox. */
  mail?: Partial<MailSettings>;
  /** Single sign-on settings; by default a fresh secrets key, and http:// issuers on loopback (the test provider). */
  sso?: Partial<SsoSettings>;
  /** This instance's Prometheus metrics (HTTP, GraphQL, pool, and its worker's jobs); by default its own, unseen. */
  metrics?: Metrics;
  /** A database of the caller's (migrated, with the API role), seeded here and left for the caller to drop. */
  database?: TestDatabase;
  /** A read replica for analytics (DATABASE_READ_URL), the API role's URL on it; checked by calling refresh(). */
  readReplica?: { url: string; maxLagMs: number };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const shared = options.shareDatabaseOf?.db;
  const db = shared ?? options.database ?? (await createTestDatabase());
  const logger = createLogger(process.env.TEST_LOG_LEVEL === 'debug' ? 'debug' : 'silent');
  const owner = await openDataSource(db.ownerUrl, 2);
  // The demo districts' people always; their strategies and a term of sessions only where a suite asks.
  if (!shared) await seedDemo(owner, logger, { domain: options.demoDomain ?? false });
  const app = await openDataSource(
    options.appUrl?.(db) ?? db.appUrl,
    options.poolMax ?? 5,
    options.poolWaitMs,
    options.statementCache,
  );
  // Instances of one deployment share their signing keys (JWT_SIGNING_KEYS), as they share the database.
  const keys = options.shareDatabaseOf?.keys ?? (await keySetFromJwks(JSON.stringify([await generateSigningJwk()])));
  // Checked only when a test calls refresh(): the test decides when the replica's state is read.
  const readReplica = options.readReplica
    ? new ReadReplica({
        replica: createAppDataSource({ url: options.readReplica.url, poolMax: 3, applicationName: 'throughline-read' }),
        primary: app,
        maxLagMs: options.readReplica.maxLagMs,
        onCheck: (lag) => options.metrics?.replicaLag.set(lag),
      })
    : null;
  const http: HttpApp = await createHttpApp(
    app,
    {
      readReplica,
      keys,
      tokens: TEST_TOKENS,
      refreshTokenTtlSeconds: 3600,
      logger,
      adminDir: options.adminDir ?? null,
      requestLimits: options.requestLimits,
      rateLimits: options.rateLimits,
      webhooks: options.webhooks,
      sso: { secretsKey: randomBytes(32), allowHttpIssuers: true, ...options.sso },
      metrics: options.metrics,
    },
    httpPostureFrom(loadConfig(options.env ?? {})),
  );
  const address = await http.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;

  const gql: TestServer['gql'] = async (query, variables, token) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
    // A query's budget charge may commit just after its answer (graphql-route.ts): tests that read the tables
    // directly next see it, as the caller's own next request always does.
    await http.settled();
    return { status: res.status, ...body } as never;
  };

  const signIn: TestServer['signIn'] = async (email, password = DEMO_PASSWORD) => {
    const res = await gql<{ signIn: { accessToken: string; refreshToken: string } }>(
      `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`,
      { input: { email, password } },
    );
    if (!res.data?.signIn) throw new Error(`sign-in failed for ${email}: ${JSON.stringify(res.errors)}`);
    return res.data.signIn;
  };

  let worker: JobRunner | null = null;
  const startWorker = async () => {
    if (worker) return;
    worker = await startJobWorker({
      connectionString: db.appUrl,
      dataSource: app,
      logger,
      webhooks: options.webhooks,
      mail: options.mail,
      pollIntervalMs: 100,
      shutdownAbortMs: 300,
      metrics: options.metrics,
    });
  };
  const stopWorker = async () => {
    const running = worker;
    worker = null;
    await running?.stop();
  };
  if (options.worker) await startWorker();

  return {
    url,
    db,
    owner,
    app,
    keys,
    tokens: TEST_TOKENS,
    gql,
    signIn,
    startWorker,
    stopWorker,
    readReplica,
    settled: () => http.settled(),
    close: async () => {
      await stopWorker();
      await http.close();
      await readReplica?.stop();
      await app.destroy();
      await owner.destroy();
      if (!shared && !options.database) await db.drop();
    },
    kill: async () => {
      const closed = new Promise<void>((resolve) => http.server.close(() => resolve()));
      http.server.closeAllConnections();
      await closed;
      await stopWorker();
      await readReplica?.stop();
      await app.destroy().catch(() => undefined);
      await owner.destroy();
    },
  };
}

/** The error code of the first error, or of the whole response. */
export function codeOf(res: GraphQLResponse): string | undefined {
  return res.errors?.[0]?.extensions?.code;
}

/** Asserts the response has no errors and returns its data. */
export function ok<T>(res: GraphQLResponse<T>): T {
  if (res.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/**
 * The school of the caller's first school-level role (a principal's own school): the demo's leaders may read the
 * district's own conversations and some of their actions, but manage only their school's, so a test that picks
 * records to change picks them there.
 */
export async function ownSchoolId(server: TestServer, token: string): Promise<string> {
  const me = ok(
    await server.gql<{ me: { roleAssignments: { school: { id: string } | null }[] } }>(
      `{ me { roleAssignments { school { id } } } }`,
      {},
      token,
    ),
  );
  const school = me.me.roleAssignments.find((a) => a.school)?.school;
  if (!school) throw new Error('the caller has no school-level role');
  return school.id;
}
