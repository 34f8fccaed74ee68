import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { adminQuery } from '../setup/test-database';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

/**
 * The real entry point, as `npm start` runs it (compiled), against a DATABASE_URL database: what it prints, what it
 * seeds, and how it stops.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function start(
  env: Record<string, string>,
  script = 'packages/api/dist/main.js',
  readyLine = /GraphQL\s+(http:\/\/\S+)\/graphql/,
): {
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  ready: Promise<string>;
} {
  const child = spawn(process.execPath, [path.join(ROOT, script)], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_APP_PASSWORD: process.env.TL_TEST_APP_PASSWORD ?? '',
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = readyLine.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(match[1] ?? match[0]);
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited ${code}: ${out}`));
    });
  });
  return { child, output: () => out, ready };
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

let db: TestDatabase;
beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
}, 120_000);
afterAll(() => db.drop());

describe('the server process', () => {
  it('with DATABASE_URL and no DEMO, starts, prints where everything is, and seeds no accounts', async () => {
    const server = start({ DATABASE_URL: db.ownerUrl, DATA_DIR: path.join(ROOT, '.data', 'test-process') });
    const base = await server.ready;
    expect(server.output()).toMatch(/Health\s+http:\/\/127\.0\.0\.1:\d+\/healthz/);
    expect(server.output()).toMatch(/Readiness\s+http:\/\/127\.0\.0\.1:\d+\/readyz/);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const [{ n }] = await adminQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM district`);
    expect(n).toBe(0);
    const exited = exitCode(server.child);
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('with DEMO=1 seeds the demo districts; SIGTERM lets a request in flight finish, then exits 0', async () => {
    const server = start({ DATABASE_URL: db.ownerUrl, DEMO: '1', DATA_DIR: path.join(ROOT, '.data', 'test-process') });
    const base = await server.ready;
    const [{ n }] = await adminQuery<{ n: number }>(db.ownerUrl, `SELECT count(*)::int AS n FROM district`);
    expect(n).toBe(2);
    const exited = exitCode(server.child);
    // A sign-in takes a memory-hard hash: it is still running when the signal arrives.
    const inFlight = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { signIn(input: { email: "admin@northfield.example", password: "throughline-demo" }) { accessToken } }`,
      }),
    });
    await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data.signIn.accessToken).toBeTruthy();
    expect(await exited).toBe(0);
    expect(server.output()).not.toMatch(/Error|BEGIN|ROLLBACK|\bat .*\.js:\d+/);
  });

  it('refuses to start when the API role could bypass row-level security', async () => {
    const server = start({
      DATABASE_URL: db.ownerUrl,
      DATABASE_APP_URL: db.ownerUrl,
      DATA_DIR: path.join(ROOT, '.data', 'test-process'),
    });
    await expect(server.ready).rejects.toThrow(/must not be a superuser/);
  });
});

/** A webhook receiver: it answers 200 and keeps the webhook-id of every request, telling each one as it arrives. */
class Receiver {
  readonly ids: string[] = [];
  private waiting: (() => void)[] = [];
  private server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      this.ids.push(String(req.headers['webhook-id']));
      res.writeHead(200).end('ok');
      for (const wake of this.waiting.splice(0)) wake();
    });
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }
  /** Resolves at the next request (or at once when one came already), rejects after `ms`. */
  delivery(ms: number): Promise<string> {
    if (this.ids.length) return Promise.resolve(this.ids[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no delivery within ${ms} ms`)), ms);
      this.waiting.push(() => {
        clearTimeout(timer);
        resolve(this.ids[0]);
      });
    });
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function gql(base: string, query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }`;

/**
 * In a demo database the API serves at `base`: an admin subscribes the receiver to session.held, and the demo coach
 * logs a session as held (a webhook delivery enqueued in the same transaction).
 */
async function logSessionWithWebhook(base: string, ownerUrl: string, receiver: Receiver): Promise<void> {
  const password = 'throughline-demo';
  const admin = (await gql(base, SIGN_IN, { i: { email: 'admin@northfield.example', password } })).signIn;
  await gql(
    base,
    `mutation($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { endpoint { id } } }`,
    { i: { url: receiver.url, eventTypes: ['session.held'] } },
    admin.accessToken,
  );
  const [row] = await adminQuery<{ id: string; version: number; facilitator: string }>(
    ownerUrl,
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, date_trunc('minute', now()) - interval '2 hours', 'SCHEDULED'
       FROM learning_conversation c JOIN staff_member f ON f.id = c.facilitator_id
      WHERE f.email = 'coach@northfield.example'
      ORDER BY c.id LIMIT 1
     RETURNING id, version, (SELECT facilitator_id FROM learning_conversation WHERE id = conversation_id) AS facilitator`,
  );
  const coach = (await gql(base, SIGN_IN, { i: { email: 'coach@northfield.example', password } })).signIn;
  await gql(
    base,
    `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id } } }`,
    {
      i: {
        id: toGlobalId('ConversationSession', row.id),
        version: row.version,
        heldAt: new Date().toISOString(),
        durationMinutes: 30,
        attendeeIds: [toGlobalId('StaffMember', row.facilitator)],
      },
    },
    coach.accessToken,
  );
}

/** The webhook jobs in the queue: the outbox's dispatch (which makes the deliveries), the deliveries, and their tries. */
async function webhookJobs(ownerUrl: string): Promise<{ dispatch: number; deliver: number; attempts: number }> {
  const [row] = await adminQuery<{ dispatch: number; deliver: number; attempts: number }>(
    ownerUrl,
    `SELECT count(*) FILTER (WHERE task_identifier = 'outbox.dispatch')::int AS dispatch,
            count(*) FILTER (WHERE task_identifier = 'webhook.deliver')::int AS deliver,
            coalesce(sum(attempts), 0)::int AS attempts
       FROM graphile_worker.jobs WHERE task_identifier IN ('outbox.dispatch', 'webhook.deliver')`,
  );
  return row;
}

describe('the job worker', () => {
  const env = (database: TestDatabase, extra: Record<string, string> = {}) => ({
    DATABASE_URL: database.ownerUrl,
    DEMO: '1',
    // Development allows a webhook receiver on 127.0.0.1.
    NODE_ENV: 'development',
    DATA_DIR: path.join(ROOT, '.data', 'test-process'),
    RATE_LIMIT_POINTS_PER_HOUR: '100000000',
    ...extra,
  });

  it('runs inside the process `npm start` starts, by default: a webhook is delivered with no other process running', async () => {
    const database = await createTestDatabase();
    const receiver = new Receiver();
    await receiver.start();
    const server = start(env(database));
    try {
      const base = await server.ready;
      await logSessionWithWebhook(base, database.ownerUrl, receiver);
      await expect(receiver.delivery(30_000)).resolves.toMatch(/\S/);
      // The delivery is recorded as succeeded once the receiver's 200 is in: by this process's worker.
      let states: { state: string; attempts: number }[] = [];
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        states = await adminQuery(database.ownerUrl, `SELECT state, attempt_count AS attempts FROM webhook_delivery`);
        if (states[0]?.state === 'SUCCEEDED') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(states).toEqual([{ state: 'SUCCEEDED', attempts: 1 }]);
      expect(receiver.ids).toHaveLength(1);
      expect(server.output()).not.toMatch(/\bat .*\.js:\d+|"level":"(error|fatal)"/);
    } finally {
      const exited = exitCode(server.child);
      server.child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await receiver.close();
      await database.drop();
    }
  }, 120_000);

  it('JOB_WORKER=off leaves the job queued in PostgreSQL, untouched, until `npm run worker` runs it', async () => {
    const database = await createTestDatabase();
    const receiver = new Receiver();
    await receiver.start();
    const server = start(env(database, { JOB_WORKER: 'off' }));
    let worker: ReturnType<typeof start> | null = null;
    try {
      const base = await server.ready;
      await logSessionWithWebhook(base, database.ownerUrl, receiver);
      // The change's dispatch job was added in its transaction, and waits: no worker takes it.
      const queued = await webhookJobs(database.ownerUrl);
      expect(queued).toEqual({ dispatch: expect.any(Number), deliver: 0, attempts: 0 });
      expect(queued.dispatch).toBeGreaterThan(0);
      // Far longer than the default worker takes to deliver (well under a second here): nothing comes, nothing runs.
      await expect(receiver.delivery(3_000)).rejects.toThrow(/no delivery/);
      expect(await webhookJobs(database.ownerUrl)).toEqual(queued);
      expect(await adminQuery(database.ownerUrl, `SELECT id FROM webhook_delivery`)).toEqual([]);
      // The worker alone, as `npm run worker` starts it, delivers what was waiting.
      worker = start(env(database), 'packages/api/dist/server/worker.cli.js', /job worker is running/);
      await worker.ready;
      await expect(receiver.delivery(30_000)).resolves.toMatch(/\S/);
      expect(receiver.ids).toHaveLength(1);
    } finally {
      for (const p of [worker, server]) {
        if (!p) continue;
        const exited = exitCode(p.child);
        p.child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
      await receiver.close();
      await database.drop();
    }
  }, 120_000);
});
