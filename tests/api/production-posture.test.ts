import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, ConfigError } from '../../packages/api/src/config';
import { startTestServer, type TestServer } from '../support/server';

/**
 * What the server shows the world with NODE_ENV=production: no introspection, suggestions or landing page, no
 * source maps, compressed responses, a Secure refresh cookie, cookie-carrying writes only from its own origin,
 * and security headers on everything.
 */
let prod: TestServer;
/** Production with every knob turned: introspection on, a trusted proxy on loopback, one more allowed origin. */
let configured: TestServer;
let adminDir: string;

const PORTAL_ORIGIN = 'https://portal.example.org';
const BUNDLE = `/* the portal */\n${'export const greeting = "hello from the portal";\n'.repeat(400)}`;
const MAP = JSON.stringify({ version: 3, sources: ['src/secret-sauce.tsx'], sourcesContent: ['// internal'] });

beforeAll(async () => {
  adminDir = fs.mkdtempSync(path.join(os.tmpdir(), 'throughline-portal-'));
  fs.mkdirSync(path.join(adminDir, 'assets'));
  fs.writeFileSync(
    path.join(adminDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  fs.writeFileSync(path.join(adminDir, 'assets', 'app.js'), `${BUNDLE}//# sourceMappingURL=app.js.map\n`);
  fs.writeFileSync(path.join(adminDir, 'assets', 'app.js.map'), MAP);
  [prod, configured] = await Promise.all([
    startTestServer({ adminDir, env: { NODE_ENV: 'production' } }),
    startTestServer({
      adminDir,
      env: {
        NODE_ENV: 'production',
        GRAPHQL_INTROSPECTION: 'true',
        TRUST_PROXY: 'loopback',
        ALLOWED_ORIGINS: PORTAL_ORIGIN,
      },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([prod?.close(), configured?.close()]);
  fs.rmSync(adminDir, { recursive: true, force: true });
});

async function post(
  server: TestServer,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { accessToken refreshToken } }`;
const REFRESH_FROM_COOKIE = `mutation { refreshSession(input: {}) { accessToken } }`;
const SCHOOL_CREATE = `mutation($input: SchoolCreateInput!) { schoolCreate(input: $input) { school { id code } } }`;

async function signInWithCookie(server: TestServer, email = 'admin@northfield.example') {
  const res = await post(server, SIGN_IN, { i: { email, password: 'throughline-demo', delivery: 'COOKIE' } });
  const setCookie = res.headers.getSetCookie();
  expect(setCookie).toHaveLength(1);
  return {
    accessToken: res.body.data.signIn.accessToken as string,
    setCookie: setCookie[0],
    cookie: setCookie[0].split(';')[0],
  };
}

async function schoolsWithCode(server: TestServer, code: string): Promise<number> {
  const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM school WHERE code = $1`, [code]);
  return n;
}

async function refreshTokenState(server: TestServer): Promise<string> {
  const rows = await server.owner.query(
    `SELECT count(*)::int AS n, count(used_at)::int AS used, count(revoked_at)::int AS revoked FROM refresh_token`,
  );
  return JSON.stringify(rows);
}

describe('configuration', () => {
  it('GRAPHQL_INTROSPECTION defaults to on in development and off in production; TRUST_PROXY is off unless set; ALLOWED_ORIGINS lists origins', () => {
    expect(loadConfig({}).graphqlIntrospection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).graphqlIntrospection).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080/' }).allowedOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(ConfigError);
    expect(() => loadConfig({ ALLOWED_ORIGINS: '*' })).toThrow(ConfigError);
  });
});

describe('introspection and suggestions', () => {
  it('introspection is refused for anonymous callers in production, and allowed with GRAPHQL_INTROSPECTION=true', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "School") { fields { name } } }']) {
      const refused = await post(prod, query);
      expect(refused.body.data).toBeUndefined();
      expect(refused.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(refused.text).not.toMatch(/"School"|staffMembers/);
    }
    const allowed = await post(configured, '{ __schema { queryType { name } types { name } } }');
    expect(allowed.body.errors).toBeUndefined();
    expect(allowed.body.data.__schema.types.map((t: { name: string }) => t.name)).toContain('School');
  });

  it('no error says "Did you mean" in production: misspelled field, argument, input field or enum value', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['{ schoolz { totalCount } }', {}],
      ['{ schools(frist: 1) { totalCount } }', {}],
      [SIGN_IN, { i: { emial: 'a@b.example', password: 'x' } }],
      [SIGN_IN, { i: { email: 'a@b.example', password: 'x', delivery: 'COOKY' } }],
    ];
    for (const [query, variables] of cases) {
      const hidden = await post(prod, query, variables);
      expect(hidden.body.errors.length).toBeGreaterThan(0);
      expect(hidden.text).not.toMatch(/Did you mean/i);
      // The same mistake where introspection is on: the hint is there, so its absence above is the posture.
      const shown = await post(configured, query, variables);
      expect(shown.text).toMatch(/Did you mean/);
    }
    const field = await post(prod, '{ schoolz { totalCount } }');
    expect(field.body.errors[0].message).toBe('Cannot query field "schoolz" on type "Query".');
  });

  it('no Apollo landing page: GET /graphql and GET / with Accept: text/html', async () => {
    const graphql = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    const body = await graphql.text();
    expect(graphql.headers.get('content-type')).not.toMatch(/html/);
    expect(graphql.status).not.toBe(200);
    expect(body).not.toMatch(/<!doctype|<html|apollographql\.com|embeddable-sandbox|landing/i);
    const root = await fetch(`${prod.url}/`, { headers: { accept: 'text/html' } });
    expect(root.status).toBe(200);
    const page = await root.text();
    expect(page).toContain('/assets/app.js');
    expect(page).not.toMatch(/apollo|sandbox/i);
  });
});

describe('the portal', () => {
  it('never serves a source map (404), however the path is spelled', async () => {
    for (const p of ['/assets/app.js.map', '/assets/app.js%2Emap', '/assets/app.js%2emap', '/app.js.map', '/x.MAP']) {
      const res = await fetch(`${prod.url}${p}`);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
      expect(await res.text()).not.toContain('secret-sauce');
    }
  });

  it('serves the bundle compressed (gzip or brotli), immutable for a year, as JavaScript', async () => {
    for (const encoding of ['gzip', 'br']) {
      const res = await fetch(`${prod.url}/assets/app.js`, { headers: { 'accept-encoding': encoding } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBe(encoding);
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(await res.text()).toContain(BUNDLE);
    }
    const index = await fetch(`${prod.url}/somewhere/in/the/app`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });
});

describe('compression of API responses', () => {
  it('a large GraphQL response goes out gzip-compressed and still parses', async () => {
    const { accessToken } = await prod.signIn('admin@northfield.example');
    const query = `{ staffMembers(first: 100) { totalCount nodes { id displayName email givenName familyName title } } }`;
    const res = await post(prod, query, {}, { authorization: `Bearer ${accessToken}`, 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.text.length).toBeGreaterThan(1024);
    expect(res.body.data.staffMembers.totalCount).toBeGreaterThan(10);
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('the same answer to a client that accepts no compression (or says nothing) goes out as it is, identical, Vary set', async () => {
    const { accessToken } = await prod.signIn('admin@northfield.example');
    const query = `{ staffMembers(first: 100) { totalCount nodes { id displayName email } } }`;
    const auth = { authorization: `Bearer ${accessToken}` };
    const gzipped = await post(prod, query, {}, { ...auth, 'accept-encoding': 'gzip, deflate' });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    for (const encoding of ['identity', 'gzip;q=0', undefined]) {
      // node:http sends no Accept-Encoding of its own (fetch would add gzip).
      const res = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>(
        (resolve, reject) => {
          const req = http.request(
            `${prod.url}/graphql`,
            {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                ...auth,
                ...(encoding === undefined ? {} : { 'accept-encoding': encoding }),
              },
            },
            (r) => {
              const parts: Buffer[] = [];
              r.on('data', (p: Buffer) => parts.push(p));
              r.on('end', () =>
                resolve({ status: r.statusCode!, headers: r.headers, text: Buffer.concat(parts).toString('utf8') }),
              );
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify({ query }));
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
      expect(res.text).toBe(gzipped.text);
    }
  });
});

describe('the refresh cookie', () => {
  it('is Secure in production, even over plain HTTP behind a proxy', async () => {
    const { setCookie } = await signInWithCookie(prod, 'teacher@northfield.example');
    expect(setCookie).toMatch(
      /^tl_refresh=[A-Za-z0-9_-]{43}; Path=\/graphql; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/,
    );
  });
});

describe('cookie-carrying requests from another origin', () => {
  it('a cookie-carrying mutation from a foreign Origin is 403 FORBIDDEN and writes nothing; from the server’s origin it works', async () => {
    const { accessToken, cookie } = await signInWithCookie(prod);
    const auth = { authorization: `Bearer ${accessToken}`, cookie };
    const before = await refreshTokenState(prod);

    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: prod.url.replace('http:', 'https:') },
    ];
    for (const headers of foreign) {
      const create = await post(
        prod,
        SCHOOL_CREATE,
        { input: { code: 'EVIL-1', name: 'Evil' } },
        { ...auth, ...headers },
      );
      expect({ headers, status: create.status }).toEqual({ headers, status: 403 });
      expect(create.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'FORBIDDEN' } }] });
      const refresh = await post(prod, REFRESH_FROM_COOKIE, {}, { cookie, ...headers });
      expect(refresh.status).toBe(403);
      expect(refresh.body.errors[0].extensions.code).toBe('FORBIDDEN');
      expect(refresh.headers.getSetCookie()).toEqual([]);
    }
    expect(await schoolsWithCode(prod, 'EVIL-1')).toBe(0);
    expect(await refreshTokenState(prod)).toBe(before);

    // The same requests from the server's own origin (as the portal sends them) go through.
    const own = { origin: prod.url, 'sec-fetch-site': 'same-origin' };
    const created = await post(prod, SCHOOL_CREATE, { input: { code: 'OWN-1', name: 'Own' } }, { ...auth, ...own });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.schoolCreate.school.code).toBe('OWN-1');
    expect(await schoolsWithCode(prod, 'OWN-1')).toBe(1);
    const originOnly = await post(prod, REFRESH_FROM_COOKIE, {}, { cookie, origin: prod.url });
    expect(originOnly.body.data.refreshSession.accessToken).toBeTruthy();
    expect(originOnly.headers.getSetCookie()[0]).toMatch(/^tl_refresh=[A-Za-z0-9_-]{43};/);
  });

  it('a bearer token without cookies is unaffected by Origin (integrators); ALLOWED_ORIGINS admits another origin', async () => {
    const { accessToken } = await prod.signIn('admin@northfield.example');
    const res = await post(
      prod,
      SCHOOL_CREATE,
      { input: { code: 'API-1', name: 'Integrator' } },
      { authorization: `Bearer ${accessToken}`, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(res.body.data.schoolCreate.school.code).toBe('API-1');

    const session = await signInWithCookie(configured);
    const allowed = await post(configured, REFRESH_FROM_COOKIE, {}, { cookie: session.cookie, origin: PORTAL_ORIGIN });
    expect(allowed.body.data.refreshSession.accessToken).toBeTruthy();
    const other = await post(
      configured,
      REFRESH_FROM_COOKIE,
      {},
      { cookie: session.cookie, origin: 'https://evil.example' },
    );
    expect(other.status).toBe(403);
  });
});

describe('security headers', () => {
  it('are on every response; the portal keeps its own CSP; HSTS only over TLS as a trusted proxy reports it', async () => {
    const responses = await Promise.all([
      fetch(`${prod.url}/healthz`),
      fetch(`${prod.url}/.well-known/jwks.json`),
      fetch(`${prod.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      }),
      fetch(`${prod.url}/`),
      fetch(`${prod.url}/assets/app.js`),
    ]);
    for (const res of responses) {
      const h = (name: string) => res.headers.get(name);
      expect(h('x-content-type-options')).toBe('nosniff');
      expect(h('x-frame-options')).toBe('DENY');
      expect(h('referrer-policy')).toBe('no-referrer');
      expect(h('cross-origin-opener-policy')).toBe('same-origin');
      expect(h('cross-origin-resource-policy')).toBe('same-origin');
      expect(h('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(h('strict-transport-security')).toBeNull();
      expect(h('x-powered-by')).toBeNull();
    }
    expect(responses[0].headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(responses[3].headers.get('content-security-policy')).toMatch(/script-src 'self'.*connect-src 'self'/);

    // X-Forwarded-Proto is believed only from a trusted proxy (TRUST_PROXY); then HSTS and a Secure cookie follow.
    const untrusted = await fetch(`${prod.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers.get('strict-transport-security')).toBeNull();
    const trusted = await fetch(`${configured.url}/healthz`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(trusted.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8}/);
  });
});
