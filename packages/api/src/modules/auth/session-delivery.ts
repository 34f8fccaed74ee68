import { AuthSessionPayload, RefreshTokenDelivery } from './auth.input';
import type { IssuedSession } from './auth.service';
import { Viewer } from '../viewer/viewer.type';
import { clearRefreshCookie, REFRESH_COOKIE, refreshCookie, type HttpExchange } from '../../http/cookies';

/**
 * The HTTP side of sessions, for the auth resolver: where the refresh token comes from (the input, else the portal's
 * httpOnly cookie) and where a new one goes (the response body, or that cookie).
 */

/** The refresh token given in the input, else the one in the cookie, else none (which matches no token). */
export function refreshTokenOf(http: HttpExchange, given: string | null | undefined): string {
  return given ?? http.cookies[REFRESH_COOKIE] ?? '';
}

/** Removes the refresh-token cookie: signing out with it, or a cookie that no longer works. */
export function forgetRefreshCookie(http: HttpExchange): void {
  clearRefreshCookie(http);
}

/** The payload of a session; for the portal, the refresh token goes into an httpOnly cookie and out of the body. */
export function deliverSession(
  http: HttpExchange,
  delivery: RefreshTokenDelivery,
  session: IssuedSession,
): AuthSessionPayload {
  const payload = Object.assign(new AuthSessionPayload(), {
    accessToken: session.accessToken,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    refreshToken: session.refreshToken as string | null,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt,
    tokenType: 'Bearer',
    viewer: Viewer.of(session.principal),
  });
  if (delivery !== RefreshTokenDelivery.COOKIE || !payload.refreshToken) return payload;
  const maxAge = Math.max(0, Math.floor((payload.refreshTokenExpiresAt.getTime() - Date.now()) / 1000));
  refreshCookie(http, payload.refreshToken, maxAge);
  return Object.assign(payload, { refreshToken: null });
}
