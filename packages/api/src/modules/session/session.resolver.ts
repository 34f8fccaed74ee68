import { Arg, Args, Ctx, FieldResolver, Float, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Lookahead } from '../../graphql/selection';
import { childPath, passThrough } from '../../graphql/raw-json';
import { Permission, SessionState } from '@throughline/shared';
import { Evidence, MyRating, Session, SessionConnection, SessionQuality } from './session.type';
import {
  SessionCancelInput,
  SessionsCancelInput,
  SessionsPayload,
  SessionFilter,
  SessionLogInput,
  SessionPayload,
  SessionRateInput,
  SessionRescheduleInput,
  SessionRestoreInput,
  SessionScheduleInput,
  SessionsArgs,
  type SessionCancel,
  type SessionListFilter,
  type SessionLog,
  type SessionRate,
  type SessionReschedule,
  type SessionSchedule,
} from './session.input';
import { sessionService } from './session.service';
import { sessionLoaders } from './session.loaders';
import { sessionById } from './session.byid';
import { stateOf } from './rules/state';
import { attendanceRate } from './rules/attendance';
import { Conversation } from '../conversation/conversation.type';
import { conversationLoaders } from '../conversation/conversation.loaders';
import { StaffMember } from '../staff/staff-member.type';
import { ActionItem } from '../action/action.type';
import { actionLoaders } from '../action/action.loaders';
import { Reflection } from '../reflection/reflection.type';
import { reflectionLoaders } from '../reflection/reflection.loaders';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { allOrNothing } from '../../graphql/bulk';
import { decodeId, decodeIds, wellFormedId } from '../../graphql/global-id';
import { staffLoaders } from '../staff/staff-member.loaders';
import { noteConfidentialRead } from '../audit/read-audit';

/*
 * The edge: the mutations' inputs decoded into what the session service takes, uuids where they carry global ids. A
 * malformed id, or one naming another type, decodes to a uuid no row has, so it answers like another district's id.
 */

function decodeSessionLog(input: SessionLogInput): SessionLog {
  return {
    ...input,
    id: decodeId(input.id, 'ConversationSession'),
    attendeeIds: decodeIds(input.attendeeIds, 'StaffMember'),
    guestIds: input.guestIds ? decodeIds(input.guestIds, 'StaffMember') : input.guestIds,
    actions: input.actions?.map((a) => ({
      description: a.description,
      ownerId: decodeId(a.ownerId, 'StaffMember'),
      dueOn: a.dueOn,
    })),
  };
}

function decodeSessionCancel(input: SessionCancelInput): SessionCancel {
  return { ...input, id: decodeId(input.id, 'ConversationSession') };
}

function decodeSessionSchedule(input: SessionScheduleInput): SessionSchedule {
  return { ...input, conversationId: decodeId(input.conversationId, 'LearningConversation') };
}

function decodeSessionReschedule(input: SessionRescheduleInput): SessionReschedule {
  return { ...input, id: decodeId(input.id, 'ConversationSession') };
}

function decodeSessionRate(input: SessionRateInput): SessionRate {
  return {
    sessionId: decodeId(input.sessionId, 'ConversationSession'),
    ratings: input.ratings.map((r) => ({ criterionId: decodeId(r.criterionId, 'RubricCriterion'), score: r.score })),
  };
}

/**
 * Decodes a sessions filter. A filter narrows rather than names a record, so a malformed reference is a mistake in
 * the question, answered BAD_USER_INPUT naming `filter.<field>` (every one at once), not an empty list.
 */
export function decodeSessionFilter(filter: SessionFilter | undefined | null): SessionListFilter | undefined {
  if (!filter) return undefined;
  const c = new InputChecker();
  const decoded = {
    ...filter,
    conversationId: wellFormedId(c, 'filter.conversationId', filter.conversationId, 'LearningConversation'),
    strategyId: wellFormedId(c, 'filter.strategyId', filter.strategyId, 'ImprovementStrategy'),
    schoolId: wellFormedId(c, 'filter.schoolId', filter.schoolId, 'School'),
  };
  c.throwIfAny();
  return decoded;
}

/** A confidential field's text for the caller: null outside the boundary; a read inside it is audited. */
async function readConfidential(
  ctx: RequestContext,
  s: Session,
  field: string,
  text: string | null,
): Promise<string | null> {
  if (!(await sessionLoaders.confidential(ctx).load(s.rawId))) return null;
  if (text !== null) noteConfidentialRead(ctx, 'ConversationSession', s.rawId, [field]);
  return text;
}

@Resolver(() => Session)
export class SessionResolver {
  @Query(() => SessionConnection, { description: 'Sessions you may read, by scheduled time.' })
  @Allow(Permission.SESSION_READ)
  async sessions(
    @Ctx() ctx: RequestContext,
    @Args(() => SessionsArgs) args: SessionsArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Page<Session>> {
    const look = Lookahead.of(info);
    // The nodes as text where their rows arrive, when `nodes` is selected plainly and `edges` not (their nodes would
    // be records: graphql/raw-json.ts).
    const nodesPath = look.has('edges') ? null : childPath(info, 'nodes');
    const page = await sessionService.list(
      ctx,
      { ...args, readsPageInfo: look.has('pageInfo') },
      decodeSessionFilter(args.filter),
      args.descending ?? false,
      args.orderBy,
      look.nodes(),
      nodesPath !== null,
    );
    if (page.rawNodes && nodesPath) passThrough(ctx, nodesPath, page.rawNodes);
    return page;
  }

  @Query(() => Session, { nullable: true })
  @Allow(Permission.SESSION_READ)
  session(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Session | null> {
    return sessionService.findById(ctx, decodeId(id, 'ConversationSession'));
  }

  @FieldResolver(() => SessionState, {
    description: 'Held, missed, missed with a reason, cancelled in time, or not yet due (SCHEDULED).',
  })
  async state(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<SessionState> {
    return stateOf(s.facts, await sessionLoaders.clock(ctx).load(s.rawId));
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'Of a held session: expected participants who attended / expected participants (the facilitator and guests are on neither side). Null when not held or nobody was expected.',
  })
  async attendanceRate(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<number | null> {
    const counts = await sessionLoaders.attendance(ctx).load(s.rawId);
    return counts ? attendanceRate(counts.attended, counts.expected) : null;
  }

  @FieldResolver(() => Conversation, { nullable: true })
  conversation(@Ctx() ctx: RequestContext, @Root() s: Session): Conversation | null | Promise<Conversation | null> {
    // Read ahead by the list (session.service listRows): answered as it is, with no promise to wait on.
    if (s.ahead?.conversation !== undefined) return s.ahead.conversation;
    return conversationLoaders.byId(ctx).load(s.conversationRawId);
  }

  @FieldResolver(() => [StaffMember], { description: 'Who attended (those you may read).' })
  async attendees(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<StaffMember[]> {
    const ids = await sessionLoaders.attendees(ctx).load(s.rawId);
    return (await staffLoaders.byId(ctx).loadMany(ids)).filter((p): p is StaffMember => p instanceof StaffMember);
  }

  @FieldResolver(() => [Evidence])
  evidence(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<Evidence[]> {
    return sessionLoaders.evidence(ctx).load(s.rawId);
  }

  @FieldResolver(() => Boolean, {
    description: 'True when what was said is withheld from you by the confidentiality boundary.',
  })
  async confidentialWithheld(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<boolean> {
    return !(await sessionLoaders.confidential(ctx).load(s.rawId));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Confidential: null outside the boundary.' })
  async notes(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<string | null> {
    return readConfidential(ctx, s, 'notes', (s.secret ?? (await sessionLoaders.secret(ctx).load(s.rawId))).notes);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Confidential: null outside the boundary.' })
  async checkIn(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<string | null> {
    return readConfidential(ctx, s, 'checkIn', (s.secret ?? (await sessionLoaders.secret(ctx).load(s.rawId))).checkIn);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Confidential: null outside the boundary.' })
  async checkOut(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<string | null> {
    return readConfidential(
      ctx,
      s,
      'checkOut',
      (s.secret ?? (await sessionLoaders.secret(ctx).load(s.rawId))).checkOut,
    );
  }

  @FieldResolver(() => SessionQuality, {
    nullable: true,
    description:
      "The session's quality (docs/metrics.md): its status, and its figures once published (the rating window closed, with at least minRaters raters other than its facilitator; both fixed on the session when it was first held). Null for a session not held.",
  })
  quality(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<SessionQuality | null> {
    return sessionLoaders.quality(ctx).load(s.rawId);
  }

  @FieldResolver(() => [MyRating], { description: 'Your own ratings of this session.' })
  myRatings(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<MyRating[]> {
    return sessionLoaders.myRatings(ctx).load(s.rawId);
  }

  @FieldResolver(() => [ActionItem], { description: 'Actions from this session that you may read.' })
  actions(@Ctx() ctx: RequestContext, @Root() s: Session): ActionItem[] | Promise<ActionItem[]> {
    if (s.ahead?.actions) return s.ahead.actions;
    return actionLoaders.bySession(ctx).load(s.rawId);
  }

  @FieldResolver(() => [Reflection], { description: 'Your reflection, and shared ones inside the boundary.' })
  reflections(@Ctx() ctx: RequestContext, @Root() s: Session): Promise<Reflection[]> {
    return reflectionLoaders.bySession(ctx).load(s.rawId);
  }

  @Mutation(() => SessionPayload, {
    description: 'Logs a session as held: attendance, evidence, notes, check-in/out and new actions, in one go.',
  })
  @Allow(Permission.SESSION_LOG)
  async sessionLog(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionLogInput) input: SessionLogInput,
  ): Promise<SessionPayload> {
    return { session: await sessionService.log(ctx, decodeSessionLog(input)) };
  }

  @Mutation(() => SessionPayload)
  @Allow(Permission.SESSION_LOG)
  async sessionCancel(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionCancelInput) input: SessionCancelInput,
  ): Promise<SessionPayload> {
    return { session: await sessionService.cancel(ctx, decodeSessionCancel(input)) };
  }

  @Mutation(() => SessionsPayload, {
    description:
      'Cancels several sessions with one reason, each checked as sessionCancel checks it: all or nothing (the error names every refused id).',
  })
  @Allow(Permission.SESSION_LOG)
  async sessionsCancel(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionsCancelInput) input: SessionsCancelInput,
  ): Promise<SessionsPayload> {
    // The one reason is checked once, not once per session.
    const c = new InputChecker();
    const reason = input.reason.trim();
    c.check(reason.length > 0, 'reason', 'Required');
    c.check(reason.length <= 500, 'reason', 'At most 500 characters');
    c.throwIfAny();
    const sessions = await allOrNothing(input.items, (item) =>
      sessionService.cancel(ctx, decodeSessionCancel({ ...item, reason })),
    );
    return { sessions };
  }

  @Mutation(() => SessionPayload)
  @Allow(Permission.CONVERSATION_MANAGE)
  async sessionSchedule(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionScheduleInput) input: SessionScheduleInput,
  ): Promise<SessionPayload> {
    return { session: await sessionService.schedule(ctx, decodeSessionSchedule(input)) };
  }

  @Mutation(() => SessionPayload, {
    description:
      'Moves an upcoming session to another time (those who manage its conversation): its invitations are updated, with the same UID.',
  })
  @Allow(Permission.CONVERSATION_MANAGE)
  async sessionReschedule(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionRescheduleInput) input: SessionRescheduleInput,
  ): Promise<SessionPayload> {
    return { session: await sessionService.reschedule(ctx, decodeSessionReschedule(input)) };
  }

  @Mutation(() => SessionPayload, {
    description:
      'Brings a cancelled session back, at its old time or a new one in the future (those who manage its conversation).',
  })
  @Allow(Permission.CONVERSATION_MANAGE)
  async sessionRestore(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionRestoreInput) input: SessionRestoreInput,
  ): Promise<SessionPayload> {
    return {
      session: await sessionService.restore(ctx, { ...input, id: decodeId(input.id, 'ConversationSession') }),
    };
  }

  @Mutation(() => SessionPayload, {
    description:
      "Rates a held session you attended, 1-4 on criteria of the rubric, until its rating window closes (heldAt + the district's ratingWindowDays; quality.ratingClosesAt).",
  })
  @Allow(Permission.SESSION_RATE)
  async sessionRate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SessionRateInput) input: SessionRateInput,
  ): Promise<SessionPayload> {
    const session = await sessionService.rate(ctx, decodeSessionRate(input));
    return { session: (await sessionById(ctx).load(session.rawId)) ?? session };
  }
}
