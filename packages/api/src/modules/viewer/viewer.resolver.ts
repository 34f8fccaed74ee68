import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Viewer, ViewerKind, EffectivePermission, PlatformOperator } from './viewer.type';
import { StaffMember } from '../staff/staff-member.type';
import { StaffMemberEntity } from '../staff/staff-member.entity';
import { RoleAssignment } from '../role-assignment/role-assignment.type';
import { RoleAssignmentEntity } from '../role-assignment/role-assignment.entity';
import { PlatformOperatorEntity } from '../auth/platform-operator.entity';
import { District } from '../district/district.type';
import { districtService } from '../district/district.service';
import { SignedIn } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The signed-in caller.' })
  @SignedIn()
  me(@Ctx() ctx: RequestContext): Viewer {
    return Object.assign(new Viewer(), {
      kind: ctx.principal?.kind === 'operator' ? ViewerKind.PLATFORM_OPERATOR : ViewerKind.STAFF,
    });
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Your staff record (null for platform operators).' })
  async staffMember(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<StaffMember | null> {
    const p = ctx.principal;
    if (p?.kind !== 'staff') return null;
    const e = await (
      await managerOf(ctx)
    ).findOne(StaffMemberEntity, { where: { districtId: p.districtId, id: p.staffMemberId } });
    return e ? StaffMember.from(e) : null;
  }

  @FieldResolver(() => PlatformOperator, { nullable: true })
  async operator(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<PlatformOperator | null> {
    const p = ctx.principal;
    if (p?.kind !== 'operator') return null;
    const e = await (await managerOf(ctx)).findOne(PlatformOperatorEntity, { where: { id: p.operatorId } });
    return e ? { id: toGlobalId('PlatformOperator', e.id), email: e.email, displayName: e.displayName } : null;
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<District | null> {
    return districtService.current(ctx);
  }

  @FieldResolver(() => [RoleAssignment])
  async roleAssignments(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<RoleAssignment[]> {
    const p = ctx.principal;
    if (p?.kind !== 'staff') return [];
    const rows = await (
      await managerOf(ctx)
    ).find(RoleAssignmentEntity, {
      where: { districtId: p.districtId, staffMemberId: p.staffMemberId },
      order: { createdAt: 'ASC' },
    });
    return rows.map(RoleAssignment.from);
  }

  @FieldResolver(() => [EffectivePermission], { description: 'What you may do, and how far it reaches.' })
  permissions(@Ctx() ctx: RequestContext, @Root() _v: Viewer): EffectivePermission[] {
    const p = ctx.principal;
    if (!p) return [];
    if (p.kind === 'operator') {
      return ['DISTRICT_PROVISION', 'DISTRICT_READ'].map(
        (permission) => ({ permission, districtWide: false, schoolIds: [], own: false }) as EffectivePermission,
      );
    }
    return p.permissions.map((e) => ({ ...e, schoolIds: e.schoolIds.map((id) => toGlobalId('School', id)) }));
  }
}
