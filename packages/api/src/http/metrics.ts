import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual, createHash } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * Prometheus metrics (prom-client), one registry per process: HTTP requests by route and status, GraphQL operations
 * by name, errors by code, rate-limit refusals, the database pools, the job queue and the jobs run. Labels are
 * bounded: routes are a fixed list, operation names are checked and capped, codes are the API's own.
 */
export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  graphqlDuration: Histogram<'operation' | 'type' | 'outcome'>;
  graphqlErrors: Counter<'code'>;
  rateLimitRefusals: Counter<'route'>;
  jobDuration: Histogram<'task' | 'outcome'>;
  /** Analytics reads by where they went (replica, primary) and why (fresh, behind, down, unchecked, not_a_query). */
  readRouting: Counter<'target' | 'reason'>;
  /** The read replica's staleness at its last check, in seconds (-1 when it did not answer). */
  replicaLag: Gauge;
  /** Webhook delivery attempts by outcome (delivered, retry, gave_up). */
  webhookDeliveries: Counter<'outcome'>;
  /** Mail send jobs by kind (the mail kinds, a fixed list) and outcome (delivered, outbox, deferred, retry, gave_up). */
  mailDeliveries: Counter<'kind' | 'outcome'>;
  /** Reports a pg pool's connections (in use, idle, waiting) under `pool` at each scrape. */
  observePool(pool: string, dataSource: DataSource): void;
  /** Reports the job queue's depth and the age of its oldest ready job at each scrape, read through `dataSource`. */
  observeJobQueue(dataSource: DataSource): void;
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Operation names kept as label values; more distinct names than this count as `other`. */
const MAX_OPERATION_NAMES = 500;

interface PgPoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

function poolOf(dataSource: DataSource): PgPoolLike | null {
  const master = (dataSource.driver as unknown as { master?: PgPoolLike }).master;
  return master && typeof master.totalCount === 'number' ? master : null;
}

export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'throughline_' });
  const httpDuration = new Histogram({
    name: 'throughline_http_request_duration_seconds',
    help: 'HTTP requests by method, route and status, from the first byte in to the last byte out',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const graphqlDuration = new Histogram({
    name: 'throughline_graphql_operation_duration_seconds',
    help: 'GraphQL operations by name, type (query, mutation) and outcome (ok, error)',
    labelNames: ['operation', 'type', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'throughline_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const rateLimitRefusals = new Counter({
    name: 'throughline_rate_limit_refusals_total',
    help: 'Requests refused with 429 (sign-in throttle, hourly budget, a caller’s concurrency), by route',
    labelNames: ['route'] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: 'throughline_job_duration_seconds',
    help: 'Jobs run by this process, by task and outcome (success, error)',
    labelNames: ['task', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
    registers: [registry],
  });

  const readRouting = new Counter({
    name: 'throughline_db_read_routing_total',
    help: 'Analytics reads by target (replica, primary) and reason (fresh, behind, down, unchecked, not_a_query)',
    labelNames: ['target', 'reason'] as const,
    registers: [registry],
  });
  const replicaLag = new Gauge({
    name: 'throughline_db_replica_lag_seconds',
    help: 'How far behind the primary the read replica was at its last check (-1: it did not answer)',
    registers: [registry],
  });

  const webhookDeliveries = new Counter({
    name: 'throughline_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (failed, tried again later), gave_up (FAILED)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const mailDeliveries = new Counter({
    name: 'throughline_mail_deliveries_total',
    help: 'Mail send jobs by kind and outcome: delivered (SMTP accepted), outbox, deferred (hourly limit), retry, gave_up (FAILED)',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });

  const pools = new Map<string, DataSource>();
  new Gauge({
    name: 'throughline_db_pool_connections',
    help: 'Connections of a database pool by state: in_use, idle, and requests waiting for one (waiting)',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, ds] of pools) {
        const pool = poolOf(ds);
        if (!pool) continue;
        this.set({ pool: name, state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ pool: name, state: 'idle' }, pool.idleCount);
        this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
      }
    },
  });

  let queueSource: DataSource | null = null;
  // Registered after the gauge whose collect() sets it (a registry collects its metrics in order).
  const oldestReady = new Gauge({
    name: 'throughline_job_queue_oldest_ready_seconds',
    help: 'How long the oldest ready job has been waiting for a worker (0 when none is waiting)',
    registers: [],
  });
  new Gauge({
    name: 'throughline_job_queue_jobs',
    help: 'Jobs in the queue by state: ready (due, waiting for a worker), scheduled (later), running, failed (no attempt left)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      if (!queueSource?.isInitialized) return;
      try {
        const [row] = await withTimeout(
          queueSource.query(
            `SELECT count(*) FILTER (WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts)::int AS ready,
                    count(*) FILTER (WHERE locked_at IS NULL AND run_at > now() AND attempts < max_attempts)::int AS scheduled,
                    count(*) FILTER (WHERE locked_at IS NOT NULL AND attempts < max_attempts)::int AS running,
                    count(*) FILTER (WHERE attempts >= max_attempts)::int AS failed,
                    coalesce(extract(epoch FROM now() - min(run_at) FILTER (
                      WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts)), 0)::float8 AS oldest
               FROM graphile_worker._private_jobs`,
          ),
          2_000,
        );
        for (const state of ['ready', 'scheduled', 'running', 'failed'] as const) this.set({ state }, row[state]);
        oldestReady.set(row.oldest);
      } catch {
        // A scrape while the database is away reports the pools, not an error.
      }
    },
  });
  registry.registerMetric(oldestReady);

  return {
    registry,
    httpDuration,
    graphqlDuration,
    graphqlErrors,
    rateLimitRefusals,
    jobDuration,
    readRouting,
    replicaLag,
    webhookDeliveries,
    mailDeliveries,
    observePool: (name, dataSource) => void pools.set(name, dataSource),
    observeJobQueue: (dataSource) => void (queueSource = dataSource),
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** The route label of a path: a fixed list, so that a crawler's paths cannot grow the series. */
export function routeOf(path: string): string {
  if (path === '/graphql' || path.startsWith('/graphql/')) return '/graphql';
  if (['/oauth/token', '/healthz', '/readyz', '/metrics', '/.well-known/jwks.json'].includes(path)) return path;
  if (path.startsWith('/auth/sso/')) return '/auth/sso';
  return 'other';
}

/** Operation names as label values: a GraphQL name of at most 64 characters, at most MAX_OPERATION_NAMES of them. */
export function operationLabel(seen: Set<string>, name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_NAMES) return 'other';
  seen.add(name);
  return name;
}

function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /metrics on the API's own port: only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise). Without a
 * token configured it is not served there (404): use METRICS_PORT.
 */
export function metricsRoute(metrics: Metrics, token: string | null | undefined): Router {
  const router = Router();
  router.get('/metrics', (async (req, res) => {
    if (!token) {
      res.status(404).json({ errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] });
      return;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match || !sameToken(match[1], token)) {
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      res
        .status(401)
        .json({ errors: [{ message: 'A metrics token is required', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    res.setHeader('content-type', metrics.registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await metrics.registry.metrics());
  }) as RequestHandler);
  return router;
}

export interface MetricsServer {
  address: AddressInfo;
  close(): Promise<void>;
}

/**
 * METRICS_PORT: a listener of its own serving /metrics (no token: keep the port inside the cluster, NetworkPolicy) and
 * /healthz (the process answers: the worker's liveness, which has no other HTTP).
 */
export function startMetricsServer(metrics: Metrics, port: number, host: string): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        () => {
          res.writeHead(500).end();
        },
      );
    } else if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({
        address: server.address() as AddressInfo,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      }),
    );
  });
}
