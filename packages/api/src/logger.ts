import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type Logger as PinoLogger } from 'pino';
import { trace } from '@opentelemetry/api';
import type { Config } from './config';

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** The logger createLogger makes: the project's API, and the pino logger under it (for pino-http). */
export interface AppLogger extends Logger {
  readonly pino: PinoLogger;
}

/** What every line logged while serving one request carries: its request id and its trace id. */
export interface LogScope {
  requestId: string;
  traceId: string;
}

/** The request being served, if any (set by http/request-scope.ts around each request). */
export const logScope = new AsyncLocalStorage<LogScope>();

/** Keys whose values are never written to a log, whatever the caller passes. */
const SECRET_KEYS = /pass(word)?|secret|token|authorization|cookie|private|hash/i;

function redactValue(value: unknown, depth: number): unknown {
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: value.message };
  return redact(value as Record<string, unknown>, depth + 1);
}

function redact(fields: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEYS.test(key) ? '[redacted]' : redactValue(value, depth);
  }
  return out;
}

/**
 * Where the lines go: debug and info to stdout, warn and error to stderr, through process.stdout/stderr.write (so a
 * test that captures those sees every line), synchronously (a line said just before exit is not lost).
 */
function destination(): pino.MultiStreamRes {
  return pino.multistream(
    [
      { level: 'debug', stream: { write: (line: string) => void process.stdout.write(line) } },
      { level: 'warn', stream: { write: (line: string) => void process.stderr.write(line) } },
    ],
    { dedupe: true },
  );
}

/**
 * One JSON line per event (pino): `time` (ISO 8601), `level` (its name), `msg`, the fields, and — while a request is
 * served — its `requestId` and `traceId`. What log collectors expect from a container. Keys that name secrets are
 * redacted at any depth, and the HTTP access lines (pino-http) carry the method, path and status only: no header,
 * query string or body, so no token, cookie or confidential text.
 */
export function createLogger(level: Config['logLevel']): AppLogger {
  const base = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const scope = logScope.getStore();
        if (scope) return { requestId: scope.requestId, traceId: scope.traceId };
        const span = trace.getActiveSpan()?.spanContext();
        return span && /[^0]/.test(span.traceId) ? { traceId: span.traceId } : {};
      },
      // A second wall for whatever reaches pino directly (pino-http): headers that carry credentials.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          'headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    destination(),
  );
  const write = (lvl: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Record<string, unknown>) => {
    if (!base.isLevelEnabled(lvl)) return;
    if (fields) base[lvl](redact(fields), msg);
    else base[lvl](msg);
  };
  return {
    pino: base,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
