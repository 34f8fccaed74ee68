import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';

/**
 * openid-client configurations, one per identity provider, from the issuer's discovery document. Kept for a few
 * minutes (a cache only: every instance builds its own), and forgotten when the provider changes. Every request to
 * the provider has a deadline; the ID token's signature is checked against the provider's JWKS
 * (enableNonRepudiationChecks) on top of issuer, audience, expiry and nonce, which openid-client always checks.
 */
const TTL_MS = 10 * 60_000;
const TIMEOUT_SECONDS = 10;

export interface ProviderClient {
  providerId: string;
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  /** http:// issuers on loopback hosts (development and tests). */
  allowHttp: boolean;
}

const cache = new Map<string, { key: string; at: number; config: Promise<oidc.Configuration> }>();

function keyOf(p: ProviderClient): string {
  const secret = p.clientSecret ? createHash('sha256').update(p.clientSecret).digest('hex') : '';
  return [p.issuer, p.clientId, secret, p.allowHttp].join('\n');
}

export function configurationFor(p: ProviderClient): Promise<oidc.Configuration> {
  const key = keyOf(p);
  const hit = cache.get(p.providerId);
  if (hit && hit.key === key && Date.now() - hit.at < TTL_MS) return hit.config;
  const config = discover(p);
  cache.set(p.providerId, { key, at: Date.now(), config });
  // A failed discovery (the provider is down) is not kept: the next sign-in tries again.
  config.catch(() => {
    if (cache.get(p.providerId)?.config === config) cache.delete(p.providerId);
  });
  return config;
}

export function forgetConfiguration(providerId: string): void {
  cache.delete(providerId);
}

async function discover(p: ProviderClient): Promise<oidc.Configuration> {
  const insecure = p.allowHttp && new URL(p.issuer).protocol === 'http:';
  const found = await oidc.discovery(new URL(p.issuer), p.clientId, undefined, oidc.None(), {
    execute: insecure ? [oidc.allowInsecureRequests] : [],
    timeout: TIMEOUT_SECONDS,
  });
  const server = found.serverMetadata();
  // The client authenticates as the provider prefers: HTTP Basic (the default of the spec), else in the form body.
  const methods = server.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
  const auth = !p.clientSecret
    ? oidc.None()
    : methods.includes('client_secret_basic')
      ? oidc.ClientSecretBasic(p.clientSecret)
      : oidc.ClientSecretPost(p.clientSecret);
  const config = new oidc.Configuration({ ...server }, p.clientId, undefined, auth);
  config.timeout = TIMEOUT_SECONDS;
  if (insecure) oidc.allowInsecureRequests(config);
  oidc.enableNonRepudiationChecks(config);
  return config;
}
