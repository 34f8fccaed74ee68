import pg from 'pg';
import { ok, startTestServer, type TestServer } from '../support/server';

/**
 * DataLoaders keep nested reads at a fixed number of SQL statements: the strategy page for 50 strategies costs what
 * it costs for 10. Counted at pg's client (one per round trip to the database), in this process, for one HTTP request.
 */
let server: TestServer;
let district: string;
let admin: string;
let statements = 0;
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

async function countStatements(query: string, token: string): Promise<{ count: number; data: any }> {
  statements = 0;
  const data = ok(await server.gql(query, {}, token));
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
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
});
afterAll(async () => {
  pg.Client.prototype.query = original;
  await server.close();
});

describe("a request's fixed cost", () => {
  it('opens its transaction with the claims and the principal in one round trip: begin+claims+principal, budget, data, commit', async () => {
    const { count, data } = await countStatements(`{ currentDistrict { slug } }`, admin);
    expect(data.currentDistrict.slug).toBe('southbrook');
    // 1 opening (START TRANSACTION; claims; the principal and its assignments), 1 budget charge, 1 read, 1 COMMIT.
    expect(count).toBe(4);
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
