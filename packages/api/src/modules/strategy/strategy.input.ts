import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ChangeDimension, StrategyKind, StrategyStatus } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
import { LocalDate } from '../../graphql/scalars';
import { Mapping, Strategy } from './strategy.type';

@InputType()
export class StrategyCreateInput {
  @Field(() => ID, { nullable: true, description: 'The school; leave empty for a district-wide strategy.' }) schoolId?:
    string | null;
  @Field(() => String) title: string;
  @Field(() => String) goal: string;
  @Field(() => StrategyKind) kind: StrategyKind;
  @Field(() => StrategyStatus, { nullable: true, defaultValue: StrategyStatus.DRAFT }) status?: StrategyStatus;
  @Field(() => LocalDate) startsOn: string;
  @Field(() => LocalDate, { nullable: true }) endsOn?: string | null;
  @Field(() => ID, { nullable: true, description: 'Defaults to you.' }) ownerId?: string | null;
  @Field(() => String, { nullable: true }) successMeasures?: string | null;
}

@InputType()
export class StrategyUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => String, { nullable: true }) goal?: string;
  @Field(() => StrategyKind, { nullable: true }) kind?: StrategyKind;
  @Field(() => StrategyStatus, { nullable: true }) status?: StrategyStatus;
  @Field(() => LocalDate, { nullable: true }) startsOn?: string;
  @Field(() => LocalDate, { nullable: true }) endsOn?: string | null;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => String, { nullable: true }) successMeasures?: string | null;
}

@InputType()
export class StrategyFilter {
  @Field(() => ID, { nullable: true }) schoolId?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only district-wide (true) or only school (false) strategies.' })
  districtWide?: boolean;
  @Field(() => [StrategyStatus], { nullable: true }) status?: StrategyStatus[];
  @Field(() => StrategyKind, { nullable: true }) kind?: StrategyKind;
  @Field(() => String, { nullable: true, description: 'Matches title or goal.' }) search?: string;
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum StrategyOrderField {
  TITLE = 'TITLE',
  STARTS_ON = 'STARTS_ON',
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(StrategyOrderField, {
  name: 'ImprovementStrategyOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const StrategyOrder = OrderInput(StrategyOrderField, 'ImprovementStrategy', StrategyOrderField.TITLE);
export type StrategyOrder = InstanceType<typeof StrategyOrder>;

@ArgsType()
export class StrategiesArgs extends PageArgs {
  @Field(() => StrategyFilter, { nullable: true }) filter?: StrategyFilter;
  @Field(() => StrategyOrder, { nullable: true }) orderBy?: StrategyOrder;
}

@ObjectType()
export class StrategyPayload {
  @Field(() => Strategy) strategy: Strategy;
}

@InputType()
export class ConversationMappingCreateInput {
  @Field(() => ID) strategyId: string;
  @Field(() => ID) conversationId: string;
  @Field(() => ChangeDimension) dimension: ChangeDimension;
  @Field(() => String) expectedChange: string;
}

@InputType()
export class ConversationMappingUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => ChangeDimension, { nullable: true }) dimension?: ChangeDimension;
  @Field(() => String, { nullable: true }) expectedChange?: string;
}

@InputType()
export class ConversationMappingDeleteInput {
  @Field(() => ID) id: string;
}

@ObjectType()
export class ConversationMappingPayload {
  @Field(() => Mapping) mapping: Mapping;
}

@ObjectType()
export class ConversationMappingDeletePayload {
  @Field(() => ID) deletedId: string;
}
