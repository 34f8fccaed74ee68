import {
  GraphQLError,
  Kind,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';

/**
 * The shape limits of one GraphQL document, checked before anything runs (no resolver, no SQL):
 * - tokens: graphql-js's own parser stops counting at `tokens` (ParseOptions.maxTokens), so an oversized document
 *   is never even built;
 * - depth, aliases and directives: GraphQL Armor's rules (@escape.tech/graphql-armor-max-*), which follow each
 *   fragment once and remember its count, so a document of fragments that spread the next twice is checked in time
 *   linear in its size (the hand-written depth rule this replaces walked every path: 2^n). Fragments count as levels
 *   of depth, as Armor counts them, so nesting fragments cannot hide depth;
 * - `oncePerOperation`: fields that may appear at most once in an operation (signIn, refreshSession: one password
 *   check or token rotation per request, never thirty through aliases).
 * The estimated cost of a request needs its variables, so it is checked after validation, still before execution
 * (modules/rate-limit).
 */
export interface QueryShapeLimits {
  depth: number;
  aliases: number;
  directives: number;
  tokens: number;
  /** Root fields that may appear at most once per operation. */
  oncePerOperation: readonly string[];
}

/** The validation errors of these rules: HTTP 400 with this code, before execution. */
export const QUERY_LIMIT_CODE = 'GRAPHQL_VALIDATION_FAILED';

/** Armor reports e.g. "Syntax Error: Query depth limit of 10 exceeded, found 21."; we report it without the prefix. */
function reportTo(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error:\s*/, ''), { extensions: { code: QUERY_LIMIT_CODE } }),
  );
}

const armor = () => ({ exposeLimits: true, propagateOnRejection: false, onReject: [reportTo] });

/** Refuses an operation that asks for one of `fieldNames` under two response keys (aliases) or more. */
export function oncePerOperation(fieldNames: readonly string[]): ValidationRule {
  const names = new Set(fieldNames);
  return (context) => ({
    OperationDefinition(operation) {
      const keys = new Map<string, Set<string>>();
      // Like graphql-js's field collection: each fragment once per operation, inline fragments followed.
      const spread = new Set<string>();
      const collect = (set: SelectionSetNode): void => {
        for (const selection of set.selections) {
          if (selection.kind === Kind.FIELD) {
            const name = selection.name.value;
            if (!names.has(name)) continue;
            if (!keys.has(name)) keys.set(name, new Set());
            keys.get(name)!.add(selection.alias?.value ?? name);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            collect(selection.selectionSet);
          } else if (!spread.has(selection.name.value)) {
            spread.add(selection.name.value);
            const fragment = context.getFragment(selection.name.value);
            if (fragment) collect(fragment.selectionSet);
          }
        }
      };
      collect(operation.selectionSet);
      for (const [name, responseKeys] of keys) {
        if (responseKeys.size > 1) {
          context.reportError(
            new GraphQLError(`At most one ${name} per request; this one asks for ${responseKeys.size}.`, {
              nodes: [operation],
              extensions: { code: QUERY_LIMIT_CODE },
            }),
          );
        }
      }
    },
  });
}

/** The validation rules for ApolloServer's `validationRules` (added to graphql-js's specified rules). */
export function queryLimitRules(limits: QueryShapeLimits): ValidationRule[] {
  return [
    maxDepthRule({ ...armor(), n: limits.depth, ignoreIntrospection: true, flattenFragments: false }),
    maxAliasesRule({ ...armor(), n: limits.aliases }),
    maxDirectivesRule({ ...armor(), n: limits.directives }),
    oncePerOperation(limits.oncePerOperation),
  ] as ValidationRule[];
}

/**
 * The text of the document a GraphQL HTTP request carries (a POST body's `query`, or a GET's `?query=`), or null when
 * it carries none as a string (a persisted query's hash, a malformed body: Apollo answers those).
 */
export function documentTextOf(request: { method: string; body?: unknown; query?: unknown }): string | null {
  const source = request.method === 'GET' ? request.query : request.body;
  const text = source && typeof source === 'object' ? (source as { query?: unknown }).query : undefined;
  return typeof text === 'string' ? text : null;
}

/**
 * The size check that comes before any other work on a request: the token limit cannot bound what the lexer reads
 * (comments, whitespace, long string literals are not counted), so a document over `maxBytes` (UTF-8) is refused
 * before its bearer token is verified, any SQL runs or a character of it is lexed. Returns the refusal's message,
 * or null when the document fits.
 */
export function oversizedDocument(text: string, maxBytes: number): string | null {
  // UTF-8 takes at least one byte per UTF-16 unit and at most three: most documents are decided without counting.
  if (text.length * 3 <= maxBytes) return null;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return null;
  return `Document size limit of ${maxBytes} bytes exceeded, found ${bytes} (send long values as variables).`;
}

/** ApolloServer's `parseOptions`: the token limit, enforced while parsing. */
export function queryParseOptions(limits: Pick<QueryShapeLimits, 'tokens'>): ParseOptions {
  return { maxTokens: limits.tokens };
}
