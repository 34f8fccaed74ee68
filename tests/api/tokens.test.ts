import { createHmac } from 'node:crypto';
import { SignJWT, exportJWK, type CryptoKey, type JWK } from 'jose';
import { generateSigningJwk, keySetFromJwks } from '../../packages/api/src/auth/keys';
import { codeOf, startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let claims: { sub: string; district: string; roles: string[] };

const ME = `{ me { kind staffMember { email } } }`;
const REFRESH = `mutation($t: String!) { refreshSession(input: { refreshToken: $t }) { accessToken refreshToken } }`;

function b64(obj: object): string {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

/** Signs claims with the server's own key, then lets a test change one thing. */
async function forge(
  options: { iss?: string; aud?: string; iat?: number; nbf?: number; exp?: number; kid?: string; key?: CryptoKey } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ district: claims.district, roles: claims.roles })
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? server.keys.signing.kid, typ: 'at+jwt' })
    .setIssuer(options.iss ?? server.tokens.issuer)
    .setAudience(options.aud ?? server.tokens.audience)
    .setSubject(claims.sub)
    .setIssuedAt(options.iat ?? now)
    .setNotBefore(options.nbf ?? now)
    .setExpirationTime(options.exp ?? now + 600)
    .sign(options.key ?? server.keys.signing.privateKey);
}

async function expectRejected(token: string): Promise<void> {
  const res = await server.gql(ME, {}, token);
  expect(res.status).toBe(401);
  expect(codeOf(res)).toBe('UNAUTHENTICATED');
  expect(res.data ?? null).toBeNull();
}

beforeAll(async () => {
  server = await startTestServer();
  const { accessToken } = await server.signIn('teacher@northfield.example');
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
  claims = { sub: payload.sub, district: payload.district, roles: payload.roles };
});
afterAll(() => server.close());

describe('access tokens', () => {
  it('a token signed by the server key with correct claims is accepted (the forgery helper is sound)', async () => {
    const res = await server.gql(ME, {}, await forge());
    expect(res.data?.me.staffMember.email).toBe('teacher@northfield.example');
  });

  it('carries issuer, audience, subject, district and roles, and lives at most 15 minutes', async () => {
    const { accessToken } = await server.signIn('principal@northfield.example');
    const [header, payload] = accessToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', kid: server.keys.signing.kid });
    expect(payload).toMatchObject({ iss: server.tokens.issuer, aud: server.tokens.audience, roles: ['SCHOOL_LEADER'] });
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.district).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(900);
  });

  it('an expired token is rejected', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await forge({ iat: now - 1000, nbf: now - 1000, exp: now - 60 }));
  });

  it('a token not yet valid is rejected', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(await forge({ nbf: now + 120 }));
  });

  it('a wrong issuer is rejected', async () => {
    await expectRejected(await forge({ iss: 'someone-else' }));
  });

  it('a wrong audience is rejected', async () => {
    await expectRejected(await forge({ aud: 'another-api' }));
  });

  it('a tampered payload is rejected', async () => {
    const [h, , s] = (await forge()).split('.');
    await expectRejected(
      `${h}.${b64({ ...claims, roles: ['DISTRICT_ADMIN'], iss: server.tokens.issuer, aud: server.tokens.audience, exp: 9999999999, nbf: 0, iat: 0 })}.${s}`,
    );
  });

  it('alg "none" is rejected', async () => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...claims,
      iss: server.tokens.issuer,
      aud: server.tokens.audience,
      iat: now,
      nbf: now,
      exp: now + 600,
    };
    await expectRejected(`${b64({ alg: 'none', typ: 'at+jwt', kid: server.keys.signing.kid })}.${b64(payload)}.`);
  });

  it('HS256 signed with the public key as the secret is rejected', async () => {
    const now = Math.floor(Date.now() / 1000);
    const publicJwk = server.keys.jwks.keys[0];
    const header = b64({ alg: 'HS256', typ: 'at+jwt', kid: server.keys.signing.kid });
    const payload = b64({
      ...claims,
      iss: server.tokens.issuer,
      aud: server.tokens.audience,
      iat: now,
      nbf: now,
      exp: now + 600,
    });
    for (const secret of [JSON.stringify(publicJwk), `${publicJwk.x}${publicJwk.y}`]) {
      const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
      await expectRejected(`${header}.${payload}.${sig}`);
    }
  });

  it('a token from an unknown kid (a key the server never published) is rejected', async () => {
    const stranger = await keySetFromJwks(JSON.stringify([await generateSigningJwk()]));
    await expectRejected(await forge({ kid: stranger.signing.kid, key: stranger.signing.privateKey }));
    // Claiming the server's kid while signing with another key fails the signature check too.
    await expectRejected(await forge({ key: stranger.signing.privateKey }));
  });

  it('a malformed Authorization header is rejected rather than treated as anonymous', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(401);
  });

  it('the public JWK exported by the server verifies what it signs (kid matches)', async () => {
    const jwk: JWK = await exportJWK(server.keys.verification.get(server.keys.signing.kid)!.publicKey);
    expect(jwk.x).toBe(server.keys.jwks.keys[0].x);
  });
});

describe('sign-in', () => {
  const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { accessToken } }`;

  it('a wrong email and a wrong password get the same answer', async () => {
    const wrongPassword = await server.gql(SIGN_IN, {
      i: { email: 'teacher@northfield.example', password: 'not-the-password' },
    });
    const wrongEmail = await server.gql(SIGN_IN, {
      i: { email: 'nobody@northfield.example', password: 'throughline-demo' },
    });
    expect(codeOf(wrongPassword)).toBe('UNAUTHENTICATED');
    expect(wrongEmail.errors).toEqual(wrongPassword.errors);
    expect(wrongEmail.status).toBe(wrongPassword.status);
  });

  it('is case-insensitive in the email', async () => {
    const res = await server.gql(SIGN_IN, { i: { email: 'Teacher@Northfield.Example', password: 'throughline-demo' } });
    expect(res.data?.signIn.accessToken).toBeTruthy();
  });

  it('after 10 failures for one email, sign-in answers RATE_LIMITED (even with the right password) until the window ends', async () => {
    const email = 'abenton@northfield.example';
    for (let i = 0; i < 10; i++) {
      expect(codeOf(await server.gql(SIGN_IN, { i: { email, password: `wrong-${i}-password` } }))).toBe(
        'UNAUTHENTICATED',
      );
    }
    const limited = await server.gql(SIGN_IN, { i: { email: email.toUpperCase(), password: 'throughline-demo' } });
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // The throttle keeps a hash of the email, never the address.
    const rows = await server.owner.query(`SELECT key FROM sign_in_throttle`);
    expect(JSON.stringify(rows)).not.toContain('abenton');
    await server.owner.query(`UPDATE sign_in_throttle SET window_started_at = now() - interval '16 minutes'`);
    expect(
      (await server.gql(SIGN_IN, { i: { email, password: 'throughline-demo' } })).data?.signIn.accessToken,
    ).toBeTruthy();
  });

  it('stores refresh tokens hashed, never as issued', async () => {
    const { refreshToken } = await server.signIn('coach@northfield.example');
    const rows = await server.owner.query(`SELECT token_hash FROM refresh_token`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r: any) => r.token_hash)).not.toContain(refreshToken);
    const stored = await server.owner.query(`SELECT password_hash FROM credential LIMIT 1`);
    expect(stored[0].password_hash).toMatch(/^scrypt\$/);
  });
});

describe('refresh tokens', () => {
  it('rotate at every use: the new pair works, and the access token is fresh', async () => {
    const first = await server.signIn('teacher@northfield.example');
    const res = await server.gql(REFRESH, { t: first.refreshToken });
    const next = res.data?.refreshSession;
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((await server.gql(ME, {}, next.accessToken)).data?.me.staffMember.email).toBe('teacher@northfield.example');
  });

  it('reusing a spent refresh token is UNAUTHENTICATED and revokes the whole family', async () => {
    const first = await server.signIn('teacher@northfield.example');
    const second = (await server.gql(REFRESH, { t: first.refreshToken })).data?.refreshSession;
    const replay = await server.gql(REFRESH, { t: first.refreshToken });
    expect(codeOf(replay)).toBe('UNAUTHENTICATED');
    // The legitimate successor was revoked with its family.
    const afterReplay = await server.gql(REFRESH, { t: second.refreshToken });
    expect(codeOf(afterReplay)).toBe('UNAUTHENTICATED');
    const audit = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'session.refreshTokenReused'`,
    );
    expect(audit[0].n).toBeGreaterThanOrEqual(1);
  });

  it('an unknown refresh token is UNAUTHENTICATED', async () => {
    expect(codeOf(await server.gql(REFRESH, { t: 'not-a-token' }))).toBe('UNAUTHENTICATED');
  });

  it('an expired refresh token is UNAUTHENTICATED', async () => {
    const { refreshToken } = await server.signIn('teacher@northfield.example');
    await server.owner.query(
      `UPDATE refresh_token SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL AND revoked_at IS NULL`,
    );
    expect(codeOf(await server.gql(REFRESH, { t: refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('signOut revokes the session: its refresh token no longer works', async () => {
    const { refreshToken } = await server.signIn('teacher@northfield.example');
    const out = await server.gql(`mutation($t: String!) { signOut(input: { refreshToken: $t }) { signedOut } }`, {
      t: refreshToken,
    });
    expect(out.data?.signOut.signedOut).toBe(true);
    expect(codeOf(await server.gql(REFRESH, { t: refreshToken }))).toBe('UNAUTHENTICATED');
  });

  it('operators rotate their refresh tokens too, with reuse detection', async () => {
    const first = await server.signIn('operator@throughline.example');
    const second = (await server.gql(REFRESH, { t: first.refreshToken })).data?.refreshSession;
    expect((await server.gql(`{ me { kind } }`, {}, second.accessToken)).data?.me.kind).toBe('PLATFORM_OPERATOR');
    expect(codeOf(await server.gql(REFRESH, { t: first.refreshToken }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await server.gql(REFRESH, { t: second.refreshToken }))).toBe('UNAUTHENTICATED');
  });
});

describe('the portal: refresh token in an httpOnly cookie', () => {
  async function post(query: string, variables: Record<string, unknown>, cookie?: string) {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const setCookie = res.headers.getSetCookie();
    return { body: (await res.json()) as any, setCookie, cookie: setCookie[0]?.split(';')[0] };
  }
  const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { accessToken refreshToken } }`;
  const REFRESH_COOKIE_ONLY = `mutation { refreshSession(input: {}) { accessToken refreshToken } }`;

  it('signIn with delivery COOKIE sets an httpOnly, SameSite=Strict cookie for /graphql and leaves the body without the token', async () => {
    const res = await post(SIGN_IN, {
      i: { email: 'teacher@northfield.example', password: 'throughline-demo', delivery: 'COOKIE' },
    });
    expect(res.body.data.signIn.accessToken).toBeTruthy();
    expect(res.body.data.signIn.refreshToken).toBeNull();
    expect(res.setCookie).toHaveLength(1);
    expect(res.setCookie[0]).toMatch(
      /^tl_refresh=[A-Za-z0-9_-]{43}; Path=\/graphql; Max-Age=\d+; HttpOnly; SameSite=Strict$/,
    );
  });

  it('refreshSession without a token rotates the cookie; replaying the old cookie fails, clears it and ends the session', async () => {
    const first = await post(SIGN_IN, {
      i: { email: 'teacher@northfield.example', password: 'throughline-demo', delivery: 'COOKIE' },
    });
    const second = await post(REFRESH_COOKIE_ONLY, {}, first.cookie);
    expect(second.body.data.refreshSession.accessToken).toBeTruthy();
    expect(second.body.data.refreshSession.refreshToken).toBeNull();
    expect(second.cookie).not.toBe(first.cookie);
    const replay = await post(REFRESH_COOKIE_ONLY, {}, first.cookie);
    expect(replay.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(replay.setCookie[0]).toMatch(/^tl_refresh=; Path=\/graphql; Max-Age=0;/);
    const after = await post(REFRESH_COOKIE_ONLY, {}, second.cookie);
    expect(after.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('signOut with the cookie revokes the session and clears the cookie', async () => {
    const first = await post(SIGN_IN, {
      i: { email: 'teacher@northfield.example', password: 'throughline-demo', delivery: 'COOKIE' },
    });
    const out = await post(`mutation { signOut(input: {}) { signedOut } }`, {}, first.cookie);
    expect(out.body.data.signOut.signedOut).toBe(true);
    expect(out.setCookie[0]).toMatch(/^tl_refresh=; Path=\/graphql; Max-Age=0;/);
    expect((await post(REFRESH_COOKIE_ONLY, {}, first.cookie)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
