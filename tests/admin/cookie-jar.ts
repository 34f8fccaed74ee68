/**
 * What a browser does with cookies, for the portal's providers running in Node against the real server: keep the
 * Set-Cookie it is given and send it back. Nothing else of fetch changes.
 */
export function cookieFetch(base: string): typeof fetch {
  const jar = new Map<string, string>();
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = typeof input === 'string' && input.startsWith('/') ? `${base}${input}` : input;
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  }) as typeof fetch;
}
