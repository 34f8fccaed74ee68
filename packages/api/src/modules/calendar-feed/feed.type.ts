import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../graphql/global-id';

export const CalendarFeedKind = { PERSON: 'PERSON', SCHOOL: 'SCHOOL', CONVERSATION: 'CONVERSATION' } as const;
export type CalendarFeedKind = (typeof CalendarFeedKind)[keyof typeof CalendarFeedKind];
registerEnumType(CalendarFeedKind, {
  name: 'CalendarFeedKind',
  description: "What a calendar feed holds: the owner's own sessions, a school's, or one conversation's.",
});

export interface CalendarFeedRow {
  id: string;
  kind: CalendarFeedKind;
  school_id: string | null;
  conversation_id: string | null;
  created_at: Date;
}

@ObjectType('CalendarFeed', {
  description:
    'A private iCalendar feed URL (its token is the credential: only its hash is kept, so the URL is shown once, when it is created).',
})
export class CalendarFeed {
  @Field(() => ID) id: string;
  @Field(() => CalendarFeedKind) kind: CalendarFeedKind;
  @Field(() => ID, { nullable: true }) schoolId: string | null;
  @Field(() => ID, { nullable: true }) conversationId: string | null;
  @Field(() => Date) createdAt: Date;

  static from(r: CalendarFeedRow): CalendarFeed {
    return Object.assign(new CalendarFeed(), {
      id: toGlobalId('CalendarFeed', r.id),
      kind: r.kind,
      schoolId: r.school_id ? toGlobalId('School', r.school_id) : null,
      conversationId: r.conversation_id ? toGlobalId('LearningConversation', r.conversation_id) : null,
      createdAt: new Date(r.created_at),
    });
  }
}

@ObjectType('CalendarFeedPayload')
export class CalendarFeedPayload {
  @Field(() => CalendarFeed) feed: CalendarFeed;
  @Field(() => String, { description: 'The https URL of the feed: shown this once.' }) url: string;
  @Field(() => String, { description: 'The same feed as a webcal:// link, which calendar apps subscribe to.' })
  webcalUrl: string;
}

@InputType('CalendarFeedCreateInput')
export class CalendarFeedCreateInput {
  @Field(() => CalendarFeedKind, { defaultValue: CalendarFeedKind.PERSON }) kind: CalendarFeedKind;
  @Field(() => ID, { nullable: true, description: 'For a SCHOOL feed: the school (its leaders and district admins).' })
  schoolId?: string | null;
  @Field(() => ID, { nullable: true, description: 'For a CONVERSATION feed: a conversation the caller may read.' })
  conversationId?: string | null;
}

@InputType('CalendarFeedRevokeInput')
export class CalendarFeedRevokeInput {
  @Field(() => ID) id: string;
}

@ObjectType('CalendarFeedRevokePayload')
export class CalendarFeedRevokePayload {
  @Field(() => ID) id: string;
}
