/**
 * An API client's daily use (issue 11: "the portal shows each client's use over the last days"), over real HTTP
 * against a real PostgreSQL: the rate-limit plugin counts each request of a client on its UTC day (requests, points
 * charged, refusals by the budget, errors), `ApiClient.usage` answers the last days with the document the portal
 * sends, for district admins of the client's district only (both walls), bounded and priced, and the daily task
 * forgets the days past retention.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../packages/api/src/logger';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { withTenantTransaction } from '../../packages/api/src/db/transaction';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS } from '../../packages/api/src/jobs/queue';
import { forgetOldUsageTask, USAGE_DAYS_KEPT, USAGE_DAYS_SHOWN } from '../../packages/api/src/modules/rate-limit/usage';
import {
  API_CLIENT_USAGE_QUERY,
  type ApiClientUsageResult,
  type UsageDay,
} from '../../packages/admin/src/resources/api-clients/usage';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

let server: TestServer;
/** The same database, with an hourly budget of 60 points: the client's requests go here. */
let budgeted: TestServer;
let admin: string;
let southAdmin: string;
const district: { north: string; south: string } = { north: '', south: '' };

interface Client {
  id: string;
  clientId: string;
  clientSecret: string;
}

async function createClient(scopes: string[]): Promise<Client> {
  const res = ok(
    await server.gql(
      `mutation($i: ApiClientCreateInput!) { apiClientCreate(input: $i) { clientId clientSecret apiClient { id } } }`,
      { i: { name: `Usage ${randomUUID().slice(0, 8)}`, scopes } },
      admin,
    ),
  ).apiClientCreate;
  return { id: res.apiClient.id, clientId: res.clientId, clientSecret: res.clientSecret };
}

async function accessToken(client: Client, base = budgeted.url): Promise<string> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token refused: ${res.status}`);
  return body.access_token;
}

/** A client's request on the budgeted server: its status and body. */
async function post(token: string, query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${budgeted.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.json() };
}

/** The UTC day of a moment, as the API writes days. */
function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function daysBefore(day: string, n: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000));
}

async function usageAs(token: string, id: string): Promise<GraphQLResponse<ApiClientUsageResult>> {
  return server.gql<ApiClientUsageResult>(API_CLIENT_USAGE_QUERY, { id }, token);
}

const NOTHING = { requests: 0, points: 0, rateLimited: 0, errors: 0 };

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  budgeted = await startTestServer({ rateLimits: { pointsPerWindow: 60 }, shareDatabaseOf: server });
  admin = (await server.signIn('admin@northfield.example')).accessToken;
  southAdmin = (await server.signIn('admin@southbrook.example')).accessToken;
  const rows: { id: string; slug: string }[] = await server.owner.query(`SELECT id, slug FROM district`);
  district.north = rows.find((r) => r.slug === 'northfield')!.id;
  district.south = rows.find((r) => r.slug === 'southbrook')!.id;
  // Two servers on a seeded database: slow on a busy machine (a portal build beside it, say).
}, 180_000);

afterAll(async () => {
  await budgeted?.close();
  await server?.close();
});

describe("an API client's daily use", () => {
  let client: Client;
  let today: string;
  const expected = { requests: 0, points: 0, rateLimited: 0, errors: 0 };

  beforeAll(async () => {
    client = await createClient(['organization:read']);
    const token = await accessToken(client);
    const before = utcDay(new Date());
    // Charged and answered: its cost is what the budget took.
    const first = await post(token, `{ rateLimit { cost } me { kind } }`);
    expect(first.status).toBe(200);
    expected.requests++;
    expected.points += first.body.data.rateLimit.cost;
    // Charged, then FORBIDDEN (no improvement:read): an error, and the operation rolls back; still counted.
    const sessionId = toGlobalId('ConversationSession', randomUUID());
    const forbidden = await post(token, `{ rateLimit { cost } session(id: "${sessionId}") { id } }`);
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expected.requests++;
    expected.errors++;
    expected.points += forbidden.body.data.rateLimit.cost;
    // Not even parsed (400): an error, nothing charged.
    const broken = await post(token, `{ me { kind `);
    expect(broken.status).toBe(400);
    expected.requests++;
    expected.errors++;
    // Then the budget runs out: two refusals (429 RATE_LIMITED), each counted, none charged.
    let refusals = 0;
    for (let i = 0; i < 20 && refusals < 2; i++) {
      const res = await post(token, `{ rateLimit { cost } schools(first: 20) { nodes { id name } } }`);
      expected.requests++;
      if (res.status === 429) {
        expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
        refusals++;
        expected.rateLimited++;
      } else {
        expect(res.status).toBe(200);
        expected.points += res.body.data.rateLimit.cost;
      }
    }
    expect(refusals).toBe(2);
    today = utcDay(new Date());
    // A run straddling midnight UTC cannot say which day is right: it says so rather than guess.
    if (today !== before) throw new Error('the requests straddled midnight UTC; run again');
  });

  it("counts each request on today's UTC day: requests, points charged, refusals (429) and errors", async () => {
    const usage = ok(await usageAs(admin, client.id)).node!.usage!;
    expect(usage).toHaveLength(USAGE_DAYS_SHOWN);
    expect(usage.map((d) => d.day)).toEqual(
      Array.from({ length: USAGE_DAYS_SHOWN }, (_, i) => daysBefore(today, USAGE_DAYS_SHOWN - 1 - i)),
    );
    expect(usage[usage.length - 1]).toEqual({ day: today, ...expected });
    expect(expected.points).toBeGreaterThan(40);
    for (const d of usage.slice(0, -1)) expect(d).toEqual({ day: d.day, ...NOTHING });
    // The table holds exactly that, in one row.
    const rows = await server.owner.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, requests, points::int AS points, rate_limited, errors, district_id
         FROM api_client_usage WHERE client_id = $1`,
      [client.clientId],
    );
    expect(rows).toEqual([
      {
        day: today,
        requests: expected.requests,
        points: expected.points,
        rate_limited: expected.rateLimited,
        errors: expected.errors,
        district_id: district.north,
      },
    ]);
  });

  it('puts each day in its place, oldest first, and reaches back as far as asked (at most the days kept)', async () => {
    const other = await createClient(['analytics:read']);
    await server.owner.query(
      `INSERT INTO api_client_usage (district_id, client_id, day, requests, points, rate_limited, errors)
       VALUES ($1, $2, $3::date, 7, 70, 1, 2), ($1, $2, $4::date, 3, 30, 0, 0), ($1, $2, $5::date, 9, 90, 0, 0)`,
      [district.north, other.clientId, daysBefore(today, 1), daysBefore(today, 13), daysBefore(today, 14)],
    );
    const fourteen = ok(await usageAs(admin, other.id)).node!.usage!;
    expect(fourteen[0]).toEqual({ day: daysBefore(today, 13), requests: 3, points: 30, rateLimited: 0, errors: 0 });
    expect(fourteen[12]).toEqual({ day: daysBefore(today, 1), requests: 7, points: 70, rateLimited: 1, errors: 2 });
    expect(fourteen[13]).toEqual({ day: today, ...NOTHING });
    const ask = (days: number) =>
      server.gql(
        `query($id: ID!, $days: Int!) { node(id: $id) { ... on ApiClient { usage(days: $days) { day requests } } } }`,
        { id: other.id, days },
        admin,
      );
    const fifteen = ok(await ask(15)).node.usage as UsageDay[];
    expect(fifteen[0]).toEqual({ day: daysBefore(today, 14), requests: 9 });
    expect(ok(await ask(USAGE_DAYS_KEPT)).node.usage).toHaveLength(USAGE_DAYS_KEPT);
    for (const days of [0, -3, USAGE_DAYS_KEPT + 1]) {
      const res = await ask(days);
      expect({ days, code: codeOf(res) }).toEqual({ days, code: 'BAD_USER_INPUT' });
      expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['days']);
    }
  });

  it('is priced per day asked in the query cost model', async () => {
    const cost = async (days: number) =>
      ok(
        await server.gql(
          `query($days: Int!) { rateLimit { cost } apiClients(first: 10) { nodes { usage(days: $days) { day } } } }`,
          { days },
          admin,
        ),
      ).rateLimit.cost as number;
    const one = await cost(1);
    const ninety = await cost(90);
    // Ten clients' pages, 89 more days each.
    expect(ninety - one).toBe(10 * 89);
  });

  it("another district's admin reads none of it: the client answers like a random id, and RLS hides the rows", async () => {
    const theirs = await usageAs(southAdmin, client.id);
    const random = await usageAs(southAdmin, toGlobalId('ApiClient', randomUUID()));
    expect(theirs.data).toEqual({ node: null });
    expect(theirs).toEqual({ ...random, data: theirs.data });
    const list = ok(await server.gql(`{ apiClients(first: 100) { nodes { id usage { requests } } } }`, {}, southAdmin));
    expect(list.apiClients.nodes.map((n: { id: string }) => n.id)).not.toContain(client.id);
    // Wall 2: under the other district's claims the API role sees none of the rows, even asked by client id.
    const seen = (districtId: string) =>
      withTenantTransaction(server.app, { districtId }, (m) =>
        m.query(`SELECT count(*)::int AS n FROM api_client_usage WHERE client_id = $1`, [client.clientId]),
      );
    expect(await seen(district.south)).toEqual([{ n: 0 }]);
    expect(await seen(district.north)).toEqual([{ n: 1 }]);
    // And cannot write into the other district's rows either.
    await expect(
      withTenantTransaction(server.app, { districtId: district.south }, (m) =>
        m.query(
          `INSERT INTO api_client_usage (district_id, client_id, day, requests) VALUES ($1, $2, current_date, 1)`,
          [district.north, client.clientId],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('is for district admins only: to a principal, or a client, the client is out of reach', async () => {
    const principal = (await server.signIn('principal@northfield.example')).accessToken;
    const itself = await accessToken(await createClient(['organization:read', 'analytics:read']), server.url);
    for (const token of [principal, itself]) {
      // node(id:) answers a type the caller may not read like a missing record; the list says FORBIDDEN.
      expect(ok(await usageAs(token, client.id))).toEqual({ node: null });
      expect(codeOf(await server.gql(`{ apiClients(first: 5) { nodes { usage { requests } } } }`, {}, token))).toBe(
        'FORBIDDEN',
      );
    }
  });

  it('holds counts only: a marker in a request (text, variables) is nowhere in the rows or the answer', async () => {
    const marker = `USAGE-MARKER-${randomUUID()}`;
    const marked = await createClient(['organization:read']);
    const token = await accessToken(marked, server.url);
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query($q: String) { staffMembers(first: 1, filter: { search: $q }) { nodes { id } } nope: "${marker}" }`,
        variables: { q: marker },
      }),
    });
    expect(res.status).toBe(400);
    const good = await server.gql(
      `query($q: String) { staffMembers(first: 1, filter: { search: $q }) { totalCount } }`,
      { q: marker },
      token,
    );
    expect(good.status).toBe(200);
    const rows = await server.owner.query(`SELECT row_to_json(u)::text AS row FROM api_client_usage u`);
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(marker);
    const usage = ok(await usageAs(admin, marked.id)).node!.usage!;
    expect(usage[usage.length - 1]).toMatchObject({ requests: 2, errors: 1 });
    expect(JSON.stringify(usage)).not.toContain(marker);
  });

  it('the daily task forgets the days past retention and keeps the rest', async () => {
    const old = await createClient(['analytics:read']);
    const keptDay = daysBefore(today, USAGE_DAYS_KEPT - 1);
    const goneDay = daysBefore(today, USAGE_DAYS_KEPT);
    for (const [d, c] of [
      [district.north, old.clientId],
      [district.north, client.clientId],
    ]) {
      await server.owner.query(
        `INSERT INTO api_client_usage (district_id, client_id, day, requests) VALUES ($1, $2, $3::date, 5), ($1, $2, $4::date, 6)`,
        [d, c, keptDay, goneDay],
      );
    }
    // Southbrook's own client, to prove the task walks every district under its own claims.
    const southClient = ok(
      await server.gql(
        `mutation($i: ApiClientCreateInput!) { apiClientCreate(input: $i) { clientId } }`,
        { i: { name: 'South usage', scopes: ['analytics:read'] } },
        southAdmin,
      ),
    ).apiClientCreate.clientId as string;
    await server.owner.query(
      `INSERT INTO api_client_usage (district_id, client_id, day, requests) VALUES ($1, $2, $3::date, 5), ($1, $2, $4::date, 6)`,
      [district.south, southClient, keptDay, goneDay],
    );
    await forgetOldUsageTask(undefined, {
      deps: {
        dataSource: server.app,
        logger: createLogger('silent'),
        webhooks: DEFAULT_WEBHOOK_SETTINGS,
        mail: DEFAULT_MAIL_SETTINGS,
      },
      abortSignal: new AbortController().signal,
      attempts: 1,
    });
    const left = await server.owner.query(
      `SELECT client_id, to_char(day, 'YYYY-MM-DD') AS day FROM api_client_usage
        WHERE client_id = ANY($1::uuid[]) AND day <= $2::date ORDER BY client_id, day`,
      [[old.clientId, client.clientId, southClient], keptDay],
    );
    expect(left).toEqual(
      [old.clientId, client.clientId, southClient].sort().map((id) => ({ client_id: id, day: keptDay })),
    );
    // Today's counts are untouched.
    expect(ok(await usageAs(admin, client.id)).node!.usage!.at(-1)).toEqual({ day: today, ...expected });
  });
});
