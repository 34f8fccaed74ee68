import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { DataSource } from 'typeorm';
import { TenantTransaction, NO_CLAIMS } from '../db/transaction';
import { verifyAccessToken, InvalidTokenError } from '../auth/tokens';
import { loadPrincipal } from '../modules/auth/principal-loader';
import { Loaders } from '../graphql/loaders';
import { parseCookies } from '../http/cookies';
import type { AppDeps, RequestContext } from '../graphql/context';

function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * POST/GET /graphql. Each request gets one transaction on one pooled connection, begun on first use, with the
 * caller's claims set transaction-locally. It ends before the response is written, committing or rolling back as
 * db/transaction.ts decides, and its connection is always released.
 */
export function graphqlRoute(apollo: ApolloServer<RequestContext>, dataSource: DataSource, deps: AppDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    const tx = new TenantTransaction(dataSource, NO_CLAIMS);
    const http = { cookies: parseCookies(req.headers.cookie), setCookies: [] as string[], secure: req.secure };
    const ctx = {
      requestId,
      principal: null,
      tx,
      deps,
      http,
      client: req.get('user-agent')?.slice(0, 200) ?? null,
    } as unknown as RequestContext;
    ctx.loaders = new Loaders();
    try {
      const authorization = req.get('authorization');
      if (authorization) {
        const match = /^Bearer\s+(\S+)$/i.exec(authorization);
        let claims;
        try {
          if (!match) throw new InvalidTokenError('malformed');
          claims = await verifyAccessToken(deps.keys, deps.tokens, match[1]);
        } catch {
          res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
          return sendError(res, 401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
        }
        ctx.principal = await loadPrincipal(tx, claims);
        if (!ctx.principal) {
          res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
          return sendError(res, 401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
        }
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method.toUpperCase(),
          headers,
          search: new URL(req.originalUrl, 'http://localhost').search,
          body: req.body,
        },
        context: async () => ctx,
      });
      if (result.status && result.status >= 400) tx.fail();
      await tx.finish();
      for (const [key, value] of result.headers) res.setHeader(key, value);
      if (http.setCookies.length) res.setHeader('set-cookie', http.setCookies);
      res.status(result.status ?? 200);
      if (result.body.kind === 'complete') {
        res.send(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      tx.fail();
      await tx.finish().catch(() => undefined);
      deps.logger.error('request failed', {
        requestId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
    } finally {
      await tx.finish().catch(() => undefined);
    }
  };
}
