import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { EntityManager } from 'typeorm';
import { withTenantTransaction } from '../../db/transaction';
import { addJob, type JobHandler, type JobRun, type WebhookOutcome, type WebhookSettings } from '../../jobs/queue';
import { AuditEventEntity, ActorKind } from '../audit/audit-event.entity';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entity';
import { BlockedAddressError, guardedLookup, webhookUrlProblem } from './webhook-url';

/**
 * From the outbox to a receiver.
 *
 * 1. `outbox.dispatch` (added by the outbox row's trigger, in the change's transaction): one `webhook_delivery` per
 *    enabled endpoint of the district subscribed to the event's type, and a `webhook.deliver` job for each, in one
 *    transaction (running it twice adds nothing: one delivery per event and endpoint).
 * 2. `webhook.deliver`: POSTs `{ type, timestamp, data }` as JSON, signed per Standard Webhooks (`webhook-id` is the
 *    event's id, the same on every attempt and redelivery, so a receiver can drop duplicates; `webhook-timestamp`
 *    is the attempt's; `webhook-signature` is `v1,<HMAC-SHA256>` with the endpoint's secret, and with the previous
 *    one too during a rotation's grace period). A 2xx answer within the timeout succeeds. Anything else is retried
 *    on a schedule of its own (RETRY_SCHEDULE_MS, each delay drawn at random up to its step: full jitter), for at
 *    least a day (`retryForMs`), then the delivery is FAILED. An endpoint that keeps failing
 *    (`disableAfterFailures` attempts in a row, over more than `disableAfterMs`) is disabled, with a reason and an
 *    audit event.
 * A worker that shuts down mid-delivery abandons the request and leaves the job to run again (at least once, with
 * the same webhook-id); a job is never run by two workers at once.
 */

export const DISPATCH_TASK = 'outbox.dispatch';
export const DELIVER_TASK = 'webhook.deliver';

/** The retry steps: 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then every 8 h (times `retryScale`). */
export const RETRY_SCHEDULE_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000];

/** The delay before the attempt after `attempts` failed ones: full jitter under the step, at least 1 s (scaled). */
export function retryDelayMs(attempts: number, scale: number, random: () => number = Math.random): number {
  const step = RETRY_SCHEDULE_MS[Math.min(Math.max(attempts, 1), RETRY_SCHEDULE_MS.length) - 1] * scale;
  return Math.max(1_000 * scale, Math.round(random() * step));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function ids<K extends string>(payload: unknown, keys: readonly K[]): Record<K, string> {
  const p = (payload ?? {}) as Record<string, unknown>;
  for (const k of keys) if (typeof p[k] !== 'string' || !UUID.test(p[k] as string)) throw new Error(`job without ${k}`);
  return p as Record<K, string>;
}

/** Adds the job that attempts a delivery (now, or at `runAt`); one pending job per delivery (its job key). */
export function enqueueDelivery(manager: EntityManager, districtId: string, deliveryId: string, runAt?: Date) {
  return addJob(manager, DELIVER_TASK, { districtId, deliveryId }, { runAt, jobKey: `webhook-delivery:${deliveryId}` });
}

export const dispatchEvent: JobHandler = async (payload, { deps }) => {
  const { districtId, eventId } = ids(payload, ['districtId', 'eventId'] as const);
  await withTenantTransaction(deps.dataSource, { districtId }, async (m) => {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO webhook_delivery (district_id, endpoint_id, event_id)
       SELECT e.district_id, w.id, e.id
         FROM outbox_event e
         JOIN webhook_endpoint w ON w.district_id = e.district_id AND w.enabled AND e.type = ANY(w.event_types)
        WHERE e.district_id = $1 AND e.id = $2
       ON CONFLICT (district_id, endpoint_id, event_id) DO NOTHING
       RETURNING id`,
      [districtId, eventId],
    );
    for (const row of rows) await enqueueDelivery(m, districtId, row.id);
  });
};

interface Loaded {
  delivery: WebhookDeliveryEntity;
  endpoint: WebhookEndpointEntity;
  event: { id: string; type: string; occurred_at: Date; payload: Record<string, unknown> };
}

async function load(m: EntityManager, districtId: string, deliveryId: string): Promise<Loaded | null> {
  const delivery = await m.findOneBy(WebhookDeliveryEntity, { districtId, id: deliveryId });
  if (!delivery) return null;
  const endpoint = await m.findOneByOrFail(WebhookEndpointEntity, { districtId, id: delivery.endpointId });
  const [event] = await m.query(
    `SELECT id, type, occurred_at, payload FROM outbox_event WHERE district_id = $1 AND id = $2`,
    [districtId, delivery.eventId],
  );
  return { delivery, endpoint, event };
}

export interface AttemptResult {
  statusCode: number | null;
  error: string | null;
  /** The worker is shutting down: the attempt was abandoned, and is not counted. */
  aborted: boolean;
}

function networkError(error: NodeJS.ErrnoException): string {
  if (error instanceof BlockedAddressError) return 'Refused: the host resolves to a private or internal address';
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'Connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'Host not found';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'Connection reset';
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'TLS certificate not trusted';
    default:
      return `Network error${error.code && /^[A-Z_]{2,40}$/.test(error.code) ? ` (${error.code})` : ''}`;
  }
}

/** One POST: the status code, or a short reason (never the receiver's body). */
export function postSigned(
  url: string,
  body: string,
  headers: Record<string, string>,
  settings: Pick<WebhookSettings, 'timeoutMs' | 'production'>,
  abortSignal: AbortSignal,
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: AttemptResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      abortSignal.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(r);
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? https.request : http.request;
    const req = send(target, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'user-agent': 'Throughline-Webhooks/1',
      },
      lookup: guardedLookup(settings.production),
    });
    req.on('response', (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      const okay = code >= 200 && code < 300;
      done({
        statusCode: code >= 100 && code <= 599 ? code : null,
        error: okay ? null : `HTTP ${code}`,
        aborted: false,
      });
    });
    req.on('error', (error) => done({ statusCode: null, error: networkError(error), aborted: false }));
    const timer = setTimeout(
      () =>
        done({ statusCode: null, error: `Timed out after ${Math.round(settings.timeoutMs / 1000)} s`, aborted: false }),
      settings.timeoutMs,
    );
    const onAbort = () => done({ statusCode: null, error: null, aborted: true });
    if (abortSignal.aborted) onAbort();
    else abortSignal.addEventListener('abort', onAbort);
    req.end(body);
  });
}

/** The Standard Webhooks headers for one attempt; both secrets sign during a rotation's grace period. */
export function signedHeaders(
  endpoint: Pick<WebhookEndpointEntity, 'secret' | 'previousSecret' | 'previousSecretExpiresAt'>,
  msgId: string,
  body: string,
  now: Date,
): Record<string, string> {
  const secrets = [endpoint.secret];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
    secrets.push(endpoint.previousSecret);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(msgId, now, body)).join(' '),
  };
}

/** The JSON body of an event's deliveries. */
export function eventBody(event: Loaded['event']): string {
  return JSON.stringify({
    type: event.type,
    timestamp: new Date(event.occurred_at).toISOString(),
    data: event.payload,
  });
}

/** Records an attempt's result on the delivery (and the endpoint), and says how it ended for the metrics. */
async function recordOutcome(
  m: EntityManager,
  loaded: Loaded,
  result: AttemptResult,
  settings: WebhookSettings,
): Promise<WebhookOutcome> {
  const { delivery, endpoint } = loaded;
  const now = new Date();
  const attempts = delivery.attemptCount + 1;
  const base = { attemptCount: attempts, lastStatusCode: result.statusCode, lastAttemptAt: now, updatedAt: now };
  if (!result.error) {
    await m.update(
      WebhookDeliveryEntity,
      { districtId: delivery.districtId, id: delivery.id, state: 'PENDING' },
      { ...base, lastError: null, state: 'SUCCEEDED', nextAttemptAt: null, completedAt: now },
    );
    await m.update(
      WebhookEndpointEntity,
      { districtId: endpoint.districtId, id: endpoint.id },
      { consecutiveFailures: 0, failingSince: null },
    );
    return 'delivered';
  }
  const delay = retryDelayMs(attempts, settings.retryScale);
  const retry = now.getTime() - delivery.windowStartedAt.getTime() < settings.retryForMs;
  const next = retry ? new Date(now.getTime() + delay) : null;
  await m.update(
    WebhookDeliveryEntity,
    { districtId: delivery.districtId, id: delivery.id, state: 'PENDING' },
    {
      ...base,
      lastError: result.error.slice(0, 300),
      state: retry ? 'PENDING' : 'FAILED',
      nextAttemptAt: next,
      completedAt: retry ? null : now,
    },
  );
  if (next) await enqueueDelivery(m, delivery.districtId, delivery.id, next);
  // TypeORM answers an UPDATE as [rows, affected count]: the row is the first of the rows.
  const [[failing]]: [{ consecutive_failures: number; failing_since: Date }[], number] = await m.query(
    `UPDATE webhook_endpoint
        SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, now())
      WHERE district_id = $1 AND id = $2
      RETURNING consecutive_failures, failing_since`,
    [endpoint.districtId, endpoint.id],
  );
  if (
    endpoint.enabled &&
    failing &&
    failing.consecutive_failures >= settings.disableAfterFailures &&
    now.getTime() - new Date(failing.failing_since).getTime() > settings.disableAfterMs
  ) {
    const reason = `Disabled after ${failing.consecutive_failures} failed attempts in a row since ${new Date(failing.failing_since).toISOString()} (last: ${result.error})`;
    await m.update(
      WebhookEndpointEntity,
      { districtId: endpoint.districtId, id: endpoint.id },
      { enabled: false, disabledReason: reason.slice(0, 300), updatedAt: now },
    );
    await m.insert(AuditEventEntity, {
      districtId: endpoint.districtId,
      actorKind: ActorKind.SYSTEM,
      actorId: null,
      action: 'webhookEndpoint.disable',
      entityType: 'WebhookEndpoint',
      entityId: endpoint.id,
      fields: ['disabledReason', 'enabled'],
      requestId: null,
      client: null,
    });
  }
  return retry ? 'retry' : 'gave_up';
}

export const deliverWebhook: JobHandler = async (payload, run: JobRun) => {
  const { districtId, deliveryId } = ids(payload, ['districtId', 'deliveryId'] as const);
  const { dataSource } = run.deps;
  const settings = run.deps.webhooks;
  const loaded = await withTenantTransaction(dataSource, { districtId }, (m) => load(m, districtId, deliveryId));
  if (!loaded || loaded.delivery.state !== 'PENDING') return;
  const { endpoint, event } = loaded;
  let result: AttemptResult;
  const problem = webhookUrlProblem(endpoint.url, settings);
  if (!endpoint.enabled) {
    const ended = await withTenantTransaction(dataSource, { districtId }, (m) =>
      m.update(
        WebhookDeliveryEntity,
        { districtId, id: deliveryId, state: 'PENDING' },
        { state: 'FAILED', lastError: 'Endpoint disabled', nextAttemptAt: null, completedAt: new Date() },
      ),
    );
    if (ended.affected) run.deps.outcomes?.webhook('gave_up');
    return;
  } else if (problem) {
    result = { statusCode: null, error: `Refused: ${problem}`, aborted: false };
  } else {
    const body = eventBody(event);
    result = await postSigned(
      endpoint.url,
      body,
      signedHeaders(endpoint, event.id, body, new Date()),
      settings,
      run.abortSignal,
    );
  }
  // Shutting down: not an attempt; the job fails and is taken again (by this instance or another) with the same id.
  if (result.aborted) throw new Error('The worker is shutting down; the delivery will be attempted again');
  const outcome = await withTenantTransaction(dataSource, { districtId }, async (m) => {
    const current = await load(m, districtId, deliveryId);
    if (!current || current.delivery.state !== 'PENDING') return null;
    return recordOutcome(m, current, result, settings);
  });
  // Counted once recorded (committed); an attempt another worker already recorded is not counted twice.
  if (outcome) run.deps.outcomes?.webhook(outcome);
};
