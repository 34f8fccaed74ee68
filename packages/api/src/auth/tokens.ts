import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { PLATFORM_OPERATOR, type PrincipalRole } from '@throughline/shared';
import { ALLOWED_ALGORITHMS, type KeySet } from './keys';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

/** What an access token says: who, in which district, holding which roles (or, for an API client, which scopes). */
export interface AccessClaims {
  subject: string;
  districtId: string | null;
  roles: PrincipalRole[];
  /** Set for an API client's token (RFC 9068: `client_id` = `sub`): its scopes, and the secret it was issued for. */
  client?: { scopes: string[]; secretId: string };
}

/** What a client-credentials token is issued for (modules/api-client): the client, its district, its scopes. */
export interface ClientTokenClaims {
  clientId: string;
  districtId: string;
  /** The secret that was presented: the token stops working when that secret is revoked or expires. */
  secretId: string;
  scopes: string[];
}

export class InvalidTokenError extends Error {}

const CLOCK_TOLERANCE_SECONDS = 5;
/** No access token lives longer than this, whatever the configuration says. */
export const ACCESS_TOKEN_MAX_TTL_SECONDS = 900;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The longest lifetime (exp - iat) an access token may have: the configured one, at most 15 minutes. */
function maxLifetimeSeconds(settings: TokenSettings): number {
  return Math.min(settings.accessTokenTtlSeconds, ACCESS_TOKEN_MAX_TTL_SECONDS);
}

export async function issueAccessToken(
  keys: KeySet,
  settings: TokenSettings,
  claims: AccessClaims,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + maxLifetimeSeconds(settings);
  const token = await new SignJWT({ district: claims.districtId, roles: claims.roles })
    .setProtectedHeader({ alg: keys.signing.alg, kid: keys.signing.kid, typ: 'at+jwt' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(claims.subject)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .setJti(crypto.randomUUID())
    .sign(keys.signing.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * An API client's access token, per RFC 9068 (JWT profile for OAuth 2.0 access tokens): header typ `at+jwt`;
 * iss, aud, sub = client_id, client_id, scope (space-delimited), iat, exp, jti; and ours: district, secret_id.
 * Same keys, issuer, audience and lifetime bound as a person's token.
 */
export async function issueClientAccessToken(
  keys: KeySet,
  settings: TokenSettings,
  claims: ClientTokenClaims,
  now: Date = new Date(),
): Promise<{ token: string; expiresIn: number }> {
  const iat = Math.floor(now.getTime() / 1000);
  const expiresIn = maxLifetimeSeconds(settings);
  const token = await new SignJWT({
    client_id: claims.clientId,
    district: claims.districtId,
    scope: claims.scopes.join(' '),
    secret_id: claims.secretId,
  })
    .setProtectedHeader({ alg: keys.signing.alg, kid: keys.signing.kid, typ: 'at+jwt' })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(claims.clientId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + expiresIn)
    .setJti(crypto.randomUUID())
    .sign(keys.signing.privateKey);
  return { token, expiresIn };
}

/**
 * Verifies signature, algorithm (pinned: never `none`, never HMAC), kid, issuer, audience, expiry and not-before;
 * then the claims themselves, even under a good signature: `sub` a uuid, `district` a uuid or null (operators),
 * `roles` an array of strings, issued no later than now and living no longer than the configured lifetime (a
 * token minted with a long `exp` is refused, whoever signed it). Every failure is the same InvalidTokenError, so a
 * caller learns nothing about which check failed.
 */
export async function verifyAccessToken(keys: KeySet, settings: TokenSettings, token: string): Promise<AccessClaims> {
  const cache = verifiedTokens(keys, settings);
  const known = cache.get(token);
  if (known) {
    // The same bytes verified before: only what time or the key set can change is checked again.
    if (known.expiresAt + CLOCK_TOLERANCE_SECONDS > Math.floor(Date.now() / 1000) && keys.verification.has(known.kid)) {
      return known.claims;
    }
    cache.delete(token);
  }
  const verified = await verifySignedToken(keys, settings, token);
  if (cache.size >= VERIFIED_TOKENS_MAX) cache.delete(cache.keys().next().value!);
  cache.set(token, verified);
  return verified.claims;
}

/** Tokens whose signature and claims were checked, by key set and settings: at most this many, oldest out first. */
const VERIFIED_TOKENS_MAX = 2_000;
interface VerifiedToken {
  claims: AccessClaims;
  kid: string;
  expiresAt: number;
}
const VERIFIED = new WeakMap<KeySet, Map<string, Map<string, VerifiedToken>>>();

/**
 * A token's signature is checked once, not on every request (an ES256 check is a sizeable part of a light request's
 * CPU): the verified claims are kept by the token's exact bytes until it expires, and dropped should its key leave the
 * key set. Revocation is not the cache's concern: every request still loads its principal (sessions, client secrets).
 */
function verifiedTokens(keys: KeySet, settings: TokenSettings): Map<string, VerifiedToken> {
  let bySettings = VERIFIED.get(keys);
  if (!bySettings) VERIFIED.set(keys, (bySettings = new Map()));
  const name = `${settings.issuer}\n${settings.audience}\n${settings.accessTokenTtlSeconds}`;
  let cache = bySettings.get(name);
  if (!cache) bySettings.set(name, (cache = new Map()));
  return cache;
}

async function verifySignedToken(keys: KeySet, settings: TokenSettings, token: string): Promise<VerifiedToken> {
  let payload: JWTPayload;
  let kid = '';
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        const key = header.kid ? keys.verification.get(header.kid) : undefined;
        if (!key || key.alg !== header.alg) throw new joseErrors.JWKSNoMatchingKey();
        kid = header.kid!;
        return key.publicKey;
      },
      {
        algorithms: [...ALLOWED_ALGORITHMS],
        issuer: settings.issuer,
        audience: settings.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'exp', 'nbf', 'iat'],
        typ: 'at+jwt',
      },
    ));
  } catch {
    throw new InvalidTokenError('invalid access token');
  }
  const { exp } = payload;
  const now = Math.floor(Date.now() / 1000);
  const claims =
    payload.client_id !== undefined ? clientClaims(payload, now, settings) : personClaims(payload, now, settings);
  return { claims: Object.freeze(claims), kid, expiresAt: exp as number };
}

/** A person's or an operator's token: roles, and a district unless an operator's. */
function personClaims(payload: JWTPayload, now: number, settings: TokenSettings): AccessClaims {
  const { roles, district, sub, iat, exp } = payload;
  if (
    !Array.isArray(roles) ||
    !roles.every((role) => typeof role === 'string') ||
    !(district === null || (typeof district === 'string' && UUID.test(district))) ||
    typeof sub !== 'string' ||
    !UUID.test(sub) ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    iat > now + CLOCK_TOLERANCE_SECONDS ||
    exp - iat > maxLifetimeSeconds(settings)
  ) {
    throw new InvalidTokenError('invalid access token');
  }
  if ((district === null) !== roles.includes(PLATFORM_OPERATOR)) throw new InvalidTokenError('invalid access token');
  return { subject: sub, districtId: district, roles: roles as PrincipalRole[] };
}

/**
 * An API client's token: `client_id` = `sub` (a uuid), a district, a space-delimited `scope` and the secret it was
 * issued for; no roles. The same lifetime checks as a person's.
 */
function clientClaims(payload: JWTPayload, now: number, settings: TokenSettings): AccessClaims {
  const { client_id: clientId, district, sub, iat, exp, scope, secret_id: secretId, roles } = payload;
  if (
    typeof clientId !== 'string' ||
    clientId !== sub ||
    !UUID.test(clientId) ||
    typeof district !== 'string' ||
    !UUID.test(district) ||
    typeof secretId !== 'string' ||
    !UUID.test(secretId) ||
    typeof scope !== 'string' ||
    roles !== undefined ||
    typeof iat !== 'number' ||
    typeof exp !== 'number' ||
    iat > now + CLOCK_TOLERANCE_SECONDS ||
    exp - iat > maxLifetimeSeconds(settings)
  ) {
    throw new InvalidTokenError('invalid access token');
  }
  return {
    subject: clientId,
    districtId: district,
    roles: [],
    client: { scopes: scope.split(' ').filter((s) => s.length > 0), secretId },
  };
}
