import { ArgsType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { Role } from '@throughline/shared';
import { PageArgs } from '../../graphql/connection';
import { RoleAssignment } from './role-assignment.type';

@InputType()
export class RoleAssignmentCreateInput {
  @Field(() => ID) staffMemberId: string;
  @Field(() => Role) role: Role;
  @Field(() => ID, { nullable: true, description: 'The school; leave empty for a district-wide assignment.' })
  schoolId?: string | null;
}

@InputType()
export class RoleAssignmentDeleteInput {
  @Field(() => ID) id: string;
}

@InputType()
export class RoleAssignmentFilter {
  @Field(() => ID, { nullable: true }) staffMemberId?: string;
  @Field(() => ID, { nullable: true }) schoolId?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
}

@ArgsType()
export class RoleAssignmentsArgs extends PageArgs {
  @Field(() => RoleAssignmentFilter, { nullable: true }) filter?: RoleAssignmentFilter;
}

@ObjectType()
export class RoleAssignmentPayload {
  @Field(() => RoleAssignment) roleAssignment: RoleAssignment;
}

@ObjectType()
export class RoleAssignmentDeletePayload {
  @Field(() => ID) deletedId: string;
}
