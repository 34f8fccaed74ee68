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
import { Allow, PeopleOnly } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { BadUserInputError, InputChecker } from '../../graphql/errors';
import { decodeId, wellFormedId } from '../../graphql/global-id';
import { roleAssignmentLoaders } from '../role-assignment/role-assignment.loaders';

/** A filter's school: absent stays absent; a malformed id is BAD_USER_INPUT on its field, not an empty list. */
function filterSchoolId(globalId: string | undefined): string | undefined {
  const c = new InputChecker();
  const id = wellFormedId(c, 'filter.schoolId', globalId, 'School');
  c.throwIfAny();
  return id;
}

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
    const filter = args.filter && { ...args.filter, schoolId: filterSchoolId(args.filter.schoolId) };
    return staffMemberService.list(ctx, args, filter, args.orderBy);
  }

  @Query(() => StaffMember, { nullable: true })
  @Allow(Permission.STAFF_READ)
  staffMember(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<StaffMember | null> {
    return staffMemberService.findById(ctx, decodeId(id, 'StaffMember'));
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
    return { staffMember: await staffMemberService.update(ctx, { ...input, id: decodeId(input.id, 'StaffMember') }) };
  }

  @Mutation(() => StaffMemberPayload, {
    description:
      'Ends their sessions and stops them signing in; keeps their history. Someone who facilitates active ' +
      'conversations or owns open actions or strategies needs handoverToId: who takes that work over.',
  })
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberDeactivate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberActivationInput) input: StaffMemberActivationInput,
  ): Promise<StaffMemberPayload> {
    const c = new InputChecker();
    const handoverToId = wellFormedId(c, 'handoverToId', input.handoverToId, 'StaffMember');
    c.throwIfAny();
    const person = { ...input, id: decodeId(input.id, 'StaffMember'), handoverToId };
    return { staffMember: await staffMemberService.setActive(ctx, person, false) };
  }

  @Mutation(() => StaffMemberPayload)
  @Allow(Permission.STAFF_MANAGE)
  async staffMemberReactivate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberActivationInput) input: StaffMemberActivationInput,
  ): Promise<StaffMemberPayload> {
    if (input.handoverToId) {
      throw new BadUserInputError([{ field: 'handoverToId', message: 'Only for deactivating someone' }]);
    }
    const person = { ...input, id: decodeId(input.id, 'StaffMember'), handoverToId: undefined };
    return { staffMember: await staffMemberService.setActive(ctx, person, true) };
  }

  @Mutation(() => StaffMemberPayload, {
    description: "Sets or resets a person's password and ends their open sessions.",
  })
  @Allow(Permission.STAFF_MANAGE)
  @PeopleOnly()
  async staffMemberSetPassword(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => StaffMemberSetPasswordInput) input: StaffMemberSetPasswordInput,
  ): Promise<StaffMemberPayload> {
    const person = { ...input, id: decodeId(input.id, 'StaffMember') };
    return { staffMember: await staffMemberService.setPassword(ctx, person) };
  }
}
