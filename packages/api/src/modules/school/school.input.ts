import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SchoolStatus } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
import { School } from './school.type';

@InputType()
export class SchoolCreateInput {
  @Field(() => String) name: string;
  @Field(() => String) code: string;
  @Field(() => Int, { nullable: true }) gradeLow?: number | null;
  @Field(() => Int, { nullable: true }) gradeHigh?: number | null;
}

@InputType()
export class SchoolUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => String, { nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) code?: string;
  @Field(() => Int, { nullable: true }) gradeLow?: number | null;
  @Field(() => Int, { nullable: true }) gradeHigh?: number | null;
  @Field(() => SchoolStatus, { nullable: true }) status?: SchoolStatus;
}

@InputType()
export class SchoolFilter {
  @Field(() => String, { nullable: true, description: 'Matches name or code, ignoring case.' }) search?: string;
  @Field(() => SchoolStatus, { nullable: true }) status?: SchoolStatus;
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum SchoolOrderField {
  NAME = 'NAME',
  CODE = 'CODE',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(SchoolOrderField, {
  name: 'SchoolOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const SchoolOrder = OrderInput(SchoolOrderField, 'School', SchoolOrderField.NAME);
export type SchoolOrder = InstanceType<typeof SchoolOrder>;

@ArgsType()
export class SchoolsArgs extends PageArgs {
  @Field(() => SchoolFilter, { nullable: true }) filter?: SchoolFilter;
  @Field(() => SchoolOrder, { nullable: true }) orderBy?: SchoolOrder;
}

@ObjectType()
export class SchoolPayload {
  @Field(() => School) school: School;
  @Field(() => Int, {
    description: 'Future sessions not yet held that this change cancelled: closing a school cancels them.',
  })
  sessionsCancelled: number;
  @Field(() => Int, { description: 'Conversations this change deactivated: closing a school stops all of its.' })
  conversationsDeactivated: number;
}
