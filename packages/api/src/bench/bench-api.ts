import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { appUrlFrom } from '../db/bootstrap';
import { createAppDataSource } from '../server/data-source';
import { createHttpApp, type HttpApp } from '../server/app';
import { generateSigningJwk, keySetFromJwks } from '../auth/keys';

/**
 * The real API served in-process for a benchmark, through the API role and with the configured pool and request
 * limits (as `npm start` runs it), on a loopback port.
 */
export async function serveBenchApi(
  config: Config,
  logger: Logger,
  db: { ownerUrl: string; appPassword: string | null },
  applicationName: string,
): Promise<{ app: DataSource; http: HttpApp; url: string }> {
  const app = createAppDataSource({
    url: config.databaseAppUrl ?? appUrlFrom(db.ownerUrl, config.databaseAppRole, db.appPassword),
    poolMax: config.databasePoolMax,
    poolWaitMs: config.databasePoolWaitMs,
    applicationName,
  });
  await app.initialize();
  const keys = await keySetFromJwks(JSON.stringify([await generateSigningJwk()]));
  const http = await createHttpApp(app, {
    keys,
    tokens: { issuer: 'bench', audience: 'bench', accessTokenTtlSeconds: 900 },
    refreshTokenTtlSeconds: 3600,
    logger,
    requestLimits: {
      deadlineMs: config.requestDeadlineMs,
      callerConcurrency: config.callerConcurrency,
      callerWaitMs: config.requestDeadlineMs,
    },
  });
  const { port } = await http.listen(0, '127.0.0.1');
  return { app, http, url: `http://127.0.0.1:${port}/graphql` };
}
