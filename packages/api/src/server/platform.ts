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

    const keys = await loadKeySet(config.jwtSigningKeys, config.dataDir);
    app = await createHttpApp(dataSource, {
      keys,
      tokens: {
        issuer: config.jwtIssuer,
        audience: config.jwtAudience,
        accessTokenTtlSeconds: config.accessTokenTtlSeconds,
      },
      refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
      logger,
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
    });
    const address = await app.listen(config.port, config.host).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? portInUse(config, error) : error;
    });
    const ds = dataSource;
    const http = app;
    return {
      address,
      embedded: db.embedded !== null,
      demoSeeded,
      stop: async () => {
        await http.close(config.shutdownDrainMs ?? undefined);
        await ds.destroy();
        await db.embedded?.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await dataSource?.destroy().catch(() => undefined);
    await db.embedded?.stop().catch(() => undefined);
    throw error;
  }
}
