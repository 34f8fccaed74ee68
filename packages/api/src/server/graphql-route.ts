import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { FormattedExecutionResult } from 'graphql';
import type { Request, Response } from 'express';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { Limits } from '@throughline/shared';
import { TenantTransaction, NO_CLAIMS, DEFAULT_STATEMENT_TIMEOUT_MS } from '../db/transaction';
import { asUnavailable } from '../db/outage';
import { CallerSlots, DEFAULT_REFUSAL_HOLD } from '../http/caller-slots';
import { verifyAccessToken, InvalidTokenError, type AccessClaims } from '../auth/tokens';
import { loadPrincipal } from '../modules/auth/principal-loader';
import { loadClientPrincipal } from '../modules/api-client/client-principal';
import { readBudgetAtOpening } from '../modules/rate-limit/rate-limit.plugin';
import { Loaders } from '../graphql/loaders';
import { parseCookies } from '../http/cookies';
import type { AppDeps, RequestContext, RequestLimits } from '../graphql/context';
import { documentTextOf, oversizedDocument } from '../graphql/query-limits';
import { endWithJson } from '../http/json-body';

/** Bounds on one request unless configured (REQUEST_DEADLINE_MS, CALLER_CONCURRENCY, DATABASE_POOL_WAIT_MS). */
export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  deadlineMs: DEFAULT_STATEMENT_TIMEOUT_MS,
  callerConcurrency: 4,
  // A caller's extra requests may wait as long as one request may run: they only delay that caller.
  callerWaitMs: DEFAULT_STATEMENT_TIMEOUT_MS,
  refusalHold: DEFAULT_REFUSAL_HOLD,
};

/** A 400 whose document was refused (malformed, invalid, or past a query limit), not one for its variables. */
const REFUSED_DOCUMENT = /"code":"GRAPHQL_(PARSE|VALIDATION)_FAILED"/;

/** The answer of the request this route is serving, when it writes the answer itself. */
const answerSlot = new AsyncLocalStorage<{ answer?: FormattedExecutionResult }>();

/**
 * Apollo's `stringifyResult`. An answer with data, to a request this route serves, is handed to the route, which
 * writes it in slabs (http/json-body.ts: no 300 KB string, no fresh buffer per answer), and Apollo's text of it is
 * empty, never sent. Anything else (errors alone, an answer outside this route) is Apollo's own text.
 */
export function stringifyAnswer(value: FormattedExecutionResult): string {
  const slot = answerSlot.getStore();
  if (slot && !slot.answer && value.data != null) {
    slot.answer = value;
    return '';
  }
  return JSON.stringify(value) + '\n';
}

function sendError(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });
}

/** The /graphql handler, and what its answered queries still have to commit. */
export type GraphqlRoute = ((req: Request, res: Response) => Promise<void>) & {
  /** Resolves once every COMMIT that follows an answer already sent has ended (graceful stop, tests). */
  settled(): Promise<void>;
};

/**
 * POST/GET /graphql. Each request gets one transaction on one pooled connection, begun on first use, with the
 * caller's claims set transaction-locally. It ends before the response is written, committing or rolling back as
 * db/transaction.ts decides, and its connection is always released; except a query whose only writes are its
 * budget's charge (TenantTransaction.commitsAfterAnswer): answered first, committed just after on the same
 * connection, and the same caller's next request reads its budget only once that COMMIT has ended.
 */
export function graphqlRoute(
  apollo: ApolloServer<RequestContext>,
  dataSource: DataSource,
  deps: AppDeps,
  /** secureCookies (production): cookies are Secure even when this hop is plain HTTP (TLS ended at a proxy). */
  options: { secureCookies?: boolean } = {},
): GraphqlRoute {
  const limits = { ...DEFAULT_REQUEST_LIMITS, ...deps.requestLimits };
  const slots = new CallerSlots(limits.callerConcurrency, limits.callerWaitMs, undefined, limits.refusalHold);
  // COMMITs of answered queries still in flight, by caller: a caller's next budget read waits for its own.
  const committingBy = new Map<string, Set<Promise<void>>>();
  const commitAfterAnswer = (caller: string, tx: TenantTransaction): Promise<void> => {
    const done: Promise<void> = tx
      .finish()
      .catch((error: unknown) => {
        // What is lost is accounting that may lose its last moment anyway (the budget's charge, durable: false).
        deps.logger.warn('the COMMIT after an answered query failed', {
          reason: error instanceof Error ? error.message : String(error),
        });
      })
      .finally(() => {
        const mine = committingBy.get(caller);
        mine?.delete(done);
        if (mine?.size === 0) committingBy.delete(caller);
      });
    committingBy.set(caller, (committingBy.get(caller) ?? new Set()).add(done));
    return done;
  };
  const handler = async (req: Request, res: Response): Promise<void> => {
    // The id http/request-scope.ts gave the request (on every log line and in x-request-id), else a new one.
    const requestId = (res.locals.requestScope as { requestId?: string } | undefined)?.requestId ?? randomUUID();
    res.setHeader('x-request-id', requestId);

    // The token is checked before anything else, without the database: a bad one costs no connection.
    let claims: AccessClaims | null = null;
    const authorization = req.get('authorization');
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      try {
        if (!match) throw new InvalidTokenError('malformed');
        claims = await verifyAccessToken(deps.keys, deps.tokens, match[1]);
      } catch {
        res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
        return sendError(res, 401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
      }
    }

    // One caller's requests take turns beyond a few at once, so no caller can hold the whole pool.
    const caller = claims?.client
      ? `client:${claims.subject}`
      : claims
        ? `${claims.districtId ?? 'operator'}:${claims.subject}`
        : `addr:${req.ip}`;
    const release = await slots.acquire(caller);
    if (!release) {
      res.setHeader('retry-after', '1');
      return sendError(res, 429, 'RATE_LIMITED', 'Too many requests at once; wait for the ones in flight', {
        retryAfterSeconds: 1,
      });
    }

    const tx = new TenantTransaction(dataSource, NO_CLAIMS, {
      statementTimeoutMs: limits.deadlineMs,
      deadline: Date.now() + limits.deadlineMs,
    });
    const http = {
      cookies: parseCookies(req.headers.cookie),
      setCookies: [] as string[],
      secure: req.secure || options.secureCookies === true,
      origin: `${req.protocol}://${req.get('host')}`,
    };
    const ctx = {
      requestId,
      principal: null,
      tx,
      deps,
      http,
      client: req.get('user-agent')?.slice(0, 200) ?? null,
      clientAddress: req.ip ?? req.socket.remoteAddress ?? '',
    } as unknown as RequestContext;
    ctx.loaders = new Loaders();
    // Refused before it ran (its document, or its budget): past the caller's free refusals, its slot stays taken a
    // moment after the answer (http/caller-slots.ts).
    let refused = false;
    try {
      // The document's size before anything reads it: an oversized one costs no SQL and is never lexed.
      const document = documentTextOf(req);
      const oversized = document === null ? null : oversizedDocument(document, Limits.QUERY_BYTES_MAX);
      if (oversized) {
        refused = true;
        return sendError(res, 400, 'GRAPHQL_PARSE_FAILED', oversized);
      }
      if (claims) {
        // The caller's answered queries' charges have landed before its budget is read (no wait in the usual case).
        const mine = committingBy.get(caller);
        if (mine) await Promise.all(mine);
        // An API client's token (client_id claim) becomes a client principal, checked against revocation each time.
        readBudgetAtOpening(tx, claims, deps);
        ctx.principal = claims.client
          ? await loadClientPrincipal(tx, claims, ctx.clientAddress)
          : await loadPrincipal(tx, claims);
        if (!ctx.principal) {
          res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
          return sendError(res, 401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
        }
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const slot: { answer?: FormattedExecutionResult } = {};
      const result = await answerSlot.run(slot, () =>
        apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: req.method.toUpperCase(),
            headers,
            search: new URL(req.originalUrl, 'http://localhost').search,
            body: req.body,
          },
          context: async () => ctx,
        }),
      );
      if (result.status && result.status >= 400) tx.fail();
      refused =
        result.status === 429 ||
        (result.status === 400 && result.body.kind === 'complete' && REFUSED_DOCUMENT.test(result.body.string));
      const afterAnswer = result.body.kind === 'complete' && tx.commitsAfterAnswer;
      if (!afterAnswer) await tx.finish();
      for (const [key, value] of result.headers) res.setHeader(key, value);
      if (http.setCookies.length) res.setHeader('set-cookie', http.setCookies);
      res.status(result.status ?? 200);
      if (result.body.kind === 'complete') {
        if (slot.answer) {
          endWithJson(res, slot.answer);
          // What the request started and outlives it (a pooled connection's idle timer) carries the slot: not the answer.
          slot.answer = undefined;
        } else res.send(result.body.string);
        if (afterAnswer) await commitAfterAnswer(caller, tx);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      tx.fail();
      await tx.finish().catch(() => undefined);
      const unavailable = asUnavailable(error);
      if (unavailable) {
        // Overload or an outage: the client should come back, and nothing was written.
        deps.logger.warn('request refused: service unavailable', { requestId, reason: unavailable.message });
        if (!res.headersSent) {
          res.setHeader('retry-after', String(unavailable.retryAfterSeconds));
          sendError(res, 503, 'SERVICE_UNAVAILABLE', unavailable.message);
        }
        return;
      }
      deps.logger.error('request failed', {
        requestId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    } finally {
      await tx.finish().catch(() => undefined);
      release(refused ? slots.holdAfterRefusal(caller) : 0);
    }
  };
  return Object.assign(handler, {
    settled: async () => {
      while (committingBy.size > 0) await Promise.all([...committingBy.values()].flatMap((mine) => [...mine]));
    },
  });
}
