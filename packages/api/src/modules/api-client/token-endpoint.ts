import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { parseScopeParameter, type ApiScope } from '@throughline/shared';
import { NO_CLAIMS, withTenantTransaction } from '../../db/transaction';
import { asUnavailable } from '../../db/outage';
import { issueClientAccessToken } from '../../auth/tokens';
import type { AppDeps, RequestContext } from '../../graphql/context';
import type { ClientPrincipal } from '../../auth/principal';
import { RateLimitedError } from '../../graphql/errors';
import { chargeSignIn, refundSignIn } from '../auth/sign-in-throttle';
import { auditEvent } from '../audit/audit.service';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { secretMatches } from './secrets';
import { touchClient, usableClient } from './client-principal';

/** RFC 6749 §5.2 error codes (invalid_grant has no use in the client credentials grant: there is no grant to check). */
type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'temporarily_unavailable';

class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status = 400,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WRONG_CLIENT = 'Client authentication failed: unknown client, wrong secret, or a revoked client or secret';

interface Presented {
  clientId: string;
  secret: string;
  basic: boolean;
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError('invalid_request', 'The Basic credentials are not form-urlencoded', 401);
  }
}

/** One value per parameter (RFC 6749 §3.2: none may be repeated); undefined when absent. */
function param(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `The parameter ${name} is repeated`);
  return value;
}

/** The client's credentials, by HTTP Basic or in the form body, never both (RFC 6749 §2.3.1, §2.3). */
function presentedCredentials(req: Request, body: Record<string, unknown>): Presented {
  const authorization = req.get('authorization');
  const bodyId = param(body, 'client_id');
  const bodySecret = param(body, 'client_secret');
  if (authorization !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization);
    if (!match) throw new OAuthError('invalid_client', 'Authenticate with HTTP Basic (client_id:client_secret)', 401);
    if (bodySecret !== undefined) {
      throw new OAuthError('invalid_request', 'Send the client credentials by HTTP Basic or in the body, not both');
    }
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'The Basic credentials are not client_id:client_secret', 401);
    const presented = {
      clientId: formDecode(decoded.slice(0, colon)),
      secret: formDecode(decoded.slice(colon + 1)),
      basic: true,
    };
    if (bodyId !== undefined && bodyId !== presented.clientId) {
      throw new OAuthError('invalid_request', 'client_id in the body differs from the Basic credentials');
    }
    return presented;
  }
  if (bodyId === undefined || bodySecret === undefined) {
    throw new OAuthError('invalid_client', 'Send client_id and client_secret (HTTP Basic or form body)', 401);
  }
  return { clientId: bodyId, secret: bodySecret, basic: false };
}

function send(res: Response, status: number, body: object): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
  res.status(status).json(body);
}

/**
 * POST /oauth/token: OAuth 2.0 client credentials (RFC 6749 §4.4). The client authenticates with its id and secret
 * (HTTP Basic or form body, not both); `grant_type=client_credentials`; `scope` optional (a subset of the client's
 * scopes; all of them when absent). The answer is a short-lived ES256 access token (RFC 9068), signed with the same
 * keys as a person's. Each attempt is charged to the sign-in throttle (per client id, per address, and the pair)
 * before its secret is checked; a right secret gives the charge back. Errors are RFC 6749 §5.2 JSON.
 */
export function oauthTokenRoute(dataSource: DataSource, deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    let basic = /^Basic\s/i.test(req.get('authorization') ?? '');
    try {
      if (!req.is('application/x-www-form-urlencoded')) {
        throw new OAuthError('invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      const grantType = param(body, 'grant_type');
      const scopeParam = param(body, 'scope');
      if (!grantType) throw new OAuthError('invalid_request', 'grant_type is missing');
      const presented = presentedCredentials(req, body);
      basic = presented.basic;
      const address = req.ip ?? req.socket.remoteAddress ?? '';
      const token = await authenticateAndIssue(dataSource, deps, requestId, req, presented, address, {
        grantType,
        scopeParam,
      });
      send(res, 200, token);
    } catch (error) {
      if (error instanceof OAuthError) {
        if (error.code === 'invalid_client' && basic) {
          res.setHeader('www-authenticate', 'Basic realm="throughline", charset="UTF-8"');
        }
        if (error.retryAfterSeconds) res.setHeader('retry-after', String(error.retryAfterSeconds));
        return send(res, error.status, { error: error.code, error_description: error.description });
      }
      const unavailable = asUnavailable(error);
      if (unavailable) {
        res.setHeader('retry-after', String(unavailable.retryAfterSeconds));
        return send(res, 503, { error: 'temporarily_unavailable', error_description: unavailable.message });
      }
      deps.logger.error('token request failed', {
        requestId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      send(res, 500, { error: 'server_error', error_description: 'Internal server error' });
    }
  };
}

async function authenticateAndIssue(
  dataSource: DataSource,
  deps: AppDeps,
  requestId: string,
  req: Request,
  presented: Presented,
  address: string,
  ask: { grantType: string; scopeParam: string | undefined },
) {
  // The attempt counts before the secret is checked, committed at once (as a sign-in's), with the lookup.
  const clientId = presented.clientId.trim().toLowerCase().slice(0, 100);
  const { charged, districtId } = await withTenantTransaction(dataSource, NO_CLAIMS, async (m) => {
    let charge;
    try {
      charge = await chargeSignIn(m, `client:${clientId}`, address);
    } catch (error) {
      if (error instanceof RateLimitedError) {
        throw new OAuthError(
          'temporarily_unavailable',
          'Too many failed attempts; try again later',
          429,
          error.retryAfterSeconds,
        );
      }
      throw error;
    }
    const rows: { district_id: string | null }[] = UUID.test(clientId)
      ? await m.query('SELECT api_client_district($1) AS district_id', [clientId])
      : [];
    return { charged: charge, districtId: rows[0]?.district_id ?? null };
  });
  if (!districtId) throw new OAuthError('invalid_client', WRONG_CLIENT, 401);

  const found = await withTenantTransaction(dataSource, { districtId }, async (m) => {
    const secrets: { id: string; secret_hash: string }[] = await m.query(
      `SELECT s.id, s.secret_hash FROM api_client_secret s
        WHERE s.district_id = $1 AND s.client_id = $2 AND s.revoked_at IS NULL
          AND (s.expires_at IS NULL OR s.expires_at > now())`,
      [districtId, clientId],
    );
    // Every live secret is compared, each in constant time.
    const matched = secrets.filter((s) => secretMatches(presented.secret, s.secret_hash))[0];
    const client = matched ? await usableClient(m, districtId, clientId, matched.id, address) : null;
    return matched && client ? { secretId: matched.id, client } : null;
  });
  if (!found) throw new OAuthError('invalid_client', WRONG_CLIENT, 401);
  const { client, secretId } = found;
  await withTenantTransaction(dataSource, NO_CLAIMS, (t) => refundSignIn(t, charged));

  if (ask.grantType !== 'client_credentials') {
    throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported here');
  }
  if (!client.address_allowed) {
    throw new OAuthError('unauthorized_client', 'This client may not be used from this address');
  }
  let scopes: ApiScope[];
  if (ask.scopeParam === undefined) {
    scopes = parseScopeParameter(client.scopes.join(' ')) ?? [];
  } else {
    const asked = parseScopeParameter(ask.scopeParam);
    if (!asked || asked.length === 0 || !asked.every((s) => client.scopes.includes(s))) {
      throw new OAuthError('invalid_scope', `Ask for some of this client's scopes: ${client.scopes.join(' ')}`);
    }
    scopes = asked;
  }
  if (scopes.length === 0) throw new OAuthError('invalid_scope', 'This client holds no scope');

  const { token, expiresIn } = await issueClientAccessToken(deps.keys, deps.tokens, {
    clientId,
    districtId,
    secretId,
    scopes,
  });
  // Issuing a token is audited like a sign-in, with the client as actor (never the token or the secret).
  const actor: ClientPrincipal = { kind: 'client', clientId, districtId, scopes, permissions: [] };
  const ctx = { requestId, client: req.get('user-agent')?.slice(0, 200) ?? null } as RequestContext;
  await withTenantTransaction(dataSource, { districtId }, async (m) => {
    await touchClient(m, districtId, clientId);
    await m.insert(
      AuditEventEntity,
      auditEvent(
        ctx,
        { action: 'apiClient.token', entityType: 'ApiClient', entityId: clientId, fields: ['scope'] },
        actor,
      ),
    );
  });
  return { access_token: token, token_type: 'Bearer', expires_in: expiresIn, scope: scopes.join(' ') };
}
