import type { SelectQueryBuilder } from 'typeorm';
import { DISTRICT_ONLY_ROLES, Permission, Role, ROLES } from '@throughline/shared';
import { RoleAssignmentEntity } from './role-assignment.entity';
import { RoleAssignment } from './role-assignment.type';
import type {
  RoleAssignmentCreateInput,
  RoleAssignmentDeleteInput,
  RoleAssignmentFilter,
} from './role-assignment.input';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { SchoolEntity } from '../school/school.entity';
import { grantOf, requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, ForbiddenError, InputChecker, NotFoundError } from '../../graphql/errors';
import { idOf } from '../../graphql/global-id';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { recordAudit } from '../audit/audit.service';

export class RoleAssignmentService {
  /** Assignments the caller may read: all, those at their schools, and always their own. */
  private async scoped(
    ctx: RequestContext,
    permission: Permission = Permission.ROLE_ASSIGNMENT_READ,
  ): Promise<SelectQueryBuilder<RoleAssignmentEntity>> {
    const staff = requireStaff(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(RoleAssignmentEntity, 'ra')
      .where('ra.district_id = :districtId', { districtId: staff.districtId });
    const grant = grantOf(ctx, permission);
    if (!grant) qb.andWhere('ra.staff_member_id = :self', { self: staff.staffMemberId });
    else if (!grant.districtWide) {
      qb.andWhere('(ra.staff_member_id = :self OR ra.school_id = ANY(:scopeSchoolIds))', {
        self: staff.staffMemberId,
        scopeSchoolIds: grant.schoolIds,
      });
    }
    return qb;
  }

  async list(ctx: RequestContext, page: PageRequest, filter?: RoleAssignmentFilter): Promise<Page<RoleAssignment>> {
    const qb = await this.scoped(ctx);
    const c = new InputChecker();
    const staffId = filter?.staffMemberId ? idOf(filter.staffMemberId, 'StaffMember') : undefined;
    const schoolId = filter?.schoolId ? idOf(filter.schoolId, 'School') : undefined;
    c.check(staffId !== null, 'filter.staffMemberId', 'Not a StaffMember id');
    c.check(schoolId !== null, 'filter.schoolId', 'Not a School id');
    c.throwIfAny();
    if (staffId) qb.andWhere('ra.staff_member_id = :fStaff', { fStaff: staffId });
    if (schoolId) qb.andWhere('ra.school_id = :fSchool', { fSchool: schoolId });
    if (filter?.role) qb.andWhere('ra.role = :fRole', { fRole: filter.role });
    const result = await paginate(qb, page, {
      expression: 'ra.created_at',
      direction: OrderDirection.ASC,
      timestamp: true,
    });
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

  async findById(ctx: RequestContext, globalId: string): Promise<RoleAssignment | null> {
    const id = idOf(globalId, 'RoleAssignment');
    const entity = id ? await (await this.scoped(ctx)).andWhere('ra.id = :id', { id }).getOne() : null;
    return entity ? RoleAssignment.from(entity) : null;
  }

  async create(ctx: RequestContext, input: RoleAssignmentCreateInput): Promise<RoleAssignment> {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.ROLE_ASSIGNMENT_MANAGE).districtWide) throw new ForbiddenError();
    const c = new InputChecker();
    const staffId = idOf(input.staffMemberId, 'StaffMember');
    const schoolId = input.schoolId ? idOf(input.schoolId, 'School') : null;
    c.check(staffId !== null, 'staffMemberId', 'Not a StaffMember id');
    c.check(!input.schoolId || schoolId !== null, 'schoolId', 'Not a School id');
    c.check(ROLES.includes(input.role), 'role', 'Unknown role');
    if (DISTRICT_ONLY_ROLES.includes(input.role) && input.schoolId)
      c.add('schoolId', 'This role is always district-wide');
    if (input.role === Role.TEACHER && !input.schoolId) c.add('schoolId', 'A teacher is assigned to a school');
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const person = await manager.findOne(StaffMemberEntity, { where: { id: staffId!, districtId: staff.districtId } });
    if (!person) c.add('staffMemberId', 'No such person in this district');
    else if (!person.active) c.add('staffMemberId', 'This person is inactive');
    if (schoolId && !(await manager.exists(SchoolEntity, { where: { id: schoolId, districtId: staff.districtId } }))) {
      c.add('schoolId', 'No such school in this district');
    }
    c.throwIfAny();
    const duplicate = await manager
      .createQueryBuilder(RoleAssignmentEntity, 'ra')
      .where('ra.district_id = :d AND ra.staff_member_id = :s AND ra.role = :r', {
        d: staff.districtId,
        s: staffId,
        r: input.role,
      })
      .andWhere('ra.school_id IS NOT DISTINCT FROM :school', { school: schoolId })
      .getExists();
    if (duplicate)
      throw new BadUserInputError([{ field: 'role', message: 'This person already holds this role here' }]);
    const saved = await manager.save(
      RoleAssignmentEntity,
      manager.create(RoleAssignmentEntity, {
        districtId: staff.districtId,
        staffMemberId: staffId!,
        role: input.role,
        schoolId,
      }),
    );
    await recordAudit(ctx, {
      action: 'roleAssignment.create',
      entityType: 'RoleAssignment',
      entityId: saved.id,
      fields: ['role', 'schoolId', 'staffMemberId'],
    });
    return RoleAssignment.from(saved);
  }

  async delete(ctx: RequestContext, input: RoleAssignmentDeleteInput): Promise<string> {
    const staff = requireStaff(ctx);
    if (!requireGrant(ctx, Permission.ROLE_ASSIGNMENT_MANAGE).districtWide) throw new ForbiddenError();
    const id = idOf(input.id, 'RoleAssignment');
    const manager = await managerOf(ctx);
    const current = id
      ? await manager.findOne(RoleAssignmentEntity, { where: { id, districtId: staff.districtId } })
      : null;
    if (!current) throw new NotFoundError('RoleAssignment');
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
        .setLock('pessimistic_write', undefined, ['ra'])
        .getMany();
      if (admins.filter((a) => a.id !== current.id).length === 0) {
        throw new BadUserInputError([{ field: 'id', message: 'A district keeps at least one active district admin' }]);
      }
    }
    await manager.delete(RoleAssignmentEntity, { id: current.id, districtId: staff.districtId });
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
