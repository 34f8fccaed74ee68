import { ServiceUnavailableError } from '../graphql/errors';

/** Node's socket errors that mean the database cannot be reached right now. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server that is going away, starting, or out of connections. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
/** pg-pool and pg's own words for a pool without a free connection in time, or a connection lost. */
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|connection error|Connection ended/i;
/** query_canceled: the statement ran past the transaction's statement_timeout. */
const STATEMENT_TIMEOUT = '57014';

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether a database error is overload or an outage rather than a fault of the request or of our code, and how
 * the client should hear it: 503 with Retry-After. Null for every other error.
 */
export function asUnavailable(error: unknown): ServiceUnavailableError | null {
  if (error instanceof ServiceUnavailableError) return error;
  const code = codeOf(error);
  if (code === STATEMENT_TIMEOUT) return new ServiceUnavailableError('The request took too long; try a smaller one', 5);
  if (code && (SOCKET_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08'))) {
    return new ServiceUnavailableError();
  }
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGE.test(message) ? new ServiceUnavailableError() : null;
}
