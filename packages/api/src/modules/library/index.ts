import type { RequestContext } from '../../graphql/context';
import type { Node } from '../../graphql/node.type';

/** The library module's resolvers, wired into the schema by graphql/schema.ts. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const LIBRARY_RESOLVERS: Function[] = [];

/** How node(id:) refetches library records, by global id type. */
export const LIBRARY_FINDERS: Record<string, (ctx: RequestContext, globalId: string) => Promise<Node | null>> = {};
