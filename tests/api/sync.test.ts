/**
 * Syncing a mirror (issue 11, docs/integrators.md "Syncing"), over real HTTP and a real PostgreSQL: lists ordered
 * UPDATED_AT with updatedSince page on a stable cursor while others write (a transaction open across pages, records
 * changed behind and ahead of the cursor, a record added) and by the end every record was seen at its latest
 * version, unchanged ones exactly once; the `changes` feed reports a deactivation, a cancellation, an unmapping and
 * a deletion; cursors are opaque and a malformed one is BAD_USER_INPUT naming its argument; scopes and tenancy.
 */
import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { fromGlobalId, toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

let server: TestServer;
let admin: string;
let southAdmin: string;
const district = { north: '', south: '' };

async function clientToken(scopes: string[], token = admin): Promise<string> {
  const created = ok(
    await server.gql(
      `mutation($i: ApiClientCreateInput!) { apiClientCreate(input: $i) { clientId clientSecret } }`,
      { i: { name: `Sync ${randomUUID().slice(0, 8)}`, scopes } },
      token,
    ),
  ).apiClientCreate;
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: created.clientId,
      client_secret: created.clientSecret,
    }).toString(),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Runs `sql` as the owner in the district (RLS is forced, for the owner too). */
async function asDistrict<T = any>(districtId: string, sql: string, params: unknown[] = []): Promise<T[]> {
  return server.owner.transaction(async (m) => {
    await m.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
    return m.query(sql, params);
  });
}

const SESSIONS = `query($after: String, $since: DateTimeISO) {
  sessions(first: 7, after: $after, orderBy: { field: UPDATED_AT }, filter: { updatedSince: $since }) {
    nodes { id version createdAt updatedAt } pageInfo { hasNextPage endCursor }
  }
}`;

const CHANGES = `query($since: String, $types: [ChangeRecordType!], $first: Int) {
  changes(since: $since, types: $types, first: $first) {
    nodes { type id op at cursor } pageInfo { hasNextPage endCursor }
  }
}`;

interface Entry {
  type: string;
  id: string;
  op: string;
  at: string;
  cursor: string;
}

/** Reads the feed to its end from `since`: the entries and the position to resume from. */
async function drain(
  token: string,
  since: string | null,
  types?: string[],
): Promise<{ entries: Entry[]; end: string }> {
  const entries: Entry[] = [];
  let cursor = since;
  for (let i = 0; i < 200; i++) {
    const page = ok(await server.gql(CHANGES, { since: cursor, types, first: 100 }, token)).changes;
    entries.push(...page.nodes);
    cursor = page.pageInfo.endCursor ?? cursor;
    if (!page.pageInfo.hasNextPage) return { entries, end: cursor! };
  }
  throw new Error('the feed did not end');
}

function fieldsOf(res: GraphQLResponse): string[] {
  return (res.errors?.[0]?.extensions?.fields as { field: string }[] | undefined)?.map((f) => f.field) ?? [];
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  admin = (await server.signIn('admin@northfield.example')).accessToken;
  southAdmin = (await server.signIn('admin@southbrook.example')).accessToken;
  const rows: { id: string; slug: string }[] = await server.owner.query(`SELECT id, slug FROM district`);
  district.north = rows.find((r) => r.slug === 'northfield')!.id;
  district.south = rows.find((r) => r.slug === 'southbrook')!.id;
});

afterAll(async () => {
  await server?.close();
});

describe('lists ordered UPDATED_AT', () => {
  it('every record is seen at its latest version, unchanged ones exactly once, while others write between pages', async () => {
    const token = await clientToken(['improvement:read']);
    const seen = new Map<string, number[]>();
    let cursor: string | null = null;
    const readToEnd = async () => {
      for (let i = 0; i < 100; i++) {
        const page: any = ok(await server.gql(SESSIONS, { after: cursor }, token)).sessions;
        for (const n of page.nodes) seen.set(n.id, [...(seen.get(n.id) ?? []), n.version]);
        cursor = page.pageInfo.endCursor ?? cursor;
        if (!page.pageInfo.hasNextPage) return;
      }
      throw new Error('the list did not end');
    };
    const first: any = ok(await server.gql(SESSIONS, {}, token)).sessions;
    for (const n of first.nodes) seen.set(n.id, [n.version]);
    cursor = first.pageInfo.endCursor;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const behind = fromGlobalId(first.nodes[0].id)!.id;

    // A transaction that writes before the others and commits after them: its row carries an earlier updated_at
    // (and an earlier transaction id) than rows a reader will already have passed.
    const ids: { id: string }[] = await asDistrict(
      district.north,
      `SELECT id FROM conversation_session WHERE district_id = $1 ORDER BY change_xid DESC, id DESC LIMIT 3`,
      [district.north],
    );
    const slow = new PgClient({ connectionString: server.db.ownerUrl });
    await slow.connect();
    try {
      await slow.query('BEGIN');
      await slow.query(`SELECT set_config('app.district_id', $1, true)`, [district.north]);
      await slow.query(`UPDATE conversation_session SET version = version + 1 WHERE id = $1`, [ids[2].id]);

      // Committed writes meanwhile: one behind the cursor, one ahead of it, and a new session.
      await asDistrict(district.north, `UPDATE conversation_session SET version = version + 1 WHERE id = ANY($1)`, [
        [behind, ids[0].id],
      ]);
      const [conv] = await asDistrict<{ id: string }>(
        district.north,
        `SELECT id FROM learning_conversation WHERE district_id = $1 LIMIT 1`,
        [district.north],
      );
      const [added] = await asDistrict<{ id: string }>(
        district.north,
        `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at) VALUES ($1, $2, now() + interval '40 days') RETURNING id`,
        [district.north, conv.id],
      );

      await readToEnd();
      // Nothing written after the open transaction began is served while it runs: the horizon holds them back.
      const newId = toGlobalId('ConversationSession', added.id);
      expect(seen.has(newId)).toBe(false);

      await slow.query('COMMIT');
      // Served once every older transaction has ended (on a busy database server, a moment later).
      for (let i = 0; i < 20 && !seen.has(newId); i++) {
        await readToEnd();
        if (!seen.has(newId)) await new Promise((r) => setTimeout(r, 250));
      }
      expect(seen.has(newId)).toBe(true);
    } finally {
      await slow.end();
    }

    const db: { id: string; version: number }[] = await asDistrict(
      district.north,
      `SELECT id, version FROM conversation_session WHERE district_id = $1`,
      [district.north],
    );
    expect(seen.size).toBe(db.length);
    const changed = new Set([behind, ids[0].id, ids[2].id]);
    for (const row of db) {
      const versions = seen.get(toGlobalId('ConversationSession', row.id));
      expect({ id: row.id, last: versions?.at(-1) }).toEqual({ id: row.id, last: row.version });
      if (!changed.has(row.id)) expect({ id: row.id, times: versions!.length }).toEqual({ id: row.id, times: 1 });
    }
  });

  it('updatedSince narrows every synced list, and each record carries createdAt and updatedAt', async () => {
    const token = await clientToken(['organization:read', 'improvement:read']);
    const since = new Date(Date.now() + 60_000).toISOString();
    const lists = [
      'schools',
      'staffMembers',
      'roleAssignments',
      'strategies',
      'conversations',
      'sessions',
      'actionItems',
    ];
    for (const list of lists) {
      const all = ok(
        await server.gql(
          `{ ${list}(first: 3, orderBy: { field: UPDATED_AT, direction: DESC }) { nodes { id createdAt updatedAt } totalCount } }`,
          {},
          token,
        ),
      )[list];
      expect({ list, some: all.totalCount > 0 }).toEqual({ list, some: true });
      for (const n of all.nodes) expect(Date.parse(n.updatedAt)).toBeGreaterThanOrEqual(Date.parse(n.createdAt));
      const none = ok(
        await server.gql(
          `query($s: DateTimeISO) { ${list}(filter: { updatedSince: $s }, orderBy: { field: UPDATED_AT }) { totalCount } }`,
          { s: since },
          token,
        ),
      )[list];
      expect({ list, count: none.totalCount }).toEqual({ list, count: 0 });
    }
  });
});

describe('the changes feed', () => {
  it('reports a deactivation, a cancellation, an unmapping and a deletion after a saved position', async () => {
    const token = await clientToken(['organization:read', 'improvement:read']);
    const start = await drain(token, null);
    expect(start.entries.length).toBeGreaterThan(50);
    for (const e of start.entries) expect(fromGlobalId(e.id)).not.toBeNull();

    const [person] = await asDistrict<{ id: string }>(
      district.north,
      `SELECT id FROM staff_member WHERE district_id = $1 AND active AND email LIKE 'hpark@%'`,
      [district.north],
    );
    await asDistrict(district.north, `UPDATE staff_member SET active = false, deactivated_at = now() WHERE id = $1`, [
      person.id,
    ]);
    const [session] = await asDistrict<{ id: string }>(
      district.north,
      `SELECT id FROM conversation_session WHERE district_id = $1 AND status = 'SCHEDULED' AND scheduled_at > now() LIMIT 1`,
      [district.north],
    );
    await asDistrict(
      district.north,
      `UPDATE conversation_session SET status = 'CANCELLED', cancel_reason = 'snow day', cancelled_at = now() WHERE id = $1`,
      [session.id],
    );
    const strategies = ok(
      await server.gql(`{ strategies(first: 50) { nodes { mappings { id } } } }`, {}, admin),
    ).strategies.nodes.flatMap((s: any) => s.mappings);
    const mappingId: string = strategies[0].id;
    ok(
      await server.gql(
        `mutation($i: ConversationMappingDeleteInput!) { conversationMappingDelete(input: $i) { deletedId } }`,
        { i: { id: mappingId } },
        admin,
      ),
    );
    const [conv] = await asDistrict<{ id: string }>(
      district.north,
      `SELECT id FROM learning_conversation WHERE district_id = $1 LIMIT 1`,
      [district.north],
    );
    const [removed] = await asDistrict<{ id: string }>(
      district.north,
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at) VALUES ($1, $2, now() + interval '50 days') RETURNING id`,
      [district.north, conv.id],
    );
    await asDistrict(district.north, `DELETE FROM conversation_session WHERE id = $1`, [removed.id]);

    let next = await drain(token, start.end);
    const deletion = `CONVERSATION_SESSION DELETE ${toGlobalId('ConversationSession', removed.id)}`;
    for (let i = 0; i < 20 && !next.entries.some((e) => `${e.type} ${e.op} ${e.id}` === deletion); i++) {
      await new Promise((r) => setTimeout(r, 250));
      next = await drain(token, start.end);
    }
    const ops = next.entries.map((e) => `${e.type} ${e.op} ${e.id}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        `STAFF_MEMBER DEACTIVATE ${toGlobalId('StaffMember', person.id)}`,
        `CONVERSATION_SESSION CANCEL ${toGlobalId('ConversationSession', session.id)}`,
        `CONVERSATION_MAPPING DELETE ${mappingId}`,
        `CONVERSATION_SESSION UPSERT ${toGlobalId('ConversationSession', removed.id)}`,
        `CONVERSATION_SESSION DELETE ${toGlobalId('ConversationSession', removed.id)}`,
      ]),
    );
    // The order is the order of the writes, and nothing from before the saved position comes again.
    expect(ops.indexOf(`CONVERSATION_SESSION DELETE ${toGlobalId('ConversationSession', removed.id)}`)).toBeGreaterThan(
      ops.indexOf(`CONVERSATION_SESSION UPSERT ${toGlobalId('ConversationSession', removed.id)}`),
    );
    const before = new Set(start.entries.map((e) => e.cursor));
    for (const e of next.entries) expect(before.has(e.cursor)).toBe(false);

    // Read again from the end: nothing new, and the position holds.
    const again = await drain(token, next.end);
    expect(again.entries).toEqual([]);

    // Only the kinds asked for.
    const sessionsOnly = await drain(token, start.end, ['CONVERSATION_SESSION']);
    expect(new Set(sessionsOnly.entries.map((e) => e.type))).toEqual(new Set(['CONVERSATION_SESSION']));
  });

  it('cursors are opaque; a malformed one is BAD_USER_INPUT naming the argument', async () => {
    const token = await clientToken(['improvement:read']);
    const page = ok(await server.gql(CHANGES, { first: 2 }, token)).changes;
    for (const cursor of [page.pageInfo.endCursor, ...page.nodes.map((n: Entry) => n.cursor)]) {
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    }
    for (const bad of ['garbage', Buffer.from('["c","1x","2"]').toString('base64url'), '', 'eyJ9']) {
      const res = await server.gql(CHANGES, { since: bad }, token);
      expect({ bad, code: codeOf(res), fields: fieldsOf(res) }).toEqual({
        bad,
        code: 'BAD_USER_INPUT',
        fields: ['since'],
      });
    }
    const list = await server.gql(SESSIONS, { after: 'garbage' }, token);
    expect({ code: codeOf(list), fields: fieldsOf(list) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['after'] });
    // A cursor of another order is not one of this order.
    const byTime = ok(await server.gql(`{ sessions(first: 1) { pageInfo { endCursor } } }`, {}, token)).sessions;
    const mixed = await server.gql(SESSIONS, { after: byTime.pageInfo.endCursor }, token);
    expect({ code: codeOf(mixed), fields: fieldsOf(mixed) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['after'] });
  });

  it('a client sees only the kinds its scopes read, and asking for others is FORBIDDEN naming the scope', async () => {
    const org = await clientToken(['organization:read']);
    const orgFeed = await drain(org, null);
    expect(new Set(orgFeed.entries.map((e) => e.type))).toEqual(new Set(['SCHOOL', 'STAFF_MEMBER', 'ROLE_ASSIGNMENT']));

    const refused = await server.gql(CHANGES, { types: ['CONVERSATION_SESSION'] }, org);
    expect(codeOf(refused)).toBe('FORBIDDEN');
    expect(refused.errors![0].extensions!.requiredScopes).toContain('improvement:read');
    expect(refused.errors![0].message).toMatch(/improvement:read/);

    const listRefused = await server.gql(SESSIONS, {}, org);
    expect(codeOf(listRefused)).toBe('FORBIDDEN');
    expect(listRefused.errors![0].message).toMatch(/improvement:read/);

    const analytics = await clientToken(['analytics:read']);
    const none = await server.gql(CHANGES, {}, analytics);
    expect(codeOf(none)).toBe('FORBIDDEN');
    expect(none.errors![0].extensions!.reason).toBe('MISSING_SCOPE');
    expect(none.errors![0].message).toMatch(/organization:read|improvement:read/);
  });

  it('people: district-wide readers follow the feed; others are FORBIDDEN', async () => {
    ok(await server.gql(CHANGES, { first: 1 }, admin));
    const coach = (await server.signIn('coach@northfield.example')).accessToken;
    expect(codeOf(await server.gql(CHANGES, { first: 1 }, coach))).toBe('FORBIDDEN');
  });

  it("tenancy: another district's cursors and ids answer like random ones", async () => {
    const north = await clientToken(['organization:read', 'improvement:read']);
    const south = await clientToken(['organization:read', 'improvement:read'], southAdmin);
    const northFeed = await drain(north, null);
    const southFeed = await drain(south, null);

    const southIds = new Set(
      (
        await asDistrict<{ id: string }>(
          district.south,
          `SELECT id FROM conversation_session WHERE district_id = $1 UNION ALL SELECT id FROM staff_member WHERE district_id = $1
           UNION ALL SELECT id FROM school WHERE district_id = $1 UNION ALL SELECT id FROM role_assignment WHERE district_id = $1
           UNION ALL SELECT id FROM improvement_strategy WHERE district_id = $1 UNION ALL SELECT id FROM learning_conversation WHERE district_id = $1
           UNION ALL SELECT id FROM conversation_mapping WHERE district_id = $1 UNION ALL SELECT id FROM action_item WHERE district_id = $1`,
          [district.south],
        )
      ).map((r) => r.id),
    );
    for (const e of southFeed.entries) expect(southIds.has(fromGlobalId(e.id)!.id)).toBe(true);
    const northIds = new Set(northFeed.entries.map((e) => e.id));
    for (const e of southFeed.entries) expect(northIds.has(e.id)).toBe(false);

    // North's cursor in south's hands: only south's entries, exactly as from any well-formed position.
    const midNorth = northFeed.entries[Math.floor(northFeed.entries.length / 2)].cursor;
    const withNorthCursor = await drain(south, midNorth);
    for (const e of withNorthCursor.entries) expect(southIds.has(fromGlobalId(e.id)!.id)).toBe(true);
    const [xid, seq] = JSON.parse(Buffer.from(midNorth, 'base64url').toString()).slice(1);
    const random = Buffer.from(JSON.stringify(['c', xid, seq])).toString('base64url');
    expect((await drain(south, random)).entries).toEqual(withNorthCursor.entries);

    // North's session ids answer null for south, like an id that does not exist.
    const northSession = northFeed.entries.find((e) => e.type === 'CONVERSATION_SESSION')!.id;
    const probe = ok(
      await server.gql(
        `query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`,
        { a: northSession, b: toGlobalId('ConversationSession', randomUUID()) },
        south,
      ),
    );
    expect(probe).toEqual({ a: null, b: null });

    // A north list cursor in south's hands: south's sessions only.
    const northPage = ok(await server.gql(SESSIONS, {}, north)).sessions;
    const southPage = ok(await server.gql(SESSIONS, { after: northPage.pageInfo.endCursor }, south)).sessions;
    for (const n of southPage.nodes) expect(southIds.has(fromGlobalId(n.id)!.id)).toBe(true);
  });
});
