import type { EntityManager } from 'typeorm';
import type { EventType } from '@throughline/shared';
import { managerOf, type RequestContext } from '../../graphql/context';
import { toGlobalId } from '../../graphql/global-id';

/**
 * The one outbox. A service records what happened with one call, in the request's own transaction:
 *
 *   await emitEvent(ctx, 'session.held', { type: 'ConversationSession', id, districtId }, { heldAt });
 *
 * The row's AFTER INSERT trigger adds an `outbox.dispatch` job (migration 1764810000000), so the event and its job
 * exist exactly when the change commits; modules/webhook turns it into deliveries. A payload carries global ids,
 * enums, numbers, timestamps and field names only: never confidential text (notes, check-in/out, reflections, the
 * text of an action's completion or practice change), nor any free text; a key that looks like text is refused.
 */

/** The record an event is about. */
export interface EventSubject {
  /** Its GraphQL type (its global id's type): `ConversationSession`, `ActionItem`, … */
  type: string;
  id: string;
  districtId: string;
}

export type EventValue = string | number | boolean | null | Date | readonly string[];
export type EventData = Record<string, EventValue | undefined>;

const TEXT_KEY =
  /note|check_?in|check_?out|reflect|evidence|description|text|comment|reason|completion|practice|title|name|body|secret|password|token/i;

/** A global id for a payload's reference (`conversationId: ref('LearningConversation', id)`). */
export function ref(type: string, id: string): string;
export function ref(type: string, id: string | null | undefined): string | null;
export function ref(type: string, id: string | null | undefined): string | null {
  return id ? toGlobalId(type, id) : null;
}

/** The stored payload: the subject's global id, then the fields; refuses anything that looks like text. */
export function eventPayload(subject: EventSubject, data: EventData): Record<string, unknown> {
  const payload: Record<string, unknown> = { id: toGlobalId(subject.type, subject.id), subjectType: subject.type };
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    if (TEXT_KEY.test(key)) throw new Error(`event field ${key} may carry text; events carry ids and facts only`);
    payload[key] = value instanceof Date ? value.toISOString() : value;
  }
  return payload;
}

/** Records an event in the given transaction (a job, or a service with its manager at hand). */
export async function emitEventWith(
  manager: EntityManager,
  type: EventType,
  subject: EventSubject,
  data: EventData = {},
): Promise<void> {
  await manager.query(
    `INSERT INTO outbox_event (district_id, type, subject_type, subject_id, payload) VALUES ($1, $2, $3, $4, $5::jsonb)`,
    [subject.districtId, type, subject.type, subject.id, JSON.stringify(eventPayload(subject, data))],
  );
}

/** Records an event in the request's transaction: it is dispatched only if the request commits. */
export async function emitEvent(
  ctx: RequestContext,
  type: EventType,
  subject: EventSubject,
  data: EventData = {},
): Promise<void> {
  await emitEventWith(await managerOf(ctx), type, subject, data);
}
