import { GRADE_MAX, GRADE_MIN, Permission } from '@throughline/shared';
import { SchoolEntity } from './school.entity';
import { School } from './school.type';
import type { SchoolCreateInput, SchoolFilter, SchoolOrder, SchoolUpdateInput } from './school.input';
import { SchoolOrderField } from './school.input';
import { requireGrant, requireMember } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { ForbiddenError, found, InputChecker, NotFoundError } from '../../graphql/errors';
import { grade, patchText, requiredText } from '../../graphql/validate';
import { containsPattern } from '../../graphql/search';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { updateVersioned } from '../../db/versioned';
import { assertUnique } from '../../db/unique';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { stopSchoolConversations } from '../conversation/school-closure';
import { Limits, SchoolStatus } from '@throughline/shared';

const ORDER: Record<SchoolOrderField, string> = {
  NAME: 'lower(s.name)',
  CODE: 's.code',
  CREATED_AT: 's.created_at',
  UPDATED_AT: 's.change_xid',
};

/** What schoolUpdate changes: the input, with the school's domain id (decoded by the resolver). */
export type SchoolUpdate = Omit<SchoolUpdateInput, 'id'> & { id: string };

/** A school after an update, with what closing it (if this update did) stopped. */
export interface SchoolUpdated {
  school: School;
  sessionsCancelled: number;
  conversationsDeactivated: number;
}

function checkGrades(c: InputChecker, low: number | null | undefined, high: number | null | undefined): void {
  const valid = (g: number) => Number.isInteger(g) && g >= GRADE_MIN && g <= GRADE_MAX;
  if (low != null && high != null && valid(low) && valid(high) && low > high) {
    c.add('gradeHigh', 'Must not be below the lowest grade');
  }
}

export class SchoolService {
  /** Schools the caller may read: the whole district, or the schools of their assignments. */
  async scopedQuery(ctx: RequestContext) {
    const staff = requireMember(ctx);
    const grant = requireGrant(ctx, Permission.SCHOOL_READ);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(SchoolEntity, 's')
      .where('s.district_id = :districtId', { districtId: staff.districtId });
    if (!grant.districtWide) qb.andWhere('s.id = ANY(:schoolIds)', { schoolIds: grant.schoolIds });
    return qb;
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: SchoolFilter,
    order?: SchoolOrder,
  ): Promise<Page<School>> {
    const qb = await this.scopedQuery(ctx);
    if (filter?.status) qb.andWhere('s.status = :status', { status: filter.status });
    const search = containsPattern(filter?.search);
    if (search) qb.andWhere(`(s.name ILIKE :search OR s.code ILIKE :search)`, { search });
    updatedSince(qb, 's', filter?.updatedSince);
    const direction = order?.direction ?? OrderDirection.ASC;
    const result = await paginate(
      qb,
      page,
      order?.field === SchoolOrderField.UPDATED_AT
        ? updatedAtOrder(qb, 's', direction)
        : {
            expression: ORDER[order?.field ?? SchoolOrderField.NAME],
            direction,
            timestamp: order?.field === SchoolOrderField.CREATED_AT,
          },
    );
    return mapPage(result, School.from);
  }

  async findEntity(ctx: RequestContext, id: string): Promise<SchoolEntity | null> {
    return (await this.scopedQuery(ctx)).andWhere('s.id = :id', { id }).getOne();
  }

  async findById(ctx: RequestContext, id: string): Promise<School | null> {
    const entity = await this.findEntity(ctx, id);
    return entity ? School.from(entity) : null;
  }

  async create(ctx: RequestContext, input: SchoolCreateInput): Promise<School> {
    const staff = requireMember(ctx);
    if (!requireGrant(ctx, Permission.SCHOOL_MANAGE).districtWide) throw new ForbiddenError();
    const c = new InputChecker();
    const values = {
      name: requiredText(c, 'name', input.name, Limits.NAME_MAX),
      code: requiredText(c, 'code', input.code, Limits.CODE_MAX),
      gradeLow: grade(c, 'gradeLow', input.gradeLow) ?? null,
      gradeHigh: grade(c, 'gradeHigh', input.gradeHigh) ?? null,
    };
    checkGrades(c, values.gradeLow, values.gradeHigh);
    c.throwIfAny();
    const manager = await managerOf(ctx);
    await assertUnique(manager, SchoolEntity, 'school_code_key', {
      districtId: staff.districtId,
      condition: 'x.code = :code',
      params: { code: values.code },
      exceptId: null,
    });
    const inserted = await manager.save(
      SchoolEntity,
      manager.create(SchoolEntity, { ...values, districtId: staff.districtId, status: 'ACTIVE' }),
    );
    await recordAudit(ctx, {
      action: 'school.create',
      entityType: 'School',
      entityId: inserted.id,
      fields: providedFields(values),
    });
    return School.from(await manager.findOneByOrFail(SchoolEntity, { id: inserted.id }));
  }

  /**
   * Closing a school (status CLOSED) also stops its conversations: their future sessions are cancelled and they are
   * deactivated (conversation/school-closure.ts), and the school takes no new work (rules/open.ts).
   */
  async update(ctx: RequestContext, input: SchoolUpdate): Promise<SchoolUpdated> {
    const grant = requireGrant(ctx, Permission.SCHOOL_MANAGE);
    const current = found(await this.findEntity(ctx, input.id), 'School');
    if (!grant.districtWide && !grant.schoolIds.includes(current.id)) throw new NotFoundError('School');
    const c = new InputChecker();
    const patch = {
      name: patchText(c, 'name', input.name, Limits.NAME_MAX),
      code: patchText(c, 'code', input.code, Limits.CODE_MAX),
      gradeLow: grade(c, 'gradeLow', input.gradeLow),
      gradeHigh: grade(c, 'gradeHigh', input.gradeHigh),
      status: input.status ?? undefined,
    };
    checkGrades(
      c,
      patch.gradeLow === undefined ? current.gradeLow : patch.gradeLow,
      patch.gradeHigh === undefined ? current.gradeHigh : patch.gradeHigh,
    );
    c.throwIfAny();
    const manager = await managerOf(ctx);
    if (patch.code) {
      await assertUnique(manager, SchoolEntity, 'school_code_key', {
        districtId: current.districtId,
        condition: 'x.code = :code',
        params: { code: patch.code },
        exceptId: current.id,
      });
    }
    const updated = await updateVersioned(manager, SchoolEntity, current, input.version, patch, 'School');
    await recordAudit(ctx, {
      action: 'school.update',
      entityType: 'School',
      entityId: current.id,
      fields: changedFields(patch),
    });
    const closing = patch.status === SchoolStatus.CLOSED && current.status !== SchoolStatus.CLOSED;
    const stopped = closing
      ? await stopSchoolConversations(ctx, current.districtId, current.id)
      : { sessionsCancelled: 0, conversationsDeactivated: 0 };
    return { school: School.from(updated), ...stopped };
  }
}

export const schoolService = new SchoolService();
