/** The portal's refresh token lives in this cookie: httpOnly (no script reads it), SameSite=Strict, only for /graphql. */
export const REFRESH_COOKIE = 'tl_refresh';

export interface HttpExchange {
  /** Cookies the request carried. */
  cookies: Record<string, string>;
  /** Set-Cookie values to send with the response. */
  setCookies: string[];
  /** Whether the request came over HTTPS (cookies are then marked Secure). */
  secure: boolean;
  /** The request's own origin (scheme and host, by TRUST_PROXY), for links when PUBLIC_URL is unset. */
  origin?: string;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const name = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      // a malformed cookie is ignored, not fatal
    }
  }
  return out;
}

export function refreshCookie(http: HttpExchange, token: string, maxAgeSeconds: number): void {
  http.setCookies.push(
    `${REFRESH_COOKIE}=${encodeURIComponent(token)}; Path=/graphql; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${http.secure ? '; Secure' : ''}`,
  );
}

export function clearRefreshCookie(http: HttpExchange): void {
  http.setCookies.push(
    `${REFRESH_COOKIE}=; Path=/graphql; Max-Age=0; HttpOnly; SameSite=Strict${http.secure ? '; Secure' : ''}`,
  );
}
