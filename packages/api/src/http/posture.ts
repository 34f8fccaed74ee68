import type { RequestHandler } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';

/** How the HTTP layer faces the world: what production hides, whom it believes, which origins it accepts. */
export interface HttpPosture {
  /** NODE_ENV=production: the refresh cookie is Secure even when TLS ended at a proxy in front of us. */
  production: boolean;
  /** Introspection and "Did you mean …" suggestions in errors (GRAPHQL_INTROSPECTION). */
  introspection: boolean;
  /** Express `trust proxy` (TRUST_PROXY): only then are X-Forwarded-Proto/-For/-Host believed. */
  trustProxy: boolean | number | string[];
  /** Origins besides the server's own that may send cookie-carrying requests (ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** The bearer token GET /metrics requires on this port (METRICS_TOKEN); none: /metrics is not served here. */
  metricsToken?: string | null;
}

export function httpPostureFrom(config: Config): HttpPosture {
  return {
    production: config.env === 'production',
    introspection: config.graphqlIntrospection,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    metricsToken: config.metricsToken,
  };
}

/**
 * Security headers on every response. API responses get a CSP that allows nothing (they are JSON, never a page);
 * the portal replaces it with its own (http/portal.ts). HSTS only over TLS (directly, or as a trusted proxy says).
 */
export function securityHeaders(): RequestHandler[] {
  return [
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'none'"],
        },
      },
      strictTransportSecurity: false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
    (req, res, next) => {
      if (req.secure) res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
      next();
    },
  ];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Cross-site request forgery, beyond SameSite: a request that carries a cookie and may write (anything but
 * GET/HEAD/OPTIONS) must come from this server's own origin or one of `allowedOrigins`, as the browser reports it
 * (Origin, Sec-Fetch-Site). Otherwise it is refused with 403 FORBIDDEN before anything runs. Requests without
 * cookies (integrators with a bearer token) and requests no browser made (no Origin, no Sec-Fetch-Site) pass.
 */
export function refuseForeignCookieRequests(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins.map((o) => o.toLowerCase()));
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || !req.headers.cookie) return next();
    if (fromOwnOrigin(req.get('origin'), req.get('sec-fetch-site'), `${req.protocol}://${req.host}`, allowed)) {
      return next();
    }
    res.status(403).json({
      errors: [
        {
          message: 'A request with cookies must come from the portal’s own origin',
          extensions: { code: 'FORBIDDEN' },
        },
      ],
    });
  };
}

function fromOwnOrigin(
  origin: string | undefined,
  fetchSite: string | undefined,
  own: string,
  allowed: ReadonlySet<string>,
): boolean {
  // Browsers set Sec-Fetch-Site themselves; a script cannot forge it. same-origin holds behind any proxy.
  if (fetchSite?.toLowerCase() === 'same-origin') return true;
  if (origin !== undefined) {
    const o = origin.trim().toLowerCase();
    return o === own.toLowerCase() || allowed.has(o);
  }
  // No Origin: browsers send one with every POST, so this is not a browser's cross-site request, unless a
  // browser says it is.
  return fetchSite === undefined || fetchSite.toLowerCase() === 'none';
}

/** graphql-js's "Did you mean …?" hints name fields, types and enum values: without introspection, none leave. */
export function withoutSuggestions(message: string): string {
  return message.replace(/\s*Did you mean [^?]*\?/g, '');
}
