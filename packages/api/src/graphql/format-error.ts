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
 * graphql-js's refusals of a request's variables ("Variable "$input" got invalid value {…} at "input.x"; …"), before
 * any resolver: the offending field named as BAD_USER_INPUT names it elsewhere (`input.name`), and the message
 * without the value itself (it can be long, and it is the caller's own text, not ours to repeat into logs or proxies).
 */
export function variableError(
  message: string,
): { message: string; fields: { field: string; message: string }[] } | null {
  const missing =
    /^Variable "\$(\w+)" of (?:required|non-null) type "([^"]+)" (was not provided|must not be null)\.$/.exec(message);
  if (missing) {
    const why = `${missing[1]} (${missing[2]}) ${missing[3]}`;
    return { message: `Variable "$${missing[1]}" ${missing[3]}`, fields: [{ field: missing[1], message: why }] };
  }
  const invalid = /^Variable "\$(\w+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([^;]*)$/.exec(message);
  if (!invalid) return null;
  const [, name, at, reason] = invalid;
  // A missing or unknown input field is named by the reason: `Field "x" of required type …` / `Field "x" is not defined…`.
  const inner = /^Field "(\w+)" (of required type|is not defined by type)/.exec(reason);
  const field = `${at ?? name}${inner ? `.${inner[1]}` : ''}`.replace(/^\$/, '');
  // A reason that quotes the value (`String cannot represent a non string value: "…"`) keeps only its words.
  const words = reason.replace(/:\s[\s\S]*$/, '');
  // The field's own message in the words a form shows beside it.
  const short = inner ? (inner[2] === 'of required type' ? 'Required' : 'Not a field of this input') : words;
  return {
    message: `Variable "$${name}" got an invalid value at "${field}": ${words}`,
    fields: [{ field, message: short }],
  };
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
    // Ours name their fields already; graphql-js's refusals of variables do not.
    if (code === ErrorCode.BAD_USER_INPUT && !formatted.extensions?.fields) {
      const variable = variableError(formatted.message);
      if (variable) return { ...base, message: variable.message, extensions: { code, fields: variable.fields } };
    }
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
