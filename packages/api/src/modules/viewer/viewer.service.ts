import { IsNull } from 'typeorm';
import { OPERATOR_PERMISSIONS } from '@throughline/shared';
import { EffectivePermission, PlatformOperator, Viewer } from './viewer.type';
import { StaffMember } from '../staff/staff-member.type';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { RoleAssignment } from '../role-assignment/role-assignment.type';
import { RoleAssignmentEntity } from '../role-assignment/role-assignment.entity';
import { PlatformOperatorEntity } from '../auth/platform-operator.entity';
import { District } from '../district/district.type';
import { districtService } from '../district/district.service';
import { managerOf, type RequestContext } from '../../graphql/context';

/** The signed-in caller, read from the request's principal: who they are and what they may do. */
export class ViewerService {
  me(ctx: RequestContext): Viewer {
    return Viewer.of(ctx.principal);
  }

  /** The caller's own staff record; null for platform operators. */
  async staffMember(ctx: RequestContext): Promise<StaffMember | null> {
    const p = ctx.principal;
    if (p?.kind !== 'staff') return null;
    const e = await (
      await managerOf(ctx)
    ).findOne(StaffMemberEntity, { where: { districtId: p.districtId, id: p.staffMemberId } });
    return e ? StaffMember.from(e) : null;
  }

  /** The caller's operator record; null for staff. */
  async operator(ctx: RequestContext): Promise<PlatformOperator | null> {
    const p = ctx.principal;
    if (p?.kind !== 'operator') return null;
    const e = await (await managerOf(ctx)).findOne(PlatformOperatorEntity, { where: { id: p.operatorId } });
    return e ? PlatformOperator.from(e) : null;
  }

  district(ctx: RequestContext): Promise<District | null> {
    return districtService.current(ctx);
  }

  /** All the caller's own role assignments, oldest first. */
  async roleAssignments(ctx: RequestContext): Promise<RoleAssignment[]> {
    const p = ctx.principal;
    if (p?.kind !== 'staff') return [];
    const rows = await (
      await managerOf(ctx)
    ).find(RoleAssignmentEntity, {
      where: { districtId: p.districtId, staffMemberId: p.staffMemberId, validTo: IsNull() },
      order: { createdAt: 'ASC' },
    });
    return rows.map(RoleAssignment.from);
  }

  /** What the caller may do and how far it reaches; an operator's permissions reach no school. */
  permissions(ctx: RequestContext): EffectivePermission[] {
    const p = ctx.principal;
    if (!p) return [];
    if (p.kind === 'operator') {
      return OPERATOR_PERMISSIONS.map(
        (permission) => ({ permission, districtWide: false, schoolIds: [], own: false }) as EffectivePermission,
      );
    }
    return p.permissions.map(EffectivePermission.from);
  }
}

export const viewerService = new ViewerService();
