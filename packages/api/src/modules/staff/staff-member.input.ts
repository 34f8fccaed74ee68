import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
import { StaffMember } from './staff-member.type';

registerEnumType(Role, { name: 'Role' });

@InputType()
export class StaffMemberCreateInput {
  @Field(() => String) givenName: string;
  @Field(() => String) familyName: string;
  @Field(() => String) email: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) rosterId?: string | null;
  @Field(() => String, { nullable: true, description: 'Sets a first password so the person can sign in.' })
  password?: string | null;
}

@InputType()
export class StaffMemberUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) givenName?: string;
  @Field(() => String, { nullable: true }) familyName?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) rosterId?: string | null;
}

@InputType({ description: 'Deactivate or reactivate: people with history are never deleted.' })
export class StaffMemberActivationInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => ID, {
    nullable: true,
    description:
      'Deactivation only: the active person who takes over what the one leaving still carries: facilitating their ' +
      'active conversations (and so their future sessions) and owning their open actions and strategies. Required ' +
      'when there is any such work.',
  })
  handoverToId?: string | null;
}

@InputType()
export class StaffMemberSetPasswordInput {
  @Field(() => ID) id: string;
  @Field(() => String) password: string;
}

@InputType()
export class StaffMemberFilter {
  @Field(() => String, { nullable: true, description: 'Matches names or email, ignoring case.' }) search?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => ID, { nullable: true, description: 'People with any role at this school.' }) schoolId?: string;
  @Field(() => Role, { nullable: true }) role?: Role;
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum StaffMemberOrderField {
  FAMILY_NAME = 'FAMILY_NAME',
  GIVEN_NAME = 'GIVEN_NAME',
  EMAIL = 'EMAIL',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(StaffMemberOrderField, {
  name: 'StaffMemberOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const StaffMemberOrder = OrderInput(StaffMemberOrderField, 'StaffMember', StaffMemberOrderField.FAMILY_NAME);
export type StaffMemberOrder = InstanceType<typeof StaffMemberOrder>;

@ArgsType()
export class StaffMembersArgs extends PageArgs {
  @Field(() => StaffMemberFilter, { nullable: true }) filter?: StaffMemberFilter;
  @Field(() => StaffMemberOrder, { nullable: true }) orderBy?: StaffMemberOrder;
}

@ObjectType()
export class StaffMemberPayload {
  @Field(() => StaffMember) staffMember: StaffMember;
}
