import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Lookahead } from '../../graphql/selection';
import { passThrough } from '../../graphql/raw-json';
import { Permission } from '@throughline/shared';
import { Mapping, Strategy, StrategyConnection } from './strategy.type';
import {
  ConversationMappingCreateInput,
  ConversationMappingDeleteInput,
  ConversationMappingDeletePayload,
  ConversationMappingPayload,
  ConversationMappingUpdateInput,
  StrategiesArgs,
  StrategyCreateInput,
  StrategyPayload,
  StrategyUpdateInput,
} from './strategy.input';
import { strategyService } from './strategy.service';
import { mappingService } from './mapping.service';
import { strategyLoaders } from './strategy.loaders';
import { School } from '../school/school.type';
import { StaffMember } from '../staff/staff-member.type';
import { Conversation } from '../conversation/conversation.type';
import { conversationLoaders } from '../conversation/conversation.loaders';
import { Allow } from '../../auth/guard';
import { decodeId, decodeOptionalId, toGlobalId, wellFormedId } from '../../graphql/global-id';
import { InputChecker } from '../../graphql/errors';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { staffLoaders } from '../staff/staff-member.loaders';
import { schoolLoaders } from '../school/school.loaders';

/**
 * A school id that must at least be well-formed (a filter's, or a new strategy's): a malformed one is
 * BAD_USER_INPUT `Not a School id` on its field rather than a school that matches nothing.
 */
function wellFormedSchoolId(globalId: string, field: string): string {
  const c = new InputChecker();
  const id = wellFormedId(c, field, globalId, 'School');
  c.throwIfAny();
  return id!;
}

@Resolver(() => Strategy)
export class StrategyResolver {
  @Query(() => StrategyConnection, {
    description: "Strategies you may read: the district's, or your schools' and the district-wide ones.",
  })
  @Allow(Permission.STRATEGY_READ)
  strategies(
    @Ctx() ctx: RequestContext,
    @Args(() => StrategiesArgs) args: StrategiesArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Strategy>> {
    const filter = args.filter && {
      ...args.filter,
      schoolId: args.filter.schoolId ? wellFormedSchoolId(args.filter.schoolId, 'filter.schoolId') : undefined,
    };
    const look = Lookahead.of(info);
    return strategyService.list(
      ctx,
      { ...args, readsPageInfo: look.has('pageInfo') },
      filter,
      args.orderBy,
      look.nodes(),
    );
  }

  @Query(() => Strategy, { nullable: true })
  @Allow(Permission.STRATEGY_READ)
  strategy(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Strategy | null> {
    return strategyService.findById(ctx, decodeId(id, 'ImprovementStrategy'));
  }

  @FieldResolver(() => School, { nullable: true, description: 'Null for a district-wide strategy.' })
  school(@Ctx() ctx: RequestContext, @Root() s: Strategy): Promise<School | null> {
    return s.schoolRawId ? schoolLoaders.byId(ctx).load(s.schoolRawId) : Promise.resolve(null);
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  owner(@Ctx() ctx: RequestContext, @Root() s: Strategy): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(s.ownerRawId);
  }

  @FieldResolver(() => [Mapping], {
    description: 'The learning conversations this strategy depends on, with the change expected of each.',
  })
  mappings(
    @Ctx() ctx: RequestContext,
    @Root() s: Strategy,
    @Info() info: GraphQLResolveInfo,
  ): Mapping[] | Promise<Mapping[]> {
    // Written as the answer's text where the page's rows arrived (strategy/read-ahead.ts): put in place after execution.
    if (s.ahead?.mappingsText) return passThrough(ctx, info.path, s.ahead.mappingsText);
    if (s.ahead?.mappings) return s.ahead.mappings;
    return strategyLoaders.mappingsByStrategy(ctx).load(s.rawId);
  }

  @Mutation(() => StrategyPayload)
  @Allow(Permission.STRATEGY_MANAGE)
  async strategyCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StrategyCreateInput) input: StrategyCreateInput,
  ): Promise<StrategyPayload> {
    return {
      strategy: await strategyService.create(ctx, {
        ...input,
        schoolId: input.schoolId ? wellFormedSchoolId(input.schoolId, 'schoolId') : null,
        ownerId: decodeOptionalId(input.ownerId, 'StaffMember'),
      }),
    };
  }

  @Mutation(() => StrategyPayload)
  @Allow(Permission.STRATEGY_MANAGE)
  async strategyUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StrategyUpdateInput) input: StrategyUpdateInput,
  ): Promise<StrategyPayload> {
    return {
      strategy: await strategyService.update(ctx, {
        ...input,
        id: decodeId(input.id, 'ImprovementStrategy'),
        ownerId: decodeOptionalId(input.ownerId, 'StaffMember'),
      }),
    };
  }
}

@Resolver(() => Mapping)
export class MappingResolver {
  @FieldResolver(() => Strategy, { nullable: true })
  strategy(@Ctx() ctx: RequestContext, @Root() m: Mapping): Promise<Strategy | null> {
    return strategyLoaders.byId(ctx).load(m.strategyRawId);
  }

  @FieldResolver(() => Conversation, { nullable: true })
  conversation(@Ctx() ctx: RequestContext, @Root() m: Mapping): Conversation | null | Promise<Conversation | null> {
    if (m.ahead?.conversation !== undefined) return m.ahead.conversation;
    return conversationLoaders.byId(ctx).load(m.conversationRawId);
  }

  @Mutation(() => ConversationMappingPayload, {
    description: 'Maps a learning conversation to a strategy, stating the change expected.',
  })
  @Allow(Permission.STRATEGY_MANAGE)
  async conversationMappingCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ConversationMappingCreateInput) input: ConversationMappingCreateInput,
  ): Promise<ConversationMappingPayload> {
    return {
      mapping: await mappingService.create(ctx, {
        ...input,
        strategyId: decodeId(input.strategyId, 'ImprovementStrategy'),
        conversationId: decodeId(input.conversationId, 'LearningConversation'),
      }),
    };
  }

  @Mutation(() => ConversationMappingPayload)
  @Allow(Permission.STRATEGY_MANAGE)
  async conversationMappingUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ConversationMappingUpdateInput) input: ConversationMappingUpdateInput,
  ): Promise<ConversationMappingPayload> {
    return { mapping: await mappingService.update(ctx, { ...input, id: decodeId(input.id, 'ConversationMapping') }) };
  }

  @Mutation(() => ConversationMappingDeletePayload, { description: 'Unmaps a conversation from a strategy.' })
  @Allow(Permission.STRATEGY_MANAGE)
  async conversationMappingDelete(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ConversationMappingDeleteInput) input: ConversationMappingDeleteInput,
  ): Promise<ConversationMappingDeletePayload> {
    const deleted = await mappingService.delete(ctx, decodeId(input.id, 'ConversationMapping'));
    return { deletedId: toGlobalId('ConversationMapping', deleted) };
  }
}
