import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EvidenceKind, SessionState } from '@throughline/shared';
import { OrderInput, PageArgs } from '../../graphql/connection';
import { UPDATED_AT_ORDER, UPDATED_SINCE } from '../../graphql/sync-args';
import { LocalDate } from '../../graphql/scalars';
import type { NewActionRequest } from '../action/new-actions';
import { Session } from './session.type';

@InputType()
export class EvidenceInput {
  @Field(() => EvidenceKind) kind: EvidenceKind;
  @Field(() => String) description: string;
  @Field(() => LocalDate, { description: 'When the evidence was collected.' }) collectedOn: string;
}

@InputType()
export class NewActionInput {
  @Field(() => String) description: string;
  @Field(() => ID) ownerId: string;
  @Field(() => LocalDate) dueOn: string;
}

@InputType({ description: 'Records a session as held, in one form.' })
export class SessionLogInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => Date, {
    description: 'When it was held: from 7 days before to 14 days after its scheduled start, and not in the future.',
  })
  heldAt: Date;
  @Field(() => Int) durationMinutes: number;
  @Field(() => [ID], {
    description:
      "Who attended (they may then rate and reflect): active staff, each the facilitator or one of the conversation's participants. The facilitator, or the district's quorum of participants (heldQuorum), must be among them.",
  })
  attendeeIds: string[];
  @Field(() => [ID], {
    nullable: true,
    description:
      'Active staff who attended without taking part in the conversation. They may rate and reflect, but count towards neither the quorum nor the attendance rate.',
  })
  guestIds?: string[] | null;
  @Field(() => [EvidenceInput], { nullable: true, description: 'Replaces the evidence recorded before.' })
  evidence?: EvidenceInput[];
  @Field(() => String, { nullable: true, description: 'Confidential: readable only inside the boundary.' }) notes?:
    string | null;
  @Field(() => String, { nullable: true }) checkIn?: string | null;
  @Field(() => String, { nullable: true }) checkOut?: string | null;
  @Field(() => Boolean, { nullable: true }) recordingConsent?: boolean;
  @Field(() => [NewActionInput], { nullable: true, description: 'Actions that came out of the session.' })
  actions?: NewActionInput[];
}

@InputType({
  description:
    "Cancelled at least the district's notice (cancelNoticeHours) before its start, a session leaves the counts; later, it counts as missed with a reason. Refused once its start is more than the grace period to log it (logGraceHours) past.",
})
export class SessionCancelInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => String) reason: string;
}

@InputType({
  description:
    'Moves an upcoming session, still only scheduled, to another time: calendars and invitations keep its UID and show the change.',
})
export class SessionRescheduleInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => Date) scheduledAt: Date;
}

@InputType({
  description: 'Brings a cancelled session back, at its old time (when still ahead) or at scheduledAt.',
})
export class SessionRestoreInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
  @Field(() => Date, { nullable: true, description: 'A new time; empty: the time it had.' }) scheduledAt?: Date | null;
}

@InputType({ description: 'Adds a one-off session to a conversation.' })
export class SessionScheduleInput {
  @Field(() => ID) conversationId: string;
  @Field(() => Date) scheduledAt: Date;
}

@InputType()
export class RatingInput {
  @Field(() => ID) criterionId: string;
  @Field(() => Int, { description: '1 (not at all) to 4 (fully).' }) score: number;
}

@InputType({ description: 'Your ratings of a held session you attended; rating a criterion again changes it.' })
export class SessionRateInput {
  @Field(() => ID) sessionId: string;
  @Field(() => [RatingInput]) ratings: RatingInput[];
}

@InputType()
export class SessionFilter {
  @Field(() => ID, { nullable: true }) conversationId?: string;
  @Field(() => ID, { nullable: true }) strategyId?: string;
  @Field(() => ID, { nullable: true }) schoolId?: string;
  @Field(() => [SessionState], { nullable: true }) state?: SessionState[];
  @Field(() => Date, { nullable: true, description: 'Scheduled at or after.' }) from?: Date;
  @Field(() => Date, { nullable: true, description: 'Scheduled before.' }) to?: Date;
  @Field(() => Boolean, { nullable: true, description: 'Only sessions you attended or take part in.' }) mine?: boolean;
  @Field(() => Date, { nullable: true, description: UPDATED_SINCE }) updatedSince?: Date;
}

export enum SessionOrderField {
  SCHEDULED_AT = 'SCHEDULED_AT',
  UPDATED_AT = 'UPDATED_AT',
}
registerEnumType(SessionOrderField, {
  name: 'ConversationSessionOrderField',
  valuesConfig: { UPDATED_AT: { description: UPDATED_AT_ORDER } },
});
export const ConversationSessionOrder = OrderInput(
  SessionOrderField,
  'ConversationSession',
  SessionOrderField.SCHEDULED_AT,
);
export type ConversationSessionOrder = InstanceType<typeof ConversationSessionOrder>;

@ArgsType()
export class SessionsArgs extends PageArgs {
  @Field(() => SessionFilter, { nullable: true }) filter?: SessionFilter;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Newest first.' }) descending?: boolean;
  @Field(() => ConversationSessionOrder, {
    nullable: true,
    description: 'SCHEDULED_AT by default; when given, its direction wins over `descending`.',
  })
  orderBy?: ConversationSessionOrder;
}

@ObjectType('ConversationSessionPayload')
export class SessionPayload {
  @Field(() => Session) session: Session;
}

@InputType('ConversationSessionRefInput', {
  description: 'One session of a bulk change, at the version the caller saw.',
})
export class SessionRefInput {
  @Field(() => ID) id: string;
  @Field(() => Int) version: number;
}

@InputType('ConversationSessionsCancelInput', {
  description:
    'Cancels every listed session (at most 100) with one reason, each as sessionCancel would: all or nothing, the refused ids named in the error.',
})
export class SessionsCancelInput {
  @Field(() => [SessionRefInput]) items: SessionRefInput[];
  @Field(() => String) reason: string;
}

@ObjectType('ConversationSessionsPayload')
export class SessionsPayload {
  @Field(() => [Session]) sessions: Session[];
}

/*
 * What the session service takes: the inputs above as the resolver decodes them (session.resolver.ts), with uuids
 * where the inputs carry global ids.
 */

/** What sessionLog takes: the session's, the attendees' and the new actions' owners' uuids. */
export interface SessionLog {
  id: string;
  version: number;
  heldAt: Date;
  durationMinutes: number;
  attendeeIds: string[];
  guestIds?: string[] | null;
  evidence?: EvidenceInput[] | null;
  notes?: string | null;
  checkIn?: string | null;
  checkOut?: string | null;
  recordingConsent?: boolean | null;
  actions?: NewActionRequest[] | null;
}

/** What sessionCancel takes: the session's uuid. */
export interface SessionCancel {
  id: string;
  version: number;
  reason: string;
}

/** What sessionReschedule takes: the session's uuid. */
export interface SessionReschedule {
  id: string;
  version: number;
  scheduledAt: Date;
}

/** What sessionRestore takes: the session's uuid. */
export interface SessionRestore {
  id: string;
  version: number;
  scheduledAt?: Date | null;
}

/** What sessionSchedule takes: the conversation's uuid. */
export interface SessionSchedule {
  conversationId: string;
  scheduledAt: Date;
}

/** What sessionRate takes: the session's and the criteria's uuids. */
export interface SessionRate {
  sessionId: string;
  ratings: { criterionId: string; score: number }[];
}

/** A list's filter by uuids: the references given, decoded. */
export interface SessionListFilter {
  conversationId?: string;
  strategyId?: string;
  schoolId?: string;
  state?: SessionState[] | null;
  from?: Date | null;
  to?: Date | null;
  mine?: boolean | null;
  updatedSince?: Date | null;
}
