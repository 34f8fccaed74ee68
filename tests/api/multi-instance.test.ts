import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { DEMO_PASSWORD } from '../../packages/api/src/demo/demo-data';
import type { RateLimitSettings } from '../../packages/api/src/graphql/context';
import { insertLoggableDemoSession } from '../support/demo-sessions';

/**
 * Several instances of one deployment (docs/operations.md): three API servers on one database (each with its own
 * pool, sharing the signing keys as JWT_SIGNING_KEYS makes them do) and two job workers, driven round-robin the way a
 * load balancer would. Under a mixed load (sign-ins, refreshes on another instance, reads, sessions logged, which
 * emit webhooks) one API instance is killed mid-way: no request is lost beyond those in flight on it, every
 * webhook is delivered exactly once, and the sign-in throttle and the hourly budgets hold across instances
 * (PostgreSQL; and Redis when REDIS_URL is set).
 */
const BUDGET = 3_000;

/** A webhook receiver counting deliveries by webhook-id. */
class Receiver {
  readonly byId = new Map<string, number>();
  private server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      this.byId.set(id, (this.byId.get(id) ?? 0) + 1);
      res.writeHead(200).end('ok');
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

interface Outcome {
  instance: number;
  ok: boolean;
  status?: number;
  error?: string;
  /** When it was sent (Date.now()). */
  startedAt: number;
}

/** What fetch reports when the instance's connection is refused, reset or closed under a request. */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** A load balancer over the instances: round-robin over the live ones; a refused connection goes to the next. */
class Balancer {
  private next = 0;
  readonly dead = new Set<number>();
  /** When the balancer took each dead instance out (its first connection error). */
  readonly deadAt = new Map<number, number>();
  readonly inFlight: number[];
  readonly outcomes: Outcome[] = [];
  constructor(readonly instances: TestServer[]) {
    this.inFlight = instances.map(() => 0);
  }

  async gql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string | null,
    pin?: number,
  ): Promise<GraphQLResponse<T> & { instance: number }> {
    for (let tries = 0; tries < this.instances.length * 2; tries++) {
      const i = pin ?? this.pick();
      this.inFlight[i]++;
      const startedAt = Date.now();
      try {
        const res = await fetch(`${this.instances[i].url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as object;
        this.outcomes.push({ instance: i, ok: true, status: res.status, startedAt });
        return { status: res.status, instance: i, ...body } as never;
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        // A connection refused, reset or closed under the request: the balancer takes the instance out.
        if (pin === undefined && code && CONNECTION_LOST.has(code) && !this.dead.has(i)) {
          this.dead.add(i);
          this.deadAt.set(i, Date.now());
        }
        if (code === 'ECONNREFUSED' && pin === undefined) {
          // Never reached it: the next one is tried (nothing was done).
          continue;
        }
        this.outcomes.push({ instance: i, ok: false, error: code ?? String(error), startedAt });
        throw error;
      } finally {
        this.inFlight[i]--;
      }
    }
    throw new Error('no instance left');
  }

  private pick(): number {
    for (;;) {
      const i = this.next++ % this.instances.length;
      if (!this.dead.has(i)) return i;
    }
  }
}

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const REFRESH = `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken refreshToken } }`;
const LOG = `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state } } }`;
const ME = `{ me { staffMember { displayName } } }`;
/** About a hundred points: a connection of 100 nodes. */
const PRICEY = `{ rateLimit { cost remaining limit } schools(first: 100) { nodes { id } } }`;

let a: TestServer;
let b: TestServer;
let c: TestServer;
let receiver: Receiver;
let lb: Balancer;
let coachToken: string;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function instances(rateLimits: Partial<RateLimitSettings>) {
  return async () => {
    a = await startTestServer({ demoDomain: true, worker: true, webhooks: { retryScale: 0.001 }, rateLimits });
    b = await startTestServer({ shareDatabaseOf: a, worker: true, webhooks: { retryScale: 0.001 }, rateLimits });
    c = await startTestServer({ shareDatabaseOf: a, rateLimits });
    lb = new Balancer([a, b, c]);
  };
}

beforeAll(async () => {
  receiver = new Receiver();
  await receiver.start();
  await instances({ pointsPerWindow: BUDGET })();
  const admin = (await a.signIn('admin@northfield.example')).accessToken;
  const created = await a.gql(
    `mutation($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { endpoint { id } } }`,
    { i: { url: receiver.url, eventTypes: ['session.held'] } },
    admin,
  );
  expect(created.errors).toBeUndefined();
  coachToken = (await a.signIn('coach@northfield.example')).accessToken;
}, 120_000);

afterAll(async () => {
  // c was killed in the suite; b and a stop their workers gracefully, a last (it owns the database).
  await b?.close();
  await a?.close();
  await receiver?.close();
});

describe('three API instances and two workers on one database', () => {
  it('sign in on one instance, refresh on another, use the token on a third', async () => {
    const signed = await lb.gql(SIGN_IN, { input: { email: 'teacher@northfield.example', password: DEMO_PASSWORD } });
    const refreshed = await lb.gql(REFRESH, { input: { refreshToken: signed.data!.signIn.refreshToken } });
    expect(refreshed.instance).not.toBe(signed.instance);
    expect(refreshed.errors).toBeUndefined();
    const me = await lb.gql(ME, {}, refreshed.data!.refreshSession.accessToken);
    expect(me.instance).not.toBe(refreshed.instance);
    expect(me.data!.me.staffMember.displayName).toBeTruthy();
    // The spent refresh token is spent everywhere: replayed on yet another instance, refused.
    const replay = await lb.gql(REFRESH, { input: { refreshToken: signed.data!.signIn.refreshToken } });
    expect(replay.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the sign-in throttle is shared: the 11th wrong guess is refused whichever instance it reaches', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await lb.gql(SIGN_IN, { input: { email: 'principal@northfield.example', password: `wrong-${i}` } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('a mixed load, one instance killed mid-way: nothing lost beyond its requests in flight; webhooks once each', async () => {
    const logged: string[] = [];
    let killedInFlight = -1;
    let killed: Promise<number> | null = null;
    const ops: (() => Promise<void>)[] = [];
    for (let i = 0; i < 60; i++) {
      const kind = i % 3;
      ops.push(async () => {
        if (kind === 0) {
          const res = await lb.gql(SIGN_IN, { input: { email: 'coach@northfield.example', password: DEMO_PASSWORD } });
          expect(res.status).toBe(200);
        } else if (kind === 1) {
          const res = await lb.gql(ME, {}, coachToken);
          expect(res.status).toBe(200);
        } else {
          const input = await insertLoggableDemoSession(a.owner);
          const res = await lb.gql(LOG, { i: input }, coachToken);
          expect(res.errors).toBeUndefined();
          logged.push(String(input.id));
        }
      });
    }
    // Six clients at a time; c is killed once a third of the work is done.
    const failures: unknown[] = [];
    let index = 0;
    const client = async () => {
      while (index < ops.length) {
        const op = ops[index++];
        if (index === 20 && killedInFlight < 0) {
          killedInFlight = lb.inFlight[2];
          killed = c.kill().then(() => Date.now());
        }
        await op().catch((error) => failures.push(error));
      }
    };
    await Promise.all(Array.from({ length: 6 }, client));
    const killedAt = await killed!;
    expect(lb.dead.has(2)).toBe(true);
    expect(killedInFlight).toBeGreaterThanOrEqual(0);
    // Only requests on the killed instance while it died may have failed (in flight, or sent on a kept-alive
    // connection it was dropping, until the balancer saw it fail and took it out): at most one per client. Every
    // request sent after that was answered.
    const out = Math.max(killedAt, lb.deadAt.get(2) ?? 0);
    const failed = lb.outcomes.filter((o) => !o.ok);
    // (As a list, so that a failure names the requests: instance, error, when.)
    expect(failed.filter((o) => !(o.instance === 2 && o.startedAt <= out))).toEqual([]);
    expect(failed.length).toBeLessThanOrEqual(6);
    expect(failures.length).toBe(failed.length);
    expect(lb.outcomes.filter((o) => o.startedAt > out && !(o.ok && o.instance !== 2))).toEqual([]);
    // Every session logged emitted one session.held (the endpoint's only type), delivered once, by one of two workers.
    const expected = logged.length;
    expect(expected).toBeGreaterThan(10);
    // A log whose answer was lost with c may still have committed (and emitted an event nobody counted here), so
    // wait for the queue to drain: every event dispatched, every delivery settled, not just `expected` of them.
    await until('every delivery', async () => {
      const [row] = await a.owner.query(
        `SELECT count(*) FILTER (WHERE state = 'SUCCEEDED')::int AS done,
                count(*) FILTER (WHERE state <> 'SUCCEEDED')::int AS open,
                (SELECT count(*)::int FROM graphile_worker._private_jobs j
                   JOIN graphile_worker._private_tasks t ON t.id = j.task_id
                  WHERE t.identifier IN ('outbox.dispatch', 'webhook.deliver')) AS queued
           FROM webhook_delivery`,
      );
      return row.done >= expected && row.open === 0 && row.queued === 0;
    });
    const deliveries = await a.owner.query(`SELECT event_id, attempt_count FROM webhook_delivery`);
    expect(new Set(deliveries.map((d: { event_id: string }) => d.event_id)).size).toBe(deliveries.length);
    for (const d of deliveries) expect(d.attempt_count).toBe(1);
    for (const [, count] of receiver.byId) expect(count).toBe(1);
    expect(receiver.byId.size).toBe(deliveries.length);
    // No job failed, nor is one waiting for another attempt.
    const [jobs] = await a.owner.query(
      `SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE last_error IS NOT NULL OR attempts > 1`,
    );
    expect(jobs.n).toBe(0);
  });

  it('the hourly budget is shared (PostgreSQL): spent across the two live instances, refused on both', async () => {
    await expectSharedBudget([0, 1], 'teacher@northfield.example');
  });
});

/**
 * Round-robin pricey queries until refused: what was accepted fits one budget, and every instance then refuses.
 * A query's charge commits just after its answer (graphql-route.ts): the instance that answered is let finish that
 * COMMIT (its own signal, settled()) before the next request goes to the other, which is when the charge is shared;
 * without it a client switching instances faster than a COMMIT may see the same `remaining` twice (ARCHITECTURE.md).
 */
async function expectSharedBudget(pins: number[], email: string): Promise<void> {
  const token = (await a.signIn(email)).accessToken;
  const remaining: number[] = [];
  let accepted = 0;
  let cost = 0;
  let refusedAt = -1;
  for (let i = 0; i < 200 && refusedAt < 0; i++) {
    const pin = pins[i % pins.length];
    const res = await lb.gql(PRICEY, {}, token, pin);
    await lb.instances[pin].settled();
    if (res.status === 429) refusedAt = i;
    else {
      expect(res.errors).toBeUndefined();
      accepted++;
      cost = res.data!.rateLimit.cost;
      remaining.push(res.data!.rateLimit.remaining);
    }
  }
  expect(refusedAt).toBeGreaterThan(0);
  // One budget, not one per instance: accepted ≤ budget / cost, and what remains only goes down.
  expect(accepted).toBeLessThanOrEqual(Math.floor(BUDGET / cost));
  expect(accepted).toBeGreaterThanOrEqual(Math.floor(BUDGET / cost) - 1);
  for (let i = 1; i < remaining.length; i++) expect(remaining[i]).toBeLessThan(remaining[i - 1]);
  for (const pin of pins) expect((await lb.gql(PRICEY, {}, token, pin)).status).toBe(429);
}

(process.env.REDIS_URL ? describe : describe.skip)('with REDIS_URL: the budgets in Redis', () => {
  let r1: TestServer;
  let r2: TestServer;
  beforeAll(async () => {
    const rateLimits = { pointsPerWindow: BUDGET, redisUrl: process.env.REDIS_URL! };
    r1 = await startTestServer({ shareDatabaseOf: a, rateLimits });
    r2 = await startTestServer({ shareDatabaseOf: a, rateLimits });
    lb = new Balancer([r1, r2]);
  });
  afterAll(async () => {
    await r1?.close();
    await r2?.close();
  });

  it('shared across instances through Redis', async () => {
    await expectSharedBudget([0, 1], 'admin@southbrook.example');
  });
});
