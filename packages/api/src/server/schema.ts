import 'reflect-metadata';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { NodeResolver } from './node.resolver';
import { MODULES } from './modules';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const RESOLVERS = [NodeResolver, ...MODULES.flatMap((m) => m.resolvers ?? [])] as NonEmptyArray<Function>;

/** The schema, generated from the decorated code. Validation covers pagination limits (class-validator). */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: RESOLVERS,
    validate: { forbidUnknownValues: false },
    emitSchemaFile: false,
  });
}
