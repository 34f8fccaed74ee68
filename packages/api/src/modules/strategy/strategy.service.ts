import type { SelectQueryBuilder } from 'typeorm';
import { Limits, Permission, EventType } from '@throughline/shared';
import { StrategyEntity } from './strategy.entity';
import { Strategy, strategyColumnsFor, strategyFromRow, type StrategyRow } from './strategy.type';
import {
  StrategyOrderField,
  type StrategyCreateInput,
  type StrategyFilter,
  type StrategyOrder,
  type StrategyUpdateInput,
} from './strategy.input';
import { SchoolEntity } from '../school/school.entity';
import { checkSchoolOpen } from '../school/rules/open';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { reachesSchool, scopeOf, type Scope } from '../../auth/scope';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { optionalText, patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginateRows, type PageRequest } from '../../db/paginate';
import type { Lookahead } from '../../graphql/selection';
import { mappingsAhead, type MappingsAhead } from './read-ahead';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { updateVersioned } from '../../db/versioned';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { emitEvent } from '../outbox/outbox';

const strategySubject = (s: StrategyEntity) => ({ type: 'ImprovementStrategy', id: s.id, districtId: s.districtId });

/** What strategyCreate takes, with domain ids: `schoolId` null (or absent) for a district-wide strategy. */
export type StrategyCreate = Omit<StrategyCreateInput, 'schoolId' | 'ownerId'> & {
  schoolId?: string | null;
  ownerId?: string | null;
};

/** What strategyUpdate takes, with domain ids. */
export type StrategyUpdate = Omit<StrategyUpdateInput, 'id' | 'ownerId'> & { id: string; ownerId?: string };

/** The strategies filter, with a domain school id. */
export type StrategyListFilter = Omit<StrategyFilter, 'schoolId'> & { schoolId?: string };

const ORDER: Record<StrategyOrderField, string> = {
  TITLE: 'lower(st.title)',
  STARTS_ON: 'st.starts_on',
  CREATED_AT: 'st.created_at',
  UPDATED_AT: 'st.change_xid',
};

export class StrategyService {
  /** Strategies the caller may read: all, or their schools' and the district-wide ones. */
  async scopedQuery(
    ctx: RequestContext,
    scope: Scope = scopeOf(ctx, Permission.STRATEGY_READ),
  ): Promise<SelectQueryBuilder<StrategyEntity>> {
    const qb = (await managerOf(ctx))
      .createQueryBuilder(StrategyEntity, 'st')
      .where('st.district_id = :districtId', { districtId: scope.districtId });
    if (!scope.all)
      qb.andWhere('(st.school_id IS NULL OR st.school_id = ANY(:strategySchoolIds))', {
        strategySchoolIds: scope.schoolIds,
      });
    return qb;
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: StrategyListFilter,
    order?: StrategyOrder,
    ahead?: Lookahead | null,
  ): Promise<Page<Strategy>> {
    const qb = await this.scopedQuery(ctx);
    if (filter?.schoolId) qb.andWhere('st.school_id = :fSchool', { fSchool: filter.schoolId });
    if (filter?.districtWide != null)
      qb.andWhere(filter.districtWide ? 'st.school_id IS NULL' : 'st.school_id IS NOT NULL');
    if (filter?.status?.length) qb.andWhere('st.status = ANY(:fStatus)', { fStatus: filter.status });
    if (filter?.kind) qb.andWhere('st.kind = :fKind', { fKind: filter.kind });
    const search = containsPattern(filter?.search);
    if (search) qb.andWhere('(st.title ILIKE :search OR st.goal ILIKE :search)', { search });
    const field = order?.field ?? StrategyOrderField.TITLE;
    updatedSince(qb, 'st', filter?.updatedSince);
    const direction = order?.direction ?? OrderDirection.ASC;
    // The page as rows of the columns its nodes select (no entity built), with what they select of their mappings
    // read ahead in the same statement (strategy/read-ahead.ts): one statement whatever the page size and nesting.
    // `ahead` null: no node is selected (a count, page info), so only the ids are read.
    const mappingsLook = ahead?.at('mappings');
    const mappings = mappingsLook ? mappingsAhead(ctx, mappingsLook) : null;
    const columns = strategyColumnsFor(ahead === undefined ? undefined : (ahead?.names() ?? new Set()));
    const result = mapPage(
      await paginateRows<StrategyRow & { ra_mappings?: Parameters<MappingsAhead['build']>[0] }>(
        qb,
        page,
        field === StrategyOrderField.UPDATED_AT
          ? updatedAtOrder(qb, 'st', direction)
          : { expression: ORDER[field], direction, timestamp: field === StrategyOrderField.CREATED_AT },
        mappings ? `${columns}, ${mappings.sql} AS ra_mappings` : columns,
        mappings?.params ?? {},
        await managerOf(ctx),
      ),
      (row) => {
        const strategy = strategyFromRow(row);
        const json = row.ra_mappings ?? null;
        // The mappings are the strategy's from here on; the page's row (kept for its cursor) lets go of their JSON.
        row.ra_mappings = null;
        if (mappings?.write) strategy.ahead = { mappingsText: mappings.write(json) };
        else if (mappings) strategy.ahead = { mappings: mappings.build(json, strategy.rawId) };
        return strategy;
      },
    );
    return result;
  }

  async findEntity(ctx: RequestContext, id: string): Promise<StrategyEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('st.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<Strategy | null> {
    const e = await this.findEntity(ctx, id);
    return e ? Strategy.from(e) : null;
  }

  /** For writes: the strategy, if the caller may manage it; NOT_FOUND when they may not even see it. */
  async manageable(ctx: RequestContext, id: string): Promise<StrategyEntity> {
    const manage = scopeOf(ctx, Permission.STRATEGY_MANAGE);
    const current = found(await this.findEntity(ctx, id), 'ImprovementStrategy');
    if (!reachesSchool(manage, current.schoolId)) throw new ForbiddenError();
    return current;
  }

  private async checkOwner(
    ctx: RequestContext,
    c: InputChecker,
    ownerId: string | null | undefined,
    districtId: string,
  ): Promise<string | undefined> {
    if (ownerId == null) return undefined;
    const owner = await (await managerOf(ctx)).findOne(StaffMemberEntity, { where: { id: ownerId, districtId } });
    if (!owner) c.add('ownerId', 'No such person in this district');
    else if (!owner.active) c.add('ownerId', 'This person is inactive');
    return ownerId;
  }

  async create(ctx: RequestContext, input: StrategyCreate): Promise<Strategy> {
    const manage = scopeOf(ctx, Permission.STRATEGY_MANAGE);
    const c = new InputChecker();
    const schoolId = input.schoolId ?? null;
    const manager = await managerOf(ctx);
    if (schoolId && !(await manager.exists(SchoolEntity, { where: { id: schoolId, districtId: manage.districtId } }))) {
      c.add('schoolId', 'No such school in this district');
    }
    c.throwIfAny();
    if (!reachesSchool(manage, schoolId))
      throw new ForbiddenError(schoolId ? undefined : 'Only district-wide roles create district-wide strategies');
    await checkSchoolOpen(manager, c, manage.districtId, schoolId);
    const values = {
      title: requiredText(c, 'title', input.title, Limits.TITLE_MAX),
      goal: requiredText(c, 'goal', input.goal, 2000),
      kind: input.kind,
      status: input.status ?? 'DRAFT',
      startsOn: input.startsOn,
      endsOn: input.endsOn ?? null,
      successMeasures: optionalText(c, 'successMeasures', input.successMeasures, 2000) ?? '',
    };
    if (values.endsOn && values.endsOn < values.startsOn) c.add('endsOn', 'Must not be before the start');
    const ownerId = (await this.checkOwner(ctx, c, input.ownerId, manage.districtId)) ?? manage.selfId;
    c.throwIfAny();
    const saved = await manager.save(
      StrategyEntity,
      manager.create(StrategyEntity, { ...values, districtId: manage.districtId, schoolId, ownerId }),
    );
    await recordAudit(ctx, {
      action: 'strategy.create',
      entityType: 'ImprovementStrategy',
      entityId: saved.id,
      fields: [...providedFields(values), 'ownerId', ...(schoolId ? ['schoolId'] : [])],
    });
    return Strategy.from(await manager.findOneByOrFail(StrategyEntity, { id: saved.id }));
  }

  async update(ctx: RequestContext, input: StrategyUpdate): Promise<Strategy> {
    const current = await this.manageable(ctx, input.id);
    const c = new InputChecker();
    const patch = {
      title: patchText(c, 'title', input.title, Limits.TITLE_MAX),
      goal: patchText(c, 'goal', input.goal, 2000),
      kind: input.kind ?? undefined,
      status: input.status ?? undefined,
      startsOn: input.startsOn ?? undefined,
      endsOn: input.endsOn === undefined ? undefined : input.endsOn,
      successMeasures:
        input.successMeasures === undefined
          ? undefined
          : (optionalText(c, 'successMeasures', input.successMeasures, 2000) ?? ''),
      ownerId: await this.checkOwner(ctx, c, input.ownerId, current.districtId),
    };
    const startsOn = patch.startsOn ?? current.startsOn;
    const endsOn = patch.endsOn === undefined ? current.endsOn : patch.endsOn;
    if (endsOn && endsOn < startsOn) c.add('endsOn', 'Must not be before the start');
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const updated = await updateVersioned(
      manager,
      StrategyEntity,
      current,
      input.version,
      patch,
      'ImprovementStrategy',
    );
    await recordAudit(ctx, {
      action: 'strategy.update',
      entityType: 'ImprovementStrategy',
      entityId: current.id,
      fields: changedFields(patch),
    });
    await emitEvent(ctx, EventType.STRATEGY_UPDATED, strategySubject(current), {
      status: updated.status,
      changedFields: changedFields(patch),
      version: updated.version,
    });
    return Strategy.from(updated);
  }
}

export const strategyService = new StrategyService();
