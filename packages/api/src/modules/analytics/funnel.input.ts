import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ConversationType } from '@throughline/shared';
import { LocalDate } from '../../graphql/scalars';

/** The cuts a funnel can be taken over. */
export const FunnelScopeKind = {
  DISTRICT: 'DISTRICT',
  SCHOOL: 'SCHOOL',
  STRATEGY: 'STRATEGY',
  CONVERSATION: 'CONVERSATION',
  TYPE: 'TYPE',
  PERSON: 'PERSON',
} as const;
export type FunnelScopeKind = (typeof FunnelScopeKind)[keyof typeof FunnelScopeKind];
registerEnumType(FunnelScopeKind, {
  name: 'FunnelScopeKind',
  description: 'What a funnel is taken over: the district, a school, a strategy, a conversation, a type, a person.',
});

/** The node type of the record each kind of scope is taken over; DISTRICT and TYPE name none. */
export const FUNNEL_SCOPE_NODE_TYPE: Partial<Record<FunnelScopeKind, string>> = {
  SCHOOL: 'School',
  STRATEGY: 'ImprovementStrategy',
  CONVERSATION: 'LearningConversation',
  PERSON: 'StaffMember',
};

export const TrendInterval = { WEEK: 'WEEK', MONTH: 'MONTH' } as const;
export type TrendInterval = (typeof TrendInterval)[keyof typeof TrendInterval];
registerEnumType(TrendInterval, { name: 'TrendInterval', description: 'Calendar weeks (from Monday) or months.' });

@InputType({ description: 'What the funnel is taken over.' })
export class FunnelScopeInput {
  @Field(() => FunnelScopeKind) kind: FunnelScopeKind;
  @Field(() => ID, {
    nullable: true,
    description: 'The School, ImprovementStrategy, LearningConversation or StaffMember id (not for DISTRICT or TYPE).',
  })
  id?: string | null;
  @Field(() => ConversationType, { nullable: true, description: 'For TYPE: the conversation type.' })
  conversationType?: ConversationType | null;
}

@InputType({ description: "Calendar days in the district's time zone, both ends included; at most 400 days." })
export class DateWindowInput {
  @Field(() => LocalDate) from: string;
  @Field(() => LocalDate) to: string;
}
