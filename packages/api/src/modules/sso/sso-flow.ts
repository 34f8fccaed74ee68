import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import * as oidc from 'openid-client';
import type { StaffPrincipal } from '../../auth/principal';
import { NO_CLAIMS, TenantTransaction, withTenantTransaction } from '../../db/transaction';
import type { AppDeps, RequestContext, SsoSettings } from '../../graphql/context';
import { Loaders } from '../../graphql/loaders';
import type { HttpExchange } from '../../http/cookies';
import { addressRefusal, countAddressFailure } from '../auth/sign-in-throttle';
import { loadStaffPrincipal } from '../auth/principal-loader';
import { authService } from '../auth/auth.service';
import { deliverSession } from '../auth/session-delivery';
import { RefreshTokenDelivery } from '../auth/auth.input';
import { recordAudit } from '../audit/audit.service';
import { IdentityProviderEntity } from './identity-provider.entity';
import { configurationFor } from './oidc-config';
import { openSecret } from './secret-box';
import { IdentityProviderPreset, SSO_SCOPES } from './presets';
import { matchIdentity, type Identity } from './matching';
import { SsoFailure } from './sso-errors';

/** How long a sign-in may stay at the provider before its state is worthless. */
const ATTEMPT_TTL_SECONDS = 600;

export function stateHash(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/** An error by its shape (fetch's errors may come from another realm, where `instanceof Error` is false). */
function errorLike(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && typeof (value as Error).name === 'string' && 'message' in value;
}

/** One line about an error from the provider's side, for the log: its kind, code and cause, never a token or a body. */
function describe(error: unknown): string {
  if (!errorLike(error)) return String(error).slice(0, 200);
  const code = (error as { code?: unknown }).code;
  const oauthError = (error as { error?: unknown }).error;
  const cause = errorLike(error.cause) ? `(${error.cause.name}: ${String(error.cause.message)})` : '';
  return [
    error.name,
    typeof code === 'string' ? code : '',
    typeof oauthError === 'string' ? oauthError : '',
    error.message,
    cause,
  ]
    .filter(Boolean)
    .join(' ')
    .slice(0, 300);
}

/** The provider could not be reached or answered nonsense (down, timing out, a 5xx): not the person's doing. */
function unreachable(error: unknown, depth = 0): boolean {
  if (!errorLike(error)) return false;
  if (['TypeError', 'TimeoutError', 'AbortError'].includes(error.name)) return true;
  const code = (error as { code?: unknown }).code;
  if (code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON') return true;
  // openid-client wraps what fetch threw (a refused connection, a timeout) in a ClientError with it as the cause.
  return depth < 3 && unreachable(error.cause, depth + 1);
}

interface LoadedProvider {
  entity: IdentityProviderEntity;
  config: oidc.Configuration;
}

async function loadProvider(
  dataSource: DataSource,
  settings: SsoSettings,
  districtId: string,
  providerId: string,
): Promise<LoadedProvider> {
  const where = { districtId, providerId };
  const entity = await withTenantTransaction(dataSource, { districtId }, (m) =>
    m.findOne(IdentityProviderEntity, { where: { districtId, id: providerId, enabled: true } }),
  );
  if (!entity) throw new SsoFailure('UNKNOWN_PROVIDER', 'no such enabled provider', where);
  let clientSecret: string | null = null;
  if (entity.clientSecretSealed) {
    if (!settings.secretsKey) throw new SsoFailure('PROVIDER_MISCONFIGURED', 'no SECRETS_KEY configured', where);
    try {
      clientSecret = openSecret(settings.secretsKey, districtId, providerId, entity.clientSecretSealed);
    } catch (error) {
      throw new SsoFailure('PROVIDER_MISCONFIGURED', describe(error), where);
    }
  }
  try {
    const config = await configurationFor({
      providerId,
      issuer: entity.issuer,
      clientId: entity.clientId,
      clientSecret,
      allowHttp: settings.allowHttpIssuers,
    });
    return { entity, config };
  } catch (error) {
    throw new SsoFailure('PROVIDER_UNAVAILABLE', `discovery: ${describe(error)}`, where);
  }
}

/** The address is refused when it is at its sign-in limit (the throttle passwords share). */
async function refuseThrottled(dataSource: DataSource, address: string): Promise<void> {
  const retryAfter = await withTenantTransaction(dataSource, NO_CLAIMS, (m) => addressRefusal(m, address));
  if (retryAfter) throw new SsoFailure('RATE_LIMITED', `retry after ${retryAfter} s`);
}

export interface StartRequest {
  providerId: string;
  redirectUri: string;
  address: string;
  loginHint: string | null;
}

/**
 * Starts a sign-in: the provider's authorization URL (code flow, PKCE S256, state and nonce) and the state, which
 * the caller also puts in a short-lived cookie of the browser. The nonce and the PKCE verifier stay on the server
 * (sso_attempt, for ten minutes, usable once).
 */
export async function startSignIn(
  dataSource: DataSource,
  settings: SsoSettings,
  request: StartRequest,
): Promise<{ url: string; state: string }> {
  await refuseThrottled(dataSource, request.address);
  const rows: { district_id: string | null }[] = await withTenantTransaction(dataSource, NO_CLAIMS, (m) =>
    m.query(`SELECT sso_provider_district($1) AS district_id`, [request.providerId]),
  );
  const districtId = rows[0]?.district_id;
  if (!districtId) throw new SsoFailure('UNKNOWN_PROVIDER', 'no such enabled provider');
  const { entity, config } = await loadProvider(dataSource, settings, districtId, request.providerId);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  await withTenantTransaction(dataSource, { districtId }, async (m) => {
    await m.query(`DELETE FROM sso_attempt WHERE district_id = $1 AND expires_at < now()`, [districtId]);
    await m.query(
      `INSERT INTO sso_attempt (district_id, provider_id, state_hash, nonce, code_verifier, redirect_uri, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
      [districtId, entity.id, stateHash(state), nonce, codeVerifier, request.redirectUri, ATTEMPT_TTL_SECONDS],
    );
  });
  const parameters: Record<string, string> = {
    redirect_uri: request.redirectUri,
    scope: SSO_SCOPES,
    response_type: 'code',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  };
  if (request.loginHint) parameters.login_hint = request.loginHint;
  return { url: oidc.buildAuthorizationUrl(config, parameters).href, state };
}

export interface CallbackRequest {
  /** The callback's query string, as received. */
  search: URLSearchParams;
  /** The state kept in the browser's cookie at the start, if it came back. */
  cookieState: string | null;
  address: string;
  requestId: string;
  userAgent: string | null;
  http: HttpExchange;
}

/** The provider's answer, checked by openid-client: the identity it asserts. */
async function exchangeCode(
  provider: LoadedProvider,
  attempt: { nonce: string; codeVerifier: string; redirectUri: string },
  search: URLSearchParams,
  state: string,
): Promise<Identity> {
  const where = { districtId: provider.entity.districtId, providerId: provider.entity.id };
  const currentUrl = new URL(attempt.redirectUri);
  currentUrl.search = search.toString();
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(provider.config, currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedNonce: attempt.nonce,
      expectedState: state,
      idTokenExpected: true,
    });
  } catch (error) {
    if (unreachable(error)) throw new SsoFailure('PROVIDER_UNAVAILABLE', describe(error), where);
    if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
      throw new SsoFailure('PROVIDER_ERROR', describe(error), where);
    }
    throw new SsoFailure('ID_TOKEN_INVALID', describe(error), where);
  }
  const claims = tokens.claims();
  if (!claims) throw new SsoFailure('ID_TOKEN_INVALID', 'no ID token', where);
  let profile: Record<string, unknown> = { ...claims };
  // Providers that keep the email out of the ID token give it at the userinfo endpoint, for the same subject.
  if (typeof claims.email !== 'string' && tokens.access_token && provider.config.serverMetadata().userinfo_endpoint) {
    try {
      const info = await oidc.fetchUserInfo(provider.config, tokens.access_token, claims.sub);
      profile = { ...info, ...claims, email: info.email, email_verified: info.email_verified };
    } catch (error) {
      if (unreachable(error)) throw new SsoFailure('PROVIDER_UNAVAILABLE', `userinfo: ${describe(error)}`, where);
      throw new SsoFailure('PROVIDER_ERROR', `userinfo: ${describe(error)}`, where);
    }
  }
  const verified =
    profile.email_verified === true ||
    profile.email_verified === 'true' ||
    // Entra ID says so with the optional claim xms_edov (the email's domain is verified by its tenant): docs/sso.md.
    (provider.entity.preset === IdentityProviderPreset.MICROSOFT && profile.xms_edov === true);
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    subject: claims.sub,
    email: text(profile.email),
    emailVerified: verified,
    givenName: text(profile.given_name),
    familyName: text(profile.family_name),
    name: text(profile.name),
  };
}

/**
 * Finishes a sign-in at the callback: the state must match the browser's cookie and a sign-in under way (taken
 * once); the code is exchanged with its PKCE verifier; openid-client validates the ID token (issuer, audience,
 * expiry, nonce, signature by the provider's JWKS); the identity is matched to an active staff member of the
 * provider's own district (matching.ts); then the session a password sign-in gives is issued, its refresh token
 * into the portal's cookie (`http`). Failures throw SsoFailure and count against the address's sign-in budget.
 */
export async function finishSignIn(dataSource: DataSource, deps: AppDeps, request: CallbackRequest): Promise<void> {
  try {
    await finish(dataSource, deps, request);
  } catch (error) {
    const failure = error instanceof SsoFailure ? error : new SsoFailure('UNAVAILABLE', describe(error));
    if (!['RATE_LIMITED', 'UNAVAILABLE', 'PROVIDER_UNAVAILABLE'].includes(failure.code)) {
      await withTenantTransaction(dataSource, NO_CLAIMS, (m) => countAddressFailure(m, request.address)).catch(
        () => undefined,
      );
    }
    throw failure;
  }
}

async function finish(dataSource: DataSource, deps: AppDeps, request: CallbackRequest): Promise<void> {
  const settings: SsoSettings = {
    publicUrl: deps.sso?.publicUrl ?? null,
    secretsKey: deps.sso?.secretsKey ?? null,
    allowHttpIssuers: deps.sso?.allowHttpIssuers ?? false,
  };
  await refuseThrottled(dataSource, request.address);
  const state = request.search.get('state') ?? '';
  // The state must be the one this browser started with (login CSRF), and a sign-in under way: taken, so once only.
  if (!state || !request.cookieState || stateHash(state) !== stateHash(request.cookieState)) {
    throw new SsoFailure('STATE_MISMATCH', 'the state is not the one this browser started with');
  }
  const [attempt]: {
    district_id: string;
    provider_id: string;
    nonce: string;
    code_verifier: string;
    redirect_uri: string;
    expired: boolean;
  }[] = await withTenantTransaction(dataSource, NO_CLAIMS, (m) =>
    m.query(`SELECT * FROM sso_attempt_take($1)`, [stateHash(state)]),
  );
  if (!attempt) throw new SsoFailure('STATE_MISMATCH', 'no sign-in under way with this state (used, or never made)');
  const where = { districtId: attempt.district_id, providerId: attempt.provider_id };
  if (attempt.expired) throw new SsoFailure('EXPIRED', 'the sign-in took too long', where);
  const provider = await loadProvider(dataSource, settings, attempt.district_id, attempt.provider_id);
  const identity = await exchangeCode(
    provider,
    { nonce: attempt.nonce, codeVerifier: attempt.code_verifier, redirectUri: attempt.redirect_uri },
    request.search,
    state,
  );

  const districtId = provider.entity.districtId;
  const tx = new TenantTransaction(dataSource, { districtId });
  const ctx = {
    requestId: request.requestId,
    principal: null,
    tx,
    deps,
    http: request.http,
    client: request.userAgent,
    clientAddress: request.address,
    loaders: new Loaders(),
  } as RequestContext;
  try {
    const match = await matchIdentity(ctx, provider.entity, identity);
    if (match.kind === 'refused') {
      // A person provisioned inactive just now is kept (an admin activates them); nothing else is written.
      if (!match.keep) tx.fail();
      await tx.finish();
      throw new SsoFailure(match.code, match.detail, where);
    }
    await tx.assume({ districtId, staffMemberId: match.staffMemberId });
    const principal = (await loadStaffPrincipal(tx, districtId, match.staffMemberId)) as StaffPrincipal | null;
    if (!principal) throw new SsoFailure('STAFF_INACTIVE', 'inactive, or the district is suspended', where);
    ctx.principal = principal;
    await signedIn(await tx.manager(), districtId, provider.entity.id, identity.subject);
    await recordAudit(ctx, {
      action: 'session.signInSso',
      entityType: 'StaffMember',
      entityId: principal.staffMemberId,
      fields: ['identityProvider'],
    });
    const session = await authService.sessionForStaff(ctx, principal);
    deliverSession(request.http, RefreshTokenDelivery.COOKIE, session);
    await tx.finish();
  } catch (error) {
    tx.fail();
    await tx.finish().catch(() => undefined);
    throw error;
  }
}

/** Stamps the linked subject's last sign-in (when the provider links subjects). */
async function signedIn(m: EntityManager, districtId: string, providerId: string, subject: string): Promise<void> {
  await m.query(
    `UPDATE staff_identity SET last_sign_in_at = now()
      WHERE district_id = $1 AND provider_id = $2 AND subject = $3`,
    [districtId, providerId, subject],
  );
}
