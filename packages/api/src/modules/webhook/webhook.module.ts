import type { ApiModule } from '../../graphql/module';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';
import { WebhookResolver } from './webhook.resolver';
import { webhookService } from './webhook.service';
import { DELIVER_TASK, DISPATCH_TASK, deliverWebhook, dispatchEvent } from './delivery';
import { OutboxEventEntity } from '../outbox/outbox-event.entity';

export const webhookModule: ApiModule = {
  name: 'webhook',
  resolvers: [WebhookResolver],
  entities: [WebhookEndpointEntity, WebhookDeliveryEntity, OutboxEventEntity],
  nodes: { WebhookEndpoint: (ctx, id) => webhookService.findById(ctx, id) },
  jobs: { tasks: { [DISPATCH_TASK]: dispatchEvent, [DELIVER_TASK]: deliverWebhook } },
};
