import 'reflect-metadata';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createTestDatabase, openDataSource, type TestDatabase } from '../support/database';
import { ENV } from '../setup/test-database';
import { throughPgBouncer } from '../setup/pgbouncer';
import { generateSigningJwk } from '../../packages/api/src/auth/keys';
import { seedDemo } from '../../packages/api/src/demo/seed-demo';
import { createLogger } from '../../packages/api/src/logger';
import { DEMO_PASSWORD } from '../../packages/api/src/demo/demo-data';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

/**
 * The deployment as production runs it, in processes: three API servers (`node packages/api/dist/main.js`,
 * JOB_WORKER=off) through PgBouncer in transaction pooling when this machine has it, and two job workers
 * (`worker.cli.js`, straight to PostgreSQL), on one database and one set of signing keys. A client drives them
 * round-robin the way a load balancer does: it polls /readyz, sends only to ready instances, and retries only a
 * connection refused (nothing was sent). The API instances are restarted one after another under that load with no
 * failed request; a worker killed with SIGKILL in the middle of a webhook delivery loses nothing: another worker
 * delivers it, once in effect (the same webhook-id, one SUCCEEDED delivery, one attempt counted).
 */
const ROOT = path.resolve(__dirname, '..', '..');
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken refreshToken } }`;
const ME = `{ me { staffMember { displayName } } }`;
const LOG = `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state } } }`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Polls `probe` until it answers; `ms` is only the outer bound of a wait on something the system signals. */
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One process of the deployment, started again on the same port after it stops (a rolling restart). */
class Instance {
  child!: ChildProcessWithoutNullStreams;
  output = '';
  private exited!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  constructor(
    readonly name: string,
    private readonly script: string,
    private readonly env: Record<string, string>,
    /** The line on stdout that says it is serving. */
    private readonly readyLine: RegExp,
  ) {}

  async start(): Promise<void> {
    this.output = '';
    this.child = spawn(process.execPath, [path.join(ROOT, this.script)], {
      env: { ...process.env, ...this.env },
    });
    this.child.stdout.on('data', (d) => (this.output += d));
    this.child.stderr.on('data', (d) => (this.output += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    const exitedEarly = this.exited.then(({ code }) => {
      throw new Error(`${this.name} exited ${code} while starting: ${this.output}`);
    });
    await Promise.race([until(`${this.name} to start`, async () => this.readyLine.test(this.output)), exitedEarly]);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** SIGTERM: it drains and exits 0. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    return (await this.exited).code;
  }

  async kill(): Promise<NodeJS.Signals | null> {
    this.child.kill('SIGKILL');
    return (await this.exited).signal;
  }
}

interface Outcome {
  instance: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/**
 * A load balancer: health-checks /readyz every 50 ms, sends round-robin to ready instances, and sends a request
 * elsewhere only when the connection was refused (the request never left). Everything else is the caller's answer.
 */
class Balancer {
  readonly ready: boolean[];
  readonly outcomes: Outcome[] = [];
  private next = 0;
  private checking = true;
  private readonly checker: Promise<void>;
  constructor(private readonly urls: string[]) {
    this.ready = urls.map(() => false);
    this.checker = this.healthCheck();
  }

  private async healthCheck(): Promise<void> {
    while (this.checking) {
      await Promise.all(
        this.urls.map(async (url, i) => {
          try {
            const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
            await res.arrayBuffer();
            this.ready[i] = res.status === 200;
          } catch {
            this.ready[i] = false;
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stopChecking(): Promise<void> {
    this.checking = false;
    await this.checker;
  }

  private async pick(): Promise<number> {
    return until('a ready instance', async () => {
      for (let n = 0; n < this.urls.length; n++) {
        const i = this.next++ % this.urls.length;
        if (this.ready[i]) return i + 1;
      }
      return null;
    }).then((i) => i - 1);
  }

  async gql<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token?: string | null,
  ): Promise<{ status: number; instance: number; data?: T; errors?: any[] }> {
    for (;;) {
      const i = await this.pick();
      try {
        const res = await fetch(`${this.urls[i]}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = (await res.json()) as { data?: T; errors?: any[] };
        const ok = res.status === 200 && !body.errors;
        this.outcomes.push({ instance: i, ok, status: res.status, error: ok ? undefined : JSON.stringify(body) });
        return { status: res.status, instance: i, ...body };
      } catch (error) {
        const code = (error as { cause?: { code?: string } }).cause?.code;
        if (code === 'ECONNREFUSED') {
          // Never reached it: out of rotation until its health check says otherwise, and the request goes elsewhere.
          this.ready[i] = false;
          continue;
        }
        this.outcomes.push({ instance: i, ok: false, error: code ?? String(error) });
        throw error;
      }
    }
  }
}

/**
 * A webhook receiver. In hold mode it keeps the next delivery's request unanswered (the worker is then mid-job) and
 * tells which local port it came from; otherwise it answers 200. It counts every request per webhook-id.
 */
class Receiver {
  readonly byId = new Map<string, number>();
  hold = false;
  held: { id: string; port: number; res: http.ServerResponse } | null = null;
  private server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id']);
      this.byId.set(id, (this.byId.get(id) ?? 0) + 1);
      if (this.hold && !this.held) {
        this.held = { id, port: req.socket.remotePort!, res };
        return;
      }
      res.writeHead(200).end('ok');
    });
  });
  port = 0;
  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The process holding the TCP connection from local port `port` to `remotePort` on loopback (Linux /proc). */
function processOfConnection(port: number, remotePort: number, pids: number[]): number | null {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  const line = fs
    .readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1]?.endsWith(`:${hex(port)}`) && f[2]?.endsWith(`:${hex(remotePort)}`));
  if (!line) return null;
  const socket = `socket:[${line[9]}]`;
  for (const pid of pids) {
    const dir = `/proc/${pid}/fd`;
    for (const fd of fs.readdirSync(dir)) {
      try {
        if (fs.readlinkSync(path.join(dir, fd)) === socket) return pid;
      } catch {
        // closed meanwhile
      }
    }
  }
  return null;
}

let db: TestDatabase;
let owner: DataSource;
let apis: Instance[];
let workers: Instance[];
let lb: Balancer;
let receiver: Receiver;
let dataDir: string;
let coachToken: string;
const viaPgBouncer = Boolean(process.env[ENV.pgbouncer]);

/** A session the demo coach facilitates, scheduled in the past (loggable), inserted by the owner. */
let made = 0;
async function freshSession(): Promise<Record<string, unknown>> {
  const [row] = await owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, date_trunc('minute', now()) - make_interval(mins => 60 + $1::int), 'SCHEDULED'
       FROM learning_conversation c JOIN staff_member f ON f.id = c.facilitator_id
      WHERE f.email = 'coach@northfield.example'
      ORDER BY c.id LIMIT 1
     RETURNING id, version, (SELECT facilitator_id FROM learning_conversation WHERE id = conversation_id) AS facilitator`,
    [++made],
  );
  return {
    id: toGlobalId('ConversationSession', row.id),
    version: row.version,
    heldAt: new Date().toISOString(),
    durationMinutes: 30,
    attendeeIds: [toGlobalId('StaffMember', row.facilitator)],
  };
}

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
  owner = await openDataSource(db.ownerUrl, 2);
  await seedDemo(owner, createLogger('silent'), { domain: true });
  receiver = new Receiver();
  await receiver.start();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-processes-'));
  const common: Record<string, string> = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: db.ownerUrl,
    DATABASE_APP_PASSWORD: process.env[ENV.appPassword] ?? '',
    // Workers LISTEN: straight to PostgreSQL, while the API instances go through PgBouncer.
    DATABASE_DIRECT_URL: db.appUrl,
    JWT_SIGNING_KEYS: JSON.stringify([await generateSigningJwk()]),
    RATE_LIMIT_POINTS_PER_HOUR: '100000000',
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    METRICS_PORT: '',
  };
  const apiEnv = {
    ...common,
    JOB_WORKER: 'off',
    DATABASE_APP_URL: throughPgBouncer(db.appUrl) ?? db.appUrl,
    DATABASE_POOL_MAX: '4',
    // Long enough for the balancer's 50 ms health checks to take a stopping instance out before it stops listening.
    SHUTDOWN_DELAY_MS: '1500',
  };
  const ports = [await freePort(), await freePort(), await freePort()];
  apis = ports.map(
    (port, i) =>
      new Instance(`api ${i}`, 'packages/api/dist/main.js', { ...apiEnv, PORT: String(port) }, /GraphQL\s+http:/),
  );
  workers = [0, 1].map(
    (i) =>
      new Instance(
        `worker ${i}`,
        'packages/api/dist/server/worker.cli.js',
        { ...common, JOB_CONCURRENCY: '2' },
        /job worker is running/,
      ),
  );
  // The first API applies anything pending alone; the rest start together, as a rollout's pods do.
  await apis[0].start();
  await Promise.all([...apis.slice(1), ...workers].map((p) => p.start()));
  lb = new Balancer(ports.map((port) => `http://127.0.0.1:${port}`));
  await until('every API ready', async () => lb.ready.every(Boolean));

  const admin = await lb.gql(SIGN_IN, { input: { email: 'admin@northfield.example', password: DEMO_PASSWORD } });
  const created = await lb.gql(
    `mutation($i: WebhookEndpointCreateInput!) { webhookEndpointCreate(input: $i) { endpoint { id } } }`,
    { i: { url: receiver.url, eventTypes: ['session.held'] } },
    admin.data.signIn.accessToken,
  );
  expect(created.errors).toBeUndefined();
  const coach = await lb.gql(SIGN_IN, { input: { email: 'coach@northfield.example', password: DEMO_PASSWORD } });
  coachToken = coach.data.signIn.accessToken;
}, 600_000);

afterAll(async () => {
  await lb?.stopChecking();
  await Promise.all([...(apis ?? []), ...(workers ?? [])].map((p) => p.child && p.stop().catch(() => undefined)));
  await receiver?.close();
  await owner?.destroy();
  await db?.drop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe(`three API processes${viaPgBouncer ? ' through PgBouncer' : ''} and two worker processes`, () => {
  it('a rolling restart of every API instance under load: no request fails, and each instance served again after its restart', async () => {
    const pidsBefore = apis.map((a) => a.pid);
    let running = true;
    const logged: string[] = [];
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const kind = (n + i) % 4;
        if (kind === 0 && i % 8 === 0) {
          await lb.gql(SIGN_IN, { input: { email: 'teacher@northfield.example', password: DEMO_PASSWORD } });
        } else if (kind === 1) {
          const input = await freshSession();
          const res = await lb.gql(LOG, { i: input }, coachToken);
          if (!res.errors) logged.push(String(input.id));
        } else {
          await lb.gql(ME, {}, coachToken);
        }
      }
    };
    const clients = Promise.all([0, 1, 2, 3].map((n) => client(n).catch(() => undefined)));
    const servedAfterRestart: number[] = [];
    try {
      for (const [i, api] of apis.entries()) {
        const before = lb.outcomes.length;
        // Under load before the signal: requests are reaching this instance.
        await until(`api ${i} to serve`, async () => lb.outcomes.slice(before).some((o) => o.instance === i));
        expect(await api.stop()).toBe(0);
        await api.start();
        await until(`api ${i} back in rotation`, async () => lb.ready[i]);
        const after = lb.outcomes.length;
        await until(`api ${i} to serve after its restart`, async () =>
          lb.outcomes.slice(after).some((o) => o.instance === i),
        );
        servedAfterRestart.push(i);
      }
    } finally {
      running = false;
      await clients;
    }

    const failed = lb.outcomes.filter((o) => !o.ok);
    expect(failed).toEqual([]);
    expect(servedAfterRestart).toEqual([0, 1, 2]);
    expect(apis.map((a) => a.pid).every((pid, i) => pid !== pidsBefore[i])).toBe(true);
    expect(lb.outcomes.length).toBeGreaterThan(30);
    expect(logged.length).toBeGreaterThan(3);
    // What was logged under the restarts reached the receiver: one delivery per session held, each succeeded once.
    await until('every delivery of the restart', async () => {
      const [row] = await owner.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE state = 'SUCCEEDED'`);
      return row.n >= logged.length;
    });
    const [deliveries] = await owner.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS events, max(attempt_count)::int AS attempts
         FROM webhook_delivery`,
    );
    expect(deliveries).toEqual({ n: logged.length, events: logged.length, attempts: 1 });
    for (const api of apis) expect(api.output).not.toMatch(/\bat .*\.js:\d+|"level":"(error|fatal)"/);
  }, 900_000);

  it('a worker killed (SIGKILL) in the middle of a delivery: another worker delivers it, once in effect', async () => {
    receiver.hold = true;
    const input = await freshSession();
    const res = await lb.gql(LOG, { i: input }, coachToken);
    expect(res.errors).toBeUndefined();
    // A worker has the delivery's job in hand: its request is at the receiver, unanswered.
    const held = await until('a delivery in hand', async () => receiver.held);
    const pid = processOfConnection(held.port, receiver.port, [workers[0].pid, workers[1].pid]);
    expect(pid).not.toBeNull();
    const victim = workers.find((w) => w.pid === pid)!;
    const survivor = workers.find((w) => w !== victim)!;
    const [locked] = await owner.query(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'webhook.deliver' AND locked_by IS NOT NULL`,
    );
    expect(locked.n).toBe(1);
    expect(await victim.kill()).toBe('SIGKILL');
    receiver.hold = false;

    // The survivor finds the dead worker's job (its liveness lock is gone) and delivers it with the same webhook-id.
    await until('the delivery to succeed elsewhere', async () => (receiver.byId.get(held.id) ?? 0) >= 2);
    const [delivery] = await until('the delivery recorded', async () => {
      const rows = await owner.query(
        `SELECT d.state, d.attempt_count FROM webhook_delivery d WHERE d.event_id::text = $1 AND d.state = 'SUCCEEDED'`,
        [held.id],
      );
      return rows.length ? rows : null;
    });
    expect(delivery).toEqual({ state: 'SUCCEEDED', attempt_count: 1 });
    expect(receiver.byId.get(held.id)).toBe(2);
    const [jobs] = await owner.query(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'webhook.deliver'`,
    );
    expect(jobs.n).toBe(0);
    expect(survivor.output).toMatch(/released the jobs of workers that stopped without releasing them/);
    held.res.destroy();

    // A replacement worker starts and works the queue with the survivor.
    await victim.start();
    const next = await freshSession();
    expect((await lb.gql(LOG, { i: next }, coachToken)).errors).toBeUndefined();
    await until('every delivery, the next one included', async () => {
      const [row] = await owner.query(
        `SELECT count(*)::int AS events,
                (SELECT count(*)::int FROM webhook_delivery WHERE state = 'SUCCEEDED') AS succeeded
           FROM outbox_event WHERE type = 'session.held'`,
      );
      return row.events > 0 && row.succeeded === row.events;
    });
  }, 300_000);
});
