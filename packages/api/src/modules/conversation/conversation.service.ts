import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { Limits, Permission, ROLES, type Role } from '@throughline/shared';
import {
  ConversationEntity,
  ConversationNormEntity,
  ParticipantEntity,
  ParticipantRoleEntity,
} from './conversation.entity';
import { Conversation } from './conversation.type';
import type {
  ConversationCreateInput,
  ConversationFilter,
  ConversationPayload,
  ConversationUpdateInput,
} from './conversation.input';
import { PARTICIPATES } from './visibility';
import { SchoolEntity } from '../school/school.entity';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { DistrictEntity } from '../district/district.entity';
import { NormEntity, SkillEntity } from '../library/library.entity';
import { scheduleSessions } from '../session/scheduling';
import { validateCadence } from '../schedule/cadence';
import { reachesSchool, scopeOf, type Scope } from '../../auth/scope';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, InputChecker, NotFoundError } from '../../graphql/errors';
import { idOf } from '../../graphql/global-id';
import { optionalText, patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updateVersioned } from '../../db/versioned';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';

const LOCAL_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The last day of the school year that contains `date`, for a district whose year starts in `startMonth`. */
export function schoolYearEnd(date: string, startMonth: number): string {
  const [y, m] = date.split('-').map(Number);
  const endYear = m >= startMonth ? y + 1 : y;
  const end = new Date(Date.UTC(endYear, startMonth - 1, 1) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

function validLocalStart(value: string): boolean {
  if (!LOCAL_START.test(value)) return false;
  const d = new Date(`${value}:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 16) === value;
}

export class ConversationService {
  /**
   * Conversations the caller may read: all; those of their schools and those they take part in; or only those
   * they take part in.
   */
  async scopedQuery(
    ctx: RequestContext,
    scope: Scope = scopeOf(ctx, Permission.CONVERSATION_READ),
  ): Promise<SelectQueryBuilder<ConversationEntity>> {
    const qb = (await managerOf(ctx))
      .createQueryBuilder(ConversationEntity, 'c')
      .where('c.district_id = :districtId', { districtId: scope.districtId });
    if (!scope.all) {
      qb.andWhere(`(c.school_id = ANY(:conversationSchoolIds) OR ${PARTICIPATES})`, {
        conversationSchoolIds: scope.schoolIds,
        self: scope.selfId,
      });
    }
    return qb;
  }

  async list(ctx: RequestContext, page: PageRequest, filter?: ConversationFilter): Promise<Page<Conversation>> {
    const qb = await this.scopedQuery(ctx);
    const c = new InputChecker();
    const ref = (value: string | undefined, type: string, field: string) => {
      if (!value) return null;
      const id = idOf(value, type);
      c.check(id !== null, field, `Not a ${type} id`);
      return id;
    };
    const schoolId = ref(filter?.schoolId, 'School', 'filter.schoolId');
    const facilitatorId = ref(filter?.facilitatorId, 'StaffMember', 'filter.facilitatorId');
    const strategyId = ref(filter?.strategyId, 'ImprovementStrategy', 'filter.strategyId');
    c.throwIfAny();
    if (schoolId) qb.andWhere('c.school_id = :fSchool', { fSchool: schoolId });
    if (facilitatorId) qb.andWhere('c.facilitator_id = :fFacilitator', { fFacilitator: facilitatorId });
    if (strategyId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM conversation_mapping m WHERE m.district_id = c.district_id AND m.conversation_id = c.id AND m.strategy_id = :fStrategy)',
        { fStrategy: strategyId },
      );
    }
    if (filter?.type) qb.andWhere('c.type = :fType', { fType: filter.type });
    if (filter?.active != null) qb.andWhere('c.active = :fActive', { fActive: filter.active });
    const search = containsPattern(filter?.search);
    if (search) qb.andWhere('(c.title ILIKE :search OR c.purpose ILIKE :search)', { search });
    return mapPage(
      await paginate(qb, page, { expression: 'lower(c.title)', direction: OrderDirection.ASC }),
      Conversation.from,
    );
  }

  async findEntity(ctx: RequestContext, id: string): Promise<ConversationEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('c.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, globalId: string): Promise<Conversation | null> {
    const id = idOf(globalId, 'LearningConversation');
    const e = id ? await this.findEntity(ctx, id) : null;
    return e ? Conversation.from(e) : null;
  }

  async manageable(ctx: RequestContext, globalId: string): Promise<ConversationEntity> {
    const manage = scopeOf(ctx, Permission.CONVERSATION_MANAGE);
    const id = idOf(globalId, 'LearningConversation');
    const current = id ? await this.findEntity(ctx, id) : null;
    if (!current) throw new NotFoundError('LearningConversation');
    if (!reachesSchool(manage, current.schoolId)) throw new ForbiddenError();
    return current;
  }

  /** Resolves and checks the ids a conversation refers to; adds field errors to the checker. */
  private async references(
    manager: EntityManager,
    c: InputChecker,
    districtId: string,
    input: {
      facilitatorId?: string;
      skillFocusId?: string | null;
      participantIds?: string[];
      participantRoles?: Role[];
      normIds?: string[];
    },
  ) {
    const out: { facilitatorId?: string; skillFocusId?: string | null; participantIds?: string[]; normIds?: string[] } =
      {};
    if (input.facilitatorId !== undefined) {
      const id = idOf(input.facilitatorId, 'StaffMember');
      const person = id ? await manager.findOne(StaffMemberEntity, { where: { id, districtId } }) : null;
      if (!person) c.add('facilitatorId', 'No such person in this district');
      else if (!person.active) c.add('facilitatorId', 'This person is inactive');
      else out.facilitatorId = person.id;
    }
    if (input.skillFocusId !== undefined) {
      if (input.skillFocusId === null) out.skillFocusId = null;
      else {
        const id = idOf(input.skillFocusId, 'Skill');
        if (!id || !(await manager.exists(SkillEntity, { where: { id, districtId } })))
          c.add('skillFocusId', 'No such skill in this district');
        else out.skillFocusId = id;
      }
    }
    if (input.participantIds !== undefined) {
      const ids = [...new Set(input.participantIds.map((g) => idOf(g, 'StaffMember')))];
      const valid = ids.filter((x): x is string => x !== null);
      const found = valid.length
        ? await manager
            .createQueryBuilder(StaffMemberEntity, 'sm')
            .where('sm.district_id = :d AND sm.id = ANY(:ids) AND sm.active', { d: districtId, ids: valid })
            .getMany()
        : [];
      if (found.length !== ids.length)
        c.add('participantIds', 'Each participant must be an active person in this district');
      out.participantIds = found.map((f) => f.id);
    }
    if (input.participantRoles !== undefined && input.participantRoles.some((r) => !ROLES.includes(r)))
      c.add('participantRoles', 'Unknown role');
    if (input.normIds !== undefined) {
      const ids = [...new Set(input.normIds.map((g) => idOf(g, 'Norm')))];
      const valid = ids.filter((x): x is string => x !== null);
      const found = valid.length
        ? await manager
            .createQueryBuilder(NormEntity, 'n')
            .where('n.district_id = :d AND n.id = ANY(:ids)', { d: districtId, ids: valid })
            .getMany()
        : [];
      if (found.length !== ids.length) c.add('normIds', 'Each norm must be one of this district');
      out.normIds = found.map((f) => f.id);
    }
    return out;
  }

  private async replaceLinks(
    manager: EntityManager,
    districtId: string,
    conversationId: string,
    links: { participantIds?: string[]; participantRoles?: Role[]; normIds?: string[] },
  ) {
    const where = { districtId, conversationId };
    if (links.participantIds) {
      await manager.delete(ParticipantEntity, where);
      if (links.participantIds.length)
        await manager.insert(
          ParticipantEntity,
          links.participantIds.map((staffMemberId) => ({ ...where, staffMemberId })),
        );
    }
    if (links.participantRoles) {
      await manager.delete(ParticipantRoleEntity, where);
      const roles = [...new Set(links.participantRoles)];
      if (roles.length)
        await manager.insert(
          ParticipantRoleEntity,
          roles.map((role) => ({ ...where, role })),
        );
    }
    if (links.normIds) {
      await manager.delete(ConversationNormEntity, where);
      if (links.normIds.length)
        await manager.insert(
          ConversationNormEntity,
          links.normIds.map((normId) => ({ ...where, normId })),
        );
    }
  }

  private checkCadence(c: InputChecker, cadence: string | null | undefined): string | null | undefined {
    if (cadence === undefined) return undefined;
    if (cadence === null || cadence.trim() === '') return null;
    const result = validateCadence(cadence.trim());
    if (!result.ok) {
      c.add('cadence', result.message);
      return undefined;
    }
    return result.normalized;
  }

  async create(ctx: RequestContext, input: ConversationCreateInput): Promise<ConversationPayload> {
    const manage = scopeOf(ctx, Permission.CONVERSATION_MANAGE);
    const manager = await managerOf(ctx);
    const c = new InputChecker();
    const schoolId = input.schoolId ? idOf(input.schoolId, 'School') : null;
    if (
      input.schoolId &&
      (!schoolId || !(await manager.exists(SchoolEntity, { where: { id: schoolId, districtId: manage.districtId } })))
    ) {
      c.add('schoolId', 'No such school in this district');
    }
    c.throwIfAny();
    if (!reachesSchool(manage, schoolId)) throw new ForbiddenError();
    const district = await manager.findOneByOrFail(DistrictEntity, { id: manage.districtId });
    const values = {
      title: requiredText(c, 'title', input.title, Limits.TITLE_MAX),
      type: input.type,
      purpose: requiredText(c, 'purpose', input.purpose, 2000),
      cadence: this.checkCadence(c, input.cadence) ?? null,
      firstStartsAt: input.firstStartsAt,
      durationMinutes: input.durationMinutes,
      setting: optionalText(c, 'setting', input.setting, 200) ?? '',
      protocol: input.protocol ?? 'NONE',
      evidenceToBring: optionalText(c, 'evidenceToBring', input.evidenceToBring, 2000) ?? '',
      confidentiality: input.confidentiality ?? 'PARTICIPANTS',
      scheduleUntil:
        input.scheduleUntil ??
        (validLocalStart(input.firstStartsAt)
          ? schoolYearEnd(input.firstStartsAt.slice(0, 10), district.academicYearStartMonth)
          : ''),
    };
    if (!validLocalStart(input.firstStartsAt)) c.add('firstStartsAt', "A local date and time, 'YYYY-MM-DDTHH:mm'");
    if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 5 || input.durationMinutes > 480)
      c.add('durationMinutes', 'From 5 to 480 minutes');
    if (
      values.scheduleUntil &&
      validLocalStart(input.firstStartsAt) &&
      values.scheduleUntil < input.firstStartsAt.slice(0, 10)
    ) {
      c.add('scheduleUntil', 'Must not be before the first session');
    }
    const refs = await this.references(manager, c, manage.districtId, input);
    c.throwIfAny();
    const saved = await manager.save(
      ConversationEntity,
      manager.create(ConversationEntity, {
        ...values,
        districtId: manage.districtId,
        schoolId,
        facilitatorId: refs.facilitatorId!,
        skillFocusId: refs.skillFocusId ?? null,
        active: true,
      }),
    );
    await this.replaceLinks(manager, manage.districtId, saved.id, {
      ...refs,
      participantRoles: input.participantRoles,
    });
    const fresh = await manager.findOneByOrFail(ConversationEntity, { id: saved.id });
    const { added } = await scheduleSessions(manager, fresh, district.timezone, new Date(0));
    await recordAudit(ctx, {
      action: 'conversation.create',
      entityType: 'LearningConversation',
      entityId: saved.id,
      fields: providedFields({ ...values, ...refs, participantRoles: input.participantRoles }),
    });
    return { conversation: Conversation.from(fresh), sessionsScheduled: added, sessionsRemoved: 0 };
  }

  async update(ctx: RequestContext, input: ConversationUpdateInput): Promise<ConversationPayload> {
    const current = await this.manageable(ctx, input.id);
    const manager = await managerOf(ctx);
    const c = new InputChecker();
    const patch = {
      title: patchText(c, 'title', input.title, Limits.TITLE_MAX),
      type: input.type ?? undefined,
      purpose: patchText(c, 'purpose', input.purpose, 2000),
      cadence: this.checkCadence(c, input.cadence),
      firstStartsAt: input.firstStartsAt ?? undefined,
      durationMinutes: input.durationMinutes ?? undefined,
      setting: input.setting === undefined ? undefined : (optionalText(c, 'setting', input.setting, 200) ?? ''),
      protocol: input.protocol ?? undefined,
      evidenceToBring:
        input.evidenceToBring === undefined
          ? undefined
          : (optionalText(c, 'evidenceToBring', input.evidenceToBring, 2000) ?? ''),
      confidentiality: input.confidentiality ?? undefined,
      scheduleUntil: input.scheduleUntil ?? undefined,
      active: input.active ?? undefined,
    };
    if (patch.firstStartsAt !== undefined && !validLocalStart(patch.firstStartsAt))
      c.add('firstStartsAt', "A local date and time, 'YYYY-MM-DDTHH:mm'");
    if (
      patch.durationMinutes !== undefined &&
      (!Number.isInteger(patch.durationMinutes) || patch.durationMinutes < 5 || patch.durationMinutes > 480)
    ) {
      c.add('durationMinutes', 'From 5 to 480 minutes');
    }
    const firstStart = patch.firstStartsAt ?? current.firstStartsAt;
    const firstDay = firstStart.slice(0, 10);
    if (validLocalStart(firstStart) && (patch.scheduleUntil ?? current.scheduleUntil) < firstDay)
      c.add('scheduleUntil', 'Must not be before the first session');
    const refs = await this.references(manager, c, current.districtId, input);
    c.throwIfAny();
    const updated = await updateVersioned(
      manager,
      ConversationEntity,
      current,
      input.version,
      { ...patch, facilitatorId: refs.facilitatorId, skillFocusId: refs.skillFocusId },
      'LearningConversation',
    );
    await this.replaceLinks(manager, current.districtId, current.id, {
      ...refs,
      participantRoles: input.participantRoles,
    });
    const timing = ['cadence', 'firstStartsAt', 'scheduleUntil', 'active'] as const;
    let result = { added: 0, removed: 0 };
    if (timing.some((k) => patch[k] !== undefined && patch[k] !== current[k])) {
      // Only the future moves: held sessions, cancelled ones and the past stay as they are.
      const district = await manager.findOneByOrFail(DistrictEntity, { id: current.districtId });
      result = await scheduleSessions(manager, updated, district.timezone, new Date());
    }
    await recordAudit(ctx, {
      action: 'conversation.update',
      entityType: 'LearningConversation',
      entityId: current.id,
      fields: changedFields({ ...patch, ...refs, participantRoles: input.participantRoles }),
    });
    return {
      conversation: Conversation.from(updated),
      sessionsScheduled: result.added,
      sessionsRemoved: result.removed,
    };
  }
}

export const conversationService = new ConversationService();
