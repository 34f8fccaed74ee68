import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { isPortFree, startEmbeddedPostgres, StartupError, type EmbeddedDatabase } from '../db/embedded';
import { localSecret } from '../db/local-secrets';
import { appUrlFrom, assertAppRoleIsRestricted, prepareDatabase } from '../db/bootstrap';
import { createAppDataSource } from './data-source';
import { loadKeySet } from '../auth/keys';
import { createHttpApp, type HttpApp } from './app';
import { isEmptyDatabase, seedDemo } from '../demo/seed-demo';
import type { JobRunner } from '../jobs/queue';
import { mailSettingsFrom, startJobWorker, webhookSettingsFrom } from './jobs';
import { createMetrics, startMetricsServer, type Metrics, type MetricsServer } from '../http/metrics';
import { ReadReplica } from '../db/read-replica';

export interface Platform {
  address: AddressInfo;
  embedded: boolean;
  demoSeeded: boolean;
  stop(): Promise<void>;
}

/** Where the owner (migrations) connects, and where the API connects: embedded by default, or configured. */
export async function resolveDatabase(
  config: Config,
  logger: Logger,
): Promise<{ ownerUrl: string; appUrl: string; embedded: EmbeddedDatabase | null; appPassword: string | null }> {
  if (config.databaseUrl) {
    const appPassword = config.databaseAppPassword;
    return {
      ownerUrl: config.databaseUrl,
      appUrl: config.databaseAppUrl ?? appUrlFrom(config.databaseUrl, config.databaseAppRole, appPassword),
      embedded: null,
      appPassword,
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    database: 'throughline',
    logger,
  });
  const appPassword = config.databaseAppPassword ?? localSecret(config.dataDir, 'postgres-app-password');
  return {
    ownerUrl: embedded.url,
    appUrl: appUrlFrom(embedded.url, config.databaseAppRole, appPassword),
    embedded,
    appPassword,
  };
}

/**
 * Where the job worker connects, as the API role: DATABASE_DIRECT_URL; else the owner's server (which must be a
 * direct connection anyway: migrations hold a session advisory lock) with the API role's name and password, since
 * DATABASE_APP_URL may go through PgBouncer, whose transaction pooling breaks the worker's LISTEN; else the API's URL.
 */
export function jobWorkerUrl(
  config: Config,
  db: { ownerUrl: string; appUrl: string; appPassword: string | null },
): string {
  if (config.databaseDirectUrl) return config.databaseDirectUrl;
  return db.appPassword ? appUrlFrom(db.ownerUrl, config.databaseAppRole, db.appPassword) : db.appUrl;
}

function portInUse(config: Config, cause?: unknown): StartupError {
  return new StartupError(
    `Port ${config.port} on ${config.host} (the API's) is already in use: set PORT to a free port, or stop what listens there`,
    { cause },
  );
}

/** Applies pending migrations to the configured database and provisions the API role, as start-up does. */
export function migrateConfiguredDatabase(
  config: Config,
  logger: Logger,
  db: { ownerUrl: string; appPassword: string | null },
): Promise<string[]> {
  return prepareDatabase({
    ownerUrl: db.ownerUrl,
    appRole: config.databaseAppRole,
    appPassword: db.appPassword,
    provisionRoles: config.databaseProvisionRoles,
    logger,
  });
}

/** Boot: database -> migrations -> (demo data) -> schema -> HTTP server. */
export async function startPlatform(config: Config, logger: Logger): Promise<Platform> {
  // Said before the database starts, not after the migrations: the port is the commonest thing to be taken.
  if (!(await isPortFree(config.port, config.host))) throw portInUse(config);
  const db = await resolveDatabase(config, logger);
  let dataSource: DataSource | null = null;
  let app: HttpApp | null = null;
  let worker: JobRunner | null = null;
  let metricsServer: MetricsServer | null = null;
  let readReplica: ReadReplica | null = null;
  // One registry for the process: HTTP, GraphQL, the pool, the jobs (/metrics with METRICS_TOKEN, or METRICS_PORT).
  const metrics = createMetrics({ processMetrics: true });
  try {
    await migrateConfiguredDatabase(config, logger, db);

    const wantDemo = config.demo ?? (db.embedded !== null ? null : false);
    let demoSeeded = false;
    if (wantDemo !== false) {
      const owner = createAppDataSource({ url: db.ownerUrl, poolMax: 1, applicationName: 'throughline-seed' });
      await owner.initialize();
      try {
        if (wantDemo === true || (await isEmptyDatabase(owner))) {
          await seedDemo(owner, logger);
          demoSeeded = true;
        }
      } finally {
        await owner.destroy();
      }
    }

    dataSource = createAppDataSource({
      url: db.appUrl,
      poolMax: config.databasePoolMax,
      applicationName: 'throughline-api',
      poolWaitMs: config.databasePoolWaitMs,
      statementCache: config.databaseStatementCache,
    });
    try {
      await dataSource.initialize();
    } catch (error) {
      if (/password/i.test((error as Error).message) && !db.appPassword && !config.databaseAppUrl) {
        throw new Error(
          `The API role ${config.databaseAppRole} could not sign in to the database: set DATABASE_APP_PASSWORD (or DATABASE_APP_URL)`,
          { cause: error },
        );
      }
      throw error;
    }
    await assertAppRoleIsRestricted(dataSource);

    readReplica = config.databaseReadUrl ? startReadReplica(config, dataSource, metrics, logger) : null;

    const keys = await loadKeySet(config.jwtSigningKeys, config.dataDir);
    app = await createHttpApp(dataSource, {
      readReplica,
      keys,
      tokens: {
        issuer: config.jwtIssuer,
        audience: config.jwtAudience,
        accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      },
      refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
      logger,
      metrics,
      adminDir: config.adminDistDir,
      requestLimits: {
        deadlineMs: config.requestDeadlineMs,
        callerConcurrency: config.callerConcurrency,
        callerWaitMs: config.requestDeadlineMs,
      },
      rateLimits: {
        pointsPerWindow: config.rateLimitPointsPerHour,
        anonymousPointsPerWindow: config.rateLimitAnonymousPointsPerHour,
        redisUrl: config.redisUrl,
      },
      webhooks: webhookSettingsFrom(config),
      sso: {
        publicUrl: config.publicUrl,
        // Production brings SECRETS_KEY; the zero-setup default generates one once and keeps it in the data folder.
        secretsKey:
          config.secretsKey ??
          (config.env === 'production'
            ? null
            : Buffer.from(
                localSecret(config.dataDir, 'secrets-key', () => randomBytes(32).toString('base64')),
                'base64',
              )),
        allowHttpIssuers: config.env !== 'production',
      },
    });
    const address = await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? portInUse(config, error) : error;
    });
    // The job worker in this process (JOB_WORKER=off leaves it to `npm run worker`). It LISTENs, so it takes a
    // direct connection (DATABASE_DIRECT_URL) where the API's goes through PgBouncer.
    worker = config.jobWorker
      ? await startJobWorker({
          connectionString: jobWorkerUrl(config, db),
          dataSource,
          logger,
          webhooks: webhookSettingsFrom(config),
          mail: mailSettingsFrom(config),
          concurrency: config.jobConcurrency,
          metrics,
        })
      : null;
    if (!worker) metrics.observeJobQueue(dataSource);
    metricsServer = config.metricsPort ? await startMetricsServer(metrics, config.metricsPort, config.host) : null;
    const ds = dataSource;
    const http = app;
    const jobs = worker;
    const metricsListener = metricsServer;
    const replica = readReplica;
    return {
      address,
      embedded: db.embedded !== null,
      demoSeeded,
      stop: async () => {
        // Requests drain while the worker finishes (or releases) the jobs in hand.
        await Promise.all([http.close(config.shutdownDrainMs ?? undefined, config.shutdownDelayMs), jobs?.stop()]);
        await metricsListener?.close();
        await replica?.stop();
        await ds.destroy();
        await db.embedded?.stop();
      },
    };
  } catch (error) {
    await worker?.stop().catch(() => undefined);
    await metricsServer?.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await readReplica?.stop().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await db.embedded?.stop().catch(() => undefined);
    throw error;
  }
}

/**
 * The read replica of DATABASE_READ_URL: its own pool (the API role, refused if it could bypass row-level security),
 * checked every second against DATABASE_READ_MAX_LAG_MS; analytics read there while it is fresh enough.
 */
function startReadReplica(config: Config, primary: DataSource, metrics: Metrics, logger: Logger): ReadReplica {
  const replica = createAppDataSource({
    url: config.databaseReadUrl!,
    poolMax: config.databasePoolMax,
    applicationName: 'throughline-api-read',
    poolWaitMs: config.databasePoolWaitMs,
    statementCache: config.databaseStatementCache,
  });
  metrics.observePool('read', replica);
  const readReplica = new ReadReplica({
    replica,
    primary,
    maxLagMs: config.databaseReadMaxLagMs,
    verify: assertAppRoleIsRestricted,
    onCheck: (lag) => metrics.replicaLag.set(lag),
    onChange: (state, error) => {
      if (state.target === 'replica') logger.info('analytics read the replica', { lagMs: state.lagMs });
      else logger.warn('analytics read the primary', { reason: state.reason, lagMs: state.lagMs, error });
    },
  });
  readReplica.start();
  return readReplica;
}
