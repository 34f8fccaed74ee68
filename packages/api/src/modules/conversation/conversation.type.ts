import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConfidentialityBoundary, ConversationProtocol, ConversationType } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import type { ConversationEntity } from './conversation.entity';
import type { StaffMember } from '../staff/staff-member.type';
import type { Session } from '../session/session.type';

registerEnumType(ConversationType, { name: 'ConversationType' });
registerEnumType(ConversationProtocol, { name: 'ConversationProtocol' });
registerEnumType(ConfidentialityBoundary, {
  name: 'ConfidentialityBoundary',
  description:
    'Who may read notes and shared reflections: participants only; plus school leaders; plus district admins.',
});

@ObjectType('LearningConversation', {
  implements: Node,
  description: 'A planned conversation routine that strategies depend on.',
})
export class Conversation extends Node {
  @Field(() => String) title: string;
  @Field(() => ConversationType) type: ConversationType;
  @Field(() => String, { description: 'The end in mind.' }) purpose: string;
  @Field(() => String, { nullable: true, description: 'RFC 5545 RRULE in the district time zone; null for a one-off.' })
  cadence: string | null;
  @Field(() => String, { description: "Local wall-clock start of the first session ('YYYY-MM-DDTHH:mm')." })
  firstStartsAt: string;
  @Field(() => Int) durationMinutes: number;
  @Field(() => String, { description: 'Where it happens.' }) setting: string;
  @Field(() => ConversationProtocol) protocol: ConversationProtocol;
  @Field(() => String) evidenceToBring: string;
  @Field(() => ConfidentialityBoundary) confidentiality: ConfidentialityBoundary;
  @Field(() => LocalDate, { description: 'Sessions are scheduled up to this day.' }) scheduleUntil: string;
  @Field(() => Boolean) active: boolean;
  @Field(() => Int) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  schoolRawId: string | null;
  facilitatorRawId: string;
  skillFocusRawId: string | null;
  /** What its parent's statement read ahead for its fields (conversation/read-ahead.ts); absent: the loaders read it. */
  ahead?: { facilitator?: StaffMember | null; recentSessions?: { limit: number; sessions: Session[] } };

  static from(e: ConversationEntity): Conversation {
    return Object.assign(new Conversation(), {
      id: toGlobalId('LearningConversation', e.id),
      rawId: e.id,
      schoolRawId: e.schoolId,
      facilitatorRawId: e.facilitatorId,
      skillFocusRawId: e.skillFocusId,
      title: e.title,
      type: e.type,
      purpose: e.purpose,
      cadence: e.cadence,
      firstStartsAt: e.firstStartsAt,
      durationMinutes: e.durationMinutes,
      setting: e.setting,
      protocol: e.protocol,
      evidenceToBring: e.evidenceToBring,
      confidentiality: e.confidentiality,
      scheduleUntil: e.scheduleUntil,
      active: e.active,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const ConversationConnection = ConnectionType(Conversation, 'LearningConversation');
