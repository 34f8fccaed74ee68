import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { DataSource } from 'typeorm';
import type { AppDeps } from '../../graphql/context';
import { idOf } from '../../graphql/global-id';
import { parseCookies, type HttpExchange } from '../../http/cookies';
import { finishSignIn, startSignIn } from './sso-flow';
import { SsoFailure } from './sso-errors';

/** The state of the sign-in this browser started: httpOnly, only for /auth/sso, ten minutes, sent back by the provider's redirect (SameSite=Lax). */
const STATE_COOKIE = 'tl_sso_state';
export const CALLBACK_PATH = '/auth/sso/callback';

function stateCookie(value: string, maxAge: number, secure: boolean): string {
  return `${STATE_COOKIE}=${encodeURIComponent(value)}; Path=/auth/sso; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * Single sign-on's two HTTP routes, mounted by the composition root:
 * - GET /auth/sso/start?provider=<IdentityProvider id>[&login_hint=<email>] redirects to the provider;
 * - GET /auth/sso/callback is where the provider sends the browser back: on success the portal's refresh cookie is
 *   set (as after a password sign-in) and the browser goes to the portal, which restores the session from it; on
 *   failure it goes to the portal's sign-in page with `sso_error=<CODE>` (docs/sso.md lists them).
 * The redirect URI is PUBLIC_URL + /auth/sso/callback, or the request's own origin when PUBLIC_URL is unset.
 */
export function ssoRoutes(dataSource: DataSource, deps: AppDeps, options: { secureCookies?: boolean } = {}): Router {
  const router = Router();
  const publicUrl = deps.sso?.publicUrl ?? null;
  const settings = {
    publicUrl,
    secretsKey: deps.sso?.secretsKey ?? null,
    allowHttpIssuers: deps.sso?.allowHttpIssuers ?? false,
  };
  const originOf = (req: Request) => publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const secure = (req: Request) => req.secure || options.secureCookies === true;
  const portal = (req: Request, hash: string) => `${publicUrl ?? ''}/#/${hash}`;

  const fail = (req: Request, res: Response, requestId: string, error: unknown, step: string) => {
    const failure = error instanceof SsoFailure ? error : new SsoFailure('UNAVAILABLE');
    const detail =
      error instanceof SsoFailure ? failure.detail : error instanceof Error ? `${error.name}: ${error.message}` : '';
    const log = failure.code === 'UNAVAILABLE' ? deps.logger.error : deps.logger.warn;
    log.call(deps.logger, `sso ${step} refused`, {
      requestId,
      code: failure.code,
      districtId: failure.where.districtId,
      providerId: failure.where.providerId,
      detail: detail?.slice(0, 300),
    });
    res.redirect(302, portal(req, `login?sso_error=${failure.code}`));
  };

  router.get('/auth/sso/start', async (req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    res.setHeader('cache-control', 'no-store');
    try {
      const params = new URL(req.originalUrl, 'http://localhost').searchParams;
      const providerId = idOf(params.get('provider') ?? '', 'IdentityProvider');
      if (!providerId) throw new SsoFailure('UNKNOWN_PROVIDER', 'not an identity provider id');
      const hint = (params.get('login_hint') ?? '').trim();
      const { url, state } = await startSignIn(dataSource, settings, {
        providerId,
        redirectUri: `${originOf(req)}${CALLBACK_PATH}`,
        address: req.ip ?? req.socket.remoteAddress ?? '',
        loginHint: hint && hint.length <= 254 && /^[^\s\p{C}]+$/u.test(hint) ? hint : null,
      });
      res.setHeader('set-cookie', stateCookie(state, 600, secure(req)));
      res.redirect(302, url);
    } catch (error) {
      fail(req, res, requestId, error, 'start');
    }
  });

  router.get(CALLBACK_PATH, async (req, res) => {
    const requestId = randomUUID();
    res.setHeader('x-request-id', requestId);
    res.setHeader('cache-control', 'no-store');
    const cookies = parseCookies(req.headers.cookie);
    const http: HttpExchange = { cookies, setCookies: [], secure: secure(req) };
    try {
      await finishSignIn(dataSource, deps, {
        search: new URL(req.originalUrl, 'http://localhost').searchParams,
        cookieState: cookies[STATE_COOKIE] ?? null,
        address: req.ip ?? req.socket.remoteAddress ?? '',
        requestId,
        userAgent: req.get('user-agent')?.slice(0, 200) ?? null,
        http,
      });
      // The state is spent; the portal's refresh cookie is set, and the portal restores the session from it.
      res.setHeader('set-cookie', [stateCookie('', 0, http.secure), ...http.setCookies]);
      res.redirect(302, portal(req, ''));
    } catch (error) {
      res.setHeader('set-cookie', stateCookie('', 0, http.secure));
      fail(req, res, requestId, error, 'callback');
    }
  });
  return router;
}
