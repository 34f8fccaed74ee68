import type { QueryRunner } from 'typeorm';
import { startTestServer, type TestServer } from '../support/server';

/**
 * A query whose only write is its budget's charge is answered before its COMMIT (graphql-route.ts,
 * TenantTransaction.commitsAfterAnswer): the COMMIT follows on the same connection, and the same caller's next request
 * reads its budget only once that COMMIT has ended. A mutation is answered only after its COMMIT, as ever.
 *
 * The charge's INSERT is held back by a SHARE lock on rate_limit_charge taken by the test (reads of the budget are not
 * blocked by it, INSERTs are), so each claim is checked against a COMMIT that demonstrably has not happened yet.
 */
let server: TestServer;
let admin: string;
let teacher: string;
let lock: QueryRunner;

beforeAll(async () => {
  server = await startTestServer();
  admin = (await server.signIn('admin@southbrook.example')).accessToken;
  teacher = (await server.signIn('kmensah@southbrook.example')).accessToken;
});
afterAll(async () => {
  await lock?.release().catch(() => undefined);
  await server.close();
});

/** A request over real HTTP that does not wait for anything but its answer (not server.gql, which waits for COMMITs). */
function post(query: string, token: string, variables: Record<string, unknown> = {}) {
  return fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  }).then(async (res) => ({
    status: res.status,
    remaining: Number(res.headers.get('x-ratelimit-remaining')),
    body: (await res.json()) as { data?: Record<string, any>; errors?: unknown[] },
  }));
}

/** Waits until `n` of the API's sessions wait for the test's lock on rate_limit_charge (PostgreSQL's own signal). */
async function waitersOnTheLock(n: number): Promise<void> {
  for (;;) {
    const [{ waiting }] = await server.owner.query(
      `SELECT count(*)::int AS waiting FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'rate_limit_charge' AND NOT l.granted`,
    );
    if (waiting >= n) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const QUERY = `{ currentDistrict { slug } }`;
const PENDING = Symbol('pending');
const stillPending = (p: Promise<unknown>) =>
  Promise.race([p, new Promise((resolve) => setTimeout(() => resolve(PENDING), 300))]);

describe('a query answered before its COMMIT', () => {
  it('answers while its charge waits to commit; the same caller next waits for it; a mutation waits for its own COMMIT', async () => {
    // Warm the budget's rows: the first request of a caller may take a path of its own.
    const warm = await post(QUERY, admin);
    expect(warm.status).toBe(200);
    await server.settled();

    lock = server.owner.createQueryRunner();
    await lock.connect();
    await lock.startTransaction();
    await lock.query(`LOCK TABLE rate_limit_charge IN SHARE MODE`);

    // The query is answered although its COMMIT (the charge's INSERT) cannot run yet.
    const first = await post(QUERY, admin);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ currentDistrict: { slug: 'southbrook' } });
    await waitersOnTheLock(1);

    // The same caller's next request waits for that COMMIT before it reads its budget.
    const second = post(QUERY, admin);
    // Another caller's mutation is answered only after its own COMMIT, which the lock holds back too.
    const mutation = post(
      `mutation($i: MailProfileInput!) { mailProfileSet(input: $i) { effectiveLanguage } }`,
      teacher,
      { i: { language: 'ES' } },
    );
    await waitersOnTheLock(2);
    expect(await stillPending(second)).toBe(PENDING);
    expect(await stillPending(mutation)).toBe(PENDING);

    await lock.commitTransaction();
    const [after, changed] = await Promise.all([second, mutation]);
    expect(after.status).toBe(200);
    expect(changed.status).toBe(200);
    expect(changed.body.data).toEqual({ mailProfileSet: { effectiveLanguage: 'ES' } });
    // The second read its budget after the first's charge had landed: the first's cost is gone from what remains.
    const cost = warm.remaining - first.remaining;
    expect(cost).toBeGreaterThan(0);
    expect(after.remaining).toBe(first.remaining - cost);
    await server.settled();
  });

  it('commits the charge after the answer: visible once settled, and the connection goes back to the pool clean', async () => {
    const res = await post(QUERY, admin);
    expect(res.status).toBe(200);
    await server.settled();
    const [{ idle }] = await server.owner.query(
      `SELECT count(*)::int AS idle FROM pg_stat_activity WHERE state = 'idle in transaction' AND usename <> current_user`,
    );
    expect(idle).toBe(0);
  });
});
