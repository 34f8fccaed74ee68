import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import { GraphQLError } from 'graphql';
import type { AppDeps, RequestContext } from '../../graphql/context';
import { Loaders } from '../../graphql/loaders';
import { TenantTransaction, NO_CLAIMS } from '../../db/transaction';
import { asUnavailable } from '../../db/outage';
import { verifyAccessToken, type AccessClaims } from '../../auth/tokens';
import { parseCookies } from '../../http/cookies';
import { loadPrincipal } from '../auth/principal-loader';
import { loadClientPrincipal } from '../api-client/client-principal';
import { ROSTER_LIMITS } from './oneroster-parse';
import { rosterImportService } from './roster-import.service';
import { streamRosterExport } from './roster-export';

export const UPLOAD_PATH = '/imports/oneroster';
export const EXPORT_PATH = '/exports/oneroster';

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
};

function sendError(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

class TooLarge extends Error {}

/** The body, read up to the cap: a larger one stops at the cap (413), whatever Content-Length said. */
function readBody(req: Request, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > max) return reject(new TooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Caller = { ctx: RequestContext; tx: TenantTransaction; requestId: string };

/**
 * The bearer token, as on /graphql: verified, then the principal loaded in a transaction of the caller's district.
 * Answers 401 itself and returns null when there is no valid token (the body, if any, is drained).
 */
async function authenticate(req: Request, res: Response, deps: AppDeps): Promise<AccessClaims | null> {
  try {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) throw new Error('no token');
    return await verifyAccessToken(deps.keys, deps.tokens, match[1]);
  } catch {
    res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
    req.resume();
    sendError(res, 401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
    return null;
  }
}

/** Runs `work` as the token's caller in one transaction; errors become the API's error answers. */
async function asCaller(
  dataSource: DataSource,
  deps: AppDeps,
  req: Request,
  res: Response,
  claims: AccessClaims,
  requestId: string,
  work: (caller: Caller) => Promise<void>,
): Promise<void> {
  const tx = new TenantTransaction(dataSource, NO_CLAIMS, { statementTimeoutMs: 120_000 });
  const ctx = {
    requestId,
    principal: null,
    tx,
    deps,
    http: { cookies: parseCookies(req.headers.cookie), setCookies: [], secure: req.secure },
    client: req.get('user-agent')?.slice(0, 200) ?? null,
    clientAddress: req.ip ?? req.socket.remoteAddress ?? '',
    loaders: new Loaders(),
  } as unknown as RequestContext;
  try {
    ctx.principal = claims.client
      ? await loadClientPrincipal(tx, claims, ctx.clientAddress)
      : await loadPrincipal(tx, claims);
    if (!ctx.principal) {
      tx.fail();
      await tx.finish();
      res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return sendError(res, 401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
    }
    await work({ ctx, tx, requestId });
  } catch (error) {
    tx.fail();
    await tx.finish().catch(() => undefined);
    if (res.headersSent) {
      // A download already under way: cut it, so the client sees an incomplete file rather than a wrong one.
      deps.logger.error('roster export failed', { requestId, error: (error as Error).message?.slice(0, 300) });
      res.destroy();
      return;
    }
    if (error instanceof GraphQLError && typeof error.extensions.code === 'string') {
      const code = error.extensions.code;
      return sendError(res, STATUS_OF[code] ?? 400, code, error.message, { ...error.extensions });
    }
    const unavailable = asUnavailable(error);
    if (unavailable) {
      res.setHeader('retry-after', String(unavailable.retryAfterSeconds));
      return sendError(res, 503, 'SERVICE_UNAVAILABLE', unavailable.message);
    }
    deps.logger.error('roster request failed', { requestId, error: (error as Error).message?.slice(0, 300) });
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  } finally {
    await tx.finish().catch(() => undefined);
  }
}

/**
 * POST /imports/oneroster: the body is the OneRoster zip itself (Content-Type application/zip or
 * application/octet-stream; at most 50 MB, beyond the 1 MB of /graphql), with the caller's bearer token, as on
 * /graphql. Query parameters: `fileName` (shown in the list), `grantDistrictAdmin=true` (district-level
 * administrators in the file become district admins), `includeUnrostered=true` (a bulk file also deactivates people
 * and closes schools not from a roster that it does not name). Answers 202 with the import's id and status; the dry
 * run follows on the job queue (watch `rosterImport(id)`).
 *
 * GET /exports/oneroster: the district's schools, staff and roles as a OneRoster 1.2 CSV zip (roster-export.ts), for
 * the same callers; importing it back changes nothing.
 */
export function rosterUploadRoute(dataSource: DataSource, deps: AppDeps): Router {
  const router = Router();
  router.post(UPLOAD_PATH, async (req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    res.setHeader('cache-control', 'no-store');
    const claims = await authenticate(req, res, deps);
    if (!claims) return;
    let content: Buffer;
    try {
      content = await readBody(req, ROSTER_LIMITS.uploadMaxBytes);
    } catch (error) {
      if (error instanceof TooLarge) {
        res.setHeader('connection', 'close');
        return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The upload is larger than 50 MB');
      }
      return sendError(res, 400, 'BAD_REQUEST', 'The upload could not be read');
    }
    const params = new URL(req.originalUrl, 'http://localhost').searchParams;
    await asCaller(dataSource, deps, req, res, claims, requestId, async ({ ctx, tx }) => {
      const created = await rosterImportService.create(ctx, {
        content,
        fileName: params.get('fileName'),
        grantDistrictAdmin: params.get('grantDistrictAdmin') === 'true',
        includeUnrostered: params.get('includeUnrostered') === 'true',
      });
      await tx.finish();
      res.status(202).json({ data: { rosterImport: { id: created.id, status: created.status } } });
    });
  });
  router.get(EXPORT_PATH, async (req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    res.setHeader('cache-control', 'no-store');
    const claims = await authenticate(req, res, deps);
    if (!claims) return;
    await asCaller(dataSource, deps, req, res, claims, requestId, async ({ ctx, tx }) => {
      await streamRosterExport(ctx, tx, res);
    });
  });
  return router;
}
