import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  astFromValue,
  execute,
  getNamedType,
  GraphQLError,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  typeFromAST,
  visit,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { spliceRawAnswers } from './raw-json';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayRequest = Parameters<NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>>[0];

/**
 * Compilations kept per parsed document (one per operation and set of variables left out). Apollo keeps one
 * DocumentNode per distinct query text (its document store), so a document is compiled when first seen.
 */
const COMPILED_PER_DOCUMENT_MAX = 8;

/**
 * Execution compiled once per operation (graphql-jit) instead of interpreted field by field (graphql-js's execute):
 * the selection set is walked when the operation is first seen, and every later run is a generated function that
 * calls the same resolvers, serializes the same scalars and propagates nulls and errors as the specification says.
 * A strategy page answers about 4,000 fields; interpreted, each one looked up its field definition, built its
 * argument map and its path, and completed its value through a chain of generic calls.
 *
 * Variables are coerced by graphql-js first, so a bad variable is refused with graphql-js's own words (and Apollo's
 * 400 BAD_USER_INPUT for them). Apollo Server takes a custom executor only through its gateway interface, so this is
 * one: a gateway that loads the given schema once and never changes it. Parsing, validation, the query limits and
 * every plugin run as before; only execution is replaced.
 *
 * graphql-jit 0.8 refuses a variable's input object that leaves out a non-null field which has a default (the
 * specification says the default applies), so the variables it is given have those defaults written in. Its errors
 * are its own kind (no extensions object when the cause had none, which Apollo's error formatting reads): each is
 * made a graphql-js GraphQLError with the same message, locations, path, cause and extensions. It cannot compile the
 * reading of a variable whose input type contains itself (it recurses until the stack runs out, for seconds): an
 * operation with such a variable is run by graphql-js (the schema has none today). A variable the request leaves
 * out, used as an input object's field, is null to graphql-jit but absent to graphql-js (and so to the resolvers: a
 * field left out of an update is left alone, a null one is cleared): the operation is compiled once per set of
 * variables left out, without those fields. An answer key named `__proto__` (an alias) sets the prototype of
 * graphql-jit's result object instead of a property, so the value is lost (nothing outside that object changes): such
 * a document runs through graphql-js. Past a few sets of absent variables for one document, and for an operation
 * graphql-jit cannot compile, graphql-js runs it.
 */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | null>>();
  const recursive = recursiveInputTypes(schema);

  /** The operation compiled for these absent variables, or null where graphql-js should run it. */
  function compiledFor(request: GatewayRequest, absent: string[]): CompiledQuery | null {
    const { document, operationName, operation } = request;
    let byKey = compiled.get(document);
    const key = `${operationName ?? ''}\n${absent.join(',')}`;
    const known = byKey?.get(key);
    if (known !== undefined) return known;
    if (byKey && byKey.size >= COMPILED_PER_DOCUMENT_MAX) return null;
    const definitions = operation.variableDefinitions ?? [];
    const uncompilable =
      namesProto(document) || definitions.some((d) => recursive.has(getNamedType(typeFromAST(schema, d.type))));
    const result = uncompilable
      ? null
      : compileQuery(schema, absent.length ? withoutFieldsOf(document, absent) : document, operationName ?? undefined, {
          // Stack traces are never sent and never logged for expected errors: capturing them is wasted work.
          disablingCapturingStackErrors: true,
        });
    const plan = result && isCompiledQuery(result) ? result : null;
    if (!byKey) compiled.set(document, (byKey = new Map()));
    byKey.set(key, plan);
    return plan;
  }

  return {
    async load() {
      return {
        executor: async (request: GatewayRequest) => {
          const definitions = request.operation.variableDefinitions ?? [];
          const given = request.request.variables ?? {};
          const coerced = getVariableValues(schema, definitions, given, { maxErrors: 50 });
          if (coerced.errors) return { errors: coerced.errors };
          const absent = definitions
            .filter((d) => !d.defaultValue && given[d.variable.name.value] === undefined)
            .map((d) => d.variable.name.value);
          const query = compiledFor(request, absent);
          if (!query) {
            const result = await execute({
              schema,
              document: request.document,
              operationName: request.operationName,
              variableValues: given,
              contextValue: request.context,
            });
            spliceRawAnswers(request.context, result.data);
            return result;
          }
          const result = await query.query(undefined, request.context, withInputDefaults(schema, definitions, given));
          // Subtrees written as text where their rows arrived, put where their fields answered (graphql/raw-json.ts).
          spliceRawAnswers(request.context, result.data);
          // In graphql-js's order (errors, then data): the answer reads the same either way.
          return result.errors ? { errors: result.errors.map(asGraphQLError), data: result.data } : result;
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}

/** Whether an answer key (an alias or a field name) of the document is `__proto__`. */
function namesProto(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field: (node) => {
      if ((node.alias ?? node.name).value === '__proto__') found = true;
    },
  });
  return found;
}

/**
 * The document without the input-object fields whose value is one of `variables` (absent from this request): as
 * graphql-js reads it (such a field is left out, or takes its default), where graphql-jit would give it null.
 */
function withoutFieldsOf(document: DocumentNode, variables: string[]): DocumentNode {
  const absent = new Set(variables);
  return visit(document, {
    ObjectField: (node) => (node.value.kind === Kind.VARIABLE && absent.has(node.value.name.value) ? null : undefined),
  });
}

/**
 * The client's variables (already coerced without error by graphql-js) with every omitted input-object field that
 * has a default given that default, in the form a client would have sent it. The client's objects are not changed.
 */
export function withInputDefaults(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...variables };
  for (const definition of definitions) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (type && out[name] != null) out[name] = completed(out[name], type);
  }
  return out;
}

function completed(value: unknown, type: GraphQLInputType): unknown {
  const nullable = getNullableType(type);
  if (value == null) return value;
  if (isListType(nullable)) {
    return Array.isArray(value)
      ? value.map((item) => completed(item, nullable.ofType))
      : completed(value, nullable.ofType);
  }
  if (!isInputObjectType(nullable) || typeof value !== 'object') return value;
  const given = value as Record<string, unknown>;
  const out: Record<string, unknown> = { ...given };
  for (const field of Object.values(nullable.getFields())) {
    if (given[field.name] === undefined && field.defaultValue !== undefined) {
      const ast = astFromValue(field.defaultValue, field.type);
      if (ast) out[field.name] = valueFromASTUntyped(ast);
    } else if (given[field.name] != null) {
      out[field.name] = completed(given[field.name], field.type);
    }
  }
  return out;
}

/** graphql-jit's error as graphql-js's own, as Apollo and formatError expect it. */
function asGraphQLError(error: GraphQLError): GraphQLError {
  if (error.constructor === GraphQLError) return error;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
  // graphql-jit gives locations but not the nodes they came from.
  (converted as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return converted;
}

/** Input object types that contain themselves (through any depth of fields and lists), or contain such a type. */
function recursiveInputTypes(schema: GraphQLSchema): Set<unknown> {
  const inputs = Object.values(schema.getTypeMap()).filter(isInputObjectType);
  const children = (type: GraphQLInputObjectType) =>
    Object.values(type.getFields())
      .map((f) => getNamedType(f.type))
      .filter(isInputObjectType);
  const reaches = new Map<GraphQLInputObjectType, Set<GraphQLInputObjectType>>();
  for (const type of inputs) {
    const seen = new Set<GraphQLInputObjectType>();
    const stack = children(type);
    while (stack.length) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...children(next));
    }
    reaches.set(type, seen);
  }
  // A type is unsafe when it reaches a type that reaches itself (or is one).
  const cyclic = inputs.filter((t) => reaches.get(t)!.has(t));
  return new Set<unknown>(inputs.filter((t) => cyclic.some((c) => c === t || reaches.get(t)!.has(c))));
}
