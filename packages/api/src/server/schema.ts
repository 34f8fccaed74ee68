import 'reflect-metadata';
import { buildSchema, type MiddlewareFn, type NonEmptyArray } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { NodeResolver } from './node.resolver';
import { MODULES } from './modules';
import { fieldResolverCoordinates, traceResolvers } from '../graphql/resolver-spans';
import { readPropertiesPlainly, resolveFieldsDirectly } from '../graphql/direct-resolvers';
import { DateTimeISO } from '../graphql/scalars';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS = [NodeResolver, ...MODULES.flatMap((m) => m.resolvers ?? [])] as NonEmptyArray<Function>;

/**
 * The schema, generated from the decorated code. Validation covers pagination limits (class-validator). Root fields
 * and object-returning field resolvers get a span each when tracing is on (graphql/resolver-spans.ts); field resolvers
 * with plain parameters are called directly, and plain properties are read as such (graphql/direct-resolvers.ts).
 */
export async function createSchema(): Promise<GraphQLSchema> {
  // None: every guard is a field's own. readPropertiesPlainly is told the same list (with one, it removes nothing).
  const globalMiddlewares: MiddlewareFn[] = [];
  const schema = await buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
    globalMiddlewares,
    // Date fields as ever (DateTimeISO), sent without the built-in toISOString (graphql/scalars.ts).
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
  });
  // Field resolvers with plain parameters answer what they return, without type-graphql's promise per call.
  resolveFieldsDirectly(schema);
  // Plain property fields are read as properties, without a resolver call per scalar of every row.
  readPropertiesPlainly(schema, globalMiddlewares);
  traceResolvers(schema, fieldResolverCoordinates());
  return schema;
}
