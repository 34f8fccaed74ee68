import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
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
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum RoleAssignmentOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(RoleAssignmentOrderField, {
  name: 'RoleAssignmentOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const RoleAssignmentOrder = OrderInput(
  RoleAssignmentOrderField,
  'RoleAssignment',
  RoleAssignmentOrderField.CREATED_AT,
);
export type RoleAssignmentOrder = InstanceType<typeof RoleAssignmentOrder>;

@ArgsType()
export class RoleAssignmentsArgs extends PageArgs {
  @Field(() => RoleAssignmentFilter, { nullable: true }) filter?: RoleAssignmentFilter;
  @Field(() => RoleAssignmentOrder, { nullable: true }) orderBy?: RoleAssignmentOrder;
}

@ObjectType()
export class RoleAssignmentPayload {
  @Field(() => RoleAssignment) roleAssignment: RoleAssignment;
}

@ObjectType()
export class RoleAssignmentDeletePayload {
  @Field(() => ID) deletedId: string;
}
