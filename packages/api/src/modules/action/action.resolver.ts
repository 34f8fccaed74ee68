import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { ActionItem, ActionItemConnection } from './action.type';
import {
  ActionItemCreateInput,
  ActionItemPayload,
  ActionItemsArgs,
  ActionItemTransitionInput,
  ActionItemUpdateInput,
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
import { staffLoaders } from '../staff/staff-member.loaders';

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
    return actionService.list(ctx, args, args.filter);
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
    return { actionItem: await actionService.create(ctx, input) };
  }

  @Mutation(() => ActionItemPayload)
  @Allow(Permission.ACTION_MANAGE)
  async actionItemUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ActionItemUpdateInput) input: ActionItemUpdateInput,
  ): Promise<ActionItemPayload> {
    return { actionItem: await actionService.update(ctx, input) };
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
    return { actionItem: await actionService.transition(ctx, input) };
  }
}
