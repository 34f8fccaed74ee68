import { IsNull, type SelectQueryBuilder } from 'typeorm';
import { DISTRICT_ONLY_ROLES, Permission, Role, ROLES } from '@throughline/shared';
import { RoleAssignmentEntity } from './role-assignment.entity';
import { RoleAssignment } from './role-assignment.type';
import {
  RoleAssignmentOrderField,
  type RoleAssignmentCreateInput,
  type RoleAssignmentFilter,
  type RoleAssignmentOrder,
} from './role-assignment.input';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { SchoolEntity } from '../school/school.entity';
import { checkSchoolOpen } from '../school/rules/open';
import { grantOf, requireGrant, requireMember, selfIdOf } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, found, InputChecker } from '../../graphql/errors';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updatedAtOrder, updatedSince } from '../../db/sync';
import { recordAudit } from '../audit/audit.service';
import { CONVERSATIONS_OF_ROLE, refreshUpcomingExpected } from '../session/expected-record';
import { CLOSE_ROW, currentSql } from '../../db/effective-dated';

/** The roleAssignments filter, with domain ids (malformed ones are refused by the resolver). */
export type RoleAssignmentListFilter = Omit<RoleAssignmentFilter, 'staffMemberId' | 'schoolId'> & {
  staffMemberId?: string;
  schoolId?: string;
};

/**
 * What roleAssignmentCreate takes, with domain ids: `schoolId` null (or absent) for a district-wide assignment. An
 * id that names nothing in the caller's district (missing, another district's, or malformed) is refused on its field.
 */
export type RoleAssignmentCreate = Omit<RoleAssignmentCreateInput, 'staffMemberId' | 'schoolId'> & {
  staffMemberId: string;
  schoolId?: string | null;
};

export class RoleAssignmentService {
  /** Assignments the caller may read: all, those at their schools, and always their own. */
  private async scoped(
    ctx: RequestContext,
    permission: Permission = Permission.ROLE_ASSIGNMENT_READ,
  ): Promise<SelectQueryBuilder<RoleAssignmentEntity>> {
    const staff = requireMember(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(RoleAssignmentEntity, 'ra')
      .where('ra.district_id = :districtId', { districtId: staff.districtId })
      // Ended assignments are history (db/effective-dated.ts): read by the funnel's past, not listed here.
      .andWhere(currentSql('ra'));
    const grant = grantOf(ctx, permission);
    if (!grant) qb.andWhere('ra.staff_member_id = :self', { self: selfIdOf(staff) });
    else if (!grant.districtWide) {
      qb.andWhere('(ra.staff_member_id = :self OR ra.school_id = ANY(:scopeSchoolIds))', {
        self: selfIdOf(staff),
        scopeSchoolIds: grant.schoolIds,
      });
    }
    return qb;
  }

  async list(
    ctx: RequestContext,
    page: PageRequest,
    filter?: RoleAssignmentListFilter,
    order?: RoleAssignmentOrder,
  ): Promise<Page<RoleAssignment>> {
    const qb = await this.scoped(ctx);
    if (filter?.staffMemberId) qb.andWhere('ra.staff_member_id = :fStaff', { fStaff: filter.staffMemberId });
    if (filter?.schoolId) qb.andWhere('ra.school_id = :fSchool', { fSchool: filter.schoolId });
    if (filter?.role) qb.andWhere('ra.role = :fRole', { fRole: filter.role });
    updatedSince(qb, 'ra', filter?.updatedSince);
    const direction = order?.direction ?? OrderDirection.ASC;
    const result = await paginate(
      qb,
      page,
      order?.field === RoleAssignmentOrderField.UPDATED_AT
        ? updatedAtOrder(qb, 'ra', direction)
        : { expression: 'ra.created_at', direction, timestamp: true },
    );
    return mapPage(result, RoleAssignment.from);
  }

  /** For the per-request loader: the visible assignments of many people in one query. */
  async forStaff(ctx: RequestContext, staffIds: readonly string[]): Promise<RoleAssignment[][]> {
    const rows = await (
      await this.scoped(ctx)
    )
      .andWhere('ra.staff_member_id = ANY(:ids)', { ids: [...staffIds] })
      .orderBy('ra.created_at', 'ASC')
      .getMany();
    return staffIds.map((id) => rows.filter((r) => r.staffMemberId === id).map(RoleAssignment.from));
  }

  async findById(ctx: RequestContext, id: string): Promise<RoleAssignment | null> {
    const entity = await (await this.scoped(ctx)).andWhere('ra.id = :id', { id }).getOne();
    return entity ? RoleAssignment.from(entity) : null;
  }

  async create(ctx: RequestContext, input: RoleAssignmentCreate): Promise<RoleAssignment> {
    const staff = requireMember(ctx);
    if (!requireGrant(ctx, Permission.ROLE_ASSIGNMENT_MANAGE).districtWide) throw new ForbiddenError();
    const c = new InputChecker();
    const staffId = input.staffMemberId;
    const schoolId = input.schoolId ?? null;
    c.check(ROLES.includes(input.role), 'role', 'Unknown role');
    if (DISTRICT_ONLY_ROLES.includes(input.role) && schoolId) c.add('schoolId', 'This role is always district-wide');
    if (input.role === Role.TEACHER && !schoolId) c.add('schoolId', 'A teacher is assigned to a school');
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const person = await manager.findOne(StaffMemberEntity, { where: { id: staffId, districtId: staff.districtId } });
    if (!person) c.add('staffMemberId', 'No such person in this district');
    else if (!person.active) c.add('staffMemberId', 'This person is inactive');
    if (schoolId && !(await manager.exists(SchoolEntity, { where: { id: schoolId, districtId: staff.districtId } }))) {
      c.add('schoolId', 'No such school in this district');
    }
    await checkSchoolOpen(manager, c, staff.districtId, schoolId);
    c.throwIfAny();
    const duplicate = await manager
      .createQueryBuilder(RoleAssignmentEntity, 'ra')
      .where('ra.district_id = :d AND ra.staff_member_id = :s AND ra.role = :r', {
        d: staff.districtId,
        s: staffId,
        r: input.role,
      })
      .andWhere('ra.school_id IS NOT DISTINCT FROM :school', { school: schoolId })
      .andWhere(currentSql('ra'))
      .getExists();
    if (duplicate)
      throw new BadUserInputError([{ field: 'role', message: 'This person already holds this role here' }]);
    const saved = await manager.save(
      RoleAssignmentEntity,
      manager.create(RoleAssignmentEntity, {
        districtId: staff.districtId,
        staffMemberId: staffId,
        role: input.role,
        schoolId,
      }),
    );
    // The holders of a participant role are expected at the sessions still to come (session/rules/expected.ts).
    await refreshUpcomingExpected(manager, staff.districtId, CONVERSATIONS_OF_ROLE, [input.role, schoolId]);
    await recordAudit(ctx, {
      action: 'roleAssignment.create',
      entityType: 'RoleAssignment',
      entityId: saved.id,
      fields: ['role', 'schoolId', 'staffMemberId'],
    });
    return RoleAssignment.from(saved);
  }

  /**
   * Ends an assignment (by domain id) and answers that id: its row is closed (valid_to = now), not deleted, so what
   * it was is still known; the person stops being expected at the sessions still to come of the role's
   * conversations, and keeps their place in the past ones.
   */
  async delete(ctx: RequestContext, id: string): Promise<string> {
    const staff = requireMember(ctx);
    if (!requireGrant(ctx, Permission.ROLE_ASSIGNMENT_MANAGE).districtWide) throw new ForbiddenError();
    const manager = await managerOf(ctx);
    const current = found(
      await manager.findOne(RoleAssignmentEntity, { where: { id, districtId: staff.districtId, validTo: IsNull() } }),
      'RoleAssignment',
    );
    if (current.role === Role.DISTRICT_ADMIN) {
      // Lock the district's admin assignments so two admins cannot remove each other at once.
      const admins = await manager
        .createQueryBuilder(RoleAssignmentEntity, 'ra')
        .innerJoin(
          StaffMemberEntity,
          'sm',
          'sm.district_id = ra.district_id AND sm.id = ra.staff_member_id AND sm.active',
        )
        .where('ra.district_id = :d AND ra.role = :r', { d: staff.districtId, r: Role.DISTRICT_ADMIN })
        .andWhere(currentSql('ra'))
        .setLock('pessimistic_write', undefined, ['ra'])
        .getMany();
      if (admins.filter((a) => a.id !== current.id).length === 0) {
        throw new BadUserInputError([{ field: 'id', message: 'A district keeps at least one active district admin' }]);
      }
    }
    await manager
      .createQueryBuilder()
      .update(RoleAssignmentEntity)
      .set(CLOSE_ROW)
      .where('district_id = :d AND id = :id', { d: staff.districtId, id: current.id })
      .execute();
    await refreshUpcomingExpected(manager, staff.districtId, CONVERSATIONS_OF_ROLE, [current.role, current.schoolId]);
    await recordAudit(ctx, {
      action: 'roleAssignment.delete',
      entityType: 'RoleAssignment',
      entityId: current.id,
      fields: ['role', 'schoolId', 'staffMemberId'],
    });
    return current.id;
  }
}

export const roleAssignmentService = new RoleAssignmentService();
