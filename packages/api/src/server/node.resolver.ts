import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from './node.type';
import { fromGlobalId } from './global-id';
import type { RequestContext } from './context';
import { SignedIn } from '../auth/guard';
import { schoolService } from '../modules/school/school.service';
import { staffMemberService } from '../modules/staff/staff-member.service';
import { roleAssignmentService } from '../modules/role-assignment/role-assignment.service';
import { districtService } from '../modules/district/district.service';
import { LIBRARY_FINDERS } from '../modules/library';
import { strategyService } from '../modules/strategy/strategy.service';
import { mappingService } from '../modules/strategy/mapping.service';
import { conversationService } from '../modules/conversation/conversation.service';
import { sessionService } from '../modules/session/session.service';
import { actionService } from '../modules/action/action.service';
import { BadUserInputError, type ForbiddenError } from './errors';

type Finder = (ctx: RequestContext, globalId: string) => Promise<Node | null>;

/** How each node type is refetched. Each finder applies the caller's scope, so node() reveals nothing extra. */
const FINDERS: Record<string, Finder> = {
  District: (ctx, id) => districtService.findById(ctx, id),
  School: (ctx, id) => schoolService.findById(ctx, id),
  StaffMember: (ctx, id) => staffMemberService.findById(ctx, id),
  RoleAssignment: (ctx, id) => roleAssignmentService.findById(ctx, id),
  ImprovementStrategy: (ctx, id) => strategyService.findById(ctx, id),
  ConversationMapping: (ctx, id) => mappingService.findById(ctx, id),
  LearningConversation: (ctx, id) => conversationService.findById(ctx, id),
  ConversationSession: (ctx, id) => sessionService.findById(ctx, id),
  ActionItem: (ctx, id) => actionService.findById(ctx, id),
  ...LIBRARY_FINDERS,
};

async function findNode(ctx: RequestContext, globalId: string): Promise<Node | null> {
  const parsed = fromGlobalId(globalId);
  const finder = parsed ? FINDERS[parsed.type] : undefined;
  if (!finder) return null;
  try {
    return await finder(ctx, globalId);
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
