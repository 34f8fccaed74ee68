import { createHash } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, type CryptoKey } from 'jose';
import { localSecret } from '../db/local-secrets';

export const ALLOWED_ALGORITHMS = ['ES256', 'EdDSA'] as const;
type Algorithm = (typeof ALLOWED_ALGORITHMS)[number];

interface SigningKey {
  kid: string;
  alg: Algorithm;
  privateKey: CryptoKey;
}

export interface KeySet {
  /** The key that signs new tokens. */
  signing: SigningKey;
  /** Every published key, by kid: the signing key and any still-valid predecessors. */
  verification: Map<string, { alg: Algorithm; publicKey: CryptoKey }>;
  /** What /.well-known/jwks.json serves: public parts only. */
  jwks: { keys: JWK[] };
}

export class KeyConfigError extends Error {}

function publicPart(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...rest } = jwk;
  return rest;
}

/** Builds the key set from private JWKs (JSON array). The first one signs; all are published and accepted. */
export async function keySetFromJwks(json: string): Promise<KeySet> {
  let jwks: JWK[];
  try {
    const parsed = JSON.parse(json);
    jwks = Array.isArray(parsed) ? parsed : parsed.keys;
  } catch {
    throw new KeyConfigError('JWT_SIGNING_KEYS must be a JSON array of private JWKs');
  }
  if (!Array.isArray(jwks) || jwks.length === 0) throw new KeyConfigError('JWT_SIGNING_KEYS holds no key');
  const verification: KeySet['verification'] = new Map();
  const published: JWK[] = [];
  let signing: SigningKey | null = null;
  for (const jwk of jwks) {
    const alg = jwk.alg as Algorithm;
    if (!jwk.kid || !ALLOWED_ALGORITHMS.includes(alg) || !jwk.d) {
      throw new KeyConfigError('each signing key needs a kid, a private part and alg ES256 or EdDSA');
    }
    const privateKey = (await importJWK(jwk, alg)) as CryptoKey;
    const pub = { ...publicPart(jwk), use: 'sig', alg, kid: jwk.kid };
    verification.set(jwk.kid, { alg, publicKey: (await importJWK(pub, alg)) as CryptoKey });
    published.push(pub);
    signing ??= { kid: jwk.kid, alg, privateKey };
  }
  return { signing: signing!, verification, jwks: { keys: published } };
}

/** A fresh ES256 private JWK with a kid derived from its public part. */
export async function generateSigningJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = createHash('sha256').update(`${jwk.x}.${jwk.y}`).digest('base64url').slice(0, 16);
  return { ...jwk, alg: 'ES256', kid, use: 'sig' };
}

/** Keys from configuration, or for the zero-setup default, generated once and kept in the data folder. */
export async function loadKeySet(configured: string | null, dataDir: string): Promise<KeySet> {
  if (configured) return keySetFromJwks(configured);
  const generated = JSON.stringify([await generateSigningJwk()]);
  return keySetFromJwks(localSecret(dataDir, 'jwt-signing-keys.json', () => generated));
}
