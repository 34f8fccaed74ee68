import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from '../graphql/node.type';
import { fromGlobalId } from '../graphql/global-id';
import type { RequestContext } from '../graphql/context';
import { SignedIn } from '../auth/guard';
import { NODE_FINDERS } from './modules';
import { BadUserInputError, type ForbiddenError } from '../graphql/errors';

async function findNode(ctx: RequestContext, globalId: string): Promise<Node | null> {
  const parsed = fromGlobalId(globalId);
  const finder = parsed ? NODE_FINDERS[parsed.type] : undefined;
  if (!finder) return null;
  try {
    return await finder(ctx, parsed!.id);
  } catch (error) {
    // Lacking the permission to read a type answers like a missing record: null.
    if ((error as ForbiddenError).extensions?.code === 'FORBIDDEN') return null;
    throw error;
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any record by its global id; null when it does not exist or is not yours to see.',
  })
  @SignedIn()
  node(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Node | null> {
    return findNode(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items' })
  @SignedIn()
  nodes(@Ctx() ctx: RequestContext, @Arg('ids', () => [ID]) ids: string[]): Promise<(Node | null)[]> {
    if (ids.length > 100) throw new BadUserInputError([{ field: 'ids', message: 'At most 100 ids' }]);
    return Promise.all(ids.map((id) => findNode(ctx, id)));
  }
}
