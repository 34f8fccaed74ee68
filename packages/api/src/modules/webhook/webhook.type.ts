import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { WebhookDeliveryState } from '@throughline/shared';
import { Node } from '../../graphql/node.type';
import { ConnectionType } from '../../graphql/connection';
import { toGlobalId } from '../../graphql/global-id';
import type { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';

registerEnumType(WebhookDeliveryState, { name: 'WebhookDeliveryState' });

@ObjectType('WebhookEndpoint', {
  implements: Node,
  description: "A URL subscribed to some of the district's events; deliveries are signed per Standard Webhooks.",
})
export class WebhookEndpoint extends Node {
  @Field(() => String) url: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => [String], { description: 'The event types it receives (webhookEventTypes lists them).' })
  eventTypes: string[];
  @Field(() => Boolean) enabled: boolean;
  @Field(() => String, { nullable: true, description: 'Why it was disabled, when the system disabled it.' })
  disabledReason: string | null;
  @Field(() => Int, { description: 'Failed attempts in a row (0 after any success).' }) consecutiveFailures: number;
  @Field(() => Date, { nullable: true, description: 'Until when the secret before the last rotation still signs.' })
  previousSecretExpiresAt: Date | null;
  @Field(() => Int, { description: 'Pass back with updates; a stale version is a CONFLICT.' }) version: number;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;

  static from(e: WebhookEndpointEntity): WebhookEndpoint {
    return Object.assign(new WebhookEndpoint(), {
      id: toGlobalId('WebhookEndpoint', e.id),
      url: e.url,
      description: e.description,
      eventTypes: e.eventTypes,
      enabled: e.enabled,
      disabledReason: e.disabledReason,
      consecutiveFailures: e.consecutiveFailures,
      previousSecretExpiresAt:
        e.previousSecretExpiresAt && e.previousSecretExpiresAt > new Date() ? e.previousSecretExpiresAt : null,
      version: e.version,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    });
  }
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpoint, 'WebhookEndpoint');

@ObjectType('WebhookDelivery', { description: 'One event sent (or being sent) to one endpoint.' })
export class WebhookDelivery {
  @Field(() => ID) id: string;
  @Field(() => ID) endpointId: string;
  @Field(() => String, { description: 'The `webhook-id` header: the event id, the same on every attempt.' })
  webhookId: string;
  @Field(() => String) eventType: string;
  @Field(() => WebhookDeliveryState) state: WebhookDeliveryState;
  @Field(() => Int) attemptCount: number;
  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status on the last attempt." })
  lastStatusCode: number | null;
  @Field(() => String, { nullable: true, description: 'Why the last attempt failed, in a few words.' })
  lastError: string | null;
  @Field(() => Date, { nullable: true }) lastAttemptAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, while PENDING.' })
  nextAttemptAt: Date | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) completedAt: Date | null;

  static from(e: WebhookDeliveryEntity & { eventType?: string }): WebhookDelivery {
    return Object.assign(new WebhookDelivery(), {
      id: toGlobalId('WebhookDelivery', e.id),
      endpointId: toGlobalId('WebhookEndpoint', e.endpointId),
      webhookId: e.eventId,
      eventType: e.eventType ?? '',
      state: e.state,
      attemptCount: e.attemptCount,
      lastStatusCode: e.lastStatusCode,
      lastError: e.lastError,
      lastAttemptAt: e.lastAttemptAt,
      nextAttemptAt: e.state === 'PENDING' ? e.nextAttemptAt : null,
      createdAt: e.createdAt,
      completedAt: e.completedAt,
    });
  }
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'WebhookDelivery');

@ObjectType('WebhookEventType')
export class WebhookEventType {
  @Field(() => String) name: string;
  @Field(() => String) description: string;
}
