import { Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Viewer, EffectivePermission, PlatformOperator } from './viewer.type';
import { viewerService } from './viewer.service';
import { StaffMember } from '../staff/staff-member.type';
import { RoleAssignment } from '../role-assignment/role-assignment.type';
import { District } from '../district/district.type';
import { SignedIn } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer, { description: 'The signed-in caller.' })
  @SignedIn()
  me(@Ctx() ctx: RequestContext): Viewer {
    return viewerService.me(ctx);
  }

  @FieldResolver(() => StaffMember, { nullable: true, description: 'Your staff record (null for platform operators).' })
  staffMember(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<StaffMember | null> {
    return viewerService.staffMember(ctx);
  }

  @FieldResolver(() => PlatformOperator, { nullable: true })
  operator(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<PlatformOperator | null> {
    return viewerService.operator(ctx);
  }

  @FieldResolver(() => District, { nullable: true })
  district(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<District | null> {
    return viewerService.district(ctx);
  }

  @FieldResolver(() => [RoleAssignment])
  roleAssignments(@Ctx() ctx: RequestContext, @Root() _v: Viewer): Promise<RoleAssignment[]> {
    return viewerService.roleAssignments(ctx);
  }

  @FieldResolver(() => [EffectivePermission], { description: 'What you may do, and how far it reaches.' })
  permissions(@Ctx() ctx: RequestContext, @Root() _v: Viewer): EffectivePermission[] {
    return viewerService.permissions(ctx);
  }
}
