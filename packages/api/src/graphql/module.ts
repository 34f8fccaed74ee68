import type { RequestContext } from './context';
import type { Node } from './node.type';
import type { JobDefinitions } from '../jobs/queue';

/** Refetches one record of a node type by its domain id (decoded by the root), through the caller's scope. */
export type NodeFinder = (ctx: RequestContext, id: string) => Promise<Node | null>;

/**
 * What a feature module contributes to the server. Each module declares this once, in its `<area>.module.ts`;
 * the composition root (`server/modules.ts`) lists the modules, and nothing else needs to know they exist.
 */
export interface ApiModule {
  name: string;
  /** Its type-graphql resolver classes. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers?: Function[];
  /** The TypeORM entities it owns (its tables; the schema itself comes from migrations). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  /** How `node(id:)` refetches each of its node types. */
  nodes?: Record<string, NodeFinder>;
  /** Its background tasks and schedules, run by the one job queue (jobs/queue.ts). */
  jobs?: JobDefinitions;
}
