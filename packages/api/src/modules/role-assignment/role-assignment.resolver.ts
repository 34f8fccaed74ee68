import { Arg, Args, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { RoleAssignment, RoleAssignmentConnection } from './role-assignment.type';
import {
  RoleAssignmentCreateInput,
  RoleAssignmentDeleteInput,
  RoleAssignmentDeletePayload,
  type RoleAssignmentFilter,
  RoleAssignmentPayload,
  RoleAssignmentsArgs,
} from './role-assignment.input';
import { roleAssignmentService, type RoleAssignmentListFilter } from './role-assignment.service';
import { School } from '../school/school.type';
import { StaffMember } from '../staff/staff-member.type';
import { Allow } from '../../auth/guard';
import { decodeId, toGlobalId, wellFormedId } from '../../graphql/global-id';
import { InputChecker } from '../../graphql/errors';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { staffLoaders } from '../staff/staff-member.loaders';
import { schoolLoaders } from '../school/school.loaders';

/** The filter with domain ids; a malformed id is BAD_USER_INPUT on its field rather than an empty list. */
function decodeFilter(filter: RoleAssignmentFilter | undefined): RoleAssignmentListFilter | undefined {
  if (!filter) return filter;
  const c = new InputChecker();
  const staffMemberId = wellFormedId(c, 'filter.staffMemberId', filter.staffMemberId, 'StaffMember');
  const schoolId = wellFormedId(c, 'filter.schoolId', filter.schoolId, 'School');
  c.throwIfAny();
  return { ...filter, staffMemberId, schoolId };
}

@Resolver(() => RoleAssignment)
export class RoleAssignmentResolver {
  @Query(() => RoleAssignmentConnection)
  @Allow(Permission.ROLE_ASSIGNMENT_READ)
  roleAssignments(
    @Ctx() ctx: RequestContext,
    @Args(() => RoleAssignmentsArgs) args: RoleAssignmentsArgs,
  ): Promise<Page<RoleAssignment>> {
    return roleAssignmentService.list(ctx, args, decodeFilter(args.filter), args.orderBy);
  }

  @FieldResolver(() => StaffMember, {
    nullable: true,
    description: 'Null when the person is outside what you may read.',
  })
  staffMember(@Ctx() ctx: RequestContext, @Root() ra: RoleAssignment): Promise<StaffMember | null> {
    return staffLoaders.byId(ctx).load(ra.staffMemberRawId);
  }

  @FieldResolver(() => School, { nullable: true, description: 'The school of a school-scoped assignment.' })
  school(@Ctx() ctx: RequestContext, @Root() ra: RoleAssignment): Promise<School | null> {
    return ra.schoolRawId ? schoolLoaders.byId(ctx).load(ra.schoolRawId) : Promise.resolve(null);
  }

  @Mutation(() => RoleAssignmentPayload)
  @Allow(Permission.ROLE_ASSIGNMENT_MANAGE)
  async roleAssignmentCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RoleAssignmentCreateInput) input: RoleAssignmentCreateInput,
  ): Promise<RoleAssignmentPayload> {
    return {
      roleAssignment: await roleAssignmentService.create(ctx, {
        ...input,
        staffMemberId: decodeId(input.staffMemberId, 'StaffMember'),
        schoolId: input.schoolId ? decodeId(input.schoolId, 'School') : null,
      }),
    };
  }

  @Mutation(() => RoleAssignmentDeletePayload)
  @Allow(Permission.ROLE_ASSIGNMENT_MANAGE)
  async roleAssignmentDelete(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => RoleAssignmentDeleteInput) input: RoleAssignmentDeleteInput,
  ): Promise<RoleAssignmentDeletePayload> {
    const deleted = await roleAssignmentService.delete(ctx, decodeId(input.id, 'RoleAssignment'));
    return { deletedId: toGlobalId('RoleAssignment', deleted) };
  }
}
