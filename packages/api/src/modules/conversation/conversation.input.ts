import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConfidentialityBoundary, ConversationProtocol, ConversationType, Role } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
import { LocalDate } from '../../graphql/scalars';
import { Conversation } from './conversation.type';

@InputType()
export class ConversationCreateInput {
  @Field(() => ID, { nullable: true, description: 'The school; empty for a district-wide conversation.' }) schoolId?:
    string | null;
  @Field(() => String) title: string;
  @Field(() => ConversationType) type: ConversationType;
  @Field(() => String) purpose: string;
  @Field(() => String, {
    nullable: true,
    description: 'RRULE, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU. Empty for a one-off.',
  })
  cadence?: string | null;
  @Field(() => String, {
    description: "Local start of the first session, 'YYYY-MM-DDTHH:mm', in the district time zone.",
  })
  firstStartsAt: string;
  @Field(() => Int) durationMinutes: number;
  @Field(() => String, { nullable: true }) setting?: string | null;
  @Field(() => ID) facilitatorId: string;
  @Field(() => ConversationProtocol, { nullable: true }) protocol?: ConversationProtocol;
  @Field(() => String, { nullable: true }) evidenceToBring?: string | null;
  @Field(() => ID, { nullable: true }) skillFocusId?: string | null;
  @Field(() => ConfidentialityBoundary, { nullable: true }) confidentiality?: ConfidentialityBoundary;
  @Field(() => LocalDate, {
    nullable: true,
    description: 'Schedule sessions up to this day; defaults to the end of the school year.',
  })
  scheduleUntil?: string | null;
  @Field(() => [ID], { nullable: true, description: 'People who take part.' }) participantIds?: string[];
  @Field(() => [Role], { nullable: true, description: 'Roles that take part (at the school, or district-wide).' })
  participantRoles?: Role[];
  @Field(() => [ID], { nullable: true }) normIds?: string[];
  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'Also schedule the occurrences whose start is already past (each counts as missed once due, unless logged). By default only those from now on are.',
  })
  includePastSessions?: boolean | null;
}

@InputType()
export class ConversationUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String, { nullable: true }) title?: string;
  @Field(() => ConversationType, { nullable: true }) type?: ConversationType;
  @Field(() => String, { nullable: true }) purpose?: string;
  @Field(() => String, { nullable: true, description: 'Changing it reschedules future sessions not yet held.' })
  cadence?: string | null;
  @Field(() => String, { nullable: true }) firstStartsAt?: string;
  @Field(() => Int, { nullable: true }) durationMinutes?: number;
  @Field(() => String, { nullable: true }) setting?: string | null;
  @Field(() => ID, { nullable: true }) facilitatorId?: string;
  @Field(() => ConversationProtocol, { nullable: true }) protocol?: ConversationProtocol;
  @Field(() => String, { nullable: true }) evidenceToBring?: string | null;
  @Field(() => ID, { nullable: true }) skillFocusId?: string | null;
  @Field(() => ConfidentialityBoundary, { nullable: true }) confidentiality?: ConfidentialityBoundary;
  @Field(() => LocalDate, { nullable: true }) scheduleUntil?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => [ID], { nullable: true, description: 'Replaces the participants.' }) participantIds?: string[];
  @Field(() => [Role], { nullable: true, description: 'Replaces the participant roles.' }) participantRoles?: Role[];
  @Field(() => [ID], { nullable: true, description: 'Replaces the norms.' }) normIds?: string[];
}

@InputType()
export class ConversationFilter {
  @Field(() => ID, { nullable: true }) schoolId?: string;
  @Field(() => ConversationType, { nullable: true }) type?: ConversationType;
  @Field(() => ID, { nullable: true }) facilitatorId?: string;
  @Field(() => ID, { nullable: true, description: 'Conversations mapped to this strategy.' }) strategyId?: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => String, { nullable: true, description: 'Matches title or purpose.' }) search?: string;
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum ConversationOrderField {
  TITLE = 'TITLE',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(ConversationOrderField, {
  name: 'LearningConversationOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const LearningConversationOrder = OrderInput(
  ConversationOrderField,
  'LearningConversation',
  ConversationOrderField.TITLE,
);
export type LearningConversationOrder = InstanceType<typeof LearningConversationOrder>;

@ArgsType()
export class ConversationsArgs extends PageArgs {
  @Field(() => ConversationFilter, { nullable: true }) filter?: ConversationFilter;
  @Field(() => LearningConversationOrder, { nullable: true }) orderBy?: LearningConversationOrder;
}

@ObjectType()
export class ConversationPayload {
  @Field(() => Conversation) conversation: Conversation;
  @Field(() => Int, { description: 'Sessions added by this change.' }) sessionsScheduled: number;
  @Field(() => Int, { description: 'Future sessions, not yet held, removed by this change.' }) sessionsRemoved: number;
}
