import net from 'node:net';
import type { QueryRunner } from 'typeorm';
import { Limits } from '@throughline/shared';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/**
 * No request, signed in or not, can take the service down (issue 9): a document's shape is checked in time linear in
 * its size; a request whose estimated cost is over the ceiling is refused before any SQL runs; each caller has an
 * hourly budget of points shared by every API instance; one request cannot check thirty passwords.
 */

let server: TestServer;
let admin: string;
let statements = 0;
let runnerClass: { prototype: QueryRunner };
let original: QueryRunner['query'];
/** Statements the API's pool runs for a request refused before any resolver (the principal's lookup). */
let baselineStatements = 0;

const WINDOW = { from: '2026-08-15', to: '2026-11-25' };
/** 1 (the connection) + 20 (a page of schools) = 21 points. */
const SCHOOLS_20 = `{ schools(first: 20) { nodes { id } } }`;
/** 1 (the connection) + 20 (a page of schools) = 21 points. */ /** 1 point. */
const RATE = `{ rateLimit { cost limit remaining resetAt } }`;

/** `depth` fragments, each spreading the next twice: 2^depth paths for a rule that walks every one. */
function fanOut(depth: number, leaf = '__typename'): string {
  const fragments = Array.from({ length: depth }, (_, i) =>
    i + 1 < depth ? `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }` : `fragment F${i} on Query { ${leaf} }`,
  );
  return `query FanOut { ...F0 }\n${fragments.join('\n')}`;
}

async function post(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  url = server.url,
): Promise<{ res: Response; body: GraphQLResponse; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse;
  return { res, body: { ...body, status: res.status }, ms: performance.now() - started };
}

/** Statements the API's own pool ran (the budget store has a pool of its own) during `work`. */
async function counting<T>(work: () => Promise<T>): Promise<{ result: T; count: number }> {
  statements = 0;
  const result = await work();
  return { result, count: statements };
}

beforeAll(async () => {
  server = await startTestServer();
  admin = (await server.signIn('admin@northfield.example')).accessToken;
  const probe = server.app.createQueryRunner();
  runnerClass = probe.constructor as unknown as { prototype: QueryRunner };
  await probe.release();
  original = runnerClass.prototype.query;
  runnerClass.prototype.query = function (this: QueryRunner, ...args: Parameters<QueryRunner['query']>) {
    statements++;
    return original.apply(this, args);
  } as QueryRunner['query'];
  // Statements of a request that graphql-js itself refuses (an unknown field): the signed-in principal's lookup.
  const { result, count } = await counting(() => post(`{ noSuchField }`, {}, admin));
  expect(codeOf(result.body)).toBe('GRAPHQL_VALIDATION_FAILED');
  baselineStatements = count;
});
afterAll(async () => {
  runnerClass.prototype.query = original;
  await server.close();
});

describe('the shape of a document is checked in time linear in its size', () => {
  it('a 2^22-path fragment fan-out is refused at once, and /healthz stays responsive meanwhile', async () => {
    const document = fanOut(22);
    expect(document.length).toBeLessThan(1_000);
    const first = await post(document);
    expect(first.res.status).toBe(400);
    expect(codeOf(first.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(first.body.errors?.[0].message).toMatch(/depth limit of 10 exceeded/);
    expect(first.body.data).toBeUndefined();

    // Ten at once, anonymous, while someone else asks the health check.
    const health = (async () => {
      const started = performance.now();
      const res = await fetch(`${server.url}/healthz`);
      return { status: res.status, ms: performance.now() - started };
    })();
    const burst = await Promise.all(Array.from({ length: 10 }, () => post(document)));
    const healthz = await health;
    const times = burst.map((b) => b.ms).sort((a, b) => a - b);
    const sequential: number[] = [];
    for (let i = 0; i < 10; i++) sequential.push((await post(document)).ms);
    sequential.sort((a, b) => a - b);
    // eslint-disable-next-line no-console
    console.log(
      `fan-out 2^22 refused: first ${first.ms.toFixed(1)} ms; 10 one after another: median ` +
        `${sequential[5].toFixed(1)} ms; 10 in parallel: max ${times[9].toFixed(1)} ms; /healthz meanwhile ` +
        `${healthz.ms.toFixed(1)} ms`,
    );
    for (const b of burst) expect(codeOf(b.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    // Speed is proven by `npm run bench:abuse`, not by a timed test (a busy machine must not turn this red). A
    // path-walking rule would take seconds per request at 2^22 paths, so 21 of them would outrun the test's timeout.
    expect(healthz.status).toBe(200);
  });

  it('a wide fan-out within the depth limit (200^3 paths) is priced and run as graphql-js runs it: each fragment once', async () => {
    const levels = 4;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i + 1 < levels
        ? `fragment W${i} on Query { ${Array.from({ length: 200 }, () => `...W${i + 1}`).join(' ')} }`
        : `fragment W${i} on Query { rateLimit { cost remaining } }`,
    );
    const { body, ms } = await post(`query Wide { ...W0 }\n${fragments.join('\n')}`, {}, admin);
    expect(ok(body).rateLimit.cost).toBe(1);
    expect(ms).toBeLessThan(1_000);
  });

  it('too deep, too many aliases, too many directives, too many tokens: 400 naming the limit, nothing run', async () => {
    const deep = `{ me { staffMember { roleAssignments { school { id } staffMember { roleAssignments { staffMember {
      roleAssignments { staffMember { roleAssignments { staffMember { roleAssignments { id } } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: me { kind }`).join(' ')} }`;
    const directives = `{ me { ${Array.from({ length: 30 }, () => 'kind @include(if: true)').join(' ')} } }`;
    // 7,000 one-letter names: over the token limit, well under the size limit.
    const tokens = `{ me { ${'k '.repeat(7_000)} } }`;
    const cases: [string, string, string, RegExp][] = [
      ['depth', deep, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 10 exceeded, found 1\d/],
      ['aliases', aliases, 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 150 exceeded, found 200/],
      ['directives', directives, 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 20 exceeded, found 30/],
      ['tokens', tokens, 'GRAPHQL_PARSE_FAILED', /more th\w+ 6000 tokens/],
    ];
    for (const [name, query, code, message] of cases) {
      const { result, count } = await counting(() => post(query, {}, admin));
      expect({ name, status: result.res.status, code: codeOf(result.body) }).toEqual({ name, status: 400, code });
      expect(result.body.errors?.[0].message).toMatch(message);
      expect(result.body.data).toBeUndefined();
      // Only the principal's own lookup ran (before any GraphQL work), no resolver.
      expect(count).toBeLessThanOrEqual(baselineStatements);
    }
  });
});

describe('the size of a document is checked before anything reads it', () => {
  it('a document over 32 KiB is refused with 400 naming the limit: no SQL, not even the principal, never lexed', async () => {
    // Comments and whitespace are not tokens: this one is 3 tokens, which the token limit alone would let through,
    // and its text breaks off in the middle of a string, which a lexer would report first.
    const padded = `{ me { kind } }\n# ${'x'.repeat(Limits.QUERY_BYTES_MAX)}\n{ "unterminated`;
    for (const [who, token] of [
      ['signed in', admin],
      ['anonymous', undefined],
    ] as const) {
      const { result, count } = await counting(() => post(padded, {}, token));
      expect({ who, status: result.res.status, code: codeOf(result.body) }).toEqual({
        who,
        status: 400,
        code: 'GRAPHQL_PARSE_FAILED',
      });
      expect(result.body.errors?.[0].message).toBe(
        `Document size limit of 32768 bytes exceeded, found ${Buffer.byteLength(padded)} (send long values as variables).`,
      );
      expect(result.body.data).toBeUndefined();
      expect(count).toBe(0);
    }
    // Bytes, not characters: 11,000 three-byte characters in a string are 33,000 bytes.
    const wide = `{ me { kind } } # ${'€'.repeat(11_000)}`;
    expect(wide.length).toBeLessThan(Limits.QUERY_BYTES_MAX);
    expect((await post(wide, {}, admin)).body.errors?.[0].message).toMatch(/size limit of 32768 bytes exceeded/);
    // Under the limit the same padding is only a comment, and long values are welcome as variables.
    const fits = `query($s: String!) { schools(filter: { search: $s }) { totalCount } }\n# ${'x'.repeat(30_000)}`;
    const { body } = await post(fits, { s: 'y'.repeat(90) }, admin);
    expect(ok(body).schools.totalCount).toBe(0);
  });
});

describe('a caller whose documents keep being refused is slowed down, and only that caller', () => {
  let strict: TestServer;
  let teacher: string;
  let principal: string;

  beforeAll(async () => {
    // One slot per caller, a short wait for it, two free refusals that do not come back, then a long hold.
    strict = await startTestServer({
      requestLimits: {
        callerConcurrency: 1,
        callerWaitMs: 200,
        refusalHold: { free: 2, refillPerSecond: 0, holdMs: 30_000 },
      },
    });
    teacher = (await strict.signIn('teacher@northfield.example')).accessToken;
    principal = (await strict.signIn('principal@northfield.example')).accessToken;
  });
  afterAll(() => strict.close());

  it('past its free refusals a refused request keeps its slot after its answer; the next waits, then gets 429', async () => {
    const tooDeep = fanOut(12);
    const send = (query: string, token?: string, variables: Record<string, unknown> = {}) =>
      post(query, variables, token, strict.url);
    // Wrong variables are the caller's mistake, not a refused document: they do not count.
    for (let i = 0; i < 3; i++) {
      const { res, body } = await send(`query($n: Int) { schools(first: $n) { totalCount } }`, teacher, { n: 'x' });
      expect({ status: res.status, code: codeOf(body) }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    }
    // Two refused documents are free: the caller's next request runs at once.
    for (let i = 0; i < 2; i++) expect(codeOf((await send(tooDeep, teacher)).body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(ok((await send(RATE, teacher)).body).rateLimit.cost).toBe(1);
    // The third is answered like the others, then keeps the caller's only slot: its next request waits its turn for
    // 200 ms and is told to come back.
    const third = await send(tooDeep, teacher);
    expect({ status: third.res.status, code: codeOf(third.body) }).toEqual({
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    const next = await send(RATE, teacher);
    expect({ status: next.res.status, code: codeOf(next.body) }).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect(next.res.headers.get('retry-after')).toBe('1');
    expect(next.ms).toBeGreaterThanOrEqual(150);
    // Everyone else is served as before: another person, and requests without a token.
    expect(ok((await send(RATE, principal)).body).rateLimit.cost).toBe(1);
    expect(ok((await send(`{ __typename }`)).body).__typename).toBe('Query');
  });
});

describe('cost: a request whose estimate is over the ceiling is refused before any SQL runs', () => {
  const funnels = (n: number) =>
    `query($w: DateWindowInput!) { ${Array.from(
      { length: n },
      (_, i) => `f${i}: funnel(scope: { kind: DISTRICT }, window: $w) { due held heldRate }`,
    ).join(' ')} }`;
  const remaining = async () => ok(await server.gql(`{ rateLimit { remaining } }`, {}, admin)).rateLimit.remaining;

  it('1000 aliased district funnels: refused with 400 before the document is read, no data, no SQL, nothing charged', async () => {
    const before = await remaining();
    const { result, count } = await counting(() => post(funnels(1_000), { w: WINDOW }, admin));
    expect(result.res.status).toBe(400);
    expect(codeOf(result.body)).toBe('GRAPHQL_PARSE_FAILED');
    expect(result.body.errors?.[0].message).toMatch(/Document size limit of 32768 bytes exceeded/);
    expect(result.body.data).toBeUndefined();
    // Not even the principal's lookup.
    expect(count).toBe(0);
    // 400 of them fit the size limit; the token limit stops them while parsing, still before any resolver.
    const parsed = await counting(() => post(funnels(400), { w: WINDOW }, admin));
    expect(codeOf(parsed.result.body)).toBe('GRAPHQL_PARSE_FAILED');
    expect(parsed.result.body.errors?.[0].message).toMatch(/6000 tokens/);
    expect(parsed.count).toBe(baselineStatements);
    // Only the second rateLimit read (1 point) was charged since the first.
    expect(await remaining()).toBe(before - 1);
  });

  it('10 district funnels fit the shape limits but not the cost ceiling: 400 naming the limit, no SQL', async () => {
    const { result, count } = await counting(() => post(funnels(10), { w: WINDOW }, admin));
    expect(result.res.status).toBe(400);
    expect(codeOf(result.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0].message).toMatch(/estimated cost of 1000\d\d points is over the limit of 50000/);
    expect(result.body.data).toBeUndefined();
    expect(count).toBe(baselineStatements);
    // One runs.
    const one = await post(funnels(1), { w: WINDOW }, admin);
    expect(ok(one.body).f0.due).toEqual(expect.any(Number));
  });

  it('list sizes multiply: pages of 100 nested three deep are refused; the same with small pages runs', async () => {
    const query = `query($n: Int) { strategies(first: $n) { nodes { title mappings { conversation {
      sessions(first: $n) { nodes { scheduledAt actions { description } } } } } } } }`;
    const { result, count } = await counting(() => post(query, { n: 100 }, admin));
    expect(result.res.status).toBe(400);
    expect(codeOf(result.body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.body.errors?.[0].message).toMatch(/over the limit of 50000 points per request/);
    expect(count).toBe(baselineStatements);
    // Variables count: the same document with pages of 10 costs 10 * 5 * 10 * 7 or so, and runs.
    expect(ok((await post(query, { n: 10 }, admin)).body).strategies.nodes).toEqual(expect.any(Array));
  });

  it('rateLimit reports what this request cost', async () => {
    const data = ok(
      await server.gql(`{ schools(first: 20) { nodes { id } } rateLimit { cost limit remaining resetAt } }`, {}, admin),
    );
    // 1 (connection) + 20 schools + 1 (rateLimit itself).
    expect(data.rateLimit.cost).toBe(22);
    expect(data.rateLimit.limit).toBe(1_000_000);
    expect(data.rateLimit.remaining).toBeLessThan(1_000_000);
    expect(Date.parse(data.rateLimit.resetAt) - Date.now()).toBeGreaterThan(3_000_000);
  });
});

describe('signIn and refreshSession: at most one per request, refused before any password check', () => {
  it('30 aliased signIn: 400, no password checked, no throttle row, no session', async () => {
    const query = `mutation { ${Array.from(
      { length: 30 },
      (_, i) =>
        `s${i}: signIn(input: { email: "admin@northfield.example", password: "wrong password ${i}" }) { accessToken }`,
    ).join(' ')} }`;
    const [{ n: throttleBefore }] = await server.owner.query(`SELECT count(*)::int AS n FROM sign_in_throttle`);
    const [{ n: tokensBefore }] = await server.owner.query(`SELECT count(*)::int AS n FROM refresh_token`);
    const { res, body, ms } = await post(query);
    expect(res.status).toBe(400);
    expect(codeOf(body)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0].message).toMatch(/At most one signIn per request; this one asks for 30/);
    expect(body.data).toBeUndefined();
    expect(ms).toBeLessThan(1_000);
    const [{ n: throttleAfter }] = await server.owner.query(`SELECT count(*)::int AS n FROM sign_in_throttle`);
    const [{ n: tokensAfter }] = await server.owner.query(`SELECT count(*)::int AS n FROM refresh_token`);
    expect(throttleAfter).toBe(throttleBefore);
    expect(tokensAfter).toBe(tokensBefore);
  });

  it('two refreshSession, even through a fragment, are refused; one signIn still signs in', async () => {
    const twice = `mutation { ...R b: refreshSession(input: { refreshToken: "x" }) { accessToken } }
      fragment R on Mutation { a: refreshSession(input: { refreshToken: "y" }) { accessToken } }`;
    const { res, body } = await post(twice);
    expect(res.status).toBe(400);
    expect(body.errors?.[0].message).toMatch(/At most one refreshSession per request/);
    expect((await server.signIn('principal@northfield.example')).accessToken).toEqual(expect.any(String));
  });
});

describe('the hourly budget: per person, per anonymous address, shared by every instance', () => {
  let budgeted: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    const rateLimits = { pointsPerWindow: 100, anonymousPointsPerWindow: 1_000 };
    budgeted = await startTestServer({ rateLimits });
    second = await startTestServer({ rateLimits, shareDatabaseOf: budgeted });
  });
  afterAll(async () => {
    await second?.close();
    await budgeted?.close();
  });

  it('a person who runs out is answered 429 RATE_LIMITED with Retry-After; another person is unaffected', async () => {
    const a = (await budgeted.signIn('admin@northfield.example')).accessToken;
    const b = (await budgeted.signIn('admin@southbrook.example')).accessToken;
    for (let i = 0; i < 4; i++) ok((await post(SCHOOLS_20, {}, a, budgeted.url)).body); // 84 points
    const spent = await post(RATE, {}, a, budgeted.url); // 85
    expect(ok(spent.body).rateLimit).toMatchObject({ cost: 1, limit: 100, remaining: 15 });

    const refused = await post(SCHOOLS_20, {}, a, budgeted.url);
    expect(refused.res.status).toBe(429);
    expect(codeOf(refused.body)).toBe('RATE_LIMITED');
    expect(refused.body.data).toBeUndefined();
    const retryAfter = Number(refused.res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(3_000);
    // Counted by the minute: a charge leaves the hour at most a minute late.
    expect(retryAfter).toBeLessThanOrEqual(3_660);
    expect(refused.body.errors?.[0].extensions).toMatchObject({
      retryAfterSeconds: retryAfter,
      cost: 21,
      limit: 100,
      remaining: 15,
    });
    expect(refused.body.errors?.[0].message).toMatch(/costs 21 points and 15 of your 100 points per hour are left/);
    // A refused request is not charged: what fits still runs.
    expect(ok((await post(RATE, {}, a, budgeted.url)).body).rateLimit.remaining).toBe(14);

    expect(ok((await post(SCHOOLS_20, {}, b, budgeted.url)).body).schools.nodes.length).toBeGreaterThan(0);
    expect(ok((await post(RATE, {}, b, budgeted.url)).body).rateLimit.remaining).toBe(78);
  });

  it('two instances on one database draw from the same budget', async () => {
    const c = (await budgeted.signIn('principal@northfield.example')).accessToken;
    ok((await post(SCHOOLS_20, {}, c, budgeted.url)).body);
    ok((await post(SCHOOLS_20, {}, c, second.url)).body);
    ok((await post(SCHOOLS_20, {}, c, budgeted.url)).body); // 63
    expect(ok((await post(RATE, {}, c, second.url)).body).rateLimit.remaining).toBe(36);
    ok((await post(SCHOOLS_20, {}, c, second.url)).body); // 85
    expect((await post(SCHOOLS_20, {}, c, budgeted.url)).res.status).toBe(429);
    expect((await post(SCHOOLS_20, {}, c, second.url)).res.status).toBe(429);
  });

  it("a busy caller's hour stays a few rows (one per minute and connection), and every point is counted", async () => {
    const big = await startTestServer({ rateLimits: { pointsPerWindow: 100_000 }, shareDatabaseOf: budgeted });
    try {
      const token = (await big.signIn('kmensah@southbrook.example')).accessToken;
      // 60 requests, 4 at a time (CALLER_CONCURRENCY), 1 point each.
      for (let round = 0; round < 15; round++) {
        await Promise.all(Array.from({ length: 4 }, async () => ok((await post(RATE, {}, token, big.url)).body)));
      }
      expect(ok((await post(RATE, {}, token, big.url)).body).rateLimit.remaining).toBe(100_000 - 61);
      const [coach] = await big.owner.query(
        `SELECT district_id, id FROM staff_member WHERE email = 'kmensah@southbrook.example'`,
      );
      const [row] = await big.owner.query(
        `SELECT count(*)::int AS n, sum(points)::int AS points, count(DISTINCT charged_at)::int AS minutes
           FROM rate_limit_charge WHERE key = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [`staff:${coach.district_id}:${coach.id}`],
      );
      expect(row.points).toBe(61);
      // At most a row per connection (a pool of 5) and minute: a row per request would be 61.
      expect(row.n).toBeLessThanOrEqual(5 * row.minutes);
    } finally {
      await big.close();
    }
  });

  it('requests without a token spend their address budget; a sign-in is charged before its password is checked', async () => {
    const signIn = `mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`; // 200 + 1 points
    const throttleRows = async () =>
      (await budgeted.owner.query(`SELECT count(*)::int AS n FROM sign_in_throttle`))[0].n as number;
    // Sign-ins with wrong passwords, each for an address never seen (so each leaves a throttle row when it runs),
    // until the address's 1,000 points (less the sign-ins above) are spent.
    let refused: Awaited<ReturnType<typeof post>> | null = null;
    let rowsBefore = 0;
    for (let i = 0; i < 6 && !refused; i++) {
      rowsBefore = await throttleRows();
      const input = { email: `nobody-${i}-${Date.now()}@northfield.example`, password: 'not a password of anyone' };
      const attempt = await post(signIn, { input }, undefined, budgeted.url);
      if (attempt.body.errors?.[0].extensions?.cost !== undefined) refused = attempt;
    }
    expect(refused).not.toBeNull();
    expect(refused!.res.status).toBe(429);
    expect(codeOf(refused!.body)).toBe('RATE_LIMITED');
    expect(refused!.body.errors?.[0].extensions).toMatchObject({ cost: 201, limit: 1_000 });
    expect(Number(refused!.res.headers.get('retry-after'))).toBeGreaterThan(3_000);
    // The refused sign-in never reached its resolver: no password check, no throttle row for its new email.
    expect(await throttleRows()).toBe(rowsBefore);
    // rateLimit itself is for signed-in callers, like every root field but signIn, refreshSession and signOut.
    expect(codeOf(await post(RATE, {}, undefined, budgeted.url).then((r) => r.body))).toBe('UNAUTHENTICATED');
  });
});

/** Whether a Redis answers at 127.0.0.1:6379 (the machine's; CI has it too). */
function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(6379, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

describe('budgets in Redis (REDIS_URL)', () => {
  it('two instances with one Redis share a budget', async () => {
    if (!(await redisAnswers())) {
      if (process.env.CI === 'true') throw new Error('Redis is not running at 127.0.0.1:6379');
      // eslint-disable-next-line no-console
      console.warn('Redis is not running at 127.0.0.1:6379: the Redis budget store is not tested here');
      return;
    }
    const rateLimits = { pointsPerWindow: 50, redisUrl: 'redis://127.0.0.1:6379' };
    const one = await startTestServer({ rateLimits });
    const two = await startTestServer({ rateLimits, shareDatabaseOf: one });
    try {
      const token = (await one.signIn('coach@northfield.example')).accessToken;
      ok((await post(SCHOOLS_20, {}, token, one.url)).body);
      expect(ok((await post(`{ rateLimit { remaining limit } }`, {}, token, two.url)).body).rateLimit).toEqual({
        remaining: 28,
        limit: 50,
      });
      ok((await post(SCHOOLS_20, {}, token, two.url)).body); // 43
      const refused = await post(SCHOOLS_20, {}, token, one.url);
      expect(refused.res.status).toBe(429);
      expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(3_000);
      // Nothing was written to PostgreSQL's table.
      const [{ n }] = await one.owner.query(`SELECT count(*)::int AS n FROM rate_limit_charge`);
      expect(n).toBe(0);
    } finally {
      await two.close();
      await one.close();
    }
  });
});
