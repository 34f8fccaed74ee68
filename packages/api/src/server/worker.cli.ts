import 'reflect-metadata';
import { loadConfig, ConfigError } from '../config';
import { createLogger } from '../logger';
import { appUrlFrom } from '../db/bootstrap';
import { isPortFree } from '../db/embedded';
import { localSecret } from '../db/local-secrets';
import { createAppDataSource } from './data-source';
import { mailSettingsFrom, startJobWorker, webhookSettingsFrom } from './jobs';
import { jobWorkerUrl, migrateConfiguredDatabase, resolveDatabase } from './platform';
import { createMetrics, startMetricsServer } from '../http/metrics';
import { startTracing } from '../tracing';

/**
 * `npm run worker`: the job worker alone (start several for more throughput; `npm start` with JOB_WORKER=off then
 * serves only HTTP). It applies pending migrations like start-up, connects as the API role (DATABASE_DIRECT_URL when
 * the API's connection goes through PgBouncer), and stops on SIGTERM/SIGINT after the jobs in hand finish or are
 * released to run again.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(error.lines.map((line) => `Configuration error: ${line}\n`).join(''));
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const tracing = startTracing({ endpoint: config.otelEndpoint, serviceName: `${config.otelServiceName}-worker` });
  let appUrl: string;
  let directUrl: string | null = null;
  let stopDatabase: () => Promise<void> = async () => undefined;
  if (!config.databaseUrl && !(await isPortFree(config.embeddedPgPort, '127.0.0.1'))) {
    // `npm start` runs the embedded database: work alongside it.
    const password = localSecret(config.dataDir, 'postgres-superuser-password');
    const ownerUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/throughline`;
    appUrl = appUrlFrom(
      ownerUrl,
      config.databaseAppRole,
      config.databaseAppPassword ?? localSecret(config.dataDir, 'postgres-app-password'),
    );
  } else {
    const db = await resolveDatabase(config, logger);
    stopDatabase = async () => void (await db.embedded?.stop());
    await migrateConfiguredDatabase(config, logger, db);
    appUrl = db.appUrl;
    directUrl = jobWorkerUrl(config, db);
  }
  const dataSource = createAppDataSource({
    url: appUrl,
    // One more than the jobs at once: a roster import's apply records its progress on a second connection.
    poolMax: Math.max(2, config.jobConcurrency + 1),
    applicationName: 'throughline-worker',
    statementCache: config.databaseStatementCache,
  });
  await dataSource.initialize();
  // Job durations, the queue's depth and the pool, on METRICS_PORT (with /healthz: the worker's liveness).
  const metrics = createMetrics({ processMetrics: true });
  metrics.observePool('worker', dataSource);
  const worker = await startJobWorker({
    connectionString: directUrl ?? config.databaseDirectUrl ?? appUrl,
    dataSource,
    logger,
    webhooks: webhookSettingsFrom(config),
    mail: mailSettingsFrom(config),
    concurrency: config.jobConcurrency,
    metrics,
  });
  const metricsServer = config.metricsPort ? await startMetricsServer(metrics, config.metricsPort, config.host) : null;
  process.stdout.write('Throughline job worker is running\n');
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('worker shutting down', { signal });
    await worker.stop();
    await metricsServer?.close();
    await tracing?.shutdown().catch(() => undefined);
    await dataSource.destroy();
    await stopDatabase();
    process.exit(0);
  };
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  process.stderr.write(`The job worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
