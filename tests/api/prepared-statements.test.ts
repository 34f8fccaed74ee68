import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';

/**
 * The funnel's rollup statements are named statements, planned once per database connection (db/prepared.ts):
 * one connection serves two districts' funnels in turn, past the point where PostgreSQL keeps a generic plan, and
 * every answer is what the same statement sent unnamed answers; a statement lost behind the client's back (as behind
 * PgBouncer before 1.21) is answered 503 once, and the next request is served unnamed.
 */
let named: TestServer;
let unnamed: TestServer;
const callers: { token: string; school: string }[] = [];

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const WINDOW = { from: day(-200), to: day(60) };
const SIX = `due held heldRate quality followThrough reach`;
const SCHOOL = `query($w: DateWindowInput!, $s: ID) { funnel(scope: { kind: SCHOOL, id: $s }, window: $w) { ${SIX} } }`;
const DISTRICT = `query($w: DateWindowInput!) { funnel(scope: { kind: DISTRICT }, window: $w) { ${SIX} } }`;

beforeAll(async () => {
  // One connection: every request of `named` runs on the same database session, so its statements are reused.
  // (Signing in takes a second connection: people sign in through `unnamed`, whose tokens `named` accepts.)
  unnamed = await startTestServer({ demoDomain: true, statementCache: false });
  named = await startTestServer({ shareDatabaseOf: unnamed, poolMax: 1 });
  for (const slug of ['northfield', 'southbrook']) {
    const [school] = await named.owner.query(
      `SELECT c.school_id AS id FROM conversation_session s
         JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
         JOIN district d ON d.id = s.district_id
        WHERE d.slug = $1 AND c.school_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [slug],
    );
    callers.push({
      token: (await unnamed.signIn(`admin@${slug}.example`)).accessToken,
      school: toGlobalId('School', school.id),
    });
  }
}, 120_000);
afterAll(async () => {
  await named?.close();
  await unnamed?.close();
});

const ask = async (server: TestServer, query: string, caller: { token: string; school: string }) =>
  ok(await server.gql(query, { w: WINDOW, s: caller.school }, caller.token)).funnel;

describe('rollup statements planned once per connection', () => {
  it('two districts take turns on one connection past the generic plan: each answer is the unnamed one', async () => {
    const expected = await Promise.all(callers.flatMap((c) => [ask(unnamed, SCHOOL, c), ask(unnamed, DISTRICT, c)]));
    // The districts' answers differ, so an answer served from the other district's rows would show.
    expect(expected[1]).not.toEqual(expected[3]);
    expect(expected[1].held).toBeGreaterThan(0);
    for (let round = 0; round < 8; round++) {
      for (const [i, c] of callers.entries()) {
        expect(await ask(named, SCHOOL, c)).toEqual(expected[2 * i]);
        expect(await ask(named, DISTRICT, c)).toEqual(expected[2 * i + 1]);
      }
    }
    // The connection holds the rollup statements, and PostgreSQL ran them from a plan it kept.
    const prepared = await named.app.query(
      `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'tl\\_%'`,
    );
    expect(prepared).toHaveLength(2);
    for (const p of prepared) expect(Number(p.generic_plans)).toBeGreaterThan(0);
  });

  it("list pages are named statements too: two districts' strategy and session pages take turns, each answer the unnamed one", async () => {
    const STRATEGIES = `{ strategies(first: 20) { nodes { id title mappings { conversation { id title recentSessions(limit: 3) { id scheduledAt actions { id status dueOn } } } } } } }`;
    const SESSIONS = `{ sessions(first: 50) { nodes { id scheduledAt conversation { title facilitator { givenName familyName } } } } }`;
    const page = async (server: TestServer, query: string, caller: { token: string }) =>
      ok(await server.gql(query, {}, caller.token));
    const expected = await Promise.all(
      callers.flatMap((c) => [page(unnamed, STRATEGIES, c), page(unnamed, SESSIONS, c)]),
    );
    expect(expected[0]).not.toEqual(expected[2]);
    expect(expected[1].sessions.nodes.length).toBeGreaterThan(0);
    for (let round = 0; round < 7; round++) {
      for (const [i, c] of callers.entries()) {
        expect(await page(named, STRATEGIES, c)).toEqual(expected[2 * i]);
        expect(await page(named, SESSIONS, c)).toEqual(expected[2 * i + 1]);
      }
    }
    const prepared: { statement: string; generic_plans: string; custom_plans: string }[] = await named.app.query(
      `SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements WHERE name LIKE 'tl\\_%'`,
    );
    const strategyPage = prepared.find((p) => p.statement.includes('FROM "improvement_strategy"'));
    const sessionPage = prepared.find((p) => p.statement.includes('FROM "conversation_session"'));
    // Parsed once for 14 runs each: PostgreSQL counts every run as a generic or a custom plan.
    for (const p of [strategyPage, sessionPage]) {
      expect(p).toBeDefined();
      expect(Number(p!.generic_plans) + Number(p!.custom_plans)).toBe(14);
    }
  });

  it('a statement lost behind the client (a pooler that moved the session): 503 with Retry-After once, then served unnamed', async () => {
    const [caller] = callers;
    const before = await ask(named, SCHOOL, caller);
    // What PgBouncer before 1.21 does to a named statement: the next transaction lands where it was never prepared.
    await named.app.query(`DEALLOCATE ALL`);
    const lost = await named.gql(SCHOOL, { w: WINDOW, s: caller.school }, caller.token);
    expect(lost.status).toBe(503);
    expect(codeOf(lost)).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(lost)).not.toMatch(/prepared statement|tl_/);
    expect(await ask(named, SCHOOL, caller)).toEqual(before);
    expect(await named.app.query(`SELECT name FROM pg_prepared_statements WHERE name LIKE 'tl\\_%'`)).toHaveLength(0);
  });
});
