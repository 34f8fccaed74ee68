import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { ChangeFeed, ChangesArgs, CHANGE_RECORDS } from './changes.type';
import { decodeChangeCursor, encodeChangeCursor } from './change-cursor';
import { changesService } from './changes.service';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';

@Resolver()
export class ChangesResolver {
  @Query(() => ChangeFeed, {
    description:
      'What changed in your district, oldest first: each create or change (UPSERT), removal (DELETE), deactivation and cancellation, of the records you read district-wide (API clients: of their scopes). Resume from pageInfo.endCursor. docs/integrators.md, "Syncing".',
  })
  @Allow(
    Permission.SCHOOL_READ,
    Permission.STAFF_READ,
    Permission.ROLE_ASSIGNMENT_READ,
    Permission.STRATEGY_READ,
    Permission.CONVERSATION_READ,
    Permission.SESSION_READ,
    Permission.ACTION_READ,
  )
  async changes(@Ctx() ctx: RequestContext, @Args(() => ChangesArgs) args: ChangesArgs): Promise<ChangeFeed> {
    const since = args.since != null ? decodeChangeCursor(args.since, 'since') : null;
    const page = await changesService.changes(ctx, since, args.first, args.types);
    const edges = page.entries.map((e) => {
      const cursor = encodeChangeCursor(e.position);
      const node = { type: e.type, id: toGlobalId(CHANGE_RECORDS[e.type].typename, e.id), op: e.op, at: e.at, cursor };
      return { node, cursor };
    });
    return {
      edges,
      nodes: edges.map((e) => e.node),
      pageInfo: {
        hasNextPage: page.hasMore,
        hasPreviousPage: since !== null,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: page.end ? encodeChangeCursor(page.end) : null,
      },
    };
  }
}
