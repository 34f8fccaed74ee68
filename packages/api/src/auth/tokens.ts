import { SignJWT, jwtVerify, errors as joseErrors, type JWTPayload, type JWTHeaderParameters } from 'jose';
import { PLATFORM_OPERATOR, type PrincipalRole } from '@throughline/shared';
import { ALLOWED_ALGORITHMS, type KeySet } from './keys';

export interface TokenSettings {
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
}

/** What an access token says: who, in which district, holding which roles. */
export interface AccessClaims {
  subject: string;
  districtId: string | null;
  roles: PrincipalRole[];
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
 * Verifies signature, algorithm (pinned: never `none`, never HMAC), kid, issuer, audience, expiry and not-before;
 * then the claims themselves, even under a good signature: `sub` a uuid, `district` a uuid or null (operators),
 * `roles` an array of strings, issued no later than now and living no longer than the configured lifetime (a
 * token minted with a long `exp` is refused, whoever signed it). Every failure is the same InvalidTokenError, so a
 * caller learns nothing about which check failed.
 */
export async function verifyAccessToken(keys: KeySet, settings: TokenSettings, token: string): Promise<AccessClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(
      token,
      async (header: JWTHeaderParameters) => {
        const key = header.kid ? keys.verification.get(header.kid) : undefined;
        if (!key || key.alg !== header.alg) throw new joseErrors.JWKSNoMatchingKey();
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
  const { roles, district, sub, iat, exp } = payload;
  const now = Math.floor(Date.now() / 1000);
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
