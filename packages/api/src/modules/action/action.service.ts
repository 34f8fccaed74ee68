import type { SelectQueryBuilder } from 'typeorm';
import { ACTION_TRANSITIONS, Permission } from '@throughline/shared';
import { ActionEntity } from './action.entity';
import { ActionItem } from './action.type';
import type { ActionItemCreate, ActionItemListFilter, ActionItemTransition, ActionItemUpdate } from './action.input';
import { ACTION_DESCRIPTION_MAX, checkDueOn, checkNewActions, checkOwner, insertActions } from './new-actions';
import { overdueSql } from './rules/overdue';
import { sessionService, localDay } from '../session/session.service';
import { SessionEntity } from '../session/session.entity';
import { isHeld } from '../session/rules/held';
import { ConversationEntity } from '../conversation/conversation.entity';
import { DistrictEntity } from '../district/district.entity';
import { reachesSchool, scopeOf } from '../../auth/scope';
import { grantOf, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, patchText } from '../../graphql/validate';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updateVersioned } from '../../db/versioned';
import { changedFields, recordAudit } from '../audit/audit.service';

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

export class ActionService {
  /** Actions the caller may read: all; those from their schools' conversations, their own and those they facilitate; or their own. */
  async scopedQuery(ctx: RequestContext): Promise<SelectQueryBuilder<ActionEntity>> {
    const scope = scopeOf(ctx, Permission.ACTION_READ);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(ActionEntity, 'a')
      .where('a.district_id = :districtId', { districtId: scope.districtId });
    if (!scope.all) {
      qb.andWhere(`(a.owner_id = :self OR ${FACILITATED} OR ${CONVERSATION_OF} = ANY(:scopeSchoolIds))`, {
        self: scope.selfId,
        scopeSchoolIds: scope.schoolIds,
      });
    }
    return qb;
  }

  async list(ctx: RequestContext, page: PageRequest, filter?: ActionItemListFilter): Promise<Page<ActionItem>> {
    const qb = await this.scopedQuery(ctx);
    const { ownerId, sessionId, conversationId, strategyId, schoolId } = filter ?? {};
    const staff = requireStaff(ctx);
    if (filter?.mine) qb.andWhere('a.owner_id = :me', { me: staff.staffMemberId });
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
                  WHERE fs.district_id = a.district_id AND fs.id = a.session_id AND fm.strategy_id = :fStrategy)`,
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
    return mapPage(
      await paginate(qb, page, { expression: 'a.due_on', direction: OrderDirection.ASC }),
      ActionItem.from,
    );
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
    const staff = requireStaff(ctx);
    if (!grantOf(ctx, Permission.ACTION_MANAGE)) return false;
    const conversation = await (
      await managerOf(ctx)
    ).findOneByOrFail(ConversationEntity, { id: session.conversationId, districtId: session.districtId });
    return (
      reachesSchool(scopeOf(ctx, Permission.ACTION_MANAGE), conversation.schoolId) ||
      conversation.facilitatorId === staff.staffMemberId
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
    await recordAudit(ctx, {
      action: 'actionItem.update',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: changedFields(patch),
    });
    return ActionItem.from(updated);
  }

  /** The owner, and those who manage the session, move an action along its allowed transitions only. */
  async transition(ctx: RequestContext, input: ActionItemTransition): Promise<ActionItem> {
    const staff = requireStaff(ctx);
    const { action, session, manages } = await this.loadForWrite(ctx, input.id);
    if (!manages && action.ownerId !== staff.staffMemberId) throw new ForbiddenError();
    if (!grantOf(ctx, Permission.ACTION_MANAGE)) throw new ForbiddenError();
    const c = new InputChecker();
    if (input.status === action.status || !ACTION_TRANSITIONS[action.status].includes(input.status)) {
      c.add('status', `An action that is ${action.status} cannot become ${input.status}`);
    }
    const manager = await managerOf(ctx);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: action.districtId });
    const done = input.status === 'DONE';
    const completedOn = done ? (input.completedOn ?? todayIn(district.timezone)) : null;
    if (!done && (input.completedOn != null || input.practiceChangeEvidence != null)) {
      c.add(input.completedOn != null ? 'completedOn' : 'practiceChangeEvidence', 'Only for an action marked DONE');
    }
    if (completedOn && completedOn < (await this.heldOn(ctx, session)))
      c.add('completedOn', 'Not before the session it came from');
    if (completedOn && completedOn > todayIn(district.timezone)) c.add('completedOn', 'Not in the future');
    const evidence = done
      ? (optionalText(c, 'practiceChangeEvidence', input.practiceChangeEvidence, 2000) ?? null)
      : null;
    c.throwIfAny();
    const updated = await updateVersioned(
      manager,
      ActionEntity,
      action,
      input.version,
      { status: input.status, completedOn, practiceChangeEvidence: evidence },
      'ActionItem',
    );
    await recordAudit(ctx, {
      action: 'actionItem.transition',
      entityType: 'ActionItem',
      entityId: action.id,
      fields: ['status', ...(done ? ['completedOn'] : []), ...(evidence ? ['practiceChangeEvidence'] : [])],
    });
    return ActionItem.from(updated);
  }
}

export const actionService = new ActionService();
