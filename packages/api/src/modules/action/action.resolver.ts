import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { ActionItem, ActionItemConnection } from './action.type';
import {
  ActionItemCreateInput,
  ActionItemFilter,
  ActionItemPayload,
  ActionItemsArgs,
  ActionItemTransitionInput,
  ActionItemUpdateInput,
  type ActionItemCreate,
  type ActionItemListFilter,
  type ActionItemTransition,
  type ActionItemUpdate,
} from './action.input';
import { actionService, todayIn } from './action.service';
import { isOverdue } from './rules/overdue';
import { Session } from '../session/session.type';
import { sessionById } from '../session/session.byid';
import { StaffMember } from '../staff/staff-member.type';
import { districtTimezone } from '../district/district.loaders';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { decodeId, wellFormedId } from '../../graphql/global-id';
import { staffLoaders } from '../staff/staff-member.loaders';

/*
 * The edge: the mutations' inputs decoded into what the action service takes, uuids where they carry global ids. A
 * malformed id, or one naming another type, decodes to a uuid no row has, so it answers like another district's id.
 */

function decodeActionItemCreate(input: ActionItemCreateInput): ActionItemCreate {
  return {
    ...input,
    sessionId: decodeId(input.sessionId, 'ConversationSession'),
    ownerId: decodeId(input.ownerId, 'StaffMember'),
  };
}

function decodeActionItemUpdate(input: ActionItemUpdateInput): ActionItemUpdate {
  return {
    ...input,
    id: decodeId(input.id, 'ActionItem'),
    // Absent leaves the owner be; any value given, null included, names a person (none has NO_SUCH_ID).
    ownerId: input.ownerId === undefined ? undefined : decodeId(input.ownerId, 'StaffMember'),
  };
}

function decodeActionItemTransition(input: ActionItemTransitionInput): ActionItemTransition {
  return { ...input, id: decodeId(input.id, 'ActionItem') };
}

/**
 * Decodes an actions filter. A filter narrows rather than names a record, so a malformed reference is a mistake in
 * the question, answered BAD_USER_INPUT naming `filter.<field>` (every one at once), not an empty list.
 */
function decodeActionItemFilter(filter: ActionItemFilter | undefined | null): ActionItemListFilter | undefined {
  if (!filter) return undefined;
  const c = new InputChecker();
  const decoded = {
    ...filter,
    ownerId: wellFormedId(c, 'filter.ownerId', filter.ownerId, 'StaffMember'),
    sessionId: wellFormedId(c, 'filter.sessionId', filter.sessionId, 'ConversationSession'),
    conversationId: wellFormedId(c, 'filter.conversationId', filter.conversationId, 'LearningConversation'),
    strategyId: wellFormedId(c, 'filter.strategyId', filter.strategyId, 'ImprovementStrategy'),
    schoolId: wellFormedId(c, 'filter.schoolId', filter.schoolId, 'School'),
  };
  c.throwIfAny();
  return decoded;
}

@Resolver(() => ActionItem)
export class ActionResolver {
  @Query(() => ActionItemConnection, {
    description: 'Actions you may read, by due date: yours, your team’s, or the district’s.',
  })
  @Allow(Permission.ACTION_READ)
  actionItems(
    @Ctx() ctx: RequestContext,
    @Args(() => ActionItemsArgs) args: ActionItemsArgs,
  ): Promise<Page<ActionItem>> {
    return actionService.list(ctx, args, decodeActionItemFilter(args.filter));
  }

  @FieldResolver(() => Session, { nullable: true })
  session(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<Session | null> {
    return sessionById(ctx).load(a.sessionRawId);
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  owner(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(a.ownerRawId);
  }

  @FieldResolver(() => Boolean, { description: 'Open or in progress, and past its due date in the district.' })
  async overdue(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<boolean> {
    return isOverdue(a, todayIn(await districtTimezone(ctx)));
  }

  @Mutation(() => ActionItemPayload)
  @Allow(Permission.ACTION_MANAGE)
  async actionItemCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ActionItemCreateInput) input: ActionItemCreateInput,
  ): Promise<ActionItemPayload> {
    return { actionItem: await actionService.create(ctx, decodeActionItemCreate(input)) };
  }

  @Mutation(() => ActionItemPayload)
  @Allow(Permission.ACTION_MANAGE)
  async actionItemUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ActionItemUpdateInput) input: ActionItemUpdateInput,
  ): Promise<ActionItemPayload> {
    return { actionItem: await actionService.update(ctx, decodeActionItemUpdate(input)) };
  }

  @Mutation(() => ActionItemPayload, {
    description:
      'Moves an action along its allowed transitions; DONE records the day and any evidence of changed practice.',
  })
  @Allow(Permission.ACTION_MANAGE)
  async actionItemTransition(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ActionItemTransitionInput) input: ActionItemTransitionInput,
  ): Promise<ActionItemPayload> {
    return { actionItem: await actionService.transition(ctx, decodeActionItemTransition(input)) };
  }
}
