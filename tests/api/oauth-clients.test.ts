/**
 * Integrators' credentials over real HTTP against a real PostgreSQL: API clients managed by a district admin, the
 * OAuth 2.0 client credentials token endpoint (RFC 6749 §4.4, errors per §5.2), the RFC 9068 access token checked
 * with jose against the server's JWKS, scopes enforced like people's permissions, confidential text withheld,
 * tenancy, budgets, rotation, revocation and audit with the client as actor.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

let server: TestServer;
let admin: string;
let southAdmin: string;
const district: { north: string; south: string } = { north: '', south: '' };

interface Client {
  id: string;
  clientId: string;
  clientSecret: string;
}

const CREATE = `mutation($i: ApiClientCreateInput!) {
  apiClientCreate(input: $i) { clientId clientSecret apiClient { id clientId name scopes allowedAddresses active version owner { email } } }
}`;

async function createClient(scopes: string[], extra: Record<string, unknown> = {}, token = admin): Promise<Client> {
  const res = ok(
    await server.gql(CREATE, { i: { name: `Sync ${randomUUID().slice(0, 8)}`, scopes, ...extra } }, token),
  );
  const created = res.apiClientCreate;
  return { id: created.apiClient.id, clientId: created.clientId, clientSecret: created.clientSecret };
}

interface TokenAnswer {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

async function tokenRequest(
  params: Record<string, string> | string,
  headers: Record<string, string> = {},
  base = server.url,
): Promise<TokenAnswer> {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof params === 'string' ? params : new URLSearchParams(params).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> };
}

function basic(clientId: string, secret: string): Record<string, string> {
  const encode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
  return { authorization: `Basic ${Buffer.from(`${encode(clientId)}:${encode(secret)}`).toString('base64')}` };
}

async function accessToken(client: Client, scope?: string, base = server.url): Promise<string> {
  const params: Record<string, string> = { grant_type: 'client_credentials', ...(scope ? { scope } : {}) };
  const res = await tokenRequest(params, basic(client.clientId, client.clientSecret), base);
  if (res.status !== 200) throw new Error(`token refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

function forbiddenScopes(res: GraphQLResponse): unknown {
  return res.errors?.[0]?.extensions?.requiredScopes;
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

describe('API clients, managed by district admins', () => {
  it('creates a client whose secret is shown once and stored only as a SHA-256 hash, audited without it', async () => {
    const client = await createClient(['organization:read', 'analytics:read'], {
      description: 'Nightly roster mirror',
      allowedAddresses: ['127.0.0.1', '10.0.0.0/8'],
    });
    expect(client.clientSecret).toMatch(/^tlcs_[A-Za-z0-9_-]{43}$/);
    const [row] = await server.owner.query(`SELECT * FROM api_client_secret WHERE client_id = $1`, [client.clientId]);
    expect(row.secret_hash).toBe(createHash('sha256').update(client.clientSecret).digest('hex'));
    const list = await server.gql(
      `{ apiClients(first: 50) { totalCount nodes { id clientId name description scopes allowedAddresses lastUsedAt secrets { id createdAt expiresAt } } } }`,
      {},
      admin,
    );
    const listed = ok(list).apiClients.nodes.find((n: any) => n.id === client.id);
    expect(listed).toMatchObject({
      clientId: client.clientId,
      description: 'Nightly roster mirror',
      scopes: ['analytics:read', 'organization:read'],
      allowedAddresses: ['127.0.0.1', '10.0.0.0/8'],
    });
    expect(listed.secrets).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain(client.clientSecret);
    const audits = await server.owner.query(`SELECT * FROM audit_event WHERE entity_id = $1`, [client.clientId]);
    expect(audits.map((a: any) => a.action)).toEqual(['apiClient.create']);
    expect(JSON.stringify(audits)).not.toContain(client.clientSecret);
  });

  it('refuses bad input naming each field, and writes nothing', async () => {
    const before = await server.owner.query(`SELECT count(*)::int AS n FROM api_client`);
    const res = await server.gql(
      CREATE,
      { i: { name: ' ', scopes: ['organization:read', 'admin:all'], allowedAddresses: ['10.0.0.0/33', 'nope'] } },
      admin,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual([
      'allowedAddresses.0',
      'allowedAddresses.1',
      'name',
      'scopes',
    ]);
    expect(await server.owner.query(`SELECT count(*)::int AS n FROM api_client`)).toEqual(before);
  });

  it('is for district admins only', async () => {
    const principal = (await server.signIn('principal@northfield.example')).accessToken;
    expect(codeOf(await server.gql(`{ apiClients { totalCount } }`, {}, principal))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(CREATE, { i: { name: 'x', scopes: ['analytics:read'] } }, principal))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('POST /oauth/token (RFC 6749 §4.4)', () => {
  let client: Client;
  beforeAll(async () => {
    client = await createClient(['improvement:read', 'analytics:read']);
  });

  it('issues a token with HTTP Basic: Bearer, no-store, the client scopes by default', async () => {
    const res = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, client.clientSecret));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'improvement:read analytics:read',
    });
  });

  it('issues a token with the credentials in the form body, narrowed to the scope asked', async () => {
    const res = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      scope: 'analytics:read',
    });
    expect(res.status).toBe(200);
    expect(res.body.scope).toBe('analytics:read');
  });

  it('signs an RFC 9068 access token with the keys published at the JWKS', async () => {
    const token = await accessToken(client);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: server.tokens.issuer,
      audience: server.tokens.audience,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      district: district.north,
      scope: 'improvement:read analytics:read',
      jti: expect.any(String),
    });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(payload.roles).toBeUndefined();
  });

  it('answers every §5.2 error as JSON', async () => {
    const grant = { grant_type: 'client_credentials' };
    const wrong = await tokenRequest(grant, basic(client.clientId, 'tlcs_wrong'));
    expect([wrong.status, wrong.body.error]).toEqual([401, 'invalid_client']);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(wrong.headers.get('cache-control')).toBe('no-store');

    const unknown = await tokenRequest({ ...grant, client_id: randomUUID(), client_secret: client.clientSecret });
    expect([unknown.status, unknown.body.error]).toEqual([401, 'invalid_client']);
    expect(unknown.headers.get('www-authenticate')).toBeNull();

    const none = await tokenRequest(grant);
    expect([none.status, none.body.error]).toEqual([401, 'invalid_client']);

    const both = await tokenRequest(
      { ...grant, client_id: client.clientId, client_secret: client.clientSecret },
      basic(client.clientId, client.clientSecret),
    );
    expect([both.status, both.body.error]).toEqual([400, 'invalid_request']);

    const noGrant = await tokenRequest({}, basic(client.clientId, client.clientSecret));
    expect([noGrant.status, noGrant.body.error]).toEqual([400, 'invalid_request']);

    const repeated = await tokenRequest(
      'grant_type=client_credentials&grant_type=client_credentials',
      basic(client.clientId, client.clientSecret),
    );
    expect([repeated.status, repeated.body.error]).toEqual([400, 'invalid_request']);

    const json = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...basic(client.clientId, client.clientSecret) },
      body: JSON.stringify(grant),
    });
    expect([json.status, ((await json.json()) as any).error]).toEqual([400, 'invalid_request']);

    const password = await tokenRequest({ grant_type: 'password' }, basic(client.clientId, client.clientSecret));
    expect([password.status, password.body.error]).toEqual([400, 'unsupported_grant_type']);

    for (const scope of ['roster:write', 'analytics:read admin', '']) {
      const res = await tokenRequest({ ...grant, scope }, basic(client.clientId, client.clientSecret));
      expect({ scope, status: res.status, error: res.body.error }).toEqual({
        scope,
        status: 400,
        error: 'invalid_scope',
      });
    }
    for (const res of [wrong, unknown, both, noGrant, password]) {
      expect(res.body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
      expect(JSON.stringify(res.body)).not.toContain(client.clientSecret);
    }
  });

  it('enforces the allowed client addresses', async () => {
    const elsewhere = await createClient(['analytics:read'], { allowedAddresses: ['10.0.0.0/8'] });
    const refused = await tokenRequest(
      { grant_type: 'client_credentials' },
      basic(elsewhere.clientId, elsewhere.clientSecret),
    );
    expect([refused.status, refused.body.error]).toEqual([400, 'unauthorized_client']);
    const here = await createClient(['analytics:read'], { allowedAddresses: ['127.0.0.0/8', '::1'] });
    await expect(accessToken(here)).resolves.toEqual(expect.any(String));
  });
});

describe('a client token on /graphql', () => {
  const WINDOW = { from: '2026-01-01', to: '2026-12-31' };

  it('is the client: me says API_CLIENT, with district-wide permissions from its scopes only', async () => {
    const token = await accessToken(await createClient(['analytics:read']));
    const me = ok(
      await server.gql(`{ me { kind staffMember { id } permissions { permission districtWide } } }`, {}, token),
    );
    expect(me.me).toEqual({
      kind: 'API_CLIENT',
      staffMember: null,
      permissions: [
        { permission: 'DISTRICT_READ', districtWide: true },
        { permission: 'ANALYTICS_READ', districtWide: true },
      ],
    });
  });

  it('reads what its scopes grant, and is FORBIDDEN elsewhere with the missing scope named', async () => {
    const token = await accessToken(await createClient(['analytics:read']));
    const funnel = await server.gql(
      `query($w: DateWindowInput!) { funnel(scope: { kind: DISTRICT }, window: $w) { due held } }`,
      { w: WINDOW },
      token,
    );
    expect(ok(funnel).funnel).toEqual({ due: expect.any(Number), held: expect.any(Number) });
    const staff = await server.gql(`{ staffMembers(first: 5) { nodes { email } } }`, {}, token);
    expect(codeOf(staff)).toBe('FORBIDDEN');
    expect(staff.errors![0].message).toContain('organization:read');
    expect(forbiddenScopes(staff)).toEqual(['organization:read', 'roster:write']);
  });

  it('a read-only client cannot write: FORBIDDEN naming the write scope, nothing written', async () => {
    const token = await accessToken(await createClient(['organization:read', 'improvement:read']));
    const before = await server.owner.query(`SELECT count(*)::int AS n FROM school`);
    const res = await server.gql(
      `mutation { schoolCreate(input: { name: "Client School", code: "CL-1" }) { school { id } } }`,
      {},
      token,
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toContain('roster:write');
    expect(forbiddenScopes(res)).toEqual(['roster:write']);
    expect(await server.owner.query(`SELECT count(*)::int AS n FROM school`)).toEqual(before);
  });

  it('a token narrowed to one scope holds only that scope', async () => {
    const client = await createClient(['organization:read', 'analytics:read']);
    const token = await accessToken(client, 'analytics:read');
    expect(codeOf(await server.gql(`{ schools(first: 1) { totalCount } }`, {}, token))).toBe('FORBIDDEN');
    const full = await accessToken(client);
    expect(ok(await server.gql(`{ schools(first: 1) { totalCount } }`, {}, full)).schools.totalCount).toBe(4);
  });

  it('is refused on what only people may do (signing in, setting passwords, managing API clients)', async () => {
    const token = await accessToken(await createClient(['roster:write', 'sessions:write', 'organization:read']));
    const signIn = await server.gql(
      `mutation { signIn(input: { email: "admin@northfield.example", password: "throughline-demo" }) { accessToken } }`,
      {},
      token,
    );
    expect(codeOf(signIn)).toBe('FORBIDDEN');
    expect(signIn.errors![0].extensions!.reason).toBe('PEOPLE_ONLY');
    const [teacher] = await server.owner.query(
      `SELECT id FROM staff_member WHERE email = 'teacher@northfield.example'`,
    );
    const setPassword = await server.gql(
      `mutation($i: StaffMemberSetPasswordInput!) { staffMemberSetPassword(input: $i) { staffMember { id } } }`,
      { i: { id: toGlobalId('StaffMember', teacher.id), password: 'a-new-password-123' } },
      token,
    );
    expect(codeOf(setPassword)).toBe('FORBIDDEN');
    const clients = await server.gql(`{ apiClients { totalCount } }`, {}, token);
    expect(codeOf(clients)).toBe('FORBIDDEN');
    expect(clients.errors![0].extensions!.reason).toBe('MISSING_SCOPE');
    expect(forbiddenScopes(clients)).toEqual([]);
  });

  it('never carries confidential text: notes, check-in/out and reflections answer null or nothing', async () => {
    const marker = `MARKER-${randomUUID()}`;
    const [session] = await server.owner.query(
      `SELECT s.id FROM conversation_session s
        WHERE s.district_id = $1 AND s.status = 'HELD'
          AND EXISTS (SELECT 1 FROM reflection r WHERE r.district_id = s.district_id AND r.session_id = s.id)
        ORDER BY s.held_at DESC LIMIT 1`,
      [district.north],
    );
    expect(session).toBeDefined();
    await server.owner.query(
      `UPDATE conversation_session SET notes = $2, check_in = $2, check_out = $2 WHERE district_id = $1 AND id = $3`,
      [district.north, marker, session.id],
    );
    await server.owner.query(`UPDATE reflection SET shared = true WHERE district_id = $1 AND session_id = $2`, [
      district.north,
      session.id,
    ]);
    await server.owner.query(
      `UPDATE reflection_answer a SET answer = $2 FROM reflection r
        WHERE a.district_id = $1 AND r.district_id = a.district_id AND r.id = a.reflection_id AND r.session_id = $3`,
      [district.north, marker, session.id],
    );
    const id = toGlobalId('ConversationSession', session.id);
    const token = await accessToken(
      await createClient(['improvement:read', 'organization:read', 'analytics:read', 'sessions:write']),
    );
    const one = await server.gql(
      `query($id: ID!) { session(id: $id) { id notes checkIn checkOut confidentialWithheld reflections { shared answers { answer } } }
        node(id: $id) { ... on ConversationSession { notes checkIn checkOut } } }`,
      { id },
      token,
    );
    expect(ok(one).session).toEqual({
      id,
      notes: null,
      checkIn: null,
      checkOut: null,
      confidentialWithheld: true,
      reflections: [],
    });
    const list = await server.gql(
      `{ sessions(first: 100, descending: true, filter: { state: [HELD] }) { nodes { id notes checkIn checkOut reflections { answers { answer } } } } }`,
      {},
      token,
    );
    expect(ok(list).sessions.nodes.length).toBeGreaterThan(0);
    for (const res of [one, list]) expect(JSON.stringify(res)).not.toContain(marker);
    // The district admin, inside the boundary or not, is another matter: the marker is really there.
    const [{ notes }] = await server.owner.query(`SELECT notes FROM conversation_session WHERE id = $1`, [session.id]);
    expect(notes).toBe(marker);
  });

  it("answers another district's ids exactly like ids that do not exist", async () => {
    const token = await accessToken(await createClient(['organization:read', 'improvement:read']));
    const [southSchool] = await server.owner.query(`SELECT id FROM school WHERE district_id = $1 LIMIT 1`, [
      district.south,
    ]);
    const [southSession] = await server.owner.query(
      `SELECT id FROM conversation_session WHERE district_id = $1 LIMIT 1`,
      [district.south],
    );
    const ask = (schoolId: string, sessionId: string) =>
      server.gql(
        `query($s: ID!, $c: ID!) { school(id: $s) { id } session(id: $c) { id } node(id: $s) { id } }`,
        { s: toGlobalId('School', schoolId), c: toGlobalId('ConversationSession', sessionId) },
        token,
      );
    const theirs = await ask(southSchool.id, southSession.id);
    const random = await ask(randomUUID(), randomUUID());
    expect(theirs).toEqual(random);
    expect(theirs.data).toEqual({ school: null, session: null, node: null });
    const own = ok(await server.gql(`{ me { district { id } } }`, {}, token));
    expect(own.me.district.id).toBe(toGlobalId('District', district.north));
  });

  it('writes what its scopes grant, audited with the client as actor', async () => {
    const client = await createClient(['roster:write']);
    const token = await accessToken(client);
    const res = ok(
      await server.gql(
        `mutation { schoolCreate(input: { name: "Roster School", code: "RS-${randomUUID().slice(0, 6)}" }) { school { id } } }`,
        {},
        token,
      ),
    );
    const schoolId = Buffer.from(res.schoolCreate.school.id, 'base64url').toString().split(':')[1];
    const audits = await server.owner.query(
      `SELECT actor_kind, actor_id, action, district_id FROM audit_event WHERE entity_id = $1`,
      [schoolId],
    );
    expect(audits).toEqual([
      { actor_kind: 'CLIENT', actor_id: client.clientId, action: 'school.create', district_id: district.north },
    ]);
    const events = ok(
      await server.gql(`{ auditEvents(first: 50) { nodes { action actorKind actorId entityId } } }`, {}, admin),
    ).auditEvents.nodes;
    expect(events).toContainEqual({
      action: 'school.create',
      actorKind: 'CLIENT',
      actorId: client.id,
      entityId: res.schoolCreate.school.id,
    });
  });

  it('stamps last used at most once a minute', async () => {
    const client = await createClient(['analytics:read']);
    const token = await accessToken(client);
    const read = async () =>
      (await server.owner.query(`SELECT last_used_at FROM api_client WHERE id = $1`, [client.clientId]))[0]
        .last_used_at as Date;
    const first = await read();
    expect(first).toBeInstanceOf(Date);
    await server.gql(`{ me { kind } }`, {}, token);
    expect(await read()).toEqual(first);
    await server.owner.query(`UPDATE api_client SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [
      client.clientId,
    ]);
    const stale = await read();
    await server.gql(`{ me { kind } }`, {}, token);
    expect((await read()).getTime()).toBeGreaterThan(stale.getTime());
  });
});

describe('rotation and revocation', () => {
  const ROTATE = `mutation($i: ApiClientRotateSecretInput!) { apiClientRotateSecret(input: $i) { clientId clientSecret apiClient { secrets { expiresAt } } } }`;
  const ME = `{ me { kind } }`;

  it('rotates with a grace period during which both secrets work, then the old one and its tokens stop', async () => {
    const client = await createClient(['analytics:read']);
    const oldToken = await accessToken(client);
    const rotated = ok(await server.gql(ROTATE, { i: { id: client.id, graceHours: 2 } }, admin)).apiClientRotateSecret;
    expect(rotated.clientSecret).not.toBe(client.clientSecret);
    expect(rotated.apiClient.secrets.map((s: any) => s.expiresAt === null).sort()).toEqual([false, true]);
    const renewed = { ...client, clientSecret: rotated.clientSecret };
    await expect(accessToken(client)).resolves.toEqual(expect.any(String));
    await expect(accessToken(renewed)).resolves.toEqual(expect.any(String));
    expect(ok(await server.gql(ME, {}, oldToken)).me.kind).toBe('API_CLIENT');

    // The grace period ends.
    await server.owner.query(
      `UPDATE api_client_secret SET expires_at = now() - interval '1 second' WHERE client_id = $1 AND expires_at IS NOT NULL`,
      [client.clientId],
    );
    const refused = await tokenRequest(
      { grant_type: 'client_credentials' },
      basic(client.clientId, client.clientSecret),
    );
    expect([refused.status, refused.body.error]).toEqual([401, 'invalid_client']);
    expect((await server.gql(ME, {}, oldToken)).status).toBe(401);
    const newToken = await accessToken(renewed);
    expect(ok(await server.gql(ME, {}, newToken)).me.kind).toBe('API_CLIENT');
  });

  it('rotates with no grace: the old secret stops at once', async () => {
    const client = await createClient(['analytics:read']);
    const oldToken = await accessToken(client);
    ok(await server.gql(ROTATE, { i: { id: client.id, graceHours: 0 } }, admin));
    expect((await server.gql(ME, {}, oldToken)).status).toBe(401);
    const bad = ok(await server.gql(ROTATE, { i: { id: client.id, graceHours: 0 } }, admin));
    expect(bad.apiClientRotateSecret.clientSecret).toEqual(expect.any(String));
    expect(codeOf(await server.gql(ROTATE, { i: { id: client.id, graceHours: 9999 } }, admin))).toBe('BAD_USER_INPUT');
  });

  it('revokes at once: live tokens and the secret stop working; audited', async () => {
    const client = await createClient(['analytics:read']);
    const token = await accessToken(client);
    expect(ok(await server.gql(ME, {}, token)).me.kind).toBe('API_CLIENT');
    const revoked = ok(
      await server.gql(
        `mutation($i: ApiClientRevokeInput!) { apiClientRevoke(input: $i) { apiClient { active revokedAt } } }`,
        { i: { id: client.id } },
        admin,
      ),
    ).apiClientRevoke.apiClient;
    expect(revoked).toEqual({ active: false, revokedAt: expect.any(String) });
    const after = await server.gql(ME, {}, token);
    expect(after.status).toBe(401);
    const refused = await tokenRequest(
      { grant_type: 'client_credentials' },
      basic(client.clientId, client.clientSecret),
    );
    expect([refused.status, refused.body.error]).toEqual([401, 'invalid_client']);
    const audits = await server.owner.query(
      `SELECT action, actor_kind FROM audit_event WHERE entity_id = $1 ORDER BY occurred_at`,
      [client.clientId],
    );
    expect(audits.map((a: any) => a.action)).toEqual(['apiClient.create', 'apiClient.token', 'apiClient.revoke']);
  });

  it("another district's admin cannot see, rotate or revoke the client", async () => {
    const client = await createClient(['analytics:read']);
    const res = await server.gql(ROTATE, { i: { id: client.id, graceHours: 0 } }, southAdmin);
    expect(codeOf(res)).toBe('NOT_FOUND');
    const list = ok(await server.gql(`{ apiClients(first: 100) { nodes { id } } }`, {}, southAdmin));
    expect(list.apiClients.nodes.map((n: any) => n.id)).not.toContain(client.id);
  });
});

describe('budgets and throttling', () => {
  let budgeted: TestServer;
  beforeAll(async () => {
    budgeted = await startTestServer({ rateLimits: { pointsPerWindow: 60 }, shareDatabaseOf: server });
  });
  afterAll(async () => {
    await budgeted?.close();
  });

  it("charges the client's own budget: rateLimit, X-RateLimit-* headers, then 429 with Retry-After", async () => {
    const client = await createClient(['organization:read']);
    const token = await accessToken(client, undefined, budgeted.url);
    const post = (query: string) =>
      fetch(`${budgeted.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
    const first = await post(`{ rateLimit { limit cost remaining resetAt } }`);
    expect(first.status).toBe(200);
    expect(((await first.json()) as any).data.rateLimit).toMatchObject({ limit: 60, cost: 1, remaining: 59 });
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('59');
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    let refused: Response | null = null;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await post(`{ schools(first: 20) { nodes { id } } }`);
      if (res.status === 429) refused = res;
    }
    expect(refused).not.toBeNull();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused!.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 60 });
    // People keep their own budgets.
    const coach = (await budgeted.signIn('coach@northfield.example')).accessToken;
    expect((await budgeted.gql(`{ rateLimit { remaining } }`, {}, coach)).status).toBe(200);
  });

  it('a spent budget comes back as its charges leave the hour: the next request is served again', async () => {
    const client = await createClient(['organization:read']);
    const token = await accessToken(client, undefined, budgeted.url);
    let refused = null as GraphQLResponse | null;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await budgeted.gql(`{ schools(first: 20) { nodes { id } } }`, {}, token);
      if (res.status === 429) refused = res;
    }
    expect(codeOf(refused!)).toBe('RATE_LIMITED');
    // An hour passes for this client's charges (the budget is a sliding hour over rate_limit_charge).
    const key = createHash('sha256').update(`client:${client.clientId}`, 'utf8').digest('hex');
    const aged = await server.owner.query(
      `UPDATE rate_limit_charge SET charged_at = charged_at - interval '61 minutes' WHERE key = $1`,
      [key],
    );
    expect(aged[1]).toBeGreaterThan(0);
    const after = await budgeted.gql(`{ rateLimit { limit cost remaining } }`, {}, token);
    expect(ok(after).rateLimit).toEqual({ limit: 60, cost: 1, remaining: 59 });
  });

  it('more of its requests at once than CALLER_CONCURRENCY: the extra ones are 429, another client is served', async () => {
    const narrow = await startTestServer({
      shareDatabaseOf: server,
      poolMax: 2,
      poolWaitMs: 30_000,
      requestLimits: { callerConcurrency: 2, callerWaitMs: 300 },
    });
    try {
      const busy = await accessToken(await createClient(['organization:read']), undefined, narrow.url);
      const other = await accessToken(await createClient(['organization:read']), undefined, narrow.url);
      const post = (token: string) =>
        fetch(`${narrow.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ me { kind } }' }),
        });
      // The pool is busy: two requests take the client's two slots and wait for a connection; the other three
      // wait for a slot and are turned away without touching the pool.
      const held = [narrow.app.createQueryRunner(), narrow.app.createQueryRunner()];
      for (const r of held) await r.connect();
      const burst = Array.from({ length: 5 }, () => post(busy));
      const refused = await new Promise<Response[]>((resolve, reject) => {
        const settled: Response[] = [];
        for (const p of burst)
          p.then((r) => {
            settled.push(r);
            if (settled.length === 3) resolve(settled);
          }, reject);
      });
      const someoneElse = post(other);
      for (const r of held) await r.release();
      for (const r of refused) {
        expect(r.status).toBe(429);
        expect(r.headers.get('retry-after')).toBe('1');
        expect(((await r.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      }
      expect((await Promise.all(burst)).map((r) => r.status).sort()).toEqual([200, 200, 429, 429, 429]);
      expect((await someoneElse).status).toBe(200);
    } finally {
      await narrow.close();
    }
  });

  it('the sign-in throttle guards the token endpoint: wrong secrets lock the client out from this address', async () => {
    const client = await createClient(['analytics:read']);
    for (let i = 0; i < 10; i++) {
      const res = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.clientId, `tlcs_guess${i}`));
      expect(res.status).toBe(401);
    }
    const locked = await tokenRequest(
      { grant_type: 'client_credentials' },
      basic(client.clientId, client.clientSecret),
    );
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.body.error).toBe('temporarily_unavailable');
  });
});
