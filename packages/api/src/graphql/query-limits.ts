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

/** ApolloServer's `parseOptions`: the token limit, enforced while parsing. */
export function queryParseOptions(limits: Pick<QueryShapeLimits, 'tokens'>): ParseOptions {
  return { maxTokens: limits.tokens };
}
