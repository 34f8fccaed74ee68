import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { webhookUrlProblem } from '../../packages/api/src/modules/webhook/webhook-url';
import { retryDelayMs } from '../../packages/api/src/modules/webhook/delivery';
import { emitMissedSessions } from '../../packages/api/src/modules/session/missed-events';

/**
 * The one job queue, the outbox and signed webhooks, end to end: the real API with its job worker, real PostgreSQL,
 * and a real HTTP receiver on 127.0.0.1 that verifies signatures with the `standardwebhooks` library. Every wait is
 * bounded and ends on the receiver's own signal (or on the delivery table), never on a fixed sleep.
 */

interface Received {
  headers: Record<string, string>;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, any> };
}

/** A webhook receiver: answers each request with the next scripted status (200 when none), or holds it. */
class Receiver {
  readonly requests: Received[] = [];
  readonly script: (number | 'hold')[] = [];
  private readonly held: http.ServerResponse[] = [];
  private waiters: { test: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { headers: req.headers as Record<string, string>, body, json: JSON.parse(body) };
      this.requests.push(r);
      const next = this.script.shift() ?? 200;
      if (next === 'hold') this.held.push(res);
      else res.writeHead(next).end(next === 200 ? 'ok' : 'receiver says no: SECRET-BODY');
      for (const w of this.waiters.filter((w) => w.test(r))) w.resolve(r);
      this.waiters = this.waiters.filter((w) => !w.test(r));
    });
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** The first request (already received or still to come) that passes the test, within a bounded wait. */
  next(test: (r: Received) => boolean, timeoutMs = 15_000, skip = 0): Promise<Received> {
    const seen = this.requests.filter(test);
    if (seen.length > skip) return Promise.resolve(seen[skip]);
    return new Promise((resolve, reject) => {
      let count = seen.length;
      const timer = setTimeout(() => reject(new Error('the receiver got no such request in time')), timeoutMs);
      const waiter = {
        test: (r: Received) => test(r) && count++ >= skip,
        resolve: (r: Received) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.waiters.push(waiter);
    });
  }

  close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const MARKER = 'CONFIDENTIAL-MARKER-7f3a';
let server: TestServer;
let receiver: Receiver;
const token: Record<string, string> = {};
let north: string;
let endpoint: { id: string; secret: string; version: number };

const M = {
  create: `mutation($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { secret endpoint { id url eventTypes enabled version } } }`,
  update: `mutation($i: WebhookEndpointUpdateInput!) { webhookEndpointUpdate(input: $i) { endpoint { id enabled eventTypes version } } }`,
  rotate: `mutation($i: WebhookEndpointIdInput!) { webhookEndpointRotateSecret(input: $i) { secret endpoint { id version } } }`,
  remove: `mutation($i: WebhookEndpointIdInput!) { webhookEndpointDelete(input: $i) { deletedId } }`,
  redeliver: `mutation($i: WebhookRedeliverInput!) { webhookRedeliver(input: $i) { delivery { id state webhookId } } }`,
  list: `{ webhookEndpoints(first: 50) { totalCount nodes { id url } } }`,
  deliveries: `query($id: ID!) { webhookDeliveries(endpointId: $id, first: 50) { nodes { id webhookId eventType state attemptCount lastStatusCode lastError } } }`,
  log: `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state } } }`,
  cancel: `mutation($i: SessionCancelInput!) { sessionCancel(input: $i) { session { id state } } }`,
  transition: `mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) { actionItem { id status } } }`,
};

/** A new session, scheduled an hour or more ago, of a conversation the demo coach facilitates (loggable now). */
let made = 0;
async function freshSession(): Promise<{ id: string; raw: string; version: number; facilitator: string }> {
  const [row] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, date_trunc('minute', now()) - make_interval(hours => $1::int), 'SCHEDULED'
       FROM learning_conversation c JOIN staff_member f ON f.id = c.facilitator_id
      WHERE f.email = 'coach@northfield.example'
      ORDER BY c.id LIMIT 1
     RETURNING id, version, (SELECT facilitator_id FROM learning_conversation WHERE id = conversation_id)`,
    [++made],
  );
  return {
    id: toGlobalId('ConversationSession', row.id),
    raw: row.id,
    version: row.version,
    facilitator: toGlobalId('StaffMember', row.facilitator_id),
  };
}

function heldInput(s: Awaited<ReturnType<typeof freshSession>>, extra: Record<string, unknown> = {}) {
  return {
    id: s.id,
    version: s.version,
    heldAt: new Date().toISOString(),
    durationMinutes: 40,
    attendeeIds: [s.facilitator],
    notes: `notes ${MARKER}`,
    checkIn: `in ${MARKER}`,
    checkOut: `out ${MARKER}`,
    ...extra,
  };
}

/** Polls the delivery row of an event until it passes the test (bounded). */
async function deliveryOf(eventId: string, test: (row: any) => boolean, timeoutMs = 15_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await server.owner.query(`SELECT * FROM webhook_delivery WHERE event_id = $1`, [eventId]);
    if (row && test(row)) return row;
    if (Date.now() > until) throw new Error(`delivery of ${eventId} not as expected: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isSession = (type: string, sessionId: string) => (r: Received) =>
  r.json.type === type && r.json.data.id === sessionId;

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  server = await startTestServer({
    demoDomain: true,
    worker: true,
    webhooks: { retryScale: 0.001, timeoutMs: 3_000 },
  });
  for (const who of ['admin', 'coach', 'teacher'])
    token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
  token.south = (await server.signIn('admin@southbrook.example')).accessToken;
  [{ id: north }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
  const created = ok(
    await server.gql(
      M.create,
      {
        i: {
          url: receiver.url,
          description: 'test receiver',
          eventTypes: ['session.held', 'session.cancelled', 'action.completed', 'strategy.updated'],
        },
      },
      token.admin,
    ),
  ).webhookEndpointCreate;
  endpoint = { id: created.endpoint.id, secret: created.secret, version: created.endpoint.version };
});

afterAll(async () => {
  await server?.close();
  await receiver?.close();
});

describe('webhooks', () => {
  it('creating an endpoint shows its whsec_ secret once; reads never show it', async () => {
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const list = ok(await server.gql(M.list, {}, token.admin)).webhookEndpoints;
    expect(list.nodes.map((n: any) => n.id)).toContain(endpoint.id);
    expect(JSON.stringify(list)).not.toContain(endpoint.secret);
  });

  it('a coach logs a session held: the receiver gets a signed session.held that standardwebhooks verifies', async () => {
    const s = await freshSession();
    ok(await server.gql(M.log, { i: heldInput(s) }, token.coach));
    const got = await receiver.next(isSession('session.held', s.id));
    const verified = new Webhook(endpoint.secret).verify(got.body, got.headers) as Received['json'];
    expect(verified.type).toBe('session.held');
    expect(verified.data).toMatchObject({ id: s.id, subjectType: 'ConversationSession', attendeeCount: 1 });
    const [event] = await server.owner.query(`SELECT id FROM outbox_event WHERE subject_id = $1 AND type = $2`, [
      s.raw,
      'session.held',
    ]);
    expect(got.headers['webhook-id']).toBe(event.id);
    // A wrong secret does not verify.
    expect(() =>
      new Webhook('whsec_' + Buffer.alloc(32, 1).toString('base64')).verify(got.body, got.headers),
    ).toThrow();
    const row = await deliveryOf(event.id, (r) => r.state === 'SUCCEEDED');
    expect(row).toMatchObject({ attempt_count: 1, last_status_code: 200, last_error: null });
  });

  it('a mutation that fails writes no event and enqueues no job: nothing is sent', async () => {
    const good = await freshSession();
    const bad = await freshSession();
    const res = await server.gql(
      `mutation($a: SessionLogInput!, $b: SessionLogInput!) { a: sessionLog(input: $a) { session { id } } b: sessionLog(input: $b) { session { id } } }`,
      { a: heldInput(good), b: heldInput(bad, { durationMinutes: 0 }) },
      token.coach,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const events = await server.owner.query(`SELECT 1 FROM outbox_event WHERE subject_id = ANY($1::uuid[])`, [
      [good.raw, bad.raw],
    ]);
    expect(events).toEqual([]);
    const jobs = await server.owner.query(
      `SELECT 1 FROM graphile_worker._private_jobs j
        WHERE j.payload::text LIKE '%' || $1 || '%' OR j.payload::text LIKE '%' || $2 || '%'`,
      [good.raw, bad.raw],
    );
    expect(jobs).toEqual([]);
    // A later change is delivered; the rolled-back one never was.
    const later = await freshSession();
    ok(await server.gql(M.log, { i: heldInput(later) }, token.coach));
    await receiver.next(isSession('session.held', later.id));
    expect(receiver.requests.some((r) => [good.id, bad.id].includes(r.json.data.id))).toBe(false);
  });

  it('a receiver answering 500 then 200 gets the retry with the same webhook-id', async () => {
    const s = await freshSession();
    receiver.script.push(500);
    ok(await server.gql(M.cancel, { i: { id: s.id, version: s.version, reason: 'snow day' } }, token.coach));
    const first = await receiver.next(isSession('session.cancelled', s.id));
    const second = await receiver.next(isSession('session.cancelled', s.id), 15_000, 1);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    new Webhook(endpoint.secret).verify(second.body, second.headers);
    const row = await deliveryOf(first.headers['webhook-id'], (r) => r.state === 'SUCCEEDED');
    expect(row).toMatchObject({ attempt_count: 2, last_status_code: 200, last_error: null });
    // The cancel reason is free text: not in the event.
    expect(first.body).not.toContain('snow day');
  });

  it('a worker restart mid-delivery loses nothing and sends again only with the same webhook-id', async () => {
    await server.stopWorker();
    const s = await freshSession();
    ok(await server.gql(M.log, { i: heldInput(s) }, token.coach));
    // Committed while no worker runs: the job waits in the database.
    const [event] = await server.owner.query(`SELECT id FROM outbox_event WHERE subject_id = $1 AND type = $2`, [
      s.raw,
      'session.held',
    ]);
    receiver.script.push('hold');
    await server.startWorker();
    const first = await receiver.next(isSession('session.held', s.id));
    // The receiver holds the request: the worker stops in the middle of the delivery.
    await server.stopWorker();
    const [pending] = await server.owner.query(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE payload->>'deliveryId' IS NOT NULL AND locked_at IS NULL
          AND payload->>'deliveryId' = (SELECT id::text FROM webhook_delivery WHERE event_id = $1)`,
      [event.id],
    );
    expect(pending.n).toBe(1);
    // Another worker (a new instance) takes it over.
    await server.startWorker();
    const second = await receiver.next(isSession('session.held', s.id), 20_000, 1);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(first.headers['webhook-id']).toBe(event.id);
    const row = await deliveryOf(event.id, (r) => r.state === 'SUCCEEDED', 20_000);
    expect(row.attempt_count).toBe(1);
    // The delivery's row commits before the queue removes the finished job: wait for the queue to settle.
    let left: unknown[] = [{}];
    for (const deadline = Date.now() + 20_000; left.length > 0 && Date.now() < deadline;) {
      left = await server.owner.query(`SELECT 1 FROM graphile_worker._private_jobs WHERE payload->>'deliveryId' = $1`, [
        row.id,
      ]);
      if (left.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(left).toEqual([]);
  });

  it('two workers never run one job twice: each of many events is delivered exactly once', async () => {
    const second = await startTestServer({ shareDatabaseOf: server, worker: true, webhooks: { retryScale: 0.001 } });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const [row] = await server.owner.query(
          `INSERT INTO outbox_event (district_id, type, subject_type, subject_id, payload)
           VALUES ($1, 'strategy.updated', 'ImprovementStrategy', gen_random_uuid(), '{}') RETURNING id`,
          [north],
        );
        ids.push(row.id);
      }
      await Promise.all(ids.map((id) => receiver.next((r) => r.headers['webhook-id'] === id)));
      await Promise.all(ids.map((id) => deliveryOf(id, (r) => r.state === 'SUCCEEDED')));
      for (const id of ids) expect(receiver.requests.filter((r) => r.headers['webhook-id'] === id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('a marker planted in notes, check-in/out and completion evidence is in no outbox row, job or delivery', async () => {
    const [action] = await server.owner.query(
      `SELECT a.id, a.version FROM action_item a JOIN staff_member o ON o.id = a.owner_id
        WHERE o.email = 'teacher@northfield.example' AND a.status IN ('OPEN', 'IN_PROGRESS') ORDER BY a.id LIMIT 1`,
    );
    const actionId = toGlobalId('ActionItem', action.id);
    ok(
      await server.gql(
        M.transition,
        {
          i: {
            id: actionId,
            version: action.version,
            status: 'DONE',
            completionEvidence: `did it ${MARKER}`,
            practiceChangeEvidence: `changed ${MARKER}`,
          },
        },
        token.teacher,
      ),
    );
    const got = await receiver.next((r) => r.json.type === 'action.completed' && r.json.data.id === actionId);
    expect(got.json.data.completedOn).toBeTruthy();
    const outbox = await server.owner.query(`SELECT payload::text AS p FROM outbox_event`);
    const jobs = await server.owner.query(`SELECT payload::text AS p, last_error FROM graphile_worker._private_jobs`);
    const deliveries = await server.owner.query(`SELECT last_error FROM webhook_delivery`);
    expect(outbox.length).toBeGreaterThan(0);
    for (const text of [
      ...outbox.map((r: any) => r.p),
      ...jobs.map((r: any) => `${r.p} ${r.last_error ?? ''}`),
      ...deliveries.map((r: any) => r.last_error ?? ''),
      ...receiver.requests.map((r) => r.body),
    ])
      expect(text).not.toContain(MARKER);
    // Nor the receiver's own answer in the delivery's error.
    expect(deliveries.some((r: any) => (r.last_error ?? '').includes('SECRET-BODY'))).toBe(false);
  });

  it('the portal lists deliveries with status codes, and redelivery sends again with the same webhook-id', async () => {
    const list = ok(await server.gql(M.deliveries, { id: endpoint.id }, token.admin)).webhookDeliveries.nodes;
    const done = list.find((d: any) => d.eventType === 'session.held' && d.state === 'SUCCEEDED');
    expect(done).toMatchObject({ lastStatusCode: 200 });
    const before = receiver.requests.filter((r) => r.headers['webhook-id'] === done.webhookId).length;
    const res = ok(await server.gql(M.redeliver, { i: { deliveryId: done.id } }, token.admin)).webhookRedeliver;
    expect(res.delivery).toMatchObject({ state: 'PENDING', webhookId: done.webhookId });
    await receiver.next((r) => r.headers['webhook-id'] === done.webhookId, 15_000, before);
    await deliveryOf(done.webhookId, (r) => r.state === 'SUCCEEDED' && r.attempt_count === done.attemptCount + 1);
  });

  it('rotating the secret: the new one verifies, and the old one still does during the grace period', async () => {
    const rotated = ok(await server.gql(M.rotate, { i: { id: endpoint.id } }, token.admin)).webhookEndpointRotateSecret;
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(endpoint.secret);
    const s = await freshSession();
    ok(await server.gql(M.log, { i: heldInput(s) }, token.coach));
    const got = await receiver.next(isSession('session.held', s.id));
    new Webhook(rotated.secret).verify(got.body, got.headers);
    new Webhook(endpoint.secret).verify(got.body, got.headers);
    endpoint = { ...endpoint, secret: rotated.secret, version: rotated.endpoint.version };
  });

  it('a teacher cannot manage webhooks (FORBIDDEN), nor can a coach', async () => {
    for (const who of ['teacher', 'coach']) {
      expect(codeOf(await server.gql(M.list, {}, token[who]))).toBe('FORBIDDEN');
      const res = await server.gql(M.create, { i: { url: receiver.url, eventTypes: ['session.held'] } }, token[who]);
      expect(codeOf(res)).toBe('FORBIDDEN');
    }
  });

  it('bad URLs and unknown event types are refused with the field named, and nothing is written', async () => {
    const [{ n: before }] = await server.owner.query(`SELECT count(*)::int AS n FROM webhook_endpoint`);
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://127.0.0.1/x', eventTypes: ['session.held'] }, 'url'],
      [{ url: 'http://example.com/hook', eventTypes: ['session.held'] }, 'url'],
      [{ url: 'not a url', eventTypes: ['session.held'] }, 'url'],
      [{ url: 'https://user:pw@example.com/hook', eventTypes: ['session.held'] }, 'url'],
      [{ url: 'https://example.com/hook', eventTypes: ['session.exploded'] }, 'eventTypes.0'],
      [{ url: 'https://example.com/hook', eventTypes: [] }, 'eventTypes'],
    ];
    for (const [input, field] of cases) {
      const res = await server.gql(M.create, { i: input }, token.admin);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toContain(field);
    }
    const [{ n: after }] = await server.owner.query(`SELECT count(*)::int AS n FROM webhook_endpoint`);
    expect(after).toBe(before);
  });

  it('production refuses http, private, loopback and link-local targets and the server itself', () => {
    const prod = { production: true, ownHosts: ['api.throughline.example'] };
    expect(webhookUrlProblem('https://hooks.example.org/x', prod)).toBeNull();
    for (const url of [
      'http://hooks.example.org/x',
      'https://127.0.0.1/x',
      'https://localhost/x',
      'https://10.1.2.3/x',
      'https://192.168.0.10/x',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:10.0.0.1]/x',
      'https://api.throughline.example/hooks',
    ])
      expect({ url, problem: webhookUrlProblem(url, prod) }).toEqual({ url, problem: expect.any(String) });
    // Outside production: http only to this machine.
    const dev = { production: false, ownHosts: [] };
    expect(webhookUrlProblem('http://127.0.0.1:9999/x', dev)).toBeNull();
    expect(webhookUrlProblem('http://localhost:9999/x', dev)).toBeNull();
    expect(webhookUrlProblem('http://10.0.0.1/x', dev)).toEqual(expect.any(String));
  });

  it("another district's endpoints are invisible, and its ids answer NOT_FOUND", async () => {
    const south = ok(await server.gql(M.list, {}, token.south)).webhookEndpoints;
    expect(south.nodes.map((n: any) => n.id)).not.toContain(endpoint.id);
    expect(codeOf(await server.gql(M.deliveries, { id: endpoint.id }, token.south))).toBe('NOT_FOUND');
    const upd = await server.gql(
      M.update,
      { i: { id: endpoint.id, version: endpoint.version, enabled: false } },
      token.south,
    );
    expect(codeOf(upd)).toBe('NOT_FOUND');
    expect(codeOf(await server.gql(M.remove, { i: { id: endpoint.id } }, token.south))).toBe('NOT_FOUND');
  });

  it('session.missed is emitted once per session by the scheduled scan', async () => {
    const first = await emitMissedSessions(server.app, north);
    const again = await emitMissedSessions(server.app, north);
    expect(again).toBe(0);
    const rows = await server.owner.query(
      `SELECT subject_id, count(*)::int AS n FROM outbox_event WHERE type = 'session.missed' GROUP BY subject_id`,
    );
    expect(rows.length).toBe(first);
    expect(rows.every((r: any) => r.n === 1)).toBe(true);
  });

  it('a slow receiver (no answer within the timeout) fails that attempt and gets the retry with the same webhook-id', async () => {
    const s = await freshSession();
    receiver.script.push('hold');
    ok(await server.gql(M.log, { i: heldInput(s) }, token.coach));
    const first = await receiver.next(isSession('session.held', s.id));
    const heldAt = Date.now();
    // The worker gives up on its own after timeoutMs (3 s here) and tries again; the receiver never answered.
    const second = await receiver.next(isSession('session.held', s.id), 20_000, 1);
    expect(Date.now() - heldAt).toBeGreaterThanOrEqual(2_900);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const row = await deliveryOf(first.headers['webhook-id'], (r) => r.state === 'SUCCEEDED');
    expect(row).toMatchObject({ attempt_count: 2, last_status_code: 200, last_error: null });
  });

  it('a receiver that keeps failing (here: timing out) past a day: the delivery is FAILED, the endpoint disabled with its reason and an audit event', async () => {
    const down = new Receiver();
    await down.start();
    try {
      // Holds the request: the worker gives up after its timeout (3 s here).
      down.script.push('hold');
      const created = ok(
        await server.gql(M.create, { i: { url: down.url, eventTypes: ['session.cancelled'] } }, token.admin),
      ).webhookEndpointCreate;
      const rawEndpoint = Buffer.from(created.endpoint.id, 'base64url').toString().split(':')[1];
      const s = await freshSession();
      ok(await server.gql(M.cancel, { i: { id: s.id, version: s.version, reason: 'storm' } }, token.coach));
      const first = await down.next(isSession('session.cancelled', s.id));
      // While the attempt hangs: the delivery has been retried for more than a day, and the endpoint has failed 19
      // times in a row since yesterday. The outcome is recorded against the rows as they are then.
      await server.owner.query(
        `UPDATE webhook_delivery SET window_started_at = now() - interval '25 hours' WHERE event_id = $1 AND endpoint_id = $2`,
        [first.headers['webhook-id'], rawEndpoint],
      );
      await server.owner.query(
        `UPDATE webhook_endpoint SET consecutive_failures = 19, failing_since = now() - interval '25 hours' WHERE id = $1`,
        [rawEndpoint],
      );
      const done = await (async () => {
        const until = Date.now() + 15_000;
        for (;;) {
          const [row] = await server.owner.query(
            `SELECT d.state, d.attempt_count, d.last_status_code, d.next_attempt_at, e.enabled, e.disabled_reason
               FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
              WHERE d.event_id = $1 AND d.endpoint_id = $2`,
            [first.headers['webhook-id'], rawEndpoint],
          );
          if (row.state === 'FAILED' && row.enabled === false) return row;
          if (Date.now() > until) throw new Error(`not failed and disabled: ${JSON.stringify(row)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      // The timeout was its 20th failure in a row, and it came past the day: FAILED, no next attempt, disabled.
      expect(done).toMatchObject({ attempt_count: 1, last_status_code: null, next_attempt_at: null });
      expect(done.disabled_reason).toMatch(
        /^Disabled after 20 failed attempts in a row since .*\(last: Timed out after 3 s\)$/,
      );
      expect(down.requests.filter((r) => r.json.data.id === s.id)).toHaveLength(1);
      // The notice: the endpoint says why in the API (and so in the portal), and the audit log has it.
      const listed = ok(
        await server.gql(`{ webhookEndpoints(first: 50) { nodes { id enabled disabledReason } } }`, {}, token.admin),
      ).webhookEndpoints.nodes.find((n: any) => n.id === created.endpoint.id);
      expect(listed).toEqual({ id: created.endpoint.id, enabled: false, disabledReason: done.disabled_reason });
      const audits = await server.owner.query(
        `SELECT actor_kind, action FROM audit_event WHERE entity_id = $1 AND action = 'webhookEndpoint.disable'`,
        [rawEndpoint],
      );
      expect(audits).toEqual([{ actor_kind: 'SYSTEM', action: 'webhookEndpoint.disable' }]);
      // Nothing more goes to a disabled endpoint.
      const later = await freshSession();
      ok(await server.gql(M.cancel, { i: { id: later.id, version: later.version, reason: 'ice' } }, token.coach));
      await receiver.next(isSession('session.cancelled', later.id));
      expect(
        await server.owner.query(`SELECT 1 FROM webhook_delivery WHERE endpoint_id = $1 AND event_id <> $2`, [
          rawEndpoint,
          first.headers['webhook-id'],
        ]),
      ).toEqual([]);
      expect(down.requests.filter((r) => r.json.data.id === later.id)).toEqual([]);
    } finally {
      await down.close();
    }
  });

  it('the retry schedule backs off with full jitter for more than a day', () => {
    expect(retryDelayMs(1, 1, () => 1)).toBe(30_000);
    expect(retryDelayMs(2, 1, () => 1)).toBe(120_000);
    expect(retryDelayMs(20, 1, () => 1)).toBe(8 * 3_600_000);
    expect(retryDelayMs(3, 1, () => 0)).toBe(1_000);
    expect(retryDelayMs(3, 1, () => 0.5)).toBe(300_000);
  });
});
