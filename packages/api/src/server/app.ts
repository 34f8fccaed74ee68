import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { DataSource } from 'typeorm';
import { Limits } from '@throughline/shared';
import { createSchema } from './schema';
import { compiledExecution } from '../graphql/compiled-execution';
import { createFormatError } from '../graphql/format-error';
import { queryLimitRules, queryParseOptions } from '../graphql/query-limits';
import { rateLimitPlugin } from '../modules/rate-limit/rate-limit.plugin';
import type { AppDeps, RequestContext } from '../graphql/context';
import { DEFAULT_REQUEST_LIMITS, graphqlRoute, stringifyAnswer } from './graphql-route';
import { transactionPlugin } from '../db/transaction';
import { inputHygienePlugin } from '../graphql/input-hygiene';
import { healthRoutes } from '../http/health';
import { jwksRoutes } from '../http/jwks';
import { oauthTokenRoute } from '../modules/api-client/token-endpoint';
import { ssoRoutes } from '../modules/sso/sso-routes';
import { rosterUploadRoute } from '../modules/roster-import/upload-route';
import { calendarFeedRoutes } from '../modules/calendar-feed/feed-route';
import { mailRoutes } from '../modules/mail/unsubscribe-route';
import { exportRoutes } from '../modules/privacy/export-route';
import { portalRoutes } from '../http/portal';
import { expressServerClasses } from '../http/express-classes';
import { createMetrics, metricsRoute } from '../http/metrics';
import { rebindRequestScope, requestScope } from '../http/request-scope';
import { observabilityPlugin } from '../graphql/observability-plugin';
import {
  httpPostureFrom,
  refuseForeignCookieRequests,
  securityHeaders,
  withoutSuggestions,
  type HttpPosture,
} from '../http/posture';
import { loadConfig } from '../config';
import fs from 'node:fs';
import path from 'node:path';

export interface HttpApp {
  server: http.Server;
  listen(port: number, host: string): Promise<AddressInfo>;
  /**
   * Stops accepting, lets requests in flight finish for up to `drainMs` (default: the request deadline plus 5 s, so a
   * request that keeps to its deadline is always answered), then stops Apollo. The caller closes the database.
   * With `delayMs`, it first keeps accepting for that long while /readyz answers 503 and every response says
   * `Connection: close`, so a load balancer that polls readiness takes the instance out before it stops listening.
   */
  close(drainMs?: number, delayMs?: number): Promise<void>;
  /** Resolves once the COMMITs that follow answers already sent have ended (graphql-route.ts). */
  settled(): Promise<void>;
}

/**
 * Whether `compression` might compress the answer to `req`: it never does without an Accept-Encoding header (its
 * enforceEncoding is identity), nor when none of gzip, br or deflate is acceptable.
 */
function acceptsCompression(req: Request): boolean {
  return req.headers['accept-encoding'] !== undefined && req.acceptsEncodings('br', 'gzip', 'deflate') !== false;
}

/**
 * The HTTP server: security headers and compression on everything, then health, JWKS, /graphql and the portal.
 * `posture` defaults to the process's configuration (config.ts).
 */
export async function createHttpApp(
  dataSource: DataSource,
  deps: AppDeps,
  posture: HttpPosture = httpPostureFrom(loadConfig()),
): Promise<HttpApp> {
  const schema = await createSchema();
  const formatError = createFormatError(deps.logger);
  // Prometheus metrics (GET /metrics with METRICS_TOKEN, or METRICS_PORT): the process's registry, or one of its own.
  const metrics = deps.metrics ?? createMetrics();
  metrics.observePool('api', dataSource);
  const apollo = new ApolloServer<RequestContext>({
    // The schema's operations compiled once each and run as generated code (graphql/compiled-execution.ts).
    gateway: compiledExecution(schema),
    // Without introspection, no error names what the schema holds either ("Did you mean …?").
    formatError: posture.introspection
      ? formatError
      : (formatted, error) => {
          const out = formatError(formatted, error);
          const fields = out.extensions?.fields as { field: string; message: string }[] | undefined;
          return {
            ...out,
            message: withoutSuggestions(out.message),
            ...(Array.isArray(fields) && {
              extensions: {
                ...out.extensions,
                fields: fields.map((f) => ({ ...f, message: withoutSuggestions(f.message) })),
              },
            }),
          };
        },
    includeStacktraceInErrorResponses: false,
    // Answers with data are written by graphqlRoute itself, in reused slabs (http/json-body.ts).
    stringifyResult: stringifyAnswer,
    // Shape limits (depth, aliases, directives, tokens; one signIn/refreshSession) before anything runs; cost and the
    // hourly budget once variables are known, still before execution (rateLimitPlugin).
    parseOptions: queryParseOptions({ tokens: Limits.QUERY_TOKENS_MAX }),
    validationRules: queryLimitRules({
      depth: Limits.QUERY_DEPTH_MAX,
      aliases: Limits.QUERY_ALIASES_MAX,
      directives: Limits.QUERY_DIRECTIVES_MAX,
      tokens: Limits.QUERY_TOKENS_MAX,
      oncePerOperation: ['signIn', 'refreshSession'],
    }),
    introspection: posture.introspection,
    hideSchemaDetailsFromClientErrors: !posture.introspection,
    plugins: [
      transactionPlugin<RequestContext>(),
      // NUL bytes, broken Unicode and absurd dates in any argument: BAD_USER_INPUT before any resolver runs.
      inputHygienePlugin<RequestContext>(),
      // Prices each operation and charges the caller's hourly budget before it runs.
      rateLimitPlugin(dataSource, deps),
      // Operation durations by name, errors by code, and the request's trace span named after the operation.
      observabilityPlugin<RequestContext>(metrics),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching of GraphQL answers (they are per caller): without this, Apollo instruments every resolved field
      // to collect cache hints nobody reads.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  let closing = false;
  const app = express();
  app.disable('x-powered-by');
  // No automatic ETag: every answer here is per caller and never cached (GraphQL's, the token endpoint's, errors), and
  // hashing each body cost a GraphQL page of 100 KB a SHA-1 over it. What is cacheable sets its own (the portal's
  // files, the calendar feeds).
  app.set('etag', false);
  // X-Forwarded-* (and so req.secure, req.ip, req.host) only from the proxies TRUST_PROXY names.
  app.set('trust proxy', posture.trustProxy);
  // Request id, trace, metrics and the access log line, around everything below.
  app.use(requestScope(deps.logger, metrics));
  app.use((_req, res, next) => {
    if (closing) res.setHeader('connection', 'close');
    next();
  });
  app.use(securityHeaders());
  // gzip or brotli, as the client accepts, above 1 kB: GraphQL answers and the portal's bundle alike. GraphQL answers
  // are compressed anew for every request: at the fastest level (nginx's default, gzip_comp_level 1), a few percent
  // larger and at half the CPU of the default level, which was a tenth of the API's CPU serving a page of 100 sessions
  // (bench:peer, README Benchmarks). The portal's files keep the default levels.
  const compressAnswers = compression({
    level: zlib.constants.Z_BEST_SPEED,
    brotli: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } },
  });
  const compressFiles = compression();
  // A request that accepts no compressed encoding skips the middleware, which would wrap its response (write, end,
  // writeHead, on) only to decide at the headers not to compress: what that wrapping allocated outlived the request
  // (a tenth of a bare app's allocation promoted by the young collections). Vary is set as the middleware would.
  app.use((req, res, next) => {
    if (!acceptsCompression(req)) {
      res.vary('Accept-Encoding');
      return next();
    }
    return (req.path === '/graphql' ? compressAnswers : compressFiles)(req, res, next);
  });
  app.use(healthRoutes(dataSource, () => closing));
  app.use(metricsRoute(metrics, posture.metricsToken));
  app.use(jwksRoutes(deps.keys));
  // OAuth 2.0 client credentials for API clients (RFC 6749 §4.4): form-encoded, small, never cached.
  app.post(
    '/oauth/token',
    express.urlencoded({ extended: false, limit: '8kb' }),
    rebindRequestScope(),
    oauthTokenRoute(dataSource, deps),
  );
  // Single sign-on (OpenID Connect): /auth/sso/start redirects to a district's provider, /auth/sso/callback signs in.
  app.use(ssoRoutes(dataSource, deps, { secureCookies: posture.production }));
  // OneRoster zips (up to 50 MB, beyond /graphql's 1 MB): POST /imports/oneroster with the caller's bearer token.
  app.use(rosterUploadRoute(dataSource, deps));
  // Private calendar feeds (GET /calendar/<token>.ics) and one-click unsubscribe from mail (RFC 8058).
  app.use(calendarFeedRoutes(dataSource, deps));
  app.use(mailRoutes(dataSource, deps));
  // District export archives (GET /exports/<id>?token=…): a signed, expiring link; each download audited.
  app.use(exportRoutes(dataSource, deps));
  const graphql = graphqlRoute(apollo, dataSource, deps, { secureCookies: posture.production });
  app.use(
    '/graphql',
    refuseForeignCookieRequests(posture.allowedOrigins),
    express.json({ limit: '1mb' }),
    rebindRequestScope('graphql'),
    graphql,
  );
  if (deps.adminDir && fs.existsSync(path.join(deps.adminDir, 'index.html'))) app.use(portalRoutes(deps.adminDir));
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const status = err.status && err.status < 500 ? err.status : 500;
    if (status === 500) deps.logger.error('http error', { error: err.message });
    const [message, code] =
      status === 500
        ? ['Internal server error', 'INTERNAL_SERVER_ERROR']
        : status === 404
          ? ['Not found', 'NOT_FOUND']
          : ['The request body is not valid JSON or is too large', 'BAD_REQUEST'];
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  // Requests and responses born with express's prototypes, which it would otherwise switch on each (express-classes.ts).
  const server = http.createServer(expressServerClasses(app), app);
  server.keepAliveTimeout = 5_000;
  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve(server.address() as AddressInfo));
      }),
    close: async (
      drainMs = (deps.requestLimits?.deadlineMs ?? DEFAULT_REQUEST_LIMITS.deadlineMs) + 5_000,
      delayMs = 0,
    ) => {
      closing = true;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await new Promise<void>((resolve) => {
        // Keep-alive connections go as soon as their request in flight is answered; stragglers after 10 s.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const force = setTimeout(() => server.closeAllConnections(), drainMs);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      // An answered query's COMMIT outlives its connection: done before the caller closes the database.
      await graphql.settled();
      await apollo.stop();
    },
    settled: () => graphql.settled(),
  };
}
