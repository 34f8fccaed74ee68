import type { SelectQueryBuilder } from 'typeorm';
import { ACTION_EVIDENCE_MAX, ACTION_TRANSITIONS, EventType, Permission } from '@throughline/shared';
import { ActionDateChangeEntity, ActionEntity } from './action.entity';
import { ActionItem } from './action.type';
import {
  ActionItemOrderField,
  type ActionItemCompletionCorrect,
  type ActionItemCreate,
  type ActionItemListFilter,
  type ActionItemOrder,
  type ActionItemTransition,
  type ActionItemUpdate,
  type PracticeChangeCheckRequest,
} from './action.input';
import { ACTION_DESCRIPTION_MAX, checkDueOn, checkNewActions, checkOwner, insertActions } from './new-actions';
import { overdueSql } from './rules/overdue';
import { completionBounds, mayCorrectCompletion } from './rules/completion';
import { isCorroborated, isSelfReported, isSustained, sustainedCheckOpensAt } from './rules/practice-change';
import { followThroughSettings } from './follow-through-settings';
import { sessionService, localDay } from '../session/session.service';
import { SessionEntity } from '../session/session.entity';
import { isHeld } from '../session/rules/held';
import { ConversationEntity } from '../conversation/conversation.entity';
import { DistrictEntity } from '../district/district.entity';
import { reachesSchool, scopeOf } from '../../auth/scope';
import { grantOf, requireMember, selfIdOf, staffIdOf } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ConflictError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, patchText, requiredText } from '../../graphql/validate';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { updateVersioned } from '../../db/versioned';
import { changedFields, recordAudit } from '../audit/audit.service';
import { emitEvent, ref } from '../outbox/outbox';
import { inEffectAtSql } from '../../db/effective-dated';

/** Today in the district's zone. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const CONVERSATION_OF = `(SELECT c.school_id FROM conversation_session s JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
   WHERE s.district_id = a.district_id AND s.id = a.session_id)`;
const FACILITATED = `EXISTS (SELECT 1 FROM conversation_session s JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
   WHERE s.district_id = a.district_id AND s.id = a.session_id AND c.facilitator_id = :self)`;

/**
 * The actions the caller may read (ActionService.scopedQuery), as SQL over alias `a` with its named parameters, each
 * name prefixed by `prefix` (so it can sit in a statement beside other scopes). FORBIDDEN without ACTION_READ.
 */
export function actionReachSql(ctx: RequestContext, prefix = ''): { sql: string; params: Record<string, unknown> } {
  const scope = scopeOf(ctx, Permission.ACTION_READ);
  const [districtId, self, schools] = [`${prefix}districtId`, `${prefix}self`, `${prefix}scopeSchoolIds`];
  if (scope.all) return { sql: `a.district_id = :${districtId}`, params: { [districtId]: scope.districtId } };
  return {
    sql: `a.district_id = :${districtId} AND (a.owner_id = :${self} OR ${FACILITATED.replace(':self', `:${self}`)}
            OR ${CONVERSATION_OF} = ANY(:${schools}))`,
    params: { [districtId]: scope.districtId, [self]: scope.selfId, [schools]: scope.schoolIds },
  };
}

export class ActionService {
  /** Actions the caller may read: all; those from their schools' conversations, their own and those they facilitate; or their own. */
  async scopedQuery(ctx: RequestContext): Promise<SelectQueryBuilder<ActionEntity>> {
    const reach = actionReachSql(ctx);
    return (await managerOf(ctx)).createQueryBuilder(ActionEntity, 'a').where(reach.sql, reach.params);
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: ActionItemListFilter,
    order?: ActionItemOrder,
  ): Promise<Page<ActionItem>> {
    const qb = await this.scopedQuery(ctx);
    const { ownerId, sessionId, conversationId, strategyId, schoolId } = filter ?? {};
    const staff = requireMember(ctx);
    if (filter?.mine) qb.andWhere('a.owner_id = :me', { me: selfIdOf(staff) });
    if (ownerId) qb.andWhere('a.owner_id = :fOwner', { fOwner: ownerId });
    if (sessionId) qb.andWhere('a.session_id = :fSession', { fSession: sessionId });
    if (conversationId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM conversation_session fs WHERE fs.district_id = a.district_id AND fs.id = a.session_id AND fs.conversation_id = :fConv)',
        { fConv: conversationId },
      );
    }
    if (strategyId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM conversation_session fs JOIN conversation_mapping fm ON fm.district_id = fs.district_id AND fm.conversation_id = fs.conversation_id
                  WHERE fs.district_id = a.district_id AND fs.id = a.session_id AND fm.strategy_id = :fStrategy
                    AND ${inEffectAtSql('fm', 'fs.scheduled_at')})`,
        { fStrategy: strategyId },
      );
    }
    if (schoolId) qb.andWhere(`${CONVERSATION_OF} = :fSchool`, { fSchool: schoolId });
    if (filter?.status?.length) qb.andWhere('a.status = ANY(:fStatus)', { fStatus: filter.status });
    if (filter?.overdue != null) {
      const district = await (await managerOf(ctx)).findOneByOrFail(DistrictEntity, { id: staff.districtId });
      const overdue = overdueSql('a', ':today');
      qb.andWhere(filter.overdue ? overdue : `NOT ${overdue}`, { today: todayIn(district.timezone) });
    }
    updatedSince(qb, 'a', filter?.updatedSince);
    const direction = order?.direction ?? OrderDirection.ASC;
    const sort =
      order?.field === ActionItemOrderField.UPDATED_AT
        ? updatedAtOrder(qb, 'a', direction)
        : { expression: 'a.due_on', direction };
    return mapPage(await paginate(qb, page, sort), ActionItem.from);
  }

  async findEntity(ctx: RequestContext, id: string): Promise<ActionEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('a.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<ActionItem | null> {
    const e = await this.findEntity(ctx, id);
    return e ? ActionItem.from(e) : null;
  }

  /** Managers of the conversation's school, and its facilitator, may create and edit its actions. */
  private async mayManageSession(ctx: RequestContext, session: SessionEntity): Promise<boolean> {
    const staff = requireMember(ctx);
    if (!grantOf(ctx, Permission.ACTION_MANAGE)) return false;
    const conversation = await (
      await managerOf(ctx)
    ).findOneByOrFail(ConversationEntity, { id: session.conversationId, districtId: session.districtId });
    return (
      reachesSchool(scopeOf(ctx, Permission.ACTION_MANAGE), conversation.schoolId) ||
      conversation.facilitatorId === selfIdOf(staff)
    );
  }

  private async heldOn(ctx: RequestContext, session: SessionEntity): Promise<string> {
    const manager = await managerOf(ctx);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: session.districtId });
    return localDay(manager, session.heldAt ?? session.scheduledAt, district.timezone);
  }

  async create(ctx: RequestContext, input: ActionItemCreate): Promise<ActionItem> {
    const session = found(await sessionService.findEntity(ctx, input.sessionId), 'ConversationSession');
    if (!(await this.mayManageSession(ctx, session))) throw new ForbiddenError();
    const c = new InputChecker();
    if (!isHeld(session)) c.add('sessionId', 'Actions come out of a held session');
    const manager = await managerOf(ctx);
    const actions = await checkNewActions(manager, c, session.districtId, await this.heldOn(ctx, session), [input]);
    c.throwIfAny();
    const [id] = await insertActions(manager, session, actions);
    await recordAudit(ctx, {
      action: 'actionItem.create',
      entityType: 'ActionItem',
      entityId: id,
      fields: ['description', 'dueOn', 'ownerId', 'sessionId'],
    });
    return ActionItem.from(await manager.findOneByOrFail(ActionEntity, { id }));
  }

  private async loadForWrite(
    ctx: RequestContext,
    id: string,
  ): Promise<{ action: ActionEntity; session: SessionEntity; manages: boolean }> {
    const action = found(await this.findEntity(ctx, id), 'ActionItem');
    const session = await (
      await managerOf(ctx)
    ).findOneByOrFail(SessionEntity, { id: action.sessionId, districtId: action.districtId });
    return { action, session, manages: await this.mayManageSession(ctx, session) };
  }

  async update(ctx: RequestContext, input: ActionItemUpdate): Promise<ActionItem> {
    const { action, session, manages } = await this.loadForWrite(ctx, input.id);
    if (!manages) throw new ForbiddenError();
    const c = new InputChecker();
    const manager = await managerOf(ctx);
    const patch = {
      description: patchText(c, 'description', input.description, ACTION_DESCRIPTION_MAX),
      ownerId:
        input.ownerId === undefined
          ? undefined
          : ((await checkOwner(manager, c, 'ownerId', input.ownerId, action.districtId)) ?? undefined),
      dueOn: input.dueOn ?? undefined,
    };
    if (patch.dueOn) checkDueOn(c, 'dueOn', patch.dueOn, await this.heldOn(ctx, session));
    c.throwIfAny();
    const updated = await updateVersioned(manager, ActionEntity, action, input.version, patch, 'ActionItem');
    if (patch.dueOn && patch.dueOn !== action.dueOn) {
      await this.recordDateChange(ctx, action, 'DUE_ON', action.dueOn, patch.dueOn);
    }
    await recordAudit(ctx, {
      action: 'actionItem.update',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: changedFields(patch),
    });
    return ActionItem.from(updated);
  }

  /**
   * The owner, and those who manage the session, move an action along its allowed transitions only. DONE needs
   * evidence of what was done; its day defaults to today and may be at most `completionCorrectionDays` earlier (the
   * database stamps the completion time). Reopening clears the completion, its evidence and any verification.
   */
  async transition(ctx: RequestContext, input: ActionItemTransition): Promise<ActionItem> {
    const staff = requireMember(ctx);
    const { action, session, manages } = await this.loadForWrite(ctx, input.id);
    if (!manages && action.ownerId !== selfIdOf(staff)) throw new ForbiddenError();
    if (!grantOf(ctx, Permission.ACTION_MANAGE)) throw new ForbiddenError();
    const c = new InputChecker();
    if (input.status === action.status || !ACTION_TRANSITIONS[action.status].includes(input.status)) {
      c.add('status', `An action that is ${action.status} cannot become ${input.status}`);
    }
    const manager = await managerOf(ctx);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: action.districtId });
    const today = todayIn(district.timezone);
    const done = input.status === 'DONE';
    if (!done) {
      for (const field of ['completedOn', 'completionEvidence', 'practiceChangeEvidence'] as const) {
        if (input[field] != null) c.add(field, 'Only for an action marked DONE');
      }
    }
    const completedOn = done ? (input.completedOn ?? today) : null;
    if (completedOn) {
      const { completionCorrectionDays } = await followThroughSettings(manager, action.districtId);
      this.checkCompletedOn(c, completedOn, today, completionCorrectionDays, await this.heldOn(ctx, session), today);
    }
    const completionEvidence = done
      ? requiredText(c, 'completionEvidence', input.completionEvidence, ACTION_EVIDENCE_MAX)
      : null;
    const evidence = done
      ? (optionalText(c, 'practiceChangeEvidence', input.practiceChangeEvidence, ACTION_EVIDENCE_MAX) ?? null)
      : null;
    c.throwIfAny();
    const verified = action.corroboratedAt !== null;
    const updated = await updateVersioned(
      manager,
      ActionEntity,
      action,
      input.version,
      {
        status: input.status,
        completedOn,
        completionEvidence,
        practiceChangeEvidence: evidence,
        // A reopened action's practice change goes with its completion (the audit keeps that it was verified).
        ...(done ? {} : NO_VERIFICATION),
      },
      'ActionItem',
    );
    await recordAudit(ctx, {
      action: 'actionItem.transition',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: [
        'status',
        ...(done ? ['completedOn', 'completionEvidence'] : []),
        ...(evidence ? ['practiceChangeEvidence'] : []),
        ...(!done && verified ? ['corroboration'] : []),
      ],
    });
    // Ids and the day only: the completion and practice-change evidence are confidential text.
    if (done)
      await emitEvent(
        ctx,
        EventType.ACTION_COMPLETED,
        { type: 'ActionItem', id: action.id, districtId: action.districtId },
        {
          sessionId: ref('ConversationSession', action.sessionId),
          ownerId: ref('StaffMember', action.ownerId),
          completedOn,
        },
      );
    return ActionItem.from(updated);
  }

  /**
   * Corrects the day a DONE action was done: only within `completionCorrectionDays` of when it was marked done,
   * and within the same bounds as when it was marked. The old and new day are kept (action_date_change) and audited.
   */
  async correctCompletion(ctx: RequestContext, input: ActionItemCompletionCorrect): Promise<ActionItem> {
    const staff = requireMember(ctx);
    const { action, session, manages } = await this.loadForWrite(ctx, input.id);
    if (!manages && action.ownerId !== selfIdOf(staff)) throw new ForbiddenError();
    if (!grantOf(ctx, Permission.ACTION_MANAGE)) throw new ForbiddenError();
    const c = new InputChecker();
    const manager = await managerOf(ctx);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: action.districtId });
    const { completionCorrectionDays } = await followThroughSettings(manager, action.districtId);
    if (action.status !== 'DONE' || !action.completedAt || !action.completedOn) {
      c.add('id', 'Only a DONE action has a completion day to correct');
    } else if (!mayCorrectCompletion(action.completedAt, completionCorrectionDays)) {
      c.add(
        'completedOn',
        `The completion day can be corrected only within ${completionCorrectionDays} days of marking the action done`,
      );
    } else {
      const completedDay = await localDay(manager, action.completedAt, district.timezone);
      this.checkCompletedOn(
        c,
        input.completedOn,
        completedDay,
        completionCorrectionDays,
        await this.heldOn(ctx, session),
        todayIn(district.timezone),
      );
    }
    c.throwIfAny();
    if (input.completedOn === action.completedOn) {
      if (action.version !== input.version) throw new ConflictError('ActionItem');
      return ActionItem.from(action);
    }
    const updated = await updateVersioned(
      manager,
      ActionEntity,
      action,
      input.version,
      { completedOn: input.completedOn },
      'ActionItem',
    );
    await this.recordDateChange(ctx, action, 'COMPLETED_ON', action.completedOn!, input.completedOn);
    await recordAudit(ctx, {
      action: 'actionItem.correctCompletion',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: ['completedOn'],
    });
    return ActionItem.from(updated);
  }

  /**
   * A second person records that they observed the practice change (rules/practice-change.ts): a holder of
   * PRACTICE_CHANGE_VERIFY who reaches the conversation's school (or facilitates the conversation), may read the
   * action, and is not its owner.
   */
  async corroborate(ctx: RequestContext, input: PracticeChangeCheckRequest): Promise<ActionItem> {
    const { action, c, note, self } = await this.loadForCheck(ctx, input);
    if (!isSelfReported(action)) {
      c.add('actionItemId', 'Only a DONE action with a self-reported practice change can be corroborated');
    } else if (isCorroborated(action)) c.add('actionItemId', 'This practice change is already corroborated');
    c.throwIfAny();
    const updated = await updateVersioned(
      await managerOf(ctx),
      ActionEntity,
      action,
      input.version,
      {
        corroboratedBy: self,
        corroboratedAt: new Date(),
        corroborationKind: input.evidenceKind,
        corroborationNote: note,
      },
      'ActionItem',
    );
    await recordAudit(ctx, {
      action: 'practiceChange.corroborate',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: ['corroboratedBy', 'corroborationKind', 'corroborationNote'],
    });
    return ActionItem.from(updated);
  }

  /** A non-owner re-checks a corroborated practice change, at least `sustainedAfterDays` after the corroboration. */
  async confirmSustained(ctx: RequestContext, input: PracticeChangeCheckRequest): Promise<ActionItem> {
    const { action, c, note, self } = await this.loadForCheck(ctx, input);
    const manager = await managerOf(ctx);
    const { sustainedAfterDays } = await followThroughSettings(manager, action.districtId);
    const now = new Date();
    if (!isCorroborated(action)) {
      c.add('actionItemId', 'Only a corroborated practice change can be confirmed as sustained');
    } else if (isSustained(action)) {
      c.add('actionItemId', 'This practice change is already confirmed as sustained');
    } else if (now < sustainedCheckOpensAt(action.corroboratedAt!, sustainedAfterDays)) {
      c.add(
        'actionItemId',
        `A practice change can be confirmed as sustained only ${sustainedAfterDays} days after it was corroborated`,
      );
    }
    c.throwIfAny();
    const updated = await updateVersioned(
      manager,
      ActionEntity,
      action,
      input.version,
      { sustainedBy: self, sustainedAt: now, sustainedKind: input.evidenceKind, sustainedNote: note },
      'ActionItem',
    );
    await recordAudit(ctx, {
      action: 'practiceChange.confirmSustained',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: ['sustainedBy', 'sustainedKind', 'sustainedNote'],
    });
    return ActionItem.from(updated);
  }

  /** The action to verify, checked for who may verify it; the note checked. Errors wait in the checker returned. */
  private async loadForCheck(
    ctx: RequestContext,
    input: PracticeChangeCheckRequest,
  ): Promise<{ action: ActionEntity; c: InputChecker; note: string; self: string }> {
    const scope = scopeOf(ctx, Permission.PRACTICE_CHANGE_VERIFY);
    const action = found(await this.findEntity(ctx, input.actionItemId), 'ActionItem');
    const manager = await managerOf(ctx);
    const session = await manager.findOneByOrFail(SessionEntity, {
      id: action.sessionId,
      districtId: action.districtId,
    });
    const conversation = await manager.findOneByOrFail(ConversationEntity, {
      id: session.conversationId,
      districtId: session.districtId,
    });
    if (!reachesSchool(scope, conversation.schoolId) && conversation.facilitatorId !== scope.selfId) {
      throw new ForbiddenError();
    }
    const c = new InputChecker();
    if (action.ownerId === scope.selfId) {
      c.add('actionItemId', 'A practice change is verified by someone other than the action’s owner');
    }
    const note = requiredText(c, 'note', input.note, ACTION_EVIDENCE_MAX);
    return { action, c, note, self: scope.selfId };
  }

  /** `completedOn` within its bounds (rules/completion.ts), each bound its own message, naming the field. */
  private checkCompletedOn(
    c: InputChecker,
    completedOn: string,
    completedDay: string,
    correctionDays: number,
    sessionDay: string,
    today: string,
  ): void {
    const { earliest, latest } = completionBounds(completedDay, correctionDays, sessionDay, today);
    if (completedOn < sessionDay) c.add('completedOn', 'Not before the session it came from');
    else if (completedOn > today) c.add('completedOn', 'Not in the future');
    else if (completedOn < earliest) {
      c.add(
        'completedOn',
        `At most ${correctionDays} days before the day it was marked done (${completedDay}): the earliest is ${earliest}`,
      );
    } else if (completedOn > latest) c.add('completedOn', `Not after the day it was marked done (${completedDay})`);
  }

  private async recordDateChange(
    ctx: RequestContext,
    action: ActionEntity,
    field: 'DUE_ON' | 'COMPLETED_ON',
    oldValue: string,
    newValue: string,
  ): Promise<void> {
    await (
      await managerOf(ctx)
    ).insert(ActionDateChangeEntity, {
      districtId: action.districtId,
      actionId: action.id,
      field,
      oldValue,
      newValue,
      changedBy: staffIdOf(requireMember(ctx)),
    });
  }

  /** Every recorded date change of these actions, oldest first, grouped by action (for the type's fields). */
  async dateChanges(ctx: RequestContext, actionIds: readonly string[]): Promise<ActionDateChangeEntity[][]> {
    const districtId = requireMember(ctx).districtId;
    const rows = await (
      await managerOf(ctx)
    )
      .createQueryBuilder(ActionDateChangeEntity, 'ch')
      .where('ch.district_id = :districtId AND ch.action_id = ANY(:ids)', { districtId, ids: [...actionIds] })
      .orderBy('ch.changed_at')
      .addOrderBy('ch.id')
      .getMany();
    const groups = new Map<string, ActionDateChangeEntity[]>(actionIds.map((id) => [id, []]));
    for (const r of rows) groups.get(r.actionId)?.push(r);
    return actionIds.map((id) => groups.get(id) ?? []);
  }
}

/** The verification columns of an action, cleared. */
const NO_VERIFICATION: Partial<ActionEntity> = {
  corroboratedBy: null,
  corroboratedAt: null,
  corroborationKind: null,
  corroborationNote: null,
  sustainedBy: null,
  sustainedAt: null,
  sustainedKind: null,
  sustainedNote: null,
};

export const actionService = new ActionService();
