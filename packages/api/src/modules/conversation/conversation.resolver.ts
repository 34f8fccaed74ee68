import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Permission, Role } from '@throughline/shared';
import { Conversation, ConversationConnection } from './conversation.type';
import {
  ConversationCreateInput,
  ConversationFilter,
  ConversationPayload,
  ConversationsArgs,
  ConversationUpdateInput,
} from './conversation.input';
import { conversationService, type ConversationListFilter } from './conversation.service';
import { conversationLoaders } from './conversation.loaders';
import { School } from '../school/school.type';
import { StaffMember } from '../staff/staff-member.type';
import { Mapping } from '../strategy/strategy.type';
import { strategyLoaders } from '../strategy/strategy.loaders';
import { Session, SessionConnection } from '../session/session.type';
import { SessionsArgs } from '../session/session.input';
import { decodeSessionFilter } from '../session/session.resolver';
import { sessionLoaders } from '../session/session.loaders';
import { RECENT_SESSIONS_MAX } from '../session/read-ahead';
import { sessionService } from '../session/session.service';
import { describeCadence } from '../schedule/cadence';
import { MailLanguage } from '../../graphql/language';
import { Allow, SignedIn } from '../../auth/guard';
import { decodeId, decodeIds, decodeOptionalId, toGlobalId, wellFormedId } from '../../graphql/global-id';
import { InputChecker } from '../../graphql/errors';
import type { RequestContext } from '../../graphql/context';
import { LocalDate } from '../../graphql/scalars';
import type { Page } from '../../graphql/connection';
import { staffLoaders } from '../staff/staff-member.loaders';
import { schoolLoaders } from '../school/school.loaders';

@ObjectType({ description: 'An occurrence of a cadence that falls on a non-school day of the district calendar.' })
export class CadencePreviewSkip {
  @Field(() => Date, { description: 'When the session would have been.' }) startsAt: Date;
  @Field(() => LocalDate, { description: 'Its local day in the district time zone.' }) day: string;
  @Field(() => String, { description: "Why it is not scheduled: the non-school day's name." }) reason: string;
}

@ObjectType({ description: 'A cadence in plain words, with its next dates: for a cadence editor.' })
export class CadencePreview {
  @Field(() => Boolean) valid: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Why it does not parse, or that it schedules more sessions than a series may have.',
  })
  error: string | null;
  @Field(() => String, { nullable: true }) normalized: string | null;
  @Field(() => String) description: string;
  @Field(() => [Date]) nextDates: Date[];
  @Field(() => [CadencePreviewSkip], {
    description:
      'Occurrences before the last of nextDates that fall on a non-school day: a cadence skips them (none for a one-off).',
  })
  skippedDates: CadencePreviewSkip[];
}

const MAX_LIST = 50;

/**
 * The filter with its ids decoded. A filter id must at least be well-formed: a malformed one is BAD_USER_INPUT
 * `Not a <Type> id` on its field (all of them at once) rather than a filter that matches nothing.
 */
function decodeFilter(filter: ConversationFilter | undefined): ConversationListFilter | undefined {
  if (!filter) return filter;
  const c = new InputChecker();
  const decoded = {
    ...filter,
    schoolId: wellFormedId(c, 'filter.schoolId', filter.schoolId, 'School'),
    facilitatorId: wellFormedId(c, 'filter.facilitatorId', filter.facilitatorId, 'StaffMember'),
    strategyId: wellFormedId(c, 'filter.strategyId', filter.strategyId, 'ImprovementStrategy'),
  };
  c.throwIfAny();
  return decoded;
}

/** A list of references decoded; absent stays absent. */
function decodeList(globalIds: string[] | undefined, type: string): string[] | undefined {
  return globalIds === undefined ? undefined : decodeIds(globalIds, type);
}

@Resolver(() => Conversation)
export class ConversationResolver {
  @Query(() => ConversationConnection, {
    description: "Conversations you may read: the district's, your schools' or those you take part in.",
  })
  @Allow(Permission.CONVERSATION_READ)
  conversations(
    @Ctx() ctx: RequestContext,
    @Args(() => ConversationsArgs) args: ConversationsArgs,
  ): Promise<Page<Conversation>> {
    return conversationService.list(ctx, args, decodeFilter(args.filter), args.orderBy);
  }

  @Query(() => Conversation, { nullable: true })
  @Allow(Permission.CONVERSATION_READ)
  conversation(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Conversation | null> {
    return conversationService.findById(ctx, decodeId(id, 'LearningConversation'));
  }

  @Query(() => CadencePreview, {
    description: 'Reads an RRULE back in plain words with the next dates, in your district time zone.',
  })
  @SignedIn()
  cadencePreview(
    @Ctx() ctx: RequestContext,
    @Arg('cadence', () => String, { nullable: true }) cadence: string | null,
    @Arg('firstStartsAt', () => String) firstStartsAt: string,
    @Arg('count', () => Int, { defaultValue: 5 }) count: number,
    @Arg('scheduleUntil', () => LocalDate, {
      nullable: true,
      description: 'The last day of the series; defaults to the end of the school year, as for a new conversation.',
    })
    scheduleUntil: string | null,
  ): Promise<CadencePreview> {
    return conversationService.cadencePreview(ctx, { cadence, firstStartsAt, count, scheduleUntil });
  }

  @FieldResolver(() => String, {
    description: 'The cadence in plain words, in the language asked for (English by default).',
  })
  cadenceDescription(
    @Root() c: Conversation,
    @Arg('language', () => MailLanguage, { nullable: true, defaultValue: MailLanguage.EN })
    language: MailLanguage | null,
  ): string {
    return describeCadence(c.cadence, { language: language ?? MailLanguage.EN });
  }

  @FieldResolver(() => School, { nullable: true })
  school(@Ctx() ctx: RequestContext, @Root() c: Conversation): Promise<School | null> {
    return c.schoolRawId ? schoolLoaders.byId(ctx).load(c.schoolRawId) : Promise.resolve(null);
  }

  @FieldResolver(() => StaffMember, { nullable: true })
  facilitator(@Ctx() ctx: RequestContext, @Root() c: Conversation): StaffMember | null | Promise<StaffMember | null> {
    if (c.ahead?.facilitator !== undefined) return c.ahead.facilitator;
    return staffLoaders.byId(ctx).load(c.facilitatorRawId);
  }

  @FieldResolver(() => [StaffMember], { description: 'The people named as participants (those you may read).' })
  async participants(@Ctx() ctx: RequestContext, @Root() c: Conversation): Promise<StaffMember[]> {
    const ids = await conversationLoaders.participantIds(ctx).load(c.rawId);
    return (await staffLoaders.byId(ctx).loadMany(ids)).filter((p): p is StaffMember => p instanceof StaffMember);
  }

  @FieldResolver(() => [Role], { description: 'Roles that take part, at the school (or district-wide).' })
  participantRoles(@Ctx() ctx: RequestContext, @Root() c: Conversation): Promise<Role[]> {
    return conversationLoaders.participantRoles(ctx).load(c.rawId);
  }

  @FieldResolver(() => [ID], { description: 'Norms agreed for this conversation.' })
  async normIds(@Ctx() ctx: RequestContext, @Root() c: Conversation): Promise<string[]> {
    return (await conversationLoaders.normIds(ctx).load(c.rawId)).map((id) => toGlobalId('Norm', id));
  }

  @FieldResolver(() => ID, { nullable: true })
  skillFocusId(@Root() c: Conversation): string | null {
    return c.skillFocusRawId ? toGlobalId('Skill', c.skillFocusRawId) : null;
  }

  @FieldResolver(() => [Mapping], { description: 'The strategies that depend on this conversation.' })
  mappings(@Ctx() ctx: RequestContext, @Root() c: Conversation): Promise<Mapping[]> {
    return strategyLoaders.mappingsByConversation(ctx).load(c.rawId);
  }

  @FieldResolver(() => [Session], { description: 'Past sessions, newest first (held, missed or cancelled).' })
  recentSessions(
    @Ctx() ctx: RequestContext,
    @Root() c: Conversation,
    @Arg('limit', () => Int, { defaultValue: 5 }) limit: number,
  ): Session[] | Promise<Session[]> {
    const n = Math.min(Math.max(limit, 1), RECENT_SESSIONS_MAX);
    if (c.ahead?.recentSessions?.limit === n) return c.ahead.recentSessions.sessions;
    return sessionLoaders.recentByConversation(ctx, n).load(c.rawId);
  }

  @FieldResolver(() => [Session], { description: 'Next scheduled sessions.' })
  upcomingSessions(
    @Ctx() ctx: RequestContext,
    @Root() c: Conversation,
    @Arg('limit', () => Int, { defaultValue: 5 }) limit: number,
  ): Promise<Session[]> {
    return sessionLoaders.upcomingByConversation(ctx, Math.min(Math.max(limit, 1), MAX_LIST)).load(c.rawId);
  }

  @FieldResolver(() => SessionConnection)
  sessions(
    @Ctx() ctx: RequestContext,
    @Root() c: Conversation,
    @Args(() => SessionsArgs) args: SessionsArgs,
  ): Promise<Page<Session>> {
    return sessionService.list(
      ctx,
      args,
      decodeSessionFilter({ ...args.filter, conversationId: c.id }),
      args.descending ?? false,
    );
  }

  @Mutation(() => ConversationPayload, {
    description: 'Creates a learning conversation and schedules its sessions over the horizon.',
  })
  @Allow(Permission.CONVERSATION_MANAGE)
  conversationCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ConversationCreateInput) input: ConversationCreateInput,
  ): Promise<ConversationPayload> {
    return conversationService.create(ctx, {
      ...input,
      schoolId: input.schoolId ? decodeId(input.schoolId, 'School') : null,
      facilitatorId: decodeId(input.facilitatorId, 'StaffMember'),
      skillFocusId: decodeOptionalId(input.skillFocusId, 'Skill'),
      participantIds: decodeList(input.participantIds, 'StaffMember'),
      normIds: decodeList(input.normIds, 'Norm'),
    });
  }

  @Mutation(() => ConversationPayload, {
    description: 'Changing the cadence reschedules only future sessions not yet held.',
  })
  @Allow(Permission.CONVERSATION_MANAGE)
  conversationUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ConversationUpdateInput) input: ConversationUpdateInput,
  ): Promise<ConversationPayload> {
    return conversationService.update(ctx, {
      ...input,
      id: decodeId(input.id, 'LearningConversation'),
      facilitatorId: input.facilitatorId === undefined ? undefined : decodeId(input.facilitatorId, 'StaffMember'),
      skillFocusId: decodeOptionalId(input.skillFocusId, 'Skill'),
      participantIds: decodeList(input.participantIds, 'StaffMember'),
      normIds: decodeList(input.normIds, 'Norm'),
    });
  }
}
