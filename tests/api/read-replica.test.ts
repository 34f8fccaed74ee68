import 'reflect-metadata';
import { Client } from 'pg';
import { startTestServer, type TestServer } from '../support/server';
import { postgresBinaries, startStreamingPair, type StreamingPair } from '../support/streaming-replica';
import type { TestDatabase } from '../support/database';
import { adminQuery, APP_ROLE, ENV } from '../setup/test-database';
import { appUrlFrom, prepareDatabase } from '../../packages/api/src/db/bootstrap';
import { createLogger } from '../../packages/api/src/logger';
import { createMetrics, type Metrics } from '../../packages/api/src/http/metrics';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

/**
 * DATABASE_READ_URL (docs/operations.md, Read replicas): the funnel and the dashboards read a replica while it
 * answers and is at most DATABASE_READ_MAX_LAG_MS behind the primary, and the primary otherwise. Proven on a real
 * streaming replica started here from the machine's PostgreSQL programs (pg_basebackup), and, on any machine, with
 * the primary standing in for a replica and with a replica that does not answer.
 */
const FUNNEL = `query($s: FunnelScopeInput!, $w: DateWindowInput!) { funnel(scope: $s, window: $w) { held } }`;
const LOG = `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id } } }`;

function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}
const WINDOW = { s: { kind: 'DISTRICT' }, w: { from: day(-30), to: day(1) } };

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function held(server: TestServer, token: string): Promise<number> {
  const res = await server.gql<{ funnel: { held: number } }>(FUNNEL, WINDOW, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.funnel.held;
}

/** A past session the demo coach facilitates, inserted by the owner on the primary; returns its log input. */
async function pastSession(server: TestServer, minutesAgo: number): Promise<Record<string, unknown>> {
  const [row] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status)
     SELECT c.district_id, c.id, date_trunc('minute', now()) - make_interval(mins => $1::int), 'SCHEDULED'
       FROM learning_conversation c JOIN staff_member f ON f.id = c.facilitator_id
      WHERE f.email = 'coach@northfield.example'
      ORDER BY c.id LIMIT 1
     RETURNING id, version, (SELECT facilitator_id FROM learning_conversation WHERE id = conversation_id) AS facilitator`,
    [minutesAgo],
  );
  return {
    id: toGlobalId('ConversationSession', row.id),
    rawId: row.id,
    version: row.version,
    heldAt: new Date().toISOString(),
    durationMinutes: 30,
    attendeeIds: [toGlobalId('StaffMember', row.facilitator)],
  };
}

function routed(metrics: Metrics, target: string, reason: string): Promise<number> {
  return metrics.readRouting
    .get()
    .then((m) => m.values.find((v) => v.labels.target === target && v.labels.reason === reason)?.value ?? 0);
}

const bin = postgresBinaries();

(bin ? describe : describe.skip)('a streaming replica of a primary started here (pg_basebackup)', () => {
  let pair: StreamingPair;
  let database: TestDatabase;
  let lenient: TestServer;
  let strict: TestServer;
  const lenientMetrics = createMetrics();
  const strictMetrics = createMetrics();
  let admin: string;
  let coach: string;
  let replicaAppUrl: string;

  beforeAll(async () => {
    pair = await startStreamingPair(bin!);
    await adminQuery(pair.url('primary', 'postgres'), 'CREATE DATABASE throughline');
    const ownerUrl = pair.url('primary', 'throughline');
    const password = process.env[ENV.appPassword] ?? 'throughline-test';
    await prepareDatabase({
      ownerUrl,
      appRole: APP_ROLE,
      appPassword: password,
      provisionRoles: true,
      logger: createLogger('warn'),
    });
    database = {
      name: 'throughline',
      ownerUrl,
      appUrl: appUrlFrom(ownerUrl, APP_ROLE, password),
      drop: async () => undefined,
    };
    replicaAppUrl = appUrlFrom(pair.url('replica', 'throughline'), APP_ROLE, password);
    // The same deployment twice: one tolerates a minute of lag, the other 300 ms.
    lenient = await startTestServer({
      database,
      demoDomain: true,
      metrics: lenientMetrics,
      readReplica: { url: replicaAppUrl, maxLagMs: 60_000 },
    });
    strict = await startTestServer({
      shareDatabaseOf: lenient,
      metrics: strictMetrics,
      readReplica: { url: replicaAppUrl, maxLagMs: 300 },
    });
    admin = (await lenient.signIn('admin@northfield.example')).accessToken;
    coach = (await lenient.signIn('coach@northfield.example')).accessToken;
  }, 180_000);

  afterAll(async () => {
    await strict?.close();
    await lenient?.close();
    pair?.stop();
  });

  /** Waits until the replica has replayed the session row `id` (a write made on the primary). */
  async function replayed(id: string): Promise<void> {
    const client = new Client({ connectionString: pair.url('replica', 'throughline') });
    await client.connect();
    try {
      await until(
        'the replica to replay the write',
        async () => (await client.query(`SELECT 1 FROM conversation_session WHERE id = $1`, [id])).rowCount === 1,
      );
    } finally {
      await client.end();
    }
  }

  it('caught up: the funnel reads the replica, and its figures are the primary’s', async () => {
    expect(await lenient.readReplica!.refresh()).toMatchObject({ target: 'replica', reason: 'fresh' });
    expect(await strict.readReplica!.refresh()).toMatchObject({ target: 'replica', reason: 'fresh' });
    const before = await routed(lenientMetrics, 'replica', 'fresh');
    const figure = await held(lenient, admin);
    expect(figure).toBeGreaterThan(0);
    expect(await held(strict, admin)).toBe(figure);
    expect(await routed(lenientMetrics, 'replica', 'fresh')).toBe(before + 1);
  });

  it('behind: within its bound the funnel answers from the replica (stale), past it from the primary', async () => {
    // A write the replica has replayed, then replay paused: from here the replica falls behind.
    const first = await pastSession(lenient, 90);
    await replayed(String(first.rawId));
    await strict.readReplica!.refresh();
    const figure = await held(strict, admin);
    await pair.setReplay(true);
    try {
      const input = await pastSession(lenient, 95);
      delete input.rawId;
      const logged = await lenient.gql(LOG, { i: input }, coach);
      expect(logged.errors).toBeUndefined();
      await until(
        'the strict instance to find the replica behind',
        async () => (await strict.readReplica!.refresh()).reason === 'behind',
      );
      expect(await lenient.readReplica!.refresh()).toMatchObject({ target: 'replica', reason: 'fresh' });
      // The lenient instance reads the replica, which has not replayed the session held; the strict one the primary.
      expect(await held(lenient, admin)).toBe(figure);
      expect(await held(strict, admin)).toBe(figure + 1);
      expect(await routed(strictMetrics, 'primary', 'behind')).toBeGreaterThan(0);
    } finally {
      await pair.setReplay(false);
    }
    await until('the replica to catch up', async () => (await strict.readReplica!.refresh()).reason === 'fresh');
    expect(await held(lenient, admin)).toBe(figure + 1);
    expect(await held(strict, admin)).toBe(figure + 1);
  });

  it('down: the funnel answers from the primary, and from the replica again once it is back', async () => {
    const figure = await held(strict, admin);
    pair.stopReplica();
    try {
      await until('the replica to be seen down', async () => (await strict.readReplica!.refresh()).reason === 'down');
      expect(await held(strict, admin)).toBe(figure);
      expect(await routed(strictMetrics, 'primary', 'down')).toBeGreaterThan(0);
    } finally {
      pair.startReplica();
    }
    await until('the replica to be back', async () => (await strict.readReplica!.refresh()).reason === 'fresh');
    const before = await routed(strictMetrics, 'replica', 'fresh');
    expect(await held(strict, admin)).toBe(figure);
    expect(await routed(strictMetrics, 'replica', 'fresh')).toBe(before + 1);
  });
});

describe('the primary standing in for a replica, and a replica that does not answer', () => {
  let primary: TestServer;
  let standIn: TestServer;
  let unreachable: TestServer;
  const standInMetrics = createMetrics();
  const unreachableMetrics = createMetrics();
  let admin: string;

  beforeAll(async () => {
    primary = await startTestServer({ demoDomain: true });
    standIn = await startTestServer({
      shareDatabaseOf: primary,
      metrics: standInMetrics,
      readReplica: { url: primary.db.appUrl, maxLagMs: 0 },
    });
    // Port 1 on loopback: nothing listens there.
    const nowhere = new URL(primary.db.appUrl);
    nowhere.port = '1';
    unreachable = await startTestServer({
      shareDatabaseOf: primary,
      metrics: unreachableMetrics,
      readReplica: { url: nowhere.toString(), maxLagMs: 5_000 },
    });
    admin = (await primary.signIn('admin@northfield.example')).accessToken;
  }, 120_000);

  afterAll(async () => {
    await unreachable?.close();
    await standIn?.close();
    await primary?.close();
  });

  it('a server not in recovery is never behind: the funnel reads through the read pool', async () => {
    expect(await standIn.readReplica!.refresh()).toMatchObject({ target: 'replica', reason: 'fresh', lagMs: 0 });
    const figure = await held(primary, admin);
    expect(await held(standIn, admin)).toBe(figure);
    expect(await routed(standInMetrics, 'replica', 'fresh')).toBe(1);
  });

  it('before its first check, and when it does not answer, the funnel reads the primary and answers all the same', async () => {
    const figure = await held(primary, admin);
    expect(unreachable.readReplica!.current()).toMatchObject({ target: 'primary', reason: 'unchecked' });
    expect(await held(unreachable, admin)).toBe(figure);
    expect(await routed(unreachableMetrics, 'primary', 'unchecked')).toBe(1);
    expect(await unreachable.readReplica!.refresh()).toMatchObject({ target: 'primary', reason: 'down', lagMs: null });
    expect(await held(unreachable, admin)).toBe(figure);
    expect(await routed(unreachableMetrics, 'primary', 'down')).toBe(1);
  });
});
