import { randomBytes } from 'node:crypto';
import { EVENT_DESCRIPTIONS, EVENT_TYPES, Permission, type EventType } from '@throughline/shared';
import { requireGrant, requireStaff } from '../../auth/guard';
import { managerOf, type RequestContext } from '../../graphql/context';
import { BadUserInputError, found, InputChecker } from '../../graphql/errors';
import { optionalText } from '../../graphql/validate';
import { mapPage, OrderDirection, type Page } from '../../graphql/connection';
import { paginate, type PageRequest } from '../../db/paginate';
import { updateVersioned } from '../../db/versioned';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../../jobs/queue';
import { changedFields, providedFields, recordAudit } from '../audit/audit.service';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';
import { WebhookDelivery, WebhookEndpoint, type WebhookEventType } from './webhook.type';
import type { WebhookDeliveryFilter, WebhookEndpointCreateInput, WebhookEndpointUpdateInput } from './webhook.input';
import { checkWebhookUrl } from './webhook-url';
import { enqueueDelivery } from './delivery';

/** How long the secret before a rotation keeps signing beside the new one. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;
const DESCRIPTION_MAX = 500;
const ENDPOINTS_MAX = 20;

/** A new signing secret: `whsec_` and 32 random bytes in base64, as Standard Webhooks libraries expect. */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

export type WebhookEndpointUpdate = Omit<WebhookEndpointUpdateInput, 'id'> & { id: string };

function settingsOf(ctx: RequestContext): WebhookSettings {
  return { ...DEFAULT_WEBHOOK_SETTINGS, ...ctx.deps.webhooks };
}

function checkEventTypes(c: InputChecker, field: string, types: readonly string[]): string[] {
  const unique = [...new Set(types.map((t) => t.trim()))];
  if (unique.length === 0) c.add(field, 'Choose at least one event type');
  unique.forEach((t, i) => {
    if (!EVENT_TYPES.includes(t as EventType)) c.add(`${field}.${i}`, `Unknown event type: ${t.slice(0, 60)}`);
  });
  return unique.sort();
}

/** District admins manage their district's webhooks (WEBHOOK_MANAGE); people only: a secret is shown once. */
export class WebhookService {
  private district(ctx: RequestContext): string {
    const staff = requireStaff(ctx);
    requireGrant(ctx, Permission.WEBHOOK_MANAGE);
    return staff.districtId;
  }

  eventTypes(ctx: RequestContext): WebhookEventType[] {
    this.district(ctx);
    return EVENT_TYPES.map((name) => ({ name, description: EVENT_DESCRIPTIONS[name] }));
  }

  async list(ctx: RequestContext, page: PageRequest): Promise<Page<WebhookEndpoint>> {
    const districtId = this.district(ctx);
    const qb = (await managerOf(ctx))
      .createQueryBuilder(WebhookEndpointEntity, 'w')
      .where('w.district_id = :districtId', { districtId });
    const result = await paginate(qb, page, { expression: 'w.created_at', direction: 'ASC', timestamp: true });
    return mapPage(result, WebhookEndpoint.from);
  }

  private async entity(ctx: RequestContext, id: string): Promise<WebhookEndpointEntity> {
    const districtId = this.district(ctx);
    const manager = await managerOf(ctx);
    return found(await manager.findOneBy(WebhookEndpointEntity, { districtId, id }), 'WebhookEndpoint');
  }

  async findById(ctx: RequestContext, id: string): Promise<WebhookEndpoint | null> {
    const districtId = this.district(ctx);
    const row = await (await managerOf(ctx)).findOneBy(WebhookEndpointEntity, { districtId, id });
    return row ? WebhookEndpoint.from(row) : null;
  }

  async create(
    ctx: RequestContext,
    input: WebhookEndpointCreateInput,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const districtId = this.district(ctx);
    const c = new InputChecker();
    const values = {
      url: checkWebhookUrl(c, 'url', input.url ?? '', settingsOf(ctx)),
      description: optionalText(c, 'description', input.description, DESCRIPTION_MAX) ?? null,
      eventTypes: checkEventTypes(c, 'eventTypes', input.eventTypes ?? []),
      enabled: input.enabled ?? true,
    };
    c.throwIfAny();
    const manager = await managerOf(ctx);
    const count = await manager.countBy(WebhookEndpointEntity, { districtId });
    if (count >= ENDPOINTS_MAX)
      throw new BadUserInputError([{ field: 'url', message: `At most ${ENDPOINTS_MAX} endpoints per district` }]);
    const secret = newSecret();
    const saved = await manager.save(
      WebhookEndpointEntity,
      manager.create(WebhookEndpointEntity, { ...values, districtId, secret, consecutiveFailures: 0, version: 1 }),
    );
    await recordAudit(ctx, {
      action: 'webhookEndpoint.create',
      entityType: 'WebhookEndpoint',
      entityId: saved.id,
      fields: [...providedFields(values), 'secret'],
    });
    const row = await manager.findOneByOrFail(WebhookEndpointEntity, { districtId, id: saved.id });
    return { endpoint: WebhookEndpoint.from(row), secret };
  }

  async update(ctx: RequestContext, input: WebhookEndpointUpdate): Promise<WebhookEndpoint> {
    const current = await this.entity(ctx, input.id);
    const c = new InputChecker();
    if (input.url === null) c.add('url', 'Cannot be cleared');
    if (input.eventTypes === null) c.add('eventTypes', 'Cannot be cleared');
    const patch = {
      url: input.url == null ? undefined : checkWebhookUrl(c, 'url', input.url, settingsOf(ctx)),
      description: optionalText(c, 'description', input.description, DESCRIPTION_MAX),
      eventTypes: input.eventTypes == null ? undefined : checkEventTypes(c, 'eventTypes', input.eventTypes),
      enabled: input.enabled ?? undefined,
    };
    c.throwIfAny();
    const reenabled = patch.enabled === true && !current.enabled;
    const manager = await managerOf(ctx);
    const updated = await updateVersioned(
      manager,
      WebhookEndpointEntity,
      current,
      input.version,
      {
        ...patch,
        ...(patch.enabled === true ? { disabledReason: null } : {}),
        ...(reenabled ? { consecutiveFailures: 0, failingSince: null } : {}),
      },
      'WebhookEndpoint',
    );
    await recordAudit(ctx, {
      action: 'webhookEndpoint.update',
      entityType: 'WebhookEndpoint',
      entityId: current.id,
      fields: changedFields(patch),
    });
    return WebhookEndpoint.from(updated);
  }

  async rotateSecret(ctx: RequestContext, id: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const current = await this.entity(ctx, id);
    const manager = await managerOf(ctx);
    const secret = newSecret();
    const updated = await updateVersioned(
      manager,
      WebhookEndpointEntity,
      current,
      current.version,
      {
        secret,
        previousSecret: current.secret,
        previousSecretExpiresAt: new Date(Date.now() + ROTATION_GRACE_MS),
      },
      'WebhookEndpoint',
    );
    await recordAudit(ctx, {
      action: 'webhookEndpoint.rotateSecret',
      entityType: 'WebhookEndpoint',
      entityId: current.id,
      fields: ['secret'],
    });
    return { endpoint: WebhookEndpoint.from(updated), secret };
  }

  async delete(ctx: RequestContext, id: string): Promise<string> {
    const current = await this.entity(ctx, id);
    const manager = await managerOf(ctx);
    await manager.delete(WebhookEndpointEntity, { districtId: current.districtId, id: current.id });
    await recordAudit(ctx, {
      action: 'webhookEndpoint.delete',
      entityType: 'WebhookEndpoint',
      entityId: current.id,
    });
    return WebhookEndpoint.from(current).id;
  }

  private async withEventTypes(ctx: RequestContext, rows: WebhookDeliveryEntity[]) {
    if (rows.length === 0) return new Map<string, string>();
    const events: { id: string; type: string }[] = await (
      await managerOf(ctx)
    ).query(`SELECT id, type FROM outbox_event WHERE district_id = $1 AND id = ANY($2::uuid[])`, [
      rows[0].districtId,
      rows.map((r) => r.eventId),
    ]);
    return new Map(events.map((e) => [e.id, e.type]));
  }

  async deliveries(
    ctx: RequestContext,
    endpointId: string,
    page: PageRequest,
    filter?: WebhookDeliveryFilter,
  ): Promise<Page<WebhookDelivery>> {
    const endpoint = await this.entity(ctx, endpointId);
    const c = new InputChecker();
    if (filter?.eventType != null && !EVENT_TYPES.includes(filter.eventType as EventType))
      c.add('filter.eventType', 'Unknown event type');
    c.throwIfAny();
    const qb = (await managerOf(ctx))
      .createQueryBuilder(WebhookDeliveryEntity, 'd')
      .where('d.district_id = :districtId AND d.endpoint_id = :endpointId', {
        districtId: endpoint.districtId,
        endpointId: endpoint.id,
      });
    if (filter?.state?.length) qb.andWhere('d.state = ANY(:states)', { states: filter.state });
    if (filter?.eventType)
      qb.andWhere(
        'EXISTS (SELECT 1 FROM outbox_event e WHERE e.district_id = d.district_id AND e.id = d.event_id AND e.type = :type)',
        { type: filter.eventType },
      );
    const result = await paginate(qb, page, {
      expression: 'd.created_at',
      direction: OrderDirection.DESC,
      timestamp: true,
    });
    const types = await this.withEventTypes(ctx, result.nodes);
    return mapPage(result, (d) => WebhookDelivery.from({ ...d, eventType: types.get(d.eventId) ?? '' }));
  }

  /** Sends a delivery again now, with the same webhook-id, and a fresh day of retries. */
  async redeliver(ctx: RequestContext, deliveryId: string): Promise<WebhookDelivery> {
    const districtId = this.district(ctx);
    const manager = await managerOf(ctx);
    const delivery = found(
      await manager.findOneBy(WebhookDeliveryEntity, { districtId, id: deliveryId }),
      'WebhookDelivery',
    );
    const endpoint = await this.entity(ctx, delivery.endpointId);
    if (!endpoint.enabled)
      throw new BadUserInputError([{ field: 'deliveryId', message: 'Its endpoint is disabled: enable it first' }]);
    const now = new Date();
    await manager.update(
      WebhookDeliveryEntity,
      { districtId, id: delivery.id },
      { state: 'PENDING', nextAttemptAt: now, windowStartedAt: now, completedAt: null, updatedAt: now },
    );
    await enqueueDelivery(manager, districtId, delivery.id);
    await recordAudit(ctx, {
      action: 'webhookDelivery.redeliver',
      entityType: 'WebhookDelivery',
      entityId: delivery.id,
      fields: ['state'],
    });
    const types = await this.withEventTypes(ctx, [delivery]);
    const row = await manager.findOneByOrFail(WebhookDeliveryEntity, { districtId, id: delivery.id });
    return WebhookDelivery.from({ ...row, eventType: types.get(row.eventId) ?? '' });
  }
}

export const webhookService = new WebhookService();
