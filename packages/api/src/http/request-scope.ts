import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { pinoHttp } from 'pino-http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { logScope, type AppLogger, type Logger, type LogScope } from '../logger';
import { routeOf, type Metrics } from './metrics';

/** Paths probed every few seconds: measured, never written to the access log. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

interface Scope extends LogScope {
  otel: Context;
}

/**
 * A path as logged and traced: a segment that may be a credential (a calendar feed's or an unsubscribe link's token:
 * long, with digits) is replaced.
 */
export function safePath(path: string): string {
  return path
    .split('/')
    .map((segment) =>
      segment.length >= 12 && /\d/.test(segment) ? ':token' + (/\.[a-z]{2,4}$/.exec(segment)?.[0] ?? '') : segment,
    )
    .join('/');
}

const scopeOf = (res: Response | ServerResponse): Scope | undefined =>
  (res as Response).locals?.requestScope as Scope | undefined;

function enter(scope: Scope, next: () => void): void {
  context.with(scope.otel, () => logScope.run({ requestId: scope.requestId, traceId: scope.traceId }, next));
}

/**
 * The first middleware: gives the request its id (answered in `x-request-id`) and its trace (a server span when
 * tracing is on, continuing the caller's `traceparent`; else the caller's trace id or a new one), so that every log
 * line written while serving it carries both; measures it (throughline_http_request_duration_seconds, and 429s as
 * rate-limit refusals); writes one access line (pino-http: method, path, status, time; never headers, query string
 * or body).
 */
export function requestScope(logger: Logger, metrics: Metrics): RequestHandler {
  const tracer = trace.getTracer('throughline-http');
  // Only where its lines are written (LOG_LEVEL info or below): pino-http builds a child logger for every request,
  // a few percent of a small request's CPU, even when the level drops every line. Above info, failures are still
  // logged by the handlers that meet them (graphql-route.ts, app.ts), with more than an access line would say.
  const access =
    'pino' in logger && (logger as AppLogger).pino.isLevelEnabled('info')
      ? pinoHttp({
          logger: (logger as AppLogger).pino,
          genReqId: (_req: IncomingMessage, res: ServerResponse) => scopeOf(res)?.requestId ?? randomUUID(),
          autoLogging: { ignore: (req: IncomingMessage) => QUIET.has((req.url ?? '').split('?')[0]) },
          quietReqLogger: true,
          customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) =>
            error || res.statusCode >= 500 ? 'error' : 'info',
          customSuccessMessage: () => 'request completed',
          customErrorMessage: () => 'request failed',
          serializers: {
            req: (req: { method?: string; url?: string }) => ({
              method: req.method,
              path: safePath((req.url ?? '').split('?')[0]),
            }),
            res: (res: { statusCode?: number }) => ({ status: res.statusCode }),
            err: (err: { type?: string; message?: string }) => ({ type: err.type, message: err.message }),
          },
        })
      : null;
  return (req, res, next) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const route = routeOf(req.path);
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'http.route': route, 'url.path': safePath(req.path) },
      },
      parent,
    );
    const spanTrace = span.spanContext().traceId;
    const fromCaller = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(req.get('traceparent') ?? '')?.[1];
    const traceId = /[^0]/.test(spanTrace)
      ? spanTrace
      : fromCaller && /[^0]/.test(fromCaller)
        ? fromCaller
        : randomBytes(16).toString('hex');
    const scope: Scope = { requestId, traceId, otel: trace.setSpan(parent, span) };
    res.locals.requestScope = scope;
    const started = process.hrtime.bigint();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const status = res.headersSent ? res.statusCode : 499;
      metrics.httpDuration.observe(
        { method: req.method, route, status: String(status) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      if (status === 429) metrics.rateLimitRefusals.inc({ route });
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    res.once('finish', finish);
    res.once('close', finish);
    enter(scope, () => (access ? access(req, res, next) : next()));
  };
}

/**
 * Re-enters the request's scope. Middleware that reads the body (express.json) calls `next` from the socket's
 * events, outside the scope the first middleware entered: put this after it, before the route. With `childSpan`,
 * the route runs under a span of that name, child of the request's (the GraphQL operation's, which
 * graphql/observability-plugin.ts names after the operation), so its SQL spans hang under it.
 */
export function rebindRequestScope(childSpan?: string): RequestHandler {
  const tracer = trace.getTracer('throughline-http');
  return (_req, res, next) => {
    const scope = scopeOf(res);
    if (!scope) return next();
    if (!childSpan) return enter(scope, next);
    const span = tracer.startSpan(childSpan, { kind: SpanKind.INTERNAL }, scope.otel);
    res.once('close', () => span.end());
    enter({ ...scope, otel: trace.setSpan(scope.otel, span) }, next);
  };
}

/** The current request's id, if a request is being served. */
export function currentRequestId(): string | undefined {
  return logScope.getStore()?.requestId;
}
