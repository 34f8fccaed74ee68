import {
  GraphQLError,
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ErrorCode } from '@throughline/shared';
import type { FieldError } from './errors';
import { DATE_RANGE } from './scalars';

/**
 * Input hygiene at the edge, once for every operation: each argument of each field the operation selects (root
 * fields and nested ones, through fragments; variables and literals alike, after GraphQL's own coercion), and every
 * string inside it (lists and nested inputs included), is checked before any resolver runs:
 * - no NUL character (PostgreSQL cannot store one in text; it would surface as an internal error);
 * - well-formed Unicode (no lone surrogate halves, which no database encoding can hold);
 * - LocalDate and DateTimeISO values within DATE_RANGE.
 * An offence refuses the whole operation with BAD_USER_INPUT (HTTP 400), nothing written: `extensions.fields`
 * names each offending field as the resolvers do (inside `input` without the prefix, e.g. `name` or
 * `actions.0.dueOn`; any other argument by its name, e.g. `filter.search`), and `path` is the root field's.
 */

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const FIRST_INSTANT = Date.parse(`${DATE_RANGE.first}T00:00:00Z`);
const AFTER_LAST_INSTANT = Date.parse(`${DATE_RANGE.last}T00:00:00Z`) + 24 * 3600 * 1000;
const OUT_OF_RANGE = `Must be between ${DATE_RANGE.first} and ${DATE_RANGE.last}`;

/** What is wrong with one scalar value, or null. */
function problemOf(scalar: string, value: unknown): string | null {
  if (typeof value === 'string') {
    if (value.includes(NUL)) return 'Must not contain a NUL character';
    if (LONE_SURROGATE.test(value)) return 'Must be valid Unicode text';
    if (scalar === 'LocalDate' && (value < DATE_RANGE.first || value > DATE_RANGE.last)) return OUT_OF_RANGE;
  } else if (value instanceof Date) {
    const t = value.getTime();
    if (!(t >= FIRST_INSTANT && t < AFTER_LAST_INSTANT)) return OUT_OF_RANGE;
  }
  return null;
}

function inspectValue(value: unknown, type: GraphQLInputType, path: string[], out: FieldError[]): void {
  if (value === null || value === undefined) return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (Array.isArray(value)) value.forEach((item, i) => inspectValue(item, t.ofType, [...path, String(i)], out));
    return;
  }
  if (isInputObjectType(t)) {
    if (typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    for (const field of Object.values(t.getFields())) {
      inspectValue(record[field.name], field.type, [...path, field.name], out);
    }
    return;
  }
  const problem = problemOf(t.name, value);
  if (problem) out.push({ field: path.join('.'), message: problem });
}

/** The offences of one operation, by the response key of the root field they are under. */
export function inspectOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | undefined,
): Map<string, FieldError[]> {
  const offences = new Map<string, FieldError[]>();
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {}, { maxErrors: 1 });
  // Variables that do not coerce are refused by execution itself, with its own message.
  if (!coerced.coerced) return offences;
  const variables = coerced.coerced;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  // A fragment is inspected once under each root field, however often it is spread there.
  const seen = new Set<string>();

  const visit = (set: SelectionSetNode, parent: GraphQLNamedType | undefined | null, root: string | null) => {
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const key = root ?? sel.alias?.value ?? sel.name.value;
        const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!def) continue;
        if (def.args.length) {
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(def, sel, variables);
          } catch {
            continue; // execution reports it
          }
          const found: FieldError[] = [];
          for (const arg of def.args)
            inspectValue(args[arg.name], arg.type, arg.name === 'input' ? [] : [arg.name], found);
          if (found.length) {
            const named = found.map((f) => ({ ...f, field: f.field || 'input' }));
            offences.set(key, [...(offences.get(key) ?? []), ...named]);
          }
        }
        if (sel.selectionSet) visit(sel.selectionSet, getNamedType(def.type), key);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        visit(sel.selectionSet, sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent, root);
      } else {
        const fragment = fragments.get(sel.name.value);
        const tag = `${root ?? ''}/${sel.name.value}`;
        if (!fragment || seen.has(tag)) continue;
        seen.add(tag);
        visit(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value), root);
      }
    }
  };
  visit(operation.selectionSet, schema.getRootType(operation.operation), null);
  return offences;
}

/** One BAD_USER_INPUT for the whole operation; with offences under several root fields, names carry their key. */
function refusal(offences: Map<string, FieldError[]>): GraphQLError {
  const several = offences.size > 1;
  const fields = [...offences].flatMap(([key, found]) =>
    found.map((f) => (several ? { ...f, field: `${key}.${f.field}` } : f)),
  );
  return new GraphQLError(`Invalid input: ${fields.map((f) => f.field).join(', ')}`, {
    path: several ? undefined : [...offences.keys()],
    extensions: { code: ErrorCode.BAD_USER_INPUT, fields, http: { status: 400 } },
  });
}

/** The Apollo plugin: inspects each operation once it is resolved, before execution starts. */
export function inputHygienePlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const offences = inspectOperation(schema, document, operation, request.variables);
          if (offences.size) throw refusal(offences);
        },
      };
    },
  };
}
