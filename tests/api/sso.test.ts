/**
 * Single sign-on (OpenID Connect) against a real, certified OpenID provider (oidc-provider) started on a loopback
 * port, driven over plain HTTP as a browser would (cookies, redirects, the provider's login form): the code flow with
 * PKCE, state and nonce ends in the same Throughline session a password sign-in gives; every way it must fail
 * (tampered state, nonce, audience, expiry or signature, a replayed callback or code, an unverified email, a domain
 * not allowed, an unknown, pending or deactivated person, a person of another district, a provider that is down)
 * sends the browser to the portal's sign-in page with a clear code and signs nobody in. Plus the district admin's
 * configuration (presets, validation, write-only secret, audit) and the district's password switch.
 */
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { BrowserAgent, startOidcProvider, type TestOidcProvider } from '../setup/oidc-provider';
import net from 'node:net';

let server: TestServer;
let provider: TestOidcProvider;
let nfAdmin: string;
let sbAdmin: string;
let callback: string;

/** Identity providers made for the cases below, by name: their global id and version. */
const made: Record<string, { id: string; version: number; startUrl: string }> = {};

const CREATE = `mutation($i: IdentityProviderCreateInput!) {
  identityProviderCreate(input: $i) {
    identityProvider { id name preset issuer tenantId clientId clientSecretSet allowedDomains matching provisioning
      defaultRole defaultSchoolId enabled startUrl version }
  }
}`;

async function createProvider(name: string, extra: Record<string, unknown> = {}, token = nfAdmin) {
  const res = ok(
    await server.gql(
      CREATE,
      {
        i: {
          name,
          preset: 'GENERIC',
          issuer: provider.issuer,
          clientId: provider.clientId,
          clientSecret: provider.clientSecret,
          allowedDomains: ['northfield.example'],
          ...extra,
        },
      },
      token,
    ),
  );
  const created = res.identityProviderCreate.identityProvider;
  made[name] = { id: created.id, version: created.version, startUrl: created.startUrl };
  return created;
}

/** Through the provider as `login`, up to the redirect back to the API (the callback URL, not yet opened). */
async function toCallback(providerName: string, login: string, agent = new BrowserAgent()): Promise<string> {
  return agent.throughProvider(`${server.url}${made[providerName].startUrl}`, login, server.url);
}

interface Outcome {
  /** Where the API sent the browser: the portal, or its sign-in page with an error. */
  location: string;
  error: string | null;
  agent: BrowserAgent;
}

async function openCallback(agent: BrowserAgent, url: string): Promise<Outcome> {
  const res = await agent.request(url);
  expect(res.status).toBe(302);
  const location = res.headers.get('location')!;
  const error = /sso_error=([A-Z_]+)/.exec(location)?.[1] ?? null;
  return { location, error, agent };
}

/** The whole flow in one browser: start, the provider's login as `login`, the callback. */
async function signInWith(providerName: string, login: string): Promise<Outcome> {
  const agent = new BrowserAgent();
  const url = await toCallback(providerName, login, agent);
  if (!url.includes('/auth/sso/callback')) {
    return { location: url, error: /sso_error=([A-Z_]+)/.exec(url)?.[1] ?? null, agent };
  }
  return openCallback(agent, url);
}

/** The portal's next step after the redirect: trade the refresh cookie for an access token, as after a password. */
async function sessionOf(agent: BrowserAgent): Promise<string | null> {
  const res = await agent.request(`${server.url}/graphql`, {
    json: { query: `mutation { refreshSession(input: {}) { accessToken } }` },
  });
  const body = (await res.json()) as GraphQLResponse<{ refreshSession: { accessToken: string } }>;
  return body.data?.refreshSession?.accessToken ?? null;
}

async function meOf(token: string): Promise<{ email: string; district: string; roles: string[] }> {
  const data = ok(
    await server.gql(`{ me { staffMember { email } district { name } roleAssignments { role } } }`, {}, token),
  );
  return {
    email: data.me.staffMember.email,
    district: data.me.district.name,
    roles: data.me.roleAssignments.map((r: { role: string }) => r.role),
  };
}

async function auditActions(entityEmail: string): Promise<string[]> {
  const rows: { action: string }[] = await server.owner.query(
    `SELECT a.action FROM audit_event a JOIN staff_member s ON s.id = a.entity_id
      WHERE lower(s.email) = lower($1) ORDER BY a.occurred_at, a.action`,
    [entityEmail],
  );
  return rows.map((r) => r.action);
}

function passwordSignIn(email: string, password = 'throughline-demo'): Promise<GraphQLResponse> {
  return server.gql(`mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`, {
    input: { email, password },
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  server = await startTestServer();
  callback = `${server.url}/auth/sso/callback`;
  provider = await startOidcProvider({ redirectUris: [callback] });
  nfAdmin = (await server.signIn('admin@northfield.example')).accessToken;
  sbAdmin = (await server.signIn('admin@southbrook.example')).accessToken;
  await createProvider('District SSO');
});

afterAll(async () => {
  await provider?.close();
  await server?.close();
});

describe('configuring identity providers', () => {
  it('stores the client secret sealed and never returns it; the create is audited without it', async () => {
    const res = ok(await server.gql(`{ identityProviders { nodes { name clientSecretSet issuer } } }`, {}, nfAdmin));
    expect(res.identityProviders.nodes).toEqual([
      { name: 'District SSO', clientSecretSet: true, issuer: provider.issuer },
    ]);
    const [row] = await server.owner.query(`SELECT client_secret_sealed FROM identity_provider WHERE name = $1`, [
      'District SSO',
    ]);
    expect(row.client_secret_sealed).toMatch(/^v1\./);
    expect(row.client_secret_sealed).not.toContain(provider.clientSecret);
    const [audit] = await server.owner.query(
      `SELECT fields FROM audit_event WHERE action = 'identityProvider.create' ORDER BY occurred_at LIMIT 1`,
    );
    expect(audit.fields).toEqual(expect.arrayContaining(['allowedDomains', 'clientId', 'issuer', 'name']));
    expect(audit.fields.join(' ')).not.toMatch(/secret/i);
  });

  it('fills the issuer from the presets', async () => {
    const google = await createProvider('Google', { preset: 'GOOGLE', issuer: null, clientSecret: 'g-secret' });
    expect(google.issuer).toBe('https://accounts.google.com');
    const tenant = '11111111-2222-3333-4444-555555555555';
    const microsoft = await createProvider('Microsoft', { preset: 'MICROSOFT', issuer: null, tenantId: tenant });
    expect(microsoft).toMatchObject({ issuer: `https://login.microsoftonline.com/${tenant}/v2.0`, tenantId: tenant });
    const clever = await createProvider('Clever', { preset: 'CLEVER', issuer: null, enabled: false });
    expect(clever.issuer).toBe('https://clever.com');
    const classlink = await createProvider('ClassLink', { preset: 'CLASSLINK', issuer: null, enabled: false });
    expect(classlink.issuer).toBe('https://launchpad.classlink.com');
    for (const name of ['Google', 'Microsoft']) {
      const res = ok(
        await server.gql(
          `mutation($i: IdentityProviderUpdateInput!) { identityProviderUpdate(input: $i) { identityProvider { enabled } } }`,
          { i: { id: made[name].id, version: made[name].version, enabled: false } },
          nfAdmin,
        ),
      );
      expect(res.identityProviderUpdate.identityProvider.enabled).toBe(false);
    }
  });

  it('refuses bad input with every field named, and writes nothing', async () => {
    const before = await server.owner.query(`SELECT count(*)::int AS n FROM identity_provider`);
    const res = await server.gql(
      CREATE,
      {
        i: {
          name: ' ',
          preset: 'GENERIC',
          issuer: 'http://sso.example.org',
          clientId: '',
          allowedDomains: ['not a domain', 'ok.example'],
          provisioning: 'DEFAULT_ROLE',
          defaultRole: 'DISTRICT_ADMIN',
        },
      },
      nfAdmin,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual([
      'allowedDomains.0',
      'clientId',
      'defaultRole',
      'issuer',
      'name',
    ]);
    const fixed = await server.gql(
      CREATE,
      {
        i: {
          name: 'Fake Google',
          preset: 'GOOGLE',
          issuer: 'https://evil.example',
          clientId: 'x',
          allowedDomains: ['northfield.example'],
        },
      },
      nfAdmin,
    );
    expect(fixed.errors?.[0].extensions?.fields).toEqual([
      { field: 'issuer', message: expect.stringMatching(/Fixed/) },
    ]);
    const after = await server.owner.query(`SELECT count(*)::int AS n FROM identity_provider`);
    expect(after).toEqual(before);
  });

  it('is for district admins only', async () => {
    const teacher = (await server.signIn('teacher@northfield.example')).accessToken;
    expect(codeOf(await server.gql(`{ identityProviders { nodes { id } } }`, {}, teacher))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(`{ identityProviders { nodes { id } } }`, {}, null))).toBe('UNAUTHENTICATED');
    // Another district's admin sees none of Northfield's, and cannot touch one.
    const south = ok(await server.gql(`{ identityProviders { totalCount } }`, {}, sbAdmin));
    expect(south.identityProviders.totalCount).toBe(0);
    const res = await server.gql(
      `mutation($i: IdentityProviderDeleteInput!) { identityProviderDelete(input: $i) { deletedId } }`,
      { i: { id: made['District SSO'].id } },
      sbAdmin,
    );
    expect(codeOf(res)).toBe('NOT_FOUND');
  });

  it('offers the providers on the sign-in page by email domain or district slug, without signing in', async () => {
    const query = `query($email: String, $slug: String) {
      signInOptions(email: $email, districtSlug: $slug) { name slug passwordSignIn providers { name preset startUrl } }
    }`;
    const byEmail = ok(await server.gql(query, { email: 'someone@northfield.example' }, null));
    expect(byEmail.signInOptions).toEqual([
      {
        name: 'Northfield Unified',
        slug: 'northfield',
        passwordSignIn: true,
        providers: [{ name: 'District SSO', preset: 'GENERIC', startUrl: made['District SSO'].startUrl }],
      },
    ]);
    const bySlug = ok(await server.gql(query, { slug: 'northfield' }, null));
    expect(bySlug.signInOptions[0].providers.map((p: { name: string }) => p.name)).toEqual(['District SSO']);
    expect(ok(await server.gql(query, { email: 'someone@nowhere.example' }, null)).signInOptions).toEqual([]);
    expect(ok(await server.gql(query, { slug: 'southbrook' }, null)).signInOptions[0].providers).toEqual([]);
  });
});

describe('the code flow', () => {
  it('signs a teacher in with the same session a password gives, usable on /graphql, and audits it', async () => {
    const outcome = await signInWith('District SSO', 'teacher@northfield.example');
    expect(outcome).toMatchObject({ error: null, location: '/#/' });
    // The refresh token is in the portal's httpOnly cookie, as after a password sign-in with delivery COOKIE.
    expect(outcome.agent.cookie('tl_refresh')).toBeTruthy();
    expect(outcome.agent.cookie('tl_sso_state')).toBeUndefined();
    const token = await sessionOf(outcome.agent);
    expect(token).toBeTruthy();
    expect(await meOf(token!)).toEqual({
      email: 'teacher@northfield.example',
      district: 'Northfield Unified',
      roles: ['TEACHER'],
    });
    expect(await auditActions('teacher@northfield.example')).toContain('session.signInSso');
  });

  it('sent PKCE (S256), state and nonce to the provider', async () => {
    const agent = new BrowserAgent();
    const res = await agent.request(`${server.url}${made['District SSO'].startUrl}`);
    expect(res.status).toBe(302);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin).toBe(provider.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: provider.clientId,
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      state: agent.cookie('tl_sso_state'),
      nonce: expect.stringMatching(/^[\w-]{20,}$/),
    });
  });

  it('refuses a tampered state, and a callback opened in another browser (login CSRF)', async () => {
    const agent = new BrowserAgent();
    const url = new URL(await toCallback('District SSO', 'teacher@northfield.example', agent));
    const tampered = new URL(url);
    tampered.searchParams.set('state', `${url.searchParams.get('state')}x`);
    expect((await openCallback(agent, tampered.href)).error).toBe('STATE_MISMATCH');
    const stranger = await openCallback(new BrowserAgent(), url.href);
    expect(stranger.error).toBe('STATE_MISMATCH');
    expect(stranger.agent.cookie('tl_refresh')).toBeUndefined();
  });

  it('refuses a replayed callback, and a replayed code under a fresh state', async () => {
    const agent = new BrowserAgent();
    const first = await toCallback('District SSO', 'teacher@northfield.example', agent);
    const state = agent.cookie('tl_sso_state')!;
    expect((await openCallback(agent, first)).error).toBeNull();
    const replay = new BrowserAgent();
    replay.setCookie('tl_sso_state', state, '/auth/sso');
    expect((await openCallback(replay, first)).error).toBe('STATE_MISMATCH');
    // The same code with a new sign-in's state and cookie: the provider refuses to redeem it twice.
    const again = new BrowserAgent();
    const second = new URL(await toCallback('District SSO', 'teacher@northfield.example', again));
    second.searchParams.set('code', new URL(first).searchParams.get('code')!);
    const outcome = await openCallback(again, second.href);
    expect(outcome.error).toBe('PROVIDER_ERROR');
    expect(await sessionOf(outcome.agent)).toBeNull();
  });

  it.each([
    ['a nonce that is not this sign-in’s', { claims: { nonce: 'forged-nonce-0123456789' } }],
    ['another audience', { claims: { aud: 'someone-else' } }],
    [
      'an expired ID token',
      { claims: { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 } },
    ],
    ['another issuer', { claims: { iss: 'https://impostor.example' } }],
    ['a signature by a key the provider never published', { foreignKey: true }],
  ])('refuses %s (ID_TOKEN_INVALID)', async (_what, change) => {
    const agent = new BrowserAgent();
    const url = await toCallback('District SSO', 'teacher@northfield.example', agent);
    await provider.tamperNextIdToken(change);
    const outcome = await openCallback(agent, url);
    expect(outcome.error).toBe('ID_TOKEN_INVALID');
    expect(outcome.agent.cookie('tl_refresh')).toBeUndefined();
  });

  it('refuses an email of a domain the provider does not allow, and an unverified email', async () => {
    await provider.setAccount('outsider', { email: 'someone@elsewhere.example', email_verified: true });
    expect((await signInWith('District SSO', 'outsider')).error).toBe('DOMAIN_NOT_ALLOWED');
    await provider.setAccount('unverified', { email: 'principal@northfield.example', email_verified: false });
    expect((await signInWith('District SSO', 'unverified')).error).toBe('EMAIL_UNVERIFIED');
    await provider.setAccount('no-email', {});
    expect((await signInWith('District SSO', 'no-email')).error).toBe('EMAIL_MISSING');
  });

  it('refuses an unknown person when provisioning is off, and a deactivated one', async () => {
    expect((await signInWith('District SSO', 'nobody@northfield.example')).error).toBe('UNKNOWN_PERSON');
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM staff_member WHERE email = $1`, [
      'nobody@northfield.example',
    ]);
    expect(n).toBe(0);
    await server.owner.query(
      `UPDATE staff_member SET active = false, deactivated_at = now() WHERE email = 'cmoore@northfield.example'`,
    );
    expect((await signInWith('District SSO', 'cmoore@northfield.example')).error).toBe('STAFF_INACTIVE');
  });

  it('with INACTIVE_PENDING, creates an inactive person who cannot get in until an admin activates them', async () => {
    await createProvider('Pending SSO', { provisioning: 'INACTIVE_PENDING' });
    await provider.setAccount('newcomer', {
      email: 'newcomer@northfield.example',
      email_verified: true,
      given_name: 'Nora',
      family_name: 'Newcomer',
    });
    const first = await signInWith('Pending SSO', 'newcomer');
    expect(first.error).toBe('ACCOUNT_PENDING');
    expect(first.agent.cookie('tl_refresh')).toBeUndefined();
    const rows = await server.owner.query(
      `SELECT given_name, family_name, active, d.slug FROM staff_member s JOIN district d ON d.id = s.district_id
        WHERE s.email = 'newcomer@northfield.example'`,
    );
    expect(rows).toEqual([{ given_name: 'Nora', family_name: 'Newcomer', active: false, slug: 'northfield' }]);
    expect(await auditActions('newcomer@northfield.example')).toEqual(['staffMember.provision']);
    expect((await signInWith('Pending SSO', 'newcomer')).error).toBe('ACCOUNT_PENDING');
    expect(
      (
        await server.owner.query(
          `SELECT count(*)::int AS n FROM staff_member WHERE email = 'newcomer@northfield.example'`,
        )
      )[0].n,
    ).toBe(1);
  });

  it('with DEFAULT_ROLE, creates the person with the role the admin chose and signs them in', async () => {
    const school = ok(
      await server.gql(`{ schools(first: 1, orderBy: { field: NAME }) { nodes { id name } } }`, {}, nfAdmin),
    ).schools.nodes[0];
    await createProvider('Teachers SSO', {
      provisioning: 'DEFAULT_ROLE',
      defaultRole: 'TEACHER',
      defaultSchoolId: school.id,
    });
    const outcome = await signInWith('Teachers SSO', 'fresh.teacher@northfield.example');
    expect(outcome.error).toBeNull();
    expect(await meOf((await sessionOf(outcome.agent))!)).toEqual({
      email: 'fresh.teacher@northfield.example',
      district: 'Northfield Unified',
      roles: ['TEACHER'],
    });
  });

  it('with LINKED_SUBJECT, links at the first sign-in and keeps signing the person in after their email changes', async () => {
    await createProvider('Linked SSO', { matching: 'LINKED_SUBJECT' });
    await provider.setAccount('coach-subject', { email: 'coach@northfield.example', email_verified: true });
    const first = await signInWith('Linked SSO', 'coach-subject');
    expect(first.error).toBeNull();
    expect(await auditActions('coach@northfield.example')).toEqual(
      expect.arrayContaining(['staffIdentity.link', 'session.signInSso']),
    );
    await provider.setAccount('coach-subject', { email: 'renamed.coach@elsewhere.example', email_verified: false });
    const later = await signInWith('Linked SSO', 'coach-subject');
    expect(later.error).toBeNull();
    expect((await meOf((await sessionOf(later.agent))!)).email).toBe('coach@northfield.example');
    // Another account of the provider claiming the coach's email is not the linked person.
    await provider.setAccount('impostor-subject', { email: 'coach@northfield.example', email_verified: true });
    expect((await signInWith('Linked SSO', 'impostor-subject')).error).toBe('IDENTITY_CONFLICT');
  });
});

describe('districts', () => {
  it("never signs anyone into another district: each provider matches only its own district's people", async () => {
    // Southbrook's admin configures a provider that (wrongly) allows Northfield's domain: nobody of Northfield matches.
    await createProvider('Southbrook SSO', { allowedDomains: ['northfield.example', 'southbrook.example'] }, sbAdmin);
    expect((await signInWith('Southbrook SSO', 'teacher@northfield.example')).error).toBe('UNKNOWN_PERSON');
    const south = await signInWith('Southbrook SSO', 'dreyes@southbrook.example');
    expect(south.error).toBeNull();
    expect((await meOf((await sessionOf(south.agent))!)).district).toBe('Southbrook County');
    // And Northfield's provider does not sign in a Southbrook person, whatever their email.
    expect((await signInWith('District SSO', 'dreyes@southbrook.example')).error).toBe('DOMAIN_NOT_ALLOWED');
  });

  it('turns password sign-in off only once a provider is enabled; operators keep their passwords', async () => {
    const SET = `mutation($i: SignInSettingsUpdateInput!) { signInSettingsUpdate(input: $i) { signInSettings { passwordSignIn } } }`;
    // A district without an enabled provider cannot turn passwords off.
    await server.owner.query(`UPDATE identity_provider SET enabled = false WHERE name = 'Southbrook SSO'`);
    const refused = await server.gql(SET, { i: { passwordSignIn: false } }, sbAdmin);
    expect(refused.errors?.[0].extensions?.fields).toEqual([{ field: 'passwordSignIn', message: expect.any(String) }]);
    await server.owner.query(`UPDATE identity_provider SET enabled = true WHERE name = 'Southbrook SSO'`);

    expect(ok(await server.gql(SET, { i: { passwordSignIn: false } }, nfAdmin)).signInSettingsUpdate).toEqual({
      signInSettings: { passwordSignIn: false },
    });
    expect(codeOf(await passwordSignIn('principal@northfield.example'))).toBe('UNAUTHENTICATED');
    expect(ok(await passwordSignIn('operator@throughline.example')).signIn.accessToken).toBeTruthy();
    expect(ok(await passwordSignIn('admin@southbrook.example')).signIn.accessToken).toBeTruthy();
    expect((await signInWith('District SSO', 'principal@northfield.example')).error).toBeNull();
    const options = ok(await server.gql(`{ signInOptions(districtSlug: "northfield") { passwordSignIn } }`, {}, null));
    expect(options.signInOptions).toEqual([{ passwordSignIn: false }]);

    ok(await server.gql(SET, { i: { passwordSignIn: true } }, nfAdmin));
    expect(ok(await passwordSignIn('principal@northfield.example')).signIn.accessToken).toBeTruthy();
  });

  it('keeps the last enabled provider while passwords are off', async () => {
    const SET = `mutation($i: SignInSettingsUpdateInput!) { signInSettingsUpdate(input: $i) { signInSettings { passwordSignIn } } }`;
    ok(await server.gql(SET, { i: { passwordSignIn: false } }, sbAdmin));
    const res = await server.gql(
      `mutation($i: IdentityProviderDeleteInput!) { identityProviderDelete(input: $i) { deletedId } }`,
      { i: { id: made['Southbrook SSO'].id } },
      sbAdmin,
    );
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    ok(await server.gql(SET, { i: { passwordSignIn: true } }, sbAdmin));
    const deleted = ok(
      await server.gql(
        `mutation($i: IdentityProviderDeleteInput!) { identityProviderDelete(input: $i) { deletedId } }`,
        { i: { id: made['Southbrook SSO'].id } },
        sbAdmin,
      ),
    );
    expect(deleted.identityProviderDelete.deletedId).toBe(made['Southbrook SSO'].id);
  });
});

describe('a provider that is down', () => {
  it('sends the person back with PROVIDER_UNAVAILABLE, and password sign-in works as before', async () => {
    const port = await freePort();
    await createProvider('Down SSO', { issuer: `http://127.0.0.1:${port}` });
    const agent = new BrowserAgent();
    const res = await agent.request(`${server.url}${made['Down SSO'].startUrl}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/#/login?sso_error=PROVIDER_UNAVAILABLE');
    expect(ok(await passwordSignIn('teacher@northfield.example')).signIn.accessToken).toBeTruthy();
  });

  it('going down between the redirect and the callback: PROVIDER_UNAVAILABLE, nobody signed in', async () => {
    const flaky = await startOidcProvider({
      redirectUris: [callback],
      clientId: 'flaky',
      clientSecret: 'flaky-secret',
    });
    try {
      await createProvider('Flaky SSO', { issuer: flaky.issuer, clientId: 'flaky', clientSecret: 'flaky-secret' });
      const agent = new BrowserAgent();
      const url = await toCallback('Flaky SSO', 'teacher@northfield.example', agent);
      await flaky.close();
      const outcome = await openCallback(agent, url);
      expect(outcome.error).toBe('PROVIDER_UNAVAILABLE');
      expect(outcome.agent.cookie('tl_refresh')).toBeUndefined();
    } finally {
      await flaky.close();
    }
  });

  it('answers an unknown provider id with UNKNOWN_PROVIDER, never an error page', async () => {
    const res = await new BrowserAgent().request(`${server.url}/auth/sso/start?provider=nonsense`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/#/login?sso_error=UNKNOWN_PROVIDER');
  });
});

describe('the sign-in throttle', () => {
  it('guards the callback by address: past the limit, RATE_LIMITED', async () => {
    let last: string | null = null;
    for (let i = 0; i < 60 && last !== 'RATE_LIMITED'; i++) {
      last = (await openCallback(new BrowserAgent(), `${callback}?code=guess&state=guess-${i}`)).error;
    }
    expect(last).toBe('RATE_LIMITED');
  });
});
