import { Arg, Args, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { Permission } from '@throughline/shared';
import { Allow } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import type { Page } from '../../graphql/connection';
import { decodeId } from '../../graphql/global-id';
import {
  WebhookDeliveriesArgs,
  WebhookEndpointCreateInput,
  WebhookEndpointDeletePayload,
  WebhookEndpointIdInput,
  WebhookEndpointPayload,
  WebhookEndpointsArgs,
  WebhookEndpointUpdateInput,
  WebhookRedeliverInput,
  WebhookRedeliverPayload,
} from './webhook.input';
import {
  WebhookDelivery,
  WebhookDeliveryConnection,
  WebhookEndpoint,
  WebhookEndpointConnection,
  WebhookEventType,
} from './webhook.type';
import { webhookService } from './webhook.service';

@Resolver(() => WebhookEndpoint)
export class WebhookResolver {
  @Query(() => [WebhookEventType], { description: 'The event types a webhook endpoint may subscribe to.' })
  @Allow(Permission.WEBHOOK_MANAGE)
  webhookEventTypes(@Ctx() ctx: RequestContext): WebhookEventType[] {
    return webhookService.eventTypes(ctx);
  }

  @Query(() => WebhookEndpointConnection, { description: "The district's webhook endpoints (district admins)." })
  @Allow(Permission.WEBHOOK_MANAGE)
  webhookEndpoints(
    @Ctx() ctx: RequestContext,
    @Args(() => WebhookEndpointsArgs) args: WebhookEndpointsArgs,
  ): Promise<Page<WebhookEndpoint>> {
    return webhookService.list(ctx, args);
  }

  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's deliveries, newest first." })
  @Allow(Permission.WEBHOOK_MANAGE)
  webhookDeliveries(
    @Ctx() ctx: RequestContext,
    @Args(() => WebhookDeliveriesArgs) args: WebhookDeliveriesArgs,
  ): Promise<Page<WebhookDelivery>> {
    return webhookService.deliveries(ctx, decodeId(args.endpointId, 'WebhookEndpoint'), args, args.filter);
  }

  @Mutation(() => WebhookEndpointPayload, {
    description: 'Subscribes a URL to event types; the payload carries its signing secret, shown this once.',
  })
  @Allow(Permission.WEBHOOK_MANAGE)
  webhookEndpointCreate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WebhookEndpointCreateInput) input: WebhookEndpointCreateInput,
  ): Promise<WebhookEndpointPayload> {
    return webhookService.create(ctx, input);
  }

  @Mutation(() => WebhookEndpointPayload)
  @Allow(Permission.WEBHOOK_MANAGE)
  async webhookEndpointUpdate(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WebhookEndpointUpdateInput) input: WebhookEndpointUpdateInput,
  ): Promise<WebhookEndpointPayload> {
    const endpoint = await webhookService.update(ctx, { ...input, id: decodeId(input.id, 'WebhookEndpoint') });
    return { endpoint, secret: null };
  }

  @Mutation(() => WebhookEndpointPayload, {
    description:
      'A new signing secret, shown this once; the previous one keeps signing beside it for 24 hours (both signatures are sent).',
  })
  @Allow(Permission.WEBHOOK_MANAGE)
  webhookEndpointRotateSecret(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WebhookEndpointIdInput) input: WebhookEndpointIdInput,
  ): Promise<WebhookEndpointPayload> {
    return webhookService.rotateSecret(ctx, decodeId(input.id, 'WebhookEndpoint'));
  }

  @Mutation(() => WebhookEndpointDeletePayload)
  @Allow(Permission.WEBHOOK_MANAGE)
  async webhookEndpointDelete(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WebhookEndpointIdInput) input: WebhookEndpointIdInput,
  ): Promise<WebhookEndpointDeletePayload> {
    return { deletedId: await webhookService.delete(ctx, decodeId(input.id, 'WebhookEndpoint')) };
  }

  @Mutation(() => WebhookRedeliverPayload, {
    description: 'Sends a delivery again now, with the same webhook-id, and retries it for another day if it fails.',
  })
  @Allow(Permission.WEBHOOK_MANAGE)
  async webhookRedeliver(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => WebhookRedeliverInput) input: WebhookRedeliverInput,
  ): Promise<WebhookRedeliverPayload> {
    return { delivery: await webhookService.redeliver(ctx, decodeId(input.deliveryId, 'WebhookDelivery')) };
  }
}
