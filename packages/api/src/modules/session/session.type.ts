import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EvidenceKind, SessionState } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import { LocalDate } from '../../graphql/scalars';
import { globalIdLeaf, type RawShape } from '../../graphql/raw-json';
import type { EvidenceEntity, SessionEntity } from './session.entity';
import type { Conversation } from '../conversation/conversation.type';
import type { ActionItem } from '../action/action.type';

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
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;
  rawId: string;
  conversationRawId: string;
  /** The stored facts its state is derived from (the state field's resolver adds the clock: rules/state.ts). */
  facts: Pick<SessionEntity, 'status' | 'scheduledAt' | 'cancelledAt'>;
  /**
   * Confidential text: served only through the boundary check in the resolver. Absent when the session was read
   * without it (lists that select only what they show): the resolver then loads it, for the sessions asked, alone.
   */
  secret?: SessionSecret;
  /** What its list's statement read ahead for its fields (session.service list); absent: the loaders read it. */
  ahead?: { conversation?: Conversation | null; actions?: ActionItem[] };

  /** A session from the columns of SESSION_COLUMNS (no confidential text: see `secret`). Keeps no reference to `r`. */
  static fromRow(r: SessionRow): Session {
    // Assigned one by one (lists build hundreds): the same fields as Object.assign of a literal, without the literal.
    const s = new Session();
    s.id = toGlobalId('ConversationSession', r.id);
    s.rawId = r.id;
    s.conversationRawId = r.conversation_id;
    s.scheduledAt = r.scheduled_at;
    s.heldAt = r.held_at;
    s.durationMinutes = r.duration_minutes;
    s.cancelReason = r.cancel_reason;
    s.cancelledAt = r.cancelled_at;
    s.recordingConsent = r.recording_consent;
    s.version = r.version;
    s.createdAt = r.created_at;
    s.updatedAt = r.updated_at;
    s.facts = { status: r.status, scheduledAt: r.scheduled_at, cancelledAt: r.cancelled_at };
    return s;
  }

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
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
      facts: { status: e.status, scheduledAt: e.scheduledAt, cancelledAt: e.cancelledAt },
      secret: { notes: e.notes, checkIn: e.checkIn, checkOut: e.checkOut },
    });
  }
}

export interface SessionSecret {
  notes: string | null;
  checkIn: string | null;
  checkOut: string | null;
}

/** What a list of sessions selects of `s` to build each one (Session.fromRow): every column but the confidential text. */
export const SESSION_COLUMNS = `s.id, s.conversation_id, s.scheduled_at, s.status, s.held_at, s.duration_minutes, s.cancel_reason,
  s.cancelled_at, s.recording_consent, s.version, s.created_at, s.updated_at`;

/** The columns every session is built with: its id and scheduled time. */
const SESSION_BASE_COLUMNS = ['id', 'scheduled_at'];

/**
 * The other columns of SESSION_COLUMNS, by the GraphQL field that shows each or whose resolver reads it: the
 * conversation's id for `conversation` (its resolver loads it when it was not read ahead), the facts the state is
 * derived from for `state` (with the scheduled time). No other field resolver reads a column (they load by id).
 */
const SESSION_FIELD_COLUMNS: Record<string, string[]> = {
  conversation: ['conversation_id'],
  state: ['status', 'cancelled_at'],
  heldAt: ['held_at'],
  durationMinutes: ['duration_minutes'],
  cancelReason: ['cancel_reason'],
  cancelledAt: ['cancelled_at'],
  recordingConsent: ['recording_consent'],
  version: ['version'],
  createdAt: ['created_at'],
  updatedAt: ['updated_at'],
};

/**
 * The columns (of SESSION_COLUMNS) a list of sessions reads when its nodes select `names`: the id and scheduled time,
 * and only what the fields asked for show or need (Session.fromRow leaves the rest unset, and nothing reads them). A
 * strategy page's recent sessions with their actions read neither their conversation's id nor their facts.
 */
export function sessionColumnsFor(names: ReadonlySet<string>): string[] {
  const columns = new Set(SESSION_BASE_COLUMNS);
  for (const [field, needed] of Object.entries(SESSION_FIELD_COLUMNS))
    if (names.has(field)) for (const column of needed) columns.add(column);
  return [...columns];
}

export interface SessionRow {
  id: string;
  conversation_id: string;
  scheduled_at: Date;
  status: SessionEntity['status'];
  held_at: Date | null;
  duration_minutes: number | null;
  cancel_reason: string | null;
  cancelled_at: Date | null;
  recording_consent: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/**
 * The session fields written as raw text (graphql/raw-json.ts), by the column each shows: the properties
 * Session.fromRow copies from those columns.
 */
const SESSION_LEAVES: Record<string, string> = {
  scheduledAt: 'scheduled_at',
  heldAt: 'held_at',
  durationMinutes: 'duration_minutes',
  cancelReason: 'cancel_reason',
  cancelledAt: 'cancelled_at',
  recordingConsent: 'recording_consent',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

/**
 * A session's fields as raw text reads them (graphql/raw-json.ts): its id, and each of SESSION_LEAVES whose column
 * `read` can give (null: the row does not have it), as the value Session.fromRow gives the record's property.
 */
export function sessionShape<R>(read: (column: string) => ((row: R) => unknown) | null): RawShape {
  const idOf = read('id');
  if (!idOf) throw new Error('a session row without its id');
  const shape: RawShape = {
    type: 'ConversationSession',
    leaves: { id: globalIdLeaf('ConversationSession', (row: R) => idOf(row) as string) },
  };
  for (const [field, column] of Object.entries(SESSION_LEAVES)) {
    const leaf = read(column);
    if (leaf) shape.leaves[field] = leaf;
  }
  return shape;
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

/** Where a held session's quality stands (rules/quality.ts). */
export const QualityStatus = {
  RATING_OPEN: 'RATING_OPEN',
  WITHHELD: 'WITHHELD',
  PUBLISHED: 'PUBLISHED',
} as const;
export type QualityStatus = (typeof QualityStatus)[keyof typeof QualityStatus];
registerEnumType(QualityStatus, {
  name: 'QualityStatus',
  description: "Where a held session's quality stands; its figures are shown only once PUBLISHED (docs/metrics.md).",
  valuesConfig: {
    RATING_OPEN: {
      description: 'Attendees may still rate it (until ratingClosesAt): nothing is shown until the window closes.',
    },
    WITHHELD: {
      description:
        'The rating window has closed with fewer than minRaters raters other than the facilitator: never shown.',
    },
    PUBLISHED: {
      description:
        'The window has closed with at least minRaters raters: shown, and fixed from now on (the facilitator, closing time and minimum are recorded on the session).',
    },
  },
});

@ObjectType('CriterionQuality', {
  description: 'One criterion of a published session, shown where at least minRaters raters scored it.',
})
export class CriterionQuality {
  @Field(() => ID) criterionId: string;
  @Field(() => String) criterionName: string;
  @Field(() => Float, { description: "Mean of the raters' scores on it (the facilitator left out)." }) mean: number;
  @Field(() => Int, { description: 'Raters on it other than the facilitator: never fewer than minRaters.' })
  raterCount: number;
}

@ObjectType('SessionQuality', {
  description:
    "A held session's quality (docs/metrics.md): published once its rating window has closed, and only from minRaters raters up (the facilitator's own rating is never one of them).",
})
export class SessionQuality {
  @Field(() => QualityStatus) status: QualityStatus;
  @Field(() => Date, {
    description:
      "When the rating window closes (closed): fixed when the session was first held, at heldAt + the district's ratingWindowDays then; logging it again or changing the setting never moves it.",
  })
  ratingClosesAt: Date;
  @Field(() => Int, {
    description:
      "The fewest raters behind this session's figures: the district's minRaters when it was first held (a later change does not apply to it).",
  })
  minRaters: number;
  @Field(() => Float, {
    nullable: true,
    description:
      "Mean of each rater's mean over the shown criteria they scored; the facilitator left out. Null unless PUBLISHED.",
  })
  overall: number | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Raters behind overall, the facilitator left out: null unless PUBLISHED (so never below minRaters).',
  })
  raterCount: number | null;
  @Field(() => [CriterionQuality], {
    description: 'Criteria with at least minRaters raters, in rubric order; empty unless PUBLISHED.',
  })
  criteria: CriterionQuality[];
  @Field(() => Float, {
    nullable: true,
    description:
      "The facilitator's own mean rating of the session (a self-rating, never in overall), once the window has closed; shown only to the facilitator and to readers whose ANALYTICS_READ reaches beyond their own records (leaders, coaches, district roles). Null otherwise or if they did not rate.",
  })
  selfRating: number | null;
}

@ObjectType('QualityRating', { description: 'One of your own ratings.' })
export class MyRating {
  @Field(() => ID) criterionId: string;
  @Field(() => String) criterionName: string;
  @Field(() => Int) score: number;
  @Field(() => Date) updatedAt: Date;
}
