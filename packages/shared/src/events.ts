/**
 * The events a district's webhooks may subscribe to: what the outbox records (packages/api/src/modules/outbox) and
 * what a delivery's `type` says. Payloads carry global ids, timestamps and non-confidential fields only: never
 * session notes, check-in/out lines, reflections or the text of an action's completion.
 */
export const EventType = {
  SESSION_SCHEDULED: 'session.scheduled',
  SESSION_HELD: 'session.held',
  SESSION_RESCHEDULED: 'session.rescheduled',
  SESSION_CANCELLED: 'session.cancelled',
  SESSION_MISSED: 'session.missed',
  ACTION_COMPLETED: 'action.completed',
  STRATEGY_UPDATED: 'strategy.updated',
  CONVERSATION_CREATED: 'conversation.created',
  CONVERSATION_UPDATED: 'conversation.updated',
  STAFF_DEACTIVATED: 'staff.deactivated',
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];
export const EVENT_TYPES: readonly EventType[] = Object.values(EventType);

export const EVENT_DESCRIPTIONS: Record<EventType, string> = {
  'session.scheduled': 'A session was added to a conversation',
  'session.held': 'A session was logged as held',
  'session.rescheduled': 'An upcoming session was moved to another time',
  'session.cancelled': 'A session was cancelled',
  'session.missed': 'A session was neither held nor cancelled by the end of its grace period',
  'action.completed': 'An action item was marked done',
  'strategy.updated': 'A strategy was changed',
  'conversation.created': 'A learning conversation was planned, with its sessions',
  'conversation.updated': 'A learning conversation was changed',
  'staff.deactivated': 'A person was deactivated',
};

/** Webhook delivery states. */
export const WebhookDeliveryState = { PENDING: 'PENDING', SUCCEEDED: 'SUCCEEDED', FAILED: 'FAILED' } as const;
export type WebhookDeliveryState = (typeof WebhookDeliveryState)[keyof typeof WebhookDeliveryState];
