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
import { Smtp } from '../support/smtp';
import { insertLoggableDemoSession } from '../support/demo-sessions';

/**
 * The deployment as production runs it, in processes: three API servers (`node packages/api/dist/main.js`,
 * JOB_WORKER=off) through PgBouncer in transaction pooling when this machine has it, and two job workers
 * (`worker.cli.js`, straight to PostgreSQL), on one database and one set of signing keys. A client drives them
 * round-robin the way a load balancer does: it polls /readyz, sends only to ready instances, and retries only a
 * connection refused (nothing was sent). The API instances are restarted one after another under that load with no
 * failed request; a worker killed with SIGKILL in the middle of a webhook delivery loses nothing: another worker
 * delivers it, once in effect (the same webhook-id, one SUCCEEDED delivery, one attempt counted). Both workers
 * running the reminders at once send each reminder once (a real SMTP server counts what arrives).
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
/** The SMTP server the workers send through (SMTP_URL); the demo district keeps its mail in the outbox until told. */
const smtp = new Smtp();
let dataDir: string;
let coachToken: string;
const viaPgBouncer = Boolean(process.env[ENV.pgbouncer]);

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/api'], {
    cwd: ROOT,
  });
  db = await createTestDatabase();
  owner = await openDataSource(db.ownerUrl, 2);
  await seedDemo(owner, createLogger('silent'), { domain: true });
  receiver = new Receiver();
  await receiver.start();
  await smtp.start();
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
    DATABASE_STATEMENT_CACHE: throughPgBouncer(db.appUrl) ? 'off' : 'on',
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
        { ...common, JOB_CONCURRENCY: '2', SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
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
  await smtp.stop();
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
          const input = await insertLoggableDemoSession(owner);
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
    const input = await insertLoggableDemoSession(owner);
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
    // The queue forgets the job once the task has returned: just after the delivery's row committed, not with it.
    await until('the job to leave the queue', async () => {
      const [jobs] = await owner.query(
        `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'webhook.deliver'`,
      );
      return jobs.n === 0;
    });
    expect(survivor.output).toMatch(/released the jobs of workers that stopped without releasing them/);
    held.res.destroy();

    // A replacement worker starts and works the queue with the survivor.
    await victim.start();
    const next = await insertLoggableDemoSession(owner);
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

  it('both workers running the reminders at once: each reminder reaches the SMTP server exactly once', async () => {
    const [{ district, conversation, coach }] = await owner.query(
      `SELECT c.district_id AS district, c.id AS conversation, f.id AS coach
         FROM learning_conversation c JOIN staff_member f ON f.id = c.facilitator_id
        WHERE f.email = 'coach@northfield.example' ORDER BY c.id LIMIT 1`,
    );
    const [{ id: teacher }] = await owner.query(
      `SELECT id FROM staff_member WHERE email = 'teacher@northfield.example'`,
    );
    // Three sessions starting within the reminder lead time (24 hours by default), each expecting the teacher.
    const sessions: string[] = [];
    for (const hours of [2, 3, 4]) {
      const [row] = await owner.query(
        `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
         VALUES ($1, $2, date_trunc('minute', now()) + make_interval(hours => $3::int), 'SCHEDULED') RETURNING id`,
        [district, conversation, hours],
      );
      await owner.query(
        `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
        [district, row.id, teacher],
      );
      sessions.push(row.id);
    }
    await owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [district]);
    // The schedule runs the task every 5 minutes; here eight runs are queued together, for the two workers (two jobs
    // at a time each) to take at once: the race a slow run overlapping the next, or a run repeated, would make.
    await owner.query(`SELECT graphile_worker.add_job('mail.reminders', '{}'::json) FROM generate_series(1, 8)`);
    await until(
      'every reminder run and every message sent',
      async () => {
        const [row] = await owner.query(
          `SELECT (SELECT count(*)::int FROM graphile_worker.jobs
                    WHERE task_identifier IN ('mail.reminders', 'mail.send') AND attempts < max_attempts) AS jobs,
                  (SELECT count(*)::int FROM mail_message WHERE district_id = $1 AND state = 'PENDING') AS pending`,
          [district],
        );
        return row.jobs === 0 && row.pending === 0;
      },
      180_000,
    );

    // Ours: one session reminder per session and person (the facilitator and the teacher), each sent.
    const ours: { staff_member_id: string; n: number; sent: number }[] = await owner.query(
      `SELECT staff_member_id, count(*)::int AS n, count(*) FILTER (WHERE state = 'SENT')::int AS sent
         FROM mail_message WHERE kind = 'SESSION_REMINDER' AND subject_id = ANY($1::uuid[])
        GROUP BY staff_member_id ORDER BY staff_member_id`,
      [sessions],
    );
    expect(
      ours
        .map(({ staff_member_id, n, sent }) => ({ who: staff_member_id, n, sent }))
        .sort((a, b) => a.who.localeCompare(b.who)),
    ).toEqual(
      [
        { who: coach, n: 3, sent: 3 },
        { who: teacher, n: 3, sent: 3 },
      ].sort((a, b) => a.who.localeCompare(b.who)),
    );
    // No reminder of any kind, ours or the demo data's, was queued twice for the same subject, person and round.
    const twice = await owner.query(
      `SELECT kind, subject_id, staff_member_id, count(*)::int AS n FROM mail_message
        WHERE district_id = $1 AND kind IN ('SESSION_REMINDER', 'LOG_NUDGE', 'RATE_NUDGE', 'ACTION_DUE', 'ACTION_OVERDUE')
        GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [district],
    );
    expect(twice).toEqual([]);
    // What the SMTP server received: every sent message once, and per person as many session reminders as were sent.
    const [{ sent }] = await owner.query(
      `SELECT count(*)::int AS sent FROM mail_message WHERE district_id = $1 AND state = 'SENT'`,
      [district],
    );
    expect(smtp.messages.length).toBe(sent);
    const messageIds = smtp.messages.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw)?.[1]);
    expect(new Set(messageIds).size).toBe(smtp.messages.length);
    for (const email of ['coach@northfield.example', 'teacher@northfield.example']) {
      const [{ n }] = await owner.query(
        `SELECT count(*)::int AS n FROM mail_message m JOIN staff_member p ON p.district_id = m.district_id AND p.id = m.staff_member_id
          WHERE m.kind = 'SESSION_REMINDER' AND m.state = 'SENT' AND p.email = $1`,
        [email],
      );
      const received = smtp.messages.filter((m) => m.to.includes(email) && /^Subject: Coming up/im.test(m.raw));
      expect({ email, received: received.length }).toEqual({ email, received: n });
      expect(n).toBeGreaterThanOrEqual(3);
    }
  }, 300_000);
});
