import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ActionStatus, PracticeEvidenceKind } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
import { LocalDate } from '../../graphql/scalars';
import { ActionItem } from './action.type';

@InputType()
export class ActionItemCreateInput {
  @Field(() => ID) sessionId: string;
  @Field(() => String) description: string;
  @Field(() => ID) ownerId: string;
  @Field(() => LocalDate) dueOn: string;
}

@InputType()
export class ActionItemUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) description?: string;
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => LocalDate, { nullable: true }) dueOn?: string;
}

@InputType({
  description:
    'Moves an action along: OPEN, IN_PROGRESS, DONE (with evidence of what was done, the day, and any evidence of changed practice), DROPPED.',
})
export class ActionItemTransitionInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => ActionStatus) status: ActionStatus;
  @Field(() => LocalDate, {
    nullable: true,
    description:
      'For DONE; defaults to today in the district. At most completionCorrectionDays before today, not before the session, not in the future.',
  })
  completedOn?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Required for DONE: what was done (confidential, like session notes; at most 2000 characters).',
  })
  completionEvidence?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'For DONE: what can now be seen, heard or measured (a self-reported practice change; confidential).',
  })
  practiceChangeEvidence?: string | null;
}

@InputType({
  description:
    'Corrects the day a DONE action was done, within completionCorrectionDays of when it was marked done (audited, old and new day kept).',
})
export class ActionItemCompletionCorrectInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => LocalDate) completedOn: string;
}

@InputType({
  description:
    'A second person (not the owner) records that they observed the practice change: the kind of evidence and a note (confidential).',
})
export class PracticeChangeCheckInput {
  @Field(() => ID) actionItemId: string;
  @Field(() => Int) version: number;
  @Field(() => PracticeEvidenceKind) evidenceKind: PracticeEvidenceKind;
  @Field(() => String, { description: 'What was observed; at most 2000 characters.' }) note: string;
}

@InputType()
export class ActionItemFilter {
  @Field(() => ID, { nullable: true }) ownerId?: string;
  @Field(() => Boolean, { nullable: true, description: 'Only actions you own.' }) mine?: boolean;
  @Field(() => ID, { nullable: true }) sessionId?: string;
  @Field(() => ID, { nullable: true }) conversationId?: string;
  @Field(() => ID, { nullable: true }) strategyId?: string;
  @Field(() => ID, { nullable: true }) schoolId?: string;
  @Field(() => [ActionStatus], { nullable: true }) status?: ActionStatus[];
  @Field(() => Boolean, { nullable: true, description: 'Open or in progress, and past due.' }) overdue?: boolean;
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum ActionItemOrderField {
  DUE_ON = 'DUE_ON',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(ActionItemOrderField, {
  name: 'ActionItemOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const ActionItemOrder = OrderInput(ActionItemOrderField, 'ActionItem', ActionItemOrderField.DUE_ON);
export type ActionItemOrder = InstanceType<typeof ActionItemOrder>;

@ArgsType()
export class ActionItemsArgs extends PageArgs {
  @Field(() => ActionItemFilter, { nullable: true }) filter?: ActionItemFilter;
  @Field(() => ActionItemOrder, { nullable: true }) orderBy?: ActionItemOrder;
}

@ObjectType()
export class ActionItemPayload {
  @Field(() => ActionItem) actionItem: ActionItem;
}

@InputType({ description: 'One action of a bulk change, at the version the caller saw.' })
export class ActionItemRefInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
}

@InputType({
  description:
    'Gives every listed action one owner (at most 100), each as actionItemUpdate would: all or nothing, the refused ids named in the error.',
})
export class ActionItemsAssignInput {
  @Field(() => [ActionItemRefInput]) items: ActionItemRefInput[];
  @Field(() => ID) ownerId: string;
}

@ObjectType()
export class ActionItemsPayload {
  @Field(() => [ActionItem]) actionItems: ActionItem[];
}

/*
 * What the action service takes: the inputs above as the resolver decodes them (action.resolver.ts), with uuids
 * where the inputs carry global ids.
 */

/** What actionItemCreate takes: the session's and the owner's uuids. */
export interface ActionItemCreate {
  sessionId: string;
  description: string;
  ownerId: string;
  dueOn: string;
}

/** What actionItemUpdate takes: the action's uuid and, when a new owner is given, theirs. */
export interface ActionItemUpdate {
  id: string;
  version: number;
  description?: string | null;
  ownerId?: string;
  dueOn?: string | null;
}

/** What actionItemTransition takes: the action's uuid. */
export interface ActionItemTransition {
  id: string;
  version: number;
  status: ActionStatus;
  completedOn?: string | null;
  completionEvidence?: string | null;
  practiceChangeEvidence?: string | null;
}

/** What actionItemCompletionCorrect takes: the action's uuid. */
export interface ActionItemCompletionCorrect {
  id: string;
  version: number;
  completedOn: string;
}

/** What practiceChangeCorroborate and practiceChangeConfirmSustained take: the action's uuid. */
export interface PracticeChangeCheckRequest {
  actionItemId: string;
  version: number;
  evidenceKind: PracticeEvidenceKind;
  note: string;
}

/** A list's filter by uuids: the references given, decoded. */
export interface ActionItemListFilter {
  ownerId?: string;
  mine?: boolean | null;
  sessionId?: string;
  conversationId?: string;
  strategyId?: string;
  schoolId?: string;
  status?: ActionStatus[] | null;
  overdue?: boolean | null;
  updatedSince?: Date | null;
}
