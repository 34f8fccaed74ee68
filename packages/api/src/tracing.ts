import pg from 'pg';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';

/**
 * OpenTelemetry tracing, on when OTEL_EXPORTER_OTLP_ENDPOINT is set: the official Node SDK exporting over OTLP/HTTP
 * (`<endpoint>/v1/traces`). Spans: one per HTTP request (http/request-scope.ts), its GraphQL operation
 * (graphql/observability-plugin.ts) and each SQL statement under them (below), with W3C trace context taken from
 * the caller's `traceparent`. Logs carry the trace id. Statement text is recorded, never a parameter's value.
 */
export interface Tracing {
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

export function startTracing(options: { endpoint: string | null; serviceName: string }): Tracing | null {
  if (!options.endpoint) return null;
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    autoDetectResources: false,
    traceExporter: new OTLPTraceExporter({ url: `${options.endpoint}/v1/traces` }),
    // Traces only: metrics are Prometheus' (/metrics), logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  const unpatch = traceSqlStatements();
  let stopped: Promise<void> | null = null;
  return {
    shutdown: () =>
      (stopped ??= (async () => {
        unpatch();
        await sdk.shutdown();
      })()),
  };
}

type Query = (...args: unknown[]) => unknown;

/**
 * A span per statement sent by node-postgres (every pool: the API's, the worker's), as a child of the span active
 * when it is sent. Only inside a traced request or job: the worker's polling makes no root spans of its own.
 * (@opentelemetry/instrumentation-pg does this and more; this keeps to the SDK the project has.)
 */
function traceSqlStatements(): () => void {
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const tracer = trace.getTracer('throughline-sql');
  proto.query = function tracedQuery(this: unknown, ...args: unknown[]) {
    const parent = context.active();
    const first = args[0] as string | { text?: unknown; submit?: unknown } | undefined;
    const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : null;
    if (!trace.getSpan(parent) || text === null || (typeof first === 'object' && typeof first?.submit === 'function')) {
      return original.apply(this, args);
    }
    const operation = /^\s*([A-Za-z]+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
    const span = tracer.startSpan(
      `pg ${operation}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': operation,
          'db.query.text': text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text,
        },
      },
      parent,
    );
    const end = (error?: unknown) => {
      if (error) {
        const code = (error as { code?: unknown }).code;
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: typeof code === 'string' ? `SQLSTATE ${code}` : 'error',
        });
      }
      span.end();
    };
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => {
        end(error);
        callback(error, result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') result.then(() => end(), end);
    else end();
    return result;
  };
  return () => {
    proto.query = original;
  };
}
