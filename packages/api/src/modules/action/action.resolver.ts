import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { ActionDateChange, ActionItem, ActionItemConnection, PracticeChangeCheck } from './action.type';
import {
  ActionItemCompletionCorrectInput,
  ActionItemCreateInput,
  ActionItemFilter,
  ActionItemPayload,
  ActionItemsAssignInput,
  ActionItemsPayload,
  ActionItemsArgs,
  ActionItemTransitionInput,
  ActionItemUpdateInput,
  PracticeChangeCheckInput,
  type ActionItemCreate,
  type ActionItemListFilter,
  type ActionItemTransition,
  type ActionItemUpdate,
  type PracticeChangeCheckRequest,
} from './action.input';
import { actionService, todayIn } from './action.service';
import { isOverdue } from './rules/overdue';
import { dueDateChanged } from './rules/follow-through';
import { sustainedCheckOpensAt } from './rules/practice-change';
import { actionLoaders } from './action.loaders';
import { sessionLoaders } from '../session/session.loaders';
import { Session } from '../session/session.type';
import { sessionById } from '../session/session.byid';
import { StaffMember } from '../staff/staff-member.type';
import { districtTimezone } from '../district/district.loaders';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { InputChecker } from '../../graphql/errors';
import { allOrNothing } from '../../graphql/bulk';
import { decodeId, wellFormedId } from '../../graphql/global-id';
import { staffLoaders } from '../staff/staff-member.loaders';
import { noteConfidentialRead } from '../audit/read-audit';

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

function decodePracticeChangeCheck(input: PracticeChangeCheckInput): PracticeChangeCheckRequest {
  return { ...input, actionItemId: decodeId(input.actionItemId, 'ActionItem') };
}

/**
 * Whether the caller may read an action's confidential texts (completion and practice-change evidence, verifiers'
 * notes; they may name students): its owner, the text's own author, and whoever is inside the conversation's
 * confidentiality boundary (modules/session/confidentiality.ts). Integrators never.
 */
async function mayReadText(
  ctx: RequestContext,
  a: { sessionRawId: string; ownerRawId: string },
  authorRawId?: string,
): Promise<boolean> {
  const p = ctx.principal;
  if (p?.kind !== 'staff') return false;
  if (p.staffMemberId === a.ownerRawId || p.staffMemberId === authorRawId) return true;
  return sessionLoaders.confidential(ctx).load(a.sessionRawId);
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
    return actionService.list(ctx, args, decodeActionItemFilter(args.filter), args.orderBy);
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

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What was done (DONE only). Confidential: null outside the conversation’s confidentiality boundary (its owner always reads it).',
  })
  async completionEvidence(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<string | null> {
    if (a.completionEvidenceText === null || !(await mayReadText(ctx, a))) return null;
    noteConfidentialRead(ctx, 'ActionItem', a.rawId, ['completionEvidence'], a.ownerRawId);
    return a.completionEvidenceText;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What can now be seen, heard or measured: the self-reported practice change. Confidential, like completionEvidence.',
  })
  async practiceChangeEvidence(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<string | null> {
    if (a.practiceChangeEvidenceText === null || !(await mayReadText(ctx, a))) return null;
    noteConfidentialRead(ctx, 'ActionItem', a.rawId, ['practiceChangeEvidence'], a.ownerRawId);
    return a.practiceChangeEvidenceText;
  }

  @FieldResolver(() => PracticeChangeCheck, {
    nullable: true,
    description: 'The corroboration of its practice change by a second person, if any.',
  })
  corroboration(@Root() a: ActionItem): PracticeChangeCheck | null {
    return a.corroborationCheck;
  }

  @FieldResolver(() => PracticeChangeCheck, {
    nullable: true,
    description: 'The re-check that confirmed its practice change as sustained, if any.',
  })
  sustained(@Root() a: ActionItem): PracticeChangeCheck | null {
    return a.sustainedCheck;
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When a corroborated practice change may be confirmed as sustained (sustainedAfterDays after it).',
  })
  async sustainedCheckOpensAt(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<Date | null> {
    const at = a.corroborationCheck?.checkedAt;
    if (!at) return null;
    return sustainedCheckOpensAt(at, (await actionLoaders.settings(ctx)).sustainedAfterDays);
  }

  @FieldResolver(() => Boolean, { description: 'Whether its due date was moved since it was created.' })
  async dueDateChanged(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<boolean> {
    const changes = await actionLoaders.dateChanges(ctx).load(a.rawId);
    return dueDateChanged(a, changes.filter((ch) => ch.field === 'DUE_ON').length);
  }

  @FieldResolver(() => [ActionDateChange], { description: 'Each change of its due date, oldest first.' })
  async dueOnHistory(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<ActionDateChange[]> {
    return (await actionLoaders.dateChanges(ctx).load(a.rawId)).filter((ch) => ch.field === 'DUE_ON');
  }

  @FieldResolver(() => [ActionDateChange], { description: 'Each correction of its completion day, oldest first.' })
  async completedOnCorrections(@Ctx() ctx: RequestContext, @Root() a: ActionItem): Promise<ActionDateChange[]> {
    return (await actionLoaders.dateChanges(ctx).load(a.rawId)).filter((ch) => ch.field === 'COMPLETED_ON');
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

  @Mutation(() => ActionItemsPayload, {
    description:
      'Gives several actions one owner, each checked as actionItemUpdate checks it: all or nothing (the error names every refused id).',
  })
  @Allow(Permission.ACTION_MANAGE)
  async actionItemsAssign(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ActionItemsAssignInput) input: ActionItemsAssignInput,
  ): Promise<ActionItemsPayload> {
    const actionItems = await allOrNothing(input.items, (item) =>
      actionService.update(ctx, decodeActionItemUpdate({ ...item, ownerId: input.ownerId })),
    );
    return { actionItems };
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

  @Mutation(() => ActionItemPayload, {
    description:
      'Corrects the day a DONE action was done, within completionCorrectionDays of marking it done; the old and new day are kept.',
  })
  @Allow(Permission.ACTION_MANAGE)
  async actionItemCompletionCorrect(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ActionItemCompletionCorrectInput) input: ActionItemCompletionCorrectInput,
  ): Promise<ActionItemPayload> {
    return {
      actionItem: await actionService.correctCompletion(ctx, { ...input, id: decodeId(input.id, 'ActionItem') }),
    };
  }

  @Mutation(() => ActionItemPayload, {
    description:
      'A coach or leader (not the owner) records that they observed the self-reported practice change of a DONE action.',
  })
  @Allow(Permission.PRACTICE_CHANGE_VERIFY)
  async practiceChangeCorroborate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PracticeChangeCheckInput) input: PracticeChangeCheckInput,
  ): Promise<ActionItemPayload> {
    return { actionItem: await actionService.corroborate(ctx, decodePracticeChangeCheck(input)) };
  }

  @Mutation(() => ActionItemPayload, {
    description:
      'A coach or leader (not the owner) re-checks a corroborated practice change, at least sustainedAfterDays after the corroboration.',
  })
  @Allow(Permission.PRACTICE_CHANGE_VERIFY)
  async practiceChangeConfirmSustained(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => PracticeChangeCheckInput) input: PracticeChangeCheckInput,
  ): Promise<ActionItemPayload> {
    return { actionItem: await actionService.confirmSustained(ctx, decodePracticeChangeCheck(input)) };
  }
}

/** A verifier's record: who, and their note inside the confidentiality boundary. */
@Resolver(() => PracticeChangeCheck)
export class PracticeChangeCheckResolver {
  @FieldResolver(() => StaffMember, { nullable: true })
  checkedBy(@Ctx() ctx: RequestContext, @Root() check: PracticeChangeCheck): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(check.checkedByRawId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'What was observed. Confidential: null outside the conversation’s boundary (its author reads it).',
  })
  async note(@Ctx() ctx: RequestContext, @Root() check: PracticeChangeCheck): Promise<string | null> {
    if (!(await mayReadText(ctx, check, check.checkedByRawId))) return null;
    noteConfidentialRead(ctx, 'ActionItem', check.actionRawId, [check.noteField], check.checkedByRawId);
    return check.noteText;
  }
}

/** Who moved a due date or corrected a completion day. */
@Resolver(() => ActionDateChange)
export class ActionDateChangeResolver {
  @FieldResolver(() => StaffMember, { nullable: true })
  changedBy(@Ctx() ctx: RequestContext, @Root() change: ActionDateChange): Promise<StaffMember | null> {
    return change.changedByRawId ? staffLoaders.byId(ctx).load(change.changedByRawId) : Promise.resolve(null);
  }
}
