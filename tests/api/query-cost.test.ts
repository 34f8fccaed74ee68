import pg from 'pg';
import { ok, startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

/**
 * DataLoaders keep nested reads at a fixed number of SQL statements: the strategy page for 50 strategies costs what
 * it costs for 10. Counted at pg's client (one per round trip to the database), in this process, for one HTTP request.
 */
let server: TestServer;
let district: string;
let admin: string;
let statements = 0;
/** How many rows each page of strategies read (the statements over improvement_strategy, as they answer). */
const strategyRows: number[] = [];
/** Statements a pg client was handed while it was busy with another (none may be). */
const overlapping: string[] = [];
/** The text of each strategy page's statement, in order. */
const strategyTexts: string[] = [];
let original: typeof pg.Client.prototype.query;

const NESTED = `{ strategies(first: 100) { totalCount nodes { title school { name } owner { email }
  mappings { dimension expectedChange conversation { title facilitator { email } participants { email }
    recentSessions(limit: 3) { state scheduledAt notes evidence { kind } quality { overall } myRatings { score }
      actions { status dueOn overdue owner { email } } } } } } } }`;

/** Adds `count` strategies, each mapped to two conversations with five past sessions of two actions each. */
async function addStrategies(count: number, offset: number): Promise<void> {
  const [school] = await server.owner.query(`SELECT id FROM school WHERE district_id = $1 ORDER BY code LIMIT 1`, [
    district,
  ]);
  const staff = (
    await server.owner.query(`SELECT id FROM staff_member WHERE district_id = $1 ORDER BY email LIMIT 4`, [district])
  ).map((r: any) => r.id);
  await server.owner.query(
    `WITH s AS (
       INSERT INTO improvement_strategy (district_id, school_id, title, goal, kind, status, starts_on, owner_id)
       SELECT $1, $2, 'Strategy ' || lpad((g + $3)::text, 3, '0'), 'Goal', 'OTHER', 'ACTIVE', current_date - 90, $4 FROM generate_series(1, $5) g
       RETURNING id),
     c AS (
       INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes, facilitator_id, schedule_until)
       SELECT $1, $2, 'Conversation ' || s.id || '#' || k, 'PLC', 'Purpose', '2026-01-05T15:00', 45, $6, current_date + 30
         FROM s CROSS JOIN generate_series(1, 2) k
       RETURNING id, title),
     m AS (
       INSERT INTO conversation_mapping (district_id, strategy_id, conversation_id, dimension, expected_change)
       SELECT $1, split_part(substr(c.title, 14), '#', 1)::uuid, c.id, 'PRACTICE', 'Change' FROM c
       RETURNING conversation_id),
     p AS (INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) SELECT $1, c.id, $7 FROM c RETURNING conversation_id),
     ss AS (
       INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes, notes)
       SELECT $1, c.id, now() - (d || ' days')::interval, 'HELD', now() - (d || ' days')::interval, 45, 'Notes'
         FROM c CROSS JOIN generate_series(1, 5) d
       RETURNING id)
     INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status)
     SELECT $1, ss.id, $7, 'Action', current_date + a, 'OPEN' FROM ss CROSS JOIN generate_series(1, 2) a`,
    [district, school.id, offset, staff[0], count, staff[1], staff[2]],
  );
}

async function countStatements(
  query: string,
  token: string,
  variables: Record<string, unknown> = {},
): Promise<{ count: number; data: any }> {
  statements = 0;
  const data = ok(await server.gql(query, variables, token));
  return { count: statements, data };
}

beforeAll(async () => {
  server = await startTestServer();
  [{ id: district }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'southbrook'`);
  admin = (await server.signIn('admin@southbrook.example')).accessToken;
  // Every round trip of the API passes through a pg client's query(): TypeORM's statements and the transaction's
  // one-message opening alike. (The owner's fixtures use the same class: counted only inside countStatements.)
  original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    // Handed a statement while it still runs (or queues) another: sibling resolvers did not take turns.
    const client = this as unknown as { _getActiveQuery(): unknown; _queryQueue: unknown[] };
    if (client._getActiveQuery() || client._queryQueue.length > 0) overlapping.push(String(text).slice(0, 80));
    const result = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (text?.includes('FROM "improvement_strategy"') && result instanceof Promise) {
      strategyTexts.push(text);
      void result.then((r: { rows?: unknown[] }) => strategyRows.push(r.rows?.length ?? 0)).catch(() => undefined);
    }
    return result;
  } as typeof original;
});
afterAll(async () => {
  pg.Client.prototype.query = original;
  await server.close();
});

describe("a request's fixed cost", () => {
  it('opens its transaction with the claims, the principal and the budget in one round trip: opening, data, charge+commit', async () => {
    const { count, data } = await countStatements(`{ currentDistrict { slug } }`, admin);
    expect(data.currentDistrict.slug).toBe('southbrook');
    // 1 opening (START TRANSACTION; claims; the principal and its assignments; what the caller spent this hour),
    // 1 read, 1 closing (the budget's charge; COMMIT).
    expect(count).toBe(3);
  });

  it('still charges the budget: each request adds its cost to what the caller has spent this hour', async () => {
    const spent = async () =>
      (
        await server.owner.query(
          `SELECT coalesce(sum(points), 0)::int AS n FROM rate_limit_charge WHERE charged_at > now() - interval '1 hour'`,
        )
      )[0].n as number;
    const before = await spent();
    const res = await server.gql(`{ currentDistrict { slug } }`, {}, admin);
    ok(res);
    // The charge is written with COMMIT, just after the answer (server.gql waits for it, as the caller's own next
    // request does: commit-after-answer.test.ts).
    expect(await spent()).toBeGreaterThan(before);
  });
});

describe('nested reads cost a fixed number of statements', () => {
  it('50 strategies -> conversations -> recent sessions -> actions cost the same statements as 10', async () => {
    await addStrategies(10, 0);
    const ten = await countStatements(NESTED, admin);
    expect(ten.data.strategies.totalCount).toBe(10);
    expect(ten.data.strategies.nodes[0].mappings[0].conversation.recentSessions[0].actions).toHaveLength(2);

    await addStrategies(40, 10);
    const fifty = await countStatements(NESTED, admin);
    expect(fifty.data.strategies.totalCount).toBe(50);
    expect(fifty.data.strategies.nodes.every((s: any) => s.mappings.length === 2)).toBe(true);
    expect(fifty.count).toBe(ten.count);
    // And the count itself is small: one statement per kind of thing, plus the request's own few.
    expect(fifty.count).toBeLessThan(40);
  });
});

describe("the funnel's statements", () => {
  it("a school's six headline numbers: the opening, one rollup read (with the settings, which check the school exists), charge+commit", async () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    const [school] = await server.owner.query(`SELECT id FROM school WHERE district_id = $1 LIMIT 1`, [district]);
    const { count, data } = await countStatements(
      `{ funnel(scope: { kind: SCHOOL, id: "${toGlobalId('School', school.id)}" }, window: { from: "${from}", to: "${to}" }) { due held heldRate quality followThrough reach } }`,
      admin,
    );
    expect(data.funnel.due).toEqual(expect.any(Number));
    expect(count).toBe(3);
  });

  it('six headline numbers from the rollups: the opening, one rollup read (with the settings), charge+commit', async () => {
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    const { count, data } = await countStatements(
      `{ funnel(scope: { kind: DISTRICT }, window: { from: "${from}", to: "${to}" }) { due held heldRate quality followThrough reach } }`,
      admin,
    );
    expect(Object.keys(data.funnel).sort()).toEqual(['due', 'followThrough', 'held', 'heldRate', 'quality', 'reach']);
    expect(data.funnel.due).toEqual(expect.any(Number));
    // The district's settings, the summary, the distinct people and the action figures come from one statement over
    // the rollups; JIT is off from the opening. (The budget rides on the opening and COMMIT.)
    expect(count).toBe(3);
  });
});

/**
 * The reference queries of the side-by-side benchmark (src/bench/peer.cli.ts), as it sends them: their nested fields
 * are read ahead in the statements the lists run anyway (a page of sessions with its conversations and facilitators
 * in one; a page of strategies with their mappings, conversations, recent sessions and actions as JSON built in
 * PostgreSQL in one), so each costs 2 fixed statements (the opening and COMMIT) and one data statement, whatever the
 * page size.
 */
const Q1 = (first: number) =>
  `query($from: DateTimeISO) { sessions(first: ${first}, filter: { from: $from }) { nodes { id scheduledAt conversation { title facilitator { givenName familyName } } } } }`;
const Q1_STATE = (first: number) =>
  `{ sessions(first: ${first}) { nodes { id scheduledAt state conversation { title facilitator { email } } } } }`;
const Q2 = (first: number) =>
  `{ strategies(first: ${first}) { nodes { id title mappings { conversation { id title recentSessions(limit: 3) { id scheduledAt actions { id status dueOn } } } } } } }`;
const FROM = { from: '2020-01-01T00:00:00Z' };

describe('the reference queries cost at most 2 fixed and 2 data statements, whatever the page size', () => {
  it('Q1, a page of sessions with their conversation title and facilitator: 3 statements at 10 rows and at 100', async () => {
    const ten = await countStatements(Q1(10), admin, FROM);
    const hundred = await countStatements(Q1(100), admin, FROM);
    expect(ten.data.sessions.nodes).toHaveLength(10);
    expect(hundred.data.sessions.nodes).toHaveLength(100);
    expect(hundred.data.sessions.nodes[0].conversation.facilitator.familyName).toEqual(expect.any(String));
    // The opening, one read of the page with its conversations and facilitators, COMMIT.
    expect(ten.count).toBe(3);
    expect(hundred.count).toBe(3);
  });

  it('Q1 with each session state and the facilitator email: the state clock is read with the page too', async () => {
    const ten = await countStatements(Q1_STATE(10), admin);
    const hundred = await countStatements(Q1_STATE(100), admin);
    expect(hundred.data.sessions.nodes[0].state).toEqual(expect.any(String));
    expect(ten.count).toBe(3);
    expect(hundred.count).toBe(3);
  });

  it('Q2, strategies -> conversations -> last 3 sessions -> actions: 3 statements at 5 strategies and at 50', async () => {
    const five = await countStatements(Q2(5), admin);
    const fifty = await countStatements(Q2(50), admin);
    expect(five.data.strategies.nodes).toHaveLength(5);
    expect(fifty.data.strategies.nodes).toHaveLength(50);
    const sessions = fifty.data.strategies.nodes.flatMap((s: any) =>
      s.mappings.flatMap((m: any) => m.conversation.recentSessions),
    );
    expect(sessions.length).toBeGreaterThan(50);
    expect(sessions.filter((s: any) => s.actions.length === 2).length).toBeGreaterThan(50);
    // The opening, the page of strategies with their mappings and everything below them, COMMIT.
    expect(five.count).toBe(3);
    expect(fifty.count).toBe(3);
  });

  it('a page reads the row past it (whether more follow) only when pageInfo is asked for', async () => {
    strategyRows.length = 0;
    const without = ok(await server.gql(`{ strategies(first: 5) { nodes { id } } }`, {}, admin));
    const withInfo = ok(
      await server.gql(`{ strategies(first: 5) { pageInfo { hasNextPage endCursor } nodes { id } } }`, {}, admin),
    );
    expect(without.strategies.nodes).toEqual(withInfo.strategies.nodes);
    expect(withInfo.strategies.pageInfo.hasNextPage).toBe(true);
    // Five rows for the five nodes; six to know there is a next page.
    expect(strategyRows).toEqual([5, 6]);
  });

  it("a page's nested reads carry only what their fields need: no facts, mapping, owner or facilitator ids unless asked", async () => {
    strategyTexts.length = 0;
    const lean = ok(await server.gql(Q2(5), {}, admin));
    const rich = ok(
      await server.gql(
        Q2(5)
          .replace('recentSessions(limit: 3) { id', 'recentSessions(limit: 3) { id state conversation { id }')
          .replace('conversation { id title', 'conversation { id title facilitator { id }')
          .replace('mappings {', 'mappings { id'),
        {},
        admin,
      ),
    );
    const sessionsOf = (data: any) =>
      data.strategies.nodes.flatMap((n: any) => n.mappings.flatMap((m: any) => m.conversation.recentSessions));
    expect(sessionsOf(rich).map((x: any) => x.id)).toEqual(sessionsOf(lean).map((x: any) => x.id));
    expect(sessionsOf(rich)[0].state).toEqual(expect.any(String));
    expect(sessionsOf(rich)[0].conversation.id).toEqual(expect.any(String));
    const [leanText, richText] = strategyTexts;
    // The state's facts, the facilitator's id and the action's owner: read for the fields that need them only.
    for (const column of ['s.status', 's.cancelled_at', 'c.facilitator_id', 'a.owner_id']) {
      expect(leanText).not.toContain(column);
    }
    for (const column of ['s.status', 's.cancelled_at', 'c.facilitator_id']) expect(richText).toContain(column);
    // The mapping's own id only for its `id`.
    expect(leanText).not.toContain('json_build_array(m.id');
    expect(richText).toContain('json_build_array(m.id');
    expect(rich.strategies.nodes.flatMap((n: any) => n.mappings.map((m: any) => m.id))[0]).toEqual(expect.any(String));
  });

  it("a page reads only the columns its nodes select: titles without the goal's text or a timestamp", async () => {
    strategyTexts.length = 0;
    const titles = ok(await server.gql(`{ strategies(first: 5) { nodes { id title districtWide } } }`, {}, admin));
    const full = ok(
      await server.gql(
        `{ strategies(first: 5) { nodes { id title districtWide goal successMeasures createdAt updatedAt } } }`,
        {},
        admin,
      ),
    );
    expect(titles.strategies.nodes).toEqual(
      full.strategies.nodes.map(({ id, title, districtWide }: any) => ({ id, title, districtWide })),
    );
    expect(full.strategies.nodes[0].goal).toEqual(expect.any(String));
    expect(new Date(full.strategies.nodes[0].createdAt).getTime()).toBeLessThanOrEqual(Date.now());
    const [titlesText, fullText] = strategyTexts;
    // (As TypeORM writes them, quoted.)
    for (const column of ['goal', 'success_measures', 'created_at', 'updated_at'].map((c) => `"st"."${c}"`)) {
      expect(titlesText).not.toContain(column);
      expect(fullText).toContain(column);
    }
  });
});

describe('what is read ahead answers exactly what the loaders answer, for every reach', () => {
  /** The same document with a field no read-ahead serves, so that its resolvers load it as they always have. */
  const strip = (value: unknown, key: string): unknown =>
    JSON.parse(JSON.stringify(value, (k, v) => (k === key ? undefined : v)));
  // The district (every row), a school leader (their school, and what they facilitate), a teacher (what they take
  // part in), and a leader of another school (none of these strategies).
  const people = [
    'admin@southbrook.example',
    'dreyes@southbrook.example',
    'kmensah@southbrook.example',
    'fali@southbrook.example',
  ];
  beforeAll(async () => {
    // The teacher takes part in one of the strategies' conversations (the last by id: not the one whose notes the
    // test below plants a marker in), so their reach is exercised row by row.
    await server.owner.query(
      `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id)
       SELECT $1, (SELECT c.id FROM learning_conversation c JOIN conversation_mapping m ON m.conversation_id = c.id
                    WHERE c.district_id = $1 AND c.title LIKE 'Conversation %' ORDER BY c.id DESC LIMIT 1), sm.id
         FROM staff_member sm WHERE sm.district_id = $1 AND sm.email = 'kmensah@southbrook.example'`,
      [district],
    );
  });
  const Q1_LOADED = Q1(100).replace('conversation { title', 'conversation { cadenceDescription title');
  const Q2_LOADED = Q2(50).replace('mappings { conversation', 'mappings { createdAt conversation');

  it.each(people)('Q1 and Q2 as %s', async (email) => {
    const token = (await server.signIn(email)).accessToken;
    const q1 = ok(await server.gql(Q1(100), FROM, token));
    const q1Loaded = ok(await server.gql(Q1_LOADED, FROM, token));
    expect(q1).toEqual(strip(q1Loaded, 'cadenceDescription'));
    const q2 = ok(await server.gql(Q2(50), {}, token));
    const q2Loaded = ok(await server.gql(Q2_LOADED, {}, token));
    expect(q2).toEqual(strip(q2Loaded, 'createdAt'));
    if (email !== 'fali@southbrook.example') expect(JSON.stringify(q2)).toContain('recentSessions');
  });

  it("a session's notes never leave through the read-ahead: outside the boundary they are withheld, as ever", async () => {
    const marker = `NOTES-MARKER-${Date.now()}`;
    const [conversation] = await server.owner.query(
      `SELECT c.id FROM learning_conversation c JOIN conversation_mapping m ON m.conversation_id = c.id
        WHERE c.district_id = $1 AND c.title LIKE 'Conversation %' ORDER BY c.id LIMIT 1`,
      [district],
    );
    await server.owner.query(`UPDATE learning_conversation SET confidentiality = 'PARTICIPANTS' WHERE id = $1`, [
      conversation.id,
    ]);
    await server.owner.query(
      `UPDATE conversation_session SET notes = $2, check_in = $2, check_out = $2 WHERE conversation_id = $1`,
      [conversation.id, marker],
    );
    const doc = Q2(50).replace('recentSessions(limit: 3) { id', 'recentSessions(limit: 3) { id notes checkIn checkOut');
    const asked = async (email: string) =>
      JSON.stringify(ok(await server.gql(doc, {}, (await server.signIn(email)).accessToken)));
    // The district admin reads every session, outside this conversation's boundary; a teacher of the school who
    // takes no part in it reads none of its sessions; its facilitator reads the notes (so the check can fail).
    const adminAnswer = await asked('admin@southbrook.example');
    expect(adminAnswer).toContain('"notes":null');
    expect(adminAnswer).not.toContain(marker);
    expect(await asked('kmensah@southbrook.example')).not.toContain(marker);
    expect(await asked('dreyes@southbrook.example')).toContain(marker);
  });
});

describe('sibling resolvers share their connection in turn', () => {
  it('named statements (a funnel, a page of strategies) and TypeORM statements of one request never overlap', async () => {
    overlapping.length = 0;
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 300 * 86_400_000).toISOString().slice(0, 10);
    const { count, data } = await countStatements(
      `{ funnel(scope: { kind: DISTRICT }, window: { from: "${from}", to: "${to}" }) { due held }
         strategies(first: 3) { nodes { id title } }
         sessions(first: 3) { nodes { id } }
         schools(first: 3) { nodes { id name } } }`,
      admin,
    );
    expect(data.funnel.due).toEqual(expect.any(Number));
    expect(data.strategies.nodes).toHaveLength(3);
    expect(count).toBeGreaterThanOrEqual(5);
    // Each was sent once the one before had answered (pg would queue them, and will refuse to from pg 9).
    expect(overlapping).toEqual([]);
  });
});
