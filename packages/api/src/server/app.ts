import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { Limits } from '@throughline/shared';
import { createSchema } from './schema';
import { createFormatError } from '../graphql/format-error';
import { depthLimit } from '../graphql/depth-limit';
import type { AppDeps, RequestContext } from '../graphql/context';
import { graphqlRoute } from './graphql-route';
import { transactionPlugin } from '../db/transaction';
import { healthRoutes } from '../http/health';
import { jwksRoutes } from '../http/jwks';
import { portalRoutes } from '../http/portal';
import fs from 'node:fs';
import path from 'node:path';

export interface HttpApp {
  server: http.Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets requests in flight finish, then stops Apollo. The caller closes the database. */
  close(): Promise<void>;
}

export async function createHttpApp(dataSource: DataSource, deps: AppDeps): Promise<HttpApp> {
  const schema = await createSchema();
  const apollo = new ApolloServer<RequestContext>({
    schema,
    formatError: createFormatError(deps.logger),
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(Limits.QUERY_DEPTH_MAX)],
    introspection: true,
    plugins: [transactionPlugin<RequestContext>()],
  });
  await apollo.start();

  let closing = false;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((_req, res, next) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (closing) res.setHeader('connection', 'close');
    next();
  });
  app.use(healthRoutes(dataSource));
  app.use(jwksRoutes(deps.keys));
  app.use('/graphql', express.json({ limit: '1mb' }), graphqlRoute(apollo, dataSource, deps));
  if (deps.adminDir && fs.existsSync(path.join(deps.adminDir, 'index.html'))) app.use(portalRoutes(deps.adminDir));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error('http error', { error: err.message });
    res.status(status).json({
      errors: [
        {
          message: status === 500 ? 'Internal server error' : 'The request body is not valid JSON or is too large',
          extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' },
        },
      ],
    });
  });

  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    close: async () => {
      closing = true;
      await new Promise<void>((resolve) => {
        // Keep-alive connections go as soon as their request in flight is answered; stragglers after 10 s.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}
