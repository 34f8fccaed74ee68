import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { WebhookDeliveryState } from '@throughline/shared';
import { PageArgs } from '../../graphql/connection';
import { WebhookDelivery, WebhookEndpoint } from './webhook.type';

@InputType()
export class WebhookEndpointCreateInput {
  @Field(() => String, { description: 'https:// (plain http only to 127.0.0.1 or localhost outside production).' })
  url: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { description: 'Event types to receive (see webhookEventTypes).' }) eventTypes: string[];
  @Field(() => Boolean, { nullable: true, defaultValue: true }) enabled?: boolean;
}

@InputType()
export class WebhookEndpointUpdateInput {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: 'The version you read; a stale one is a CONFLICT.' }) version: number;
  @Field(() => String, { nullable: true }) url?: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => [String], { nullable: true }) eventTypes?: string[];
  @Field(() => Boolean, { nullable: true, description: 'Enabling again clears the failure count and the reason.' })
  enabled?: boolean;
}

@InputType()
export class WebhookEndpointIdInput {
  @Field(() => ID) id: string;
}

@InputType()
export class WebhookRedeliverInput {
  @Field(() => ID) deliveryId: string;
}

@InputType()
export class WebhookDeliveryFilter {
  @Field(() => [WebhookDeliveryState], { nullable: true }) state?: WebhookDeliveryState[];
  @Field(() => String, { nullable: true }) eventType?: string;
}

@ArgsType()
export class WebhookEndpointsArgs extends PageArgs {}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID) endpointId: string;
  @Field(() => WebhookDeliveryFilter, { nullable: true }) filter?: WebhookDeliveryFilter;
}

@ObjectType()
export class WebhookEndpointPayload {
  @Field(() => WebhookEndpoint) endpoint: WebhookEndpoint;
  @Field(() => String, {
    nullable: true,
    description:
      'The signing secret (`whsec_…`): given only by webhookEndpointCreate and webhookEndpointRotateSecret. Store it now; it is never shown again.',
  })
  secret: string | null;
}

@ObjectType()
export class WebhookEndpointDeletePayload {
  @Field(() => ID) deletedId: string;
}

@ObjectType()
export class WebhookRedeliverPayload {
  @Field(() => WebhookDelivery) delivery: WebhookDelivery;
}
