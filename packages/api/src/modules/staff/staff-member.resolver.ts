import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { StaffMember, StaffMemberConnection } from './staff-member.type';
import {
  StaffMemberActivationInput,
  StaffMemberCreateInput,
  StaffMemberPayload,
  StaffMembersArgs,
  StaffMemberSetPasswordInput,
  StaffMemberUpdateInput,
} from './staff-member.input';
import { staffMemberService } from './staff-member.service';
import { RoleAssignment } from '../role-assignment/role-assignment.type';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { roleAssignmentLoaders } from '../role-assignment/role-assignment.loaders';

@Resolver(() => StaffMember)
export class StaffMemberResolver {
  @Query(() => StaffMemberConnection, {
    description: "People you may read: the district, your schools' people, or yourself.",
  })
  @Allow(Permission.STAFF_READ)
  staffMembers(
    @Ctx() ctx: RequestContext,
    @Args(() => StaffMembersArgs) args: StaffMembersArgs,
  ): Promise<Page<StaffMember>> {
    return staffMemberService.list(ctx, args, args.filter, args.orderBy);
  }

  @Query(() => StaffMember, { nullable: true })
  @Allow(Permission.STAFF_READ)
  staffMember(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<StaffMember | null> {
    return staffMemberService.findById(ctx, id);
  }

  @FieldResolver(() => [RoleAssignment], {
    description: 'The assignments you may see: all, those at your schools, or your own.',
  })
  roleAssignments(@Ctx() ctx: RequestContext, @Root() staff: StaffMember): Promise<RoleAssignment[]> {
    return roleAssignmentLoaders.byStaff(ctx).load(staff.rawId);
  }

  @Mutation(() => StaffMemberPayload)
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberCreateInput) input: StaffMemberCreateInput,
  ): Promise<StaffMemberPayload> {
    return { staffMember: await staffMemberService.create(ctx, input) };
  }

  @Mutation(() => StaffMemberPayload)
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberUpdateInput) input: StaffMemberUpdateInput,
  ): Promise<StaffMemberPayload> {
    return { staffMember: await staffMemberService.update(ctx, input) };
  }

  @Mutation(() => StaffMemberPayload, {
    description: 'Ends their sessions and stops them signing in; keeps their history.',
  })
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberDeactivate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberActivationInput) input: StaffMemberActivationInput,
  ): Promise<StaffMemberPayload> {
    return { staffMember: await staffMemberService.setActive(ctx, input, false) };
  }

  @Mutation(() => StaffMemberPayload)
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberReactivate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberActivationInput) input: StaffMemberActivationInput,
  ): Promise<StaffMemberPayload> {
    return { staffMember: await staffMemberService.setActive(ctx, input, true) };
  }

  @Mutation(() => StaffMemberPayload, {
    description: "Sets or resets a person's password and ends their open sessions.",
  })
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberSetPassword(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberSetPasswordInput) input: StaffMemberSetPasswordInput,
  ): Promise<StaffMemberPayload> {
    return { staffMember: await staffMemberService.setPassword(ctx, input) };
  }
}
