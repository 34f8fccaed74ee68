import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { Limits } from '@throughline/shared';
import type { RawJson } from './raw-json';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean) hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** Relay pagination arguments: `first`/`after` forward, `last`/`before` backward, at most 100 a page. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  @Min(0)
  @Max(Limits.PAGE_MAX)
  first?: number | null;

  @Field(() => String, { nullable: true }) after?: string | null;

  @Field(() => Int, { nullable: true })
  @Min(0)
  @Max(Limits.PAGE_MAX)
  last?: number | null;

  @Field(() => String, { nullable: true }) before?: string | null;
}

/** What a service returns for a list: nodes with their cursors, and a total counted only when asked for. */
export interface Page<T> {
  edges: { node: T; cursor: string }[];
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
  /**
   * The nodes written as the answer's text where their rows arrived (graphql/raw-json.ts), when the service could
   * and was asked to: `edges` and `nodes` are then empty, and the resolver passes this through at `nodes`.
   */
  rawNodes?: RawJson;
}

/** Maps the nodes of a page (entities) to the GraphQL types a client sees, keeping the lazy total. */
export function mapPage<E, T>(page: Page<E>, map: (e: E) => T): Page<T> {
  // The cursor stays as lazy as the page's (db/paginate.ts: encoded only when read).
  const edges = page.edges.map((e) => ({
    node: map(e.node),
    get cursor() {
      return e.cursor;
    },
  }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: page.pageInfo,
    get totalCount() {
      return page.totalCount;
    },
  };
}

/**
 * The page with its nodes written as text instead (Page.rawNodes): no edges or nodes, the same lazy total. The rows
 * the text was written from are let go of (the page is kept only for its total), so the answer holds the bytes alone.
 */
export function withRawNodes<E, T>(page: Page<E>, rawNodes: RawJson): Page<T> {
  page.edges = [];
  page.nodes = [];
  return {
    edges: [],
    nodes: [],
    pageInfo: page.pageInfo,
    get totalCount() {
      return page.totalCount;
    },
    rawNodes,
  };
}

/** `XConnection` and `XEdge` types for a node type. */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => nodeType) node: T;
    @Field(() => String) cursor: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => [nodeType], { description: 'The nodes of the edges, for clients that need no cursors.' })
    nodes: T[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int, { description: 'All items matching the filter, across pages.' }) totalCount: number;
  }
  return Connection as unknown as ClassType<Page<T>>;
}

/** Marker for input types that carry a sort order. */
export function OrderInput<F extends object>(fieldEnum: F, name: string, defaultField: F[keyof F]) {
  @InputType(`${name}Order`)
  class Order {
    @Field(() => fieldEnum, { defaultValue: defaultField }) field: F[keyof F];
    @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction: OrderDirection;
  }
  return Order;
}
