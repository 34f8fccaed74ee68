import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { ErrorCode } from '@throughline/shared';
import type { Logger } from '../logger';
import { fromDatabaseError } from './db-errors';

const KNOWN = new Set<string>(Object.values(ErrorCode));
/** Codes Apollo and graphql-js give requests that never reached a resolver: they describe the request, not us. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function flatten(errors: ValidationErrorLike[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Every error leaves with an extensions.code from our list, and nothing else of the server: no stack, no SQL,
 * no internal message. Unexpected errors are logged with the request id and answered as INTERNAL_SERVER_ERROR.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const code = formatted.extensions?.code as string | undefined;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

    // type-graphql's argument validation (class-validator). Its error is named 'GraphQLError' (graphql-js sets
    // the name), so recognise it by class: else its validationErrors, input values included, would go out as is.
    if (original instanceof ArgumentValidationError) {
      const fields = flatten(
        (original as unknown as { extensions?: { validationErrors?: ValidationErrorLike[] } }).extensions
          ?.validationErrors ?? [],
      );
      return { ...base, message: 'Invalid input', extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
    }
    const fromDb = fromDatabaseError(original);
    if (fromDb) return { ...base, message: fromDb.message, extensions: { code: fromDb.code, ...fromDb.extensions } };
    // type-graphql's own authorization error is ours FORBIDDEN
    if (code === 'UNAUTHORIZED') return { ...base, extensions: { code: ErrorCode.FORBIDDEN } };
    if (code && KNOWN.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
      const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
      return { ...base, extensions };
    }
    if (code && REQUEST_CODES.has(code) && !(original instanceof Error && !(original instanceof GraphQLError))) {
      return { ...base, extensions: { code } };
    }
    logger.error('unexpected error', {
      error: original instanceof Error ? `${original.name}: ${original.message}` : String(original),
      stack: original instanceof Error ? original.stack?.split('\n').slice(0, 6).join(' | ') : undefined,
      path: formatted.path?.join('.'),
    });
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
