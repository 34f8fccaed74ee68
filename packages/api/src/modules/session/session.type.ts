import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EvidenceKind, SessionState } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import type { EvidenceEntity, SessionEntity } from './session.entity';

registerEnumType(SessionState, {
  name: 'SessionState',
  description: 'A session as the funnel counts it (see the rules of each state).',
  valuesConfig: {
    SCHEDULED: {
      description:
        "Not yet due: upcoming, under way, or ended less than the district's grace period to log it ago (logGraceHours).",
    },
    HELD: { description: 'Logged as held. Due from the moment it is held, even before its scheduled time.' },
    MISSED: { description: 'Due (its end plus the grace period to log it has passed) and never held nor cancelled.' },
    MISSED_WITH_REASON: {
      description:
        'Cancelled late: after its start, or with less notice than the district asks (cancelNoticeHours). Due, not held.',
    },
    CANCELLED: { description: 'Cancelled in time (with the notice the district asks): out of the counts.' },
  },
});
registerEnumType(EvidenceKind, { name: 'EvidenceKind' });

@ObjectType('ConversationSession', { implements: Node, description: 'One occurrence of a learning conversation.' })
export class Session extends Node {
  @Field(() => Date) scheduledAt: Date;
  @Field(() => Date, { nullable: true }) heldAt: Date | null;
  @Field(() => Int, { nullable: true }) durationMinutes: number | null;
  @Field(() => String, { nullable: true }) cancelReason: string | null;
  @Field(() => Date, { nullable: true, description: "When it was cancelled, by the server's clock." })
  cancelledAt: Date | null;
  @Field(() => Boolean) recordingConsent: boolean;
  @Field(() => Int) version: number;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  conversationRawId: string;
  /** The stored facts its state is derived from (the state field's resolver adds the clock: rules/state.ts). */
  facts: Pick<SessionEntity, 'status' | 'scheduledAt' | 'cancelledAt'>;
  /** Confidential text: served only through the boundary check in the resolver. */
  secret: { notes: string | null; checkIn: string | null; checkOut: string | null };

  static from(e: SessionEntity): Session {
    return Object.assign(new Session(), {
      id: toGlobalId('ConversationSession', e.id),
      rawId: e.id,
      conversationRawId: e.conversationId,
      scheduledAt: e.scheduledAt,
      heldAt: e.heldAt,
      durationMinutes: e.durationMinutes,
      cancelReason: e.cancelReason,
      cancelledAt: e.cancelledAt,
      recordingConsent: e.recordingConsent,
      version: e.version,
      updatedAt: e.updatedAt,
      facts: { status: e.status, scheduledAt: e.scheduledAt, cancelledAt: e.cancelledAt },
      secret: { notes: e.notes, checkIn: e.checkIn, checkOut: e.checkOut },
    });
  }
}

export const SessionConnection = ConnectionType(Session, 'ConversationSession');

@ObjectType('SessionEvidence', { description: 'Evidence the session drew on, dated so that "recent" can be checked.' })
export class Evidence {
  @Field(() => ID) id: string;
  @Field(() => EvidenceKind) kind: EvidenceKind;
  @Field(() => String) description: string;
  @Field(() => LocalDate) collectedOn: string;

  static from(e: EvidenceEntity): Evidence {
    return Object.assign(new Evidence(), {
      id: toGlobalId('SessionEvidence', e.id),
      kind: e.kind,
      description: e.description,
      collectedOn: e.collectedOn,
    });
  }
}

@ObjectType('CriterionQuality')
export class CriterionQuality {
  @Field(() => ID) criterionId: string;
  @Field(() => String) criterionName: string;
  @Field(() => Float) mean: number;
  @Field(() => Int) raterCount: number;
}

@ObjectType('SessionQuality', { description: 'Mean ratings, shown only where at least three people rated.' })
export class SessionQuality {
  @Field(() => Float) overall: number;
  @Field(() => Int) raterCount: number;
  @Field(() => [CriterionQuality]) criteria: CriterionQuality[];
}

@ObjectType('QualityRating', { description: 'One of your own ratings.' })
export class MyRating {
  @Field(() => ID) criterionId: string;
  @Field(() => String) criterionName: string;
  @Field(() => Int) score: number;
  @Field(() => Date) updatedAt: Date;
}
