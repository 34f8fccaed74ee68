import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { EventType, Limits, Permission, ROLES, type Role } from '@throughline/shared';
import {
  ConversationEntity,
  ConversationNormEntity,
  ParticipantEntity,
  ParticipantRoleEntity,
} from './conversation.entity';
import { Conversation } from './conversation.type';
import {
  ConversationOrderField,
  type ConversationCreateInput,
  type ConversationFilter,
  type ConversationPayload,
  type ConversationUpdateInput,
  type LearningConversationOrder,
} from './conversation.input';
import { mayOpenConversationSql } from './visibility';
import { SchoolEntity } from '../school/school.entity';
import { checkSchoolOpen } from '../school/rules/open';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { DistrictEntity } from '../district/district.entity';
import { NormEntity, SkillEntity } from '../library/library.entity';
import { scheduleSessions } from '../session/scheduling';
import { refreshUpcomingExpected } from '../session/expected-record';
import {
  exceedsSessionCap,
  previewCadence,
  sessionCapMessage,
  validateCadence,
  type CadencePreviewResult,
} from '../schedule/cadence';
import { nonSchoolDaysBetween } from '../schedule/rules/non-school-day';
import { districtOfCaller } from '../district/district.loaders';
import { reachesSchool, scopeOf, type Scope } from '../../auth/scope';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { updateVersioned } from '../../db/versioned';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { emitEvent } from '../outbox/outbox';
import { currentSql } from '../../db/effective-dated';

/** The ids a conversation refers to, as domain ids. */
type ConversationRefs = 'schoolId' | 'facilitatorId' | 'skillFocusId' | 'participantIds' | 'normIds';

/** What conversationCreate takes, with domain ids: `schoolId` null (or absent) for a district-wide conversation. */
export type ConversationCreate = Omit<ConversationCreateInput, ConversationRefs> & {
  schoolId?: string | null;
  facilitatorId: string;
  skillFocusId?: string | null;
  participantIds?: string[];
  normIds?: string[];
};

/** What conversationUpdate takes, with domain ids. */
export type ConversationUpdate = Omit<ConversationUpdateInput, 'id' | ConversationRefs> & {
  id: string;
  facilitatorId?: string;
  skillFocusId?: string | null;
  participantIds?: string[];
  normIds?: string[];
};

/** The conversations filter, with domain ids. */
export type ConversationListFilter = Omit<ConversationFilter, 'schoolId' | 'facilitatorId' | 'strategyId'> & {
  schoolId?: string;
  facilitatorId?: string;
  strategyId?: string;
};

/** A cadence preview as the API answers it: each skipped occurrence with its start, local day and reason. */
export type CadencePreviewAnswer = Omit<CadencePreviewResult, 'skippedDates'> & {
  skippedDates: { startsAt: Date; day: string; reason: string }[];
};

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
    const open = mayOpenConversationSql(scope);
    if (!scope.all) qb.andWhere(open.sql, open.params);
    return qb;
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: ConversationListFilter,
    order?: LearningConversationOrder,
  ): Promise<Page<Conversation>> {
    const qb = await this.scopedQuery(ctx);
    const { schoolId, facilitatorId, strategyId } = filter ?? {};
    if (schoolId) qb.andWhere('c.school_id = :fSchool', { fSchool: schoolId });
    if (facilitatorId) qb.andWhere('c.facilitator_id = :fFacilitator', { fFacilitator: facilitatorId });
    if (strategyId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM conversation_mapping m WHERE m.district_id = c.district_id AND m.conversation_id = c.id AND m.strategy_id = :fStrategy AND ${currentSql('m')})`,
        { fStrategy: strategyId },
      );
    }
    if (filter?.type) qb.andWhere('c.type = :fType', { fType: filter.type });
    if (filter?.active != null) qb.andWhere('c.active = :fActive', { fActive: filter.active });
    const search = containsPattern(filter?.search);
    if (search) qb.andWhere('(c.title ILIKE :search OR c.purpose ILIKE :search)', { search });
    updatedSince(qb, 'c', filter?.updatedSince);
    const direction = order?.direction ?? OrderDirection.ASC;
    const sort =
      order?.field === ConversationOrderField.UPDATED_AT
        ? updatedAtOrder(qb, 'c', direction)
        : { expression: 'lower(c.title)', direction };
    return mapPage(await paginate(qb, page, sort), Conversation.from);
  }

  async findEntity(ctx: RequestContext, id: string): Promise<ConversationEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('c.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<Conversation | null> {
    const e = await this.findEntity(ctx, id);
    return e ? Conversation.from(e) : null;
  }

  /** For writes: the conversation, if the caller may manage it; NOT_FOUND when they may not even see it. */
  async manageable(ctx: RequestContext, id: string): Promise<ConversationEntity> {
    const manage = scopeOf(ctx, Permission.CONVERSATION_MANAGE);
    const current = found(await this.findEntity(ctx, id), 'LearningConversation');
    if (!reachesSchool(manage, current.schoolId)) throw new ForbiddenError();
    return current;
  }

  /** Checks the records a conversation refers to are in its district; adds field errors to the checker. */
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
      const person = await manager.findOne(StaffMemberEntity, { where: { id: input.facilitatorId, districtId } });
      if (!person) c.add('facilitatorId', 'No such person in this district');
      else if (!person.active) c.add('facilitatorId', 'This person is inactive');
      else out.facilitatorId = person.id;
    }
    if (input.skillFocusId !== undefined) {
      if (input.skillFocusId === null) out.skillFocusId = null;
      else if (!(await manager.exists(SkillEntity, { where: { id: input.skillFocusId, districtId } })))
        c.add('skillFocusId', 'No such skill in this district');
      else out.skillFocusId = input.skillFocusId;
    }
    if (input.participantIds !== undefined) {
      const ids = [...new Set(input.participantIds)];
      const people = ids.length
        ? await manager
            .createQueryBuilder(StaffMemberEntity, 'sm')
            .where('sm.district_id = :d AND sm.id = ANY(:ids) AND sm.active', { d: districtId, ids })
            .getMany()
        : [];
      if (people.length !== ids.length)
        c.add('participantIds', 'Each participant must be an active person in this district');
      out.participantIds = people.map((f) => f.id);
    }
    if (input.participantRoles !== undefined && input.participantRoles.some((r) => !ROLES.includes(r)))
      c.add('participantRoles', 'Unknown role');
    if (input.normIds !== undefined) {
      const ids = [...new Set(input.normIds)];
      const norms = ids.length
        ? await manager
            .createQueryBuilder(NormEntity, 'n')
            .where('n.district_id = :d AND n.id = ANY(:ids)', { d: districtId, ids })
            .getMany()
        : [];
      if (norms.length !== ids.length) c.add('normIds', 'Each norm must be one of this district');
      out.normIds = norms.map((f) => f.id);
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

  /**
   * The session cap (schedule/cadence.ts): a series that would schedule more than MAX_SESSIONS sessions from `from`
   * to the end of its horizon is refused on `field`, the input that made it too long. Checked only once the timing
   * itself is valid, so the cap is never reported over a cadence or date that is wrong anyway.
   */
  private checkSessionCap(
    c: InputChecker,
    field: string,
    series: { cadence: string | null; firstStartsAt: string; scheduleUntil: string; timezone: string; from: Date },
  ): void {
    if (!validLocalStart(series.firstStartsAt) || series.scheduleUntil < series.firstStartsAt.slice(0, 10)) return;
    const tooMany = exceedsSessionCap({
      rrule: series.cadence,
      start: series.firstStartsAt,
      timezone: series.timezone,
      from: series.from,
      until: series.scheduleUntil,
    });
    if (tooMany) c.add(field, sessionCapMessage(series.scheduleUntil));
  }

  async create(ctx: RequestContext, input: ConversationCreate): Promise<ConversationPayload> {
    const manage = scopeOf(ctx, Permission.CONVERSATION_MANAGE);
    const manager = await managerOf(ctx);
    const c = new InputChecker();
    const schoolId = input.schoolId ?? null;
    if (schoolId && !(await manager.exists(SchoolEntity, { where: { id: schoolId, districtId: manage.districtId } }))) {
      c.add('schoolId', 'No such school in this district');
    }
    c.throwIfAny();
    if (!reachesSchool(manage, schoolId)) throw new ForbiddenError();
    await checkSchoolOpen(manager, c, manage.districtId, schoolId);
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
    const cadenceRefused = !!input.cadence?.trim() && values.cadence === null;
    if (!cadenceRefused) {
      this.checkSessionCap(c, input.scheduleUntil ? 'scheduleUntil' : 'cadence', {
        ...values,
        timezone: district.timezone,
        from: input.includePastSessions === true ? new Date(0) : new Date(),
      });
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
    const { added } = await scheduleSessions(manager, fresh, district.timezone, new Date(0), {
      includePast: input.includePastSessions === true,
    });
    await recordAudit(ctx, {
      action: 'conversation.create',
      entityType: 'LearningConversation',
      entityId: saved.id,
      fields: providedFields({ ...values, ...refs, participantRoles: input.participantRoles }),
    });
    // Mail follows it (modules/mail): the new sessions' invitations go out at once.
    await emitEvent(
      ctx,
      EventType.CONVERSATION_CREATED,
      { type: 'LearningConversation', id: saved.id, districtId: manage.districtId },
      { sessionsScheduled: added, version: fresh.version },
    );
    return { conversation: Conversation.from(fresh), sessionsScheduled: added, sessionsRemoved: 0 };
  }

  async update(ctx: RequestContext, input: ConversationUpdate): Promise<ConversationPayload> {
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
    if (patch.active === true) await checkSchoolOpen(manager, c, current.districtId, current.schoolId, 'active');
    const timing = ['cadence', 'firstStartsAt', 'scheduleUntil', 'active'] as const;
    const retimed = timing.some((k) => patch[k] !== undefined && patch[k] !== current[k]);
    const district = await manager.findOneByOrFail(DistrictEntity, { id: current.districtId });
    if (retimed && (patch.active ?? current.active) && !(input.cadence?.trim() && patch.cadence === undefined)) {
      // The field that made the series too long: the one this update changed, the horizon first.
      const field = (['scheduleUntil', 'cadence', 'firstStartsAt'] as const).find((k) => input[k] !== undefined);
      this.checkSessionCap(c, field ?? 'active', {
        cadence: patch.cadence === undefined ? current.cadence : patch.cadence,
        firstStartsAt: patch.firstStartsAt ?? current.firstStartsAt,
        scheduleUntil: patch.scheduleUntil ?? current.scheduleUntil,
        timezone: district.timezone,
        from: new Date(),
      });
    }
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
    let result = { added: 0, removed: 0 };
    if (retimed) {
      // Only the future moves: held sessions, cancelled ones and the past stay as they are.
      result = await scheduleSessions(manager, updated, district.timezone, new Date());
    }
    if (refs.facilitatorId !== undefined || refs.participantIds !== undefined || input.participantRoles != null) {
      // Who is expected changes for the sessions still to come only (session/rules/expected.ts).
      await refreshUpcomingExpected(manager, current.districtId, 'c.id = $2', [current.id]);
    }
    await recordAudit(ctx, {
      action: 'conversation.update',
      entityType: 'LearningConversation',
      entityId: current.id,
      fields: changedFields({ ...patch, ...refs, participantRoles: input.participantRoles }),
    });
    await emitEvent(
      ctx,
      EventType.CONVERSATION_UPDATED,
      { type: 'LearningConversation', id: current.id, districtId: current.districtId },
      {
        changedFields: changedFields({ ...patch, ...refs, participantRoles: input.participantRoles }),
        sessionsScheduled: result.added,
        sessionsRemoved: result.removed,
        version: updated.version,
      },
    );
    return {
      conversation: Conversation.from(updated),
      sessionsScheduled: result.added,
      sessionsRemoved: result.removed,
    };
  }

  /**
   * A cadence read back in plain words with its next dates, in the caller's district time zone (UTC otherwise). Up
   * to `scheduleUntil` (by default the end of the school year, as conversationCreate has it) the sessions a save
   * would schedule from now on must stay within the session cap, or it is not valid, with the message a save gets.
   * Occurrences on the district's non-school days are skipped and listed with the day's name.
   */
  async cadencePreview(
    ctx: RequestContext,
    query: { cadence: string | null; firstStartsAt: string; count: number; scheduleUntil?: string | null },
  ): Promise<CadencePreviewAnswer> {
    const district = await districtOfCaller(ctx);
    const scheduleUntil =
      query.scheduleUntil ??
      (validLocalStart(query.firstStartsAt)
        ? schoolYearEnd(query.firstStartsAt.slice(0, 10), district?.academicYearStartMonth ?? 8)
        : null);
    const timezone = district?.timezone ?? 'UTC';
    // The district's non-school days the series meets, from its first day to its last: a cadence skips them.
    const nonSchoolDays =
      district && scheduleUntil && validLocalStart(query.firstStartsAt)
        ? await nonSchoolDaysBetween(await managerOf(ctx), district.id, query.firstStartsAt.slice(0, 10), scheduleUntil)
        : [];
    const result = previewCadence({ ...query, scheduleUntil, timezone, capFrom: new Date(), nonSchoolDays });
    return {
      ...result,
      skippedDates: result.skippedDates.map((s) => ({ startsAt: s.at, day: s.day, reason: s.reason })),
    };
  }
}

export const conversationService = new ConversationService();
