/**
 * A real, certified OpenID provider (oidc-provider) for the single sign-on tests, in a process of its own (it is ESM
 * with ESM dependencies, which jest's module system does not load). Started by oidc-provider.ts with its settings in
 * OIDC_TEST_CONFIG; prints {"issuer": ...} once it listens on 127.0.0.1.
 *
 * Its development interactions are the login form (any login is an account; the password is not checked); consent
 * is granted at once. Two test-only routes, never in a real provider:
 * - POST /__test/accounts {id: claims}: the claims an account id signs in with (default: email = id, verified);
 * - POST /__test/tamper {claims?, foreignKey?}: the next ID token from /token is re-signed with these claims changed
 *   (null removes one), with the provider's key or, foreignKey, with a key the provider never published: what a
 *   misbehaving or impersonated provider sends, for the client's validation to refuse.
 */
import http from 'node:http';
import Provider from 'oidc-provider';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';

const settings = JSON.parse(process.env.OIDC_TEST_CONFIG ?? '{}');
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const { privateKey: foreignKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
const accounts = new Map();
let tamper = null;

const server = http.createServer();
await new Promise((resolve) => server.listen(settings.port ?? 0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: (settings.clients ?? []).map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...c,
  })),
  jwks: { keys: [jwk] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
  // Real providers (Google, Entra ID) put the email in the ID token itself.
  conformIdTokenClaims: false,
  cookies: { keys: ['throughline-test-provider-cookies'] },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const claims = accounts.get(id) ?? { email: id, email_verified: true };
    return { accountId: id, claims: async () => ({ ...claims, sub: id }) };
  },
  // First-party client: the grant is given without a consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid email profile');
    grant.addOIDCClaims(['email', 'email_verified', 'name', 'given_name', 'family_name']);
    await grant.save();
    return grant;
  },
});

async function readJson(req) {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return raw ? JSON.parse(raw) : {};
}

provider.use(async (ctx, next) => {
  if (ctx.method === 'POST' && ctx.path === '/__test/accounts') {
    for (const [id, claims] of Object.entries(await readJson(ctx.req))) accounts.set(id, claims);
    ctx.status = 204;
    return;
  }
  if (ctx.method === 'POST' && ctx.path === '/__test/tamper') {
    tamper = await readJson(ctx.req);
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.path === '/token' && tamper && ctx.body && typeof ctx.body.id_token === 'string') {
    const change = tamper;
    tamper = null;
    const claims = { ...decodeJwt(ctx.body.id_token) };
    for (const [name, value] of Object.entries(change.claims ?? {})) {
      if (value === null) delete claims[name];
      else claims[name] = value;
    }
    const { kid } = decodeProtectedHeader(ctx.body.id_token);
    ctx.body = {
      ...ctx.body,
      id_token: await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .sign(change.foreignKey ? foreignKey : privateKey),
    };
  }
});

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
