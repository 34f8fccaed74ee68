/**
 * Abuse at the edge: sign-in guessing (the throttle is atomic under concurrency, counts per address+email pair, per
 * email and per address, and never lets an attacker lock the owner out), input that PostgreSQL cannot hold (NUL
 * bytes, broken Unicode) or that makes no sense (year 9999), and correctly signed tokens whose claims are wrong.
 *
 * The server sees 127.0.0.1 unless a request is sent from another loopback address (Linux routes all of 127/8 to
 * lo): each throttle test uses addresses of its own, so the tests do not share counters.
 */
import http from 'node:http';
import { SignJWT } from 'jose';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { DEMO_PASSWORD } from '../../packages/api/src/demo/demo-data';

let server: TestServer;
let admin: string;

interface Answer extends GraphQLResponse {
  headers: http.IncomingHttpHeaders;
}

/** POST /graphql from a given local address, on a connection of its own. */
function postFrom(
  localAddress: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Answer> {
  const url = new URL(`${server.url}/graphql`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, ...JSON.parse(body) });
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query, variables }));
  });
}

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { accessToken refreshToken } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken } }`;

const signInFrom = (address: string, email: string, password: string) =>
  postFrom(address, SIGN_IN, { i: { email, password } });

/** A RATE_LIMITED answer as it must look: 429, Retry-After, and retryAfterSeconds in the body. */
function expectRateLimited(res: Answer): void {
  expect(codeOf(res)).toBe('RATE_LIMITED');
  expect(res.status).toBe(429);
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(res.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
  expect(res.data ?? null).toBeNull();
}

// ---------------------------------------------------------------------------------------------------------------
// What was written: every table the refused operations could touch, counted and digested by the owner.

const TABLES = [
  'district',
  'school',
  'staff_member',
  'credential',
  'role_assignment',
  'refresh_token',
  'audit_event',
  'norm',
  'improvement_strategy',
  'sign_in_throttle',
] as const;

async function snapshot(): Promise<Record<string, string>> {
  const rows: { t: string; h: string }[] = await server.owner.query(
    TABLES.map(
      (t) =>
        `SELECT '${t}' AS t, count(*) || ':' ||
                md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY row_to_json(x)::text), '')) AS h
           FROM ${t} x`,
    ).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.h]));
}

/** Asserts BAD_USER_INPUT (400, never a 500) naming exactly `fields` at `path`, and that nothing was written. */
async function expectRefused(
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
  fields: string[],
  path: string[] | undefined,
): Promise<void> {
  const before = await snapshot();
  const res = await server.gql(query, variables, token);
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect({ status: res.status, code: error.extensions?.code, path: error.path }).toEqual({
    status: 400,
    code: 'BAD_USER_INPUT',
    path,
  });
  expect(error.extensions).not.toHaveProperty('stacktrace');
  expect(error.extensions?.fields?.map((f) => f.field).sort()).toEqual([...fields].sort());
  for (const f of error.extensions?.fields ?? []) expect(f.message).toEqual(expect.stringMatching(/\S/));
  expect(res.data ?? null).toBeNull();
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  server = await startTestServer();
  admin = (await server.signIn('admin@northfield.example')).accessToken;
});
afterAll(() => server.close());

// ---------------------------------------------------------------------------------------------------------------

describe('the sign-in throttle', () => {
  it('40 parallel wrong guesses for one email from one address: at most 10 are evaluated, the rest are 429', async () => {
    const email = 'teacher@northfield.example';
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInFrom('127.0.0.2', email, `wrong-password-${i}`)),
    );
    const evaluated = answers.filter((a) => codeOf(a) === 'UNAUTHENTICATED');
    const refused = answers.filter((a) => codeOf(a) !== 'UNAUTHENTICATED');
    expect(evaluated.length).toBeGreaterThan(0);
    expect(evaluated.length).toBeLessThanOrEqual(10);
    for (const a of refused) expectRateLimited(a);
    // The count never passed the limit, and a refusal counted for nothing.
    const [{ max }] = await server.owner.query(`SELECT max(failures)::int AS max FROM sign_in_throttle`);
    expect(max).toBeLessThanOrEqual(10);
  });

  it("an attacker's 10 wrong guesses lock out the attacker's address, not the owner signing in from elsewhere", async () => {
    const email = 'principal@northfield.example';
    for (let i = 0; i < 10; i++) {
      expect(codeOf(await signInFrom('127.0.0.3', email, `guess-${i}`))).toBe('UNAUTHENTICATED');
    }
    // Even the right password is refused from the attacker's address now...
    expectRateLimited(await signInFrom('127.0.0.3', email, DEMO_PASSWORD));
    // ...while the owner, from their own address, signs in.
    const owner = await signInFrom('127.0.0.4', email, DEMO_PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.data?.signIn.accessToken).toBeTruthy();
  });

  it('one address trying many emails is limited, whatever the emails; its unknown refresh tokens too', async () => {
    const outcomes: (string | undefined)[] = [];
    for (let batch = 0; batch < 14; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          signInFrom('127.0.0.5', `nobody-${batch * 4 + i}@northfield.example`, 'wrong-password'),
        ),
      );
      for (const a of answers) {
        if (codeOf(a) !== 'UNAUTHENTICATED') expectRateLimited(a);
        outcomes.push(codeOf(a));
      }
    }
    expect(outcomes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(50);
    expect(outcomes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(6);
    // A real account from that address is refused too; from another address it signs in.
    expectRateLimited(await signInFrom('127.0.0.5', 'coach@northfield.example', DEMO_PASSWORD));
    const elsewhere = await signInFrom('127.0.0.6', 'coach@northfield.example', DEMO_PASSWORD);
    const refreshToken: string = ok(elsewhere).signIn.refreshToken;

    // The spent address guessing refresh tokens is refused as well; a real refresh token still works from it.
    expectRateLimited(await postFrom('127.0.0.5', REFRESH, { t: 'a-guessed-refresh-token' }));
    expect(ok(await postFrom('127.0.0.5', REFRESH, { t: refreshToken })).refreshSession.accessToken).toBeTruthy();
  });

  it('unknown refresh tokens count against their address: past the limit they answer RATE_LIMITED', async () => {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 52; i++) codes.push(codeOf(await postFrom('127.0.0.7', REFRESH, { t: `guess-${i}` })));
    expect(codes.slice(0, 50).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(50)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    // Which address spent its budget costs no one else anything.
    expect(codeOf(await postFrom('127.0.0.8', REFRESH, { t: 'guess' }))).toBe('UNAUTHENTICATED');
  });

  it('keeps keyed hashes only: no email, no address', async () => {
    const rows: { key: string }[] = await server.owner.query(`SELECT key FROM sign_in_throttle`);
    expect(rows.length).toBeGreaterThan(0);
    const text = JSON.stringify(rows);
    for (const clear of ['northfield', '127.0.0', 'teacher', 'principal']) expect(text).not.toContain(clear);
    for (const { key } of rows) expect(key).toMatch(/^(pair|email|address):[0-9a-f]{64}$/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('input hygiene: NUL bytes, broken Unicode and absurd dates are BAD_USER_INPUT, never a 500', () => {
  const NUL = '\u0000';

  it('signIn with a NUL in the email (anonymous) is refused naming the field, and counts nothing', async () => {
    await expectRefused(
      SIGN_IN,
      { i: { email: `teacher@northfield.example${NUL}`, password: 'x' } },
      null,
      ['email'],
      ['signIn'],
    );
    // A lone surrogate half is no better.
    await expectRefused(
      SIGN_IN,
      { i: { email: 'teacher\ud800@northfield.example', password: 'x' } },
      null,
      ['email'],
      ['signIn'],
    );
  });

  it('school, staff and norm names', async () => {
    await expectRefused(
      `mutation($input: SchoolCreateInput!) { schoolCreate(input: $input) { school { id } } }`,
      { input: { name: `Lincoln${NUL}High`, code: 'NF-NUL' } },
      admin,
      ['name'],
      ['schoolCreate'],
    );
    await expectRefused(
      `mutation($input: SchoolCreateInput!) { schoolCreate(input: $input) { school { id } } }`,
      { input: { name: 'Broken \udc00 name', code: 'NF-BRK' } },
      admin,
      ['name'],
      ['schoolCreate'],
    );
    await expectRefused(
      `mutation($input: StaffMemberCreateInput!) { staffMemberCreate(input: $input) { staffMember { id } } }`,
      { input: { email: 'nul@northfield.example', givenName: `Ann${NUL}`, familyName: `${NUL}Lee` } },
      admin,
      ['familyName', 'givenName'],
      ['staffMemberCreate'],
    );
    await expectRefused(
      `mutation($input: NormCreateInput!) { normCreate(input: $input) { norm { id } } }`,
      { input: { title: `Listen${NUL}` } },
      admin,
      ['title'],
      ['normCreate'],
    );
    // In a literal rather than a variable, under an alias.
    await expectRefused(
      `mutation { made: normCreate(input: { title: "Be on time\\u0000" }) { norm { id } } }`,
      {},
      admin,
      ['title'],
      ['made'],
    );
  });

  it('the schools, staff and audit search filters', async () => {
    await expectRefused(
      `query($f: SchoolFilter) { schools(filter: $f, first: 5) { totalCount } }`,
      { f: { search: `Lin${NUL}` } },
      admin,
      ['filter.search'],
      ['schools'],
    );
    await expectRefused(
      `query { staffMembers(filter: { search: "an\\u0000n" }, first: 5) { totalCount } }`,
      {},
      admin,
      ['filter.search'],
      ['staffMembers'],
    );
    await expectRefused(
      `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 5) { totalCount } }`,
      { f: { action: `school.create${NUL}`, entityType: `School${NUL}` } },
      admin,
      ['filter.action', 'filter.entityType'],
      ['auditEvents'],
    );
  });

  it('lists and nested inputs are inspected too, every offence named at once', async () => {
    await expectRefused(
      `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
      { ids: ['U2Nob29sOng', `x${NUL}`] },
      admin,
      ['ids.1'],
      ['nodes'],
    );
    await expectRefused(
      `query($scope: FunnelScopeInput!, $window: DateWindowInput!) { funnel(scope: $scope, window: $window) { due } }`,
      { scope: { kind: 'SCHOOL', id: `x${NUL}` }, window: { from: '9999-01-01', to: '9999-02-01' } },
      admin,
      ['scope.id', 'window.from', 'window.to'],
      ['funnel'],
    );
  });

  it('dates outside 1900-01-01 .. 2200-12-31 are refused: a strategy starting in year 9999', async () => {
    const create = `mutation($input: StrategyCreateInput!) { strategyCreate(input: $input) { strategy { id startsOn } } }`;
    const strategy = (startsOn: string, endsOn?: string) => ({
      input: { title: 'Far future', goal: 'Probe', kind: 'OTHER', startsOn, endsOn },
    });
    await expectRefused(create, strategy('9999-01-01'), admin, ['startsOn'], ['strategyCreate']);
    await expectRefused(create, strategy('2026-01-01', '2201-01-01'), admin, ['endsOn'], ['strategyCreate']);
    await expectRefused(create, strategy('1899-12-31'), admin, ['startsOn'], ['strategyCreate']);
    await expectRefused(
      `query($f: AuditEventFilter) { auditEvents(filter: $f, first: 5) { totalCount } }`,
      { f: { occurredAfter: '9999-12-31T00:00:00Z' } },
      admin,
      ['filter.occurredAfter'],
      ['auditEvents'],
    );
    // Both ends are inside.
    const edge = ok(await server.gql(create, strategy('1900-01-01', '2200-12-31'), admin));
    expect(edge.strategyCreate.strategy.startsOn).toBe('1900-01-01');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('correctly signed tokens with wrong claims are 401', () => {
  const ME = `{ me { kind } }`;
  let claims: { sub: string; district: string; roles: string[] };

  beforeAll(() => {
    const payload = JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString());
    claims = { sub: payload.sub, district: payload.district, roles: payload.roles };
  });

  /** Signs with the server's own key; a test changes one thing. */
  async function forge(change: { sub?: string; district?: unknown; roles?: unknown; iat?: number; exp?: number }) {
    const now = Math.floor(Date.now() / 1000);
    const iat = change.iat ?? now;
    return new SignJWT({
      district: 'district' in change ? change.district : claims.district,
      roles: 'roles' in change ? change.roles : claims.roles,
    })
      .setProtectedHeader({ alg: 'ES256', kid: server.keys.signing.kid, typ: 'at+jwt' })
      .setIssuer(server.tokens.issuer)
      .setAudience(server.tokens.audience)
      .setSubject(change.sub ?? claims.sub)
      .setIssuedAt(iat)
      .setNotBefore(now)
      .setExpirationTime(change.exp ?? iat + 600)
      .sign(server.keys.signing.privateKey);
  }

  async function expectRejected(token: string): Promise<void> {
    const res = await server.gql(ME, {}, token);
    expect({ status: res.status, code: codeOf(res) }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(res.data ?? null).toBeNull();
  }

  it('the forgery is sound: unchanged claims are accepted', async () => {
    expect(ok(await server.gql(ME, {}, await forge({}))).me.kind).toBe('STAFF');
  });

  it('a district or subject that is not a uuid, or roles that are not strings', async () => {
    await expectRejected(await forge({ district: 'northfield' }));
    await expectRejected(await forge({ district: `${claims.district}'` }));
    await expectRejected(await forge({ district: 42 }));
    await expectRejected(await forge({ sub: 'not-a-uuid' }));
    await expectRejected(await forge({ roles: [1] }));
    await expectRejected(await forge({ roles: 'TEACHER' }));
  });

  it('a lifetime beyond the configured maximum: a 10-year exp, or an iat in the future', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await forge({ exp: now + 10 * 365 * 24 * 3600 }));
    // iat given: forge's own clock may have passed a second boundary since `now` (a 900-second lifetime then).
    await expectRejected(await forge({ iat: now, exp: now + 901 }));
    await expectRejected(await forge({ iat: now + 3600, exp: now + 3600 + 600 }));
    // The configured maximum itself is fine.
    expect(ok(await server.gql(ME, {}, await forge({ iat: now, exp: now + 900 }))).me.kind).toBe('STAFF');
  });
});
