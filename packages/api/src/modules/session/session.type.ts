import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EvidenceKind, SessionState } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import type { EvidenceEntity, SessionEntity } from './session.entity';
import { isMissed } from './rules/missed';

registerEnumType(SessionState, { name: 'SessionState', description: 'MISSED: scheduled in the past and never held.' });
registerEnumType(EvidenceKind, { name: 'EvidenceKind' });

/** Derived state: the stored status, except that a session may be missed (see rules/missed.ts). */
export function stateOf(e: Pick<SessionEntity, 'status' | 'scheduledAt'>, now: Date = new Date()): SessionState {
  return isMissed(e, now) ? SessionState.MISSED : e.status;
}

@ObjectType('ConversationSession', { implements: Node, description: 'One occurrence of a learning conversation.' })
export class Session extends Node {
  @Field(() => Date) scheduledAt: Date;
  @Field(() => SessionState) state: SessionState;
  @Field(() => Date, { nullable: true }) heldAt: Date | null;
  @Field(() => Int, { nullable: true }) durationMinutes: number | null;
  @Field(() => String, { nullable: true }) cancelReason: string | null;
  @Field(() => Boolean) recordingConsent: boolean;
  @Field(() => Int) version: number;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  conversationRawId: string;
  /** Confidential text: served only through the boundary check in the resolver. */
  secret: { notes: string | null; checkIn: string | null; checkOut: string | null };

  static from(e: SessionEntity): Session {
    return Object.assign(new Session(), {
      id: toGlobalId('ConversationSession', e.id),
      rawId: e.id,
      conversationRawId: e.conversationId,
      scheduledAt: e.scheduledAt,
      state: stateOf(e),
      heldAt: e.heldAt,
      durationMinutes: e.durationMinutes,
      cancelReason: e.cancelReason,
      recordingConsent: e.recordingConsent,
      version: e.version,
      updatedAt: e.updatedAt,
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
