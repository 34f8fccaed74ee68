import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * The real OpenID provider of the single sign-on tests (oidc-provider-server.mjs), on a free loopback port, in a
 * process of its own. One client is registered; its redirect URIs are the API's callbacks under test.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claims an account id signs in with (the login typed into the provider's form is the account id). */
  setAccount(id: string, claims: Record<string, unknown>): Promise<void>;
  /** The next ID token is re-signed with these claims changed (null removes one), or with a foreign key. */
  tamperNextIdToken(change: { claims?: Record<string, unknown>; foreignKey?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export async function startOidcProvider(options: {
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestOidcProvider> {
  const clientId = options.clientId ?? 'throughline-test';
  const clientSecret = options.clientSecret ?? 'throughline-test-client-secret-0123456789';
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-server.mjs')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      OIDC_TEST_CONFIG: JSON.stringify({
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: options.redirectUris }],
      }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    child.once('exit', (code) => reject(new Error(`the test OpenID provider exited (${code}): ${stderr}`)));
  });
  const post = async (route: string, body: unknown) => {
    const res = await fetch(`${issuer}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 204) throw new Error(`${route} answered ${res.status}`);
  };
  return {
    issuer,
    clientId,
    clientSecret,
    setAccount: (id, claims) => post('/__test/accounts', { [id]: claims }),
    tamperNextIdToken: (change) => post('/__test/tamper', change),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * What a browser does across the API and the provider, over plain HTTP: keeps cookies (by name and path; cookies do
 * not tell ports apart, so the API's and the provider's share one jar, as in a browser), follows redirects by hand,
 * and fills in the provider's login form.
 */
export class BrowserAgent {
  private readonly jar = new Map<string, { name: string; value: string; path: string }>();

  cookie(name: string): string | undefined {
    return [...this.jar.values()].find((c) => c.name === name)?.value;
  }

  setCookie(name: string, value: string, path = '/'): void {
    this.jar.set(`${name};${path}`, { name, value, path });
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown } = {}) {
    const target = new URL(url);
    const cookies = [...this.jar.values()].filter((c) => target.pathname.startsWith(c.path));
    const headers: Record<string, string> = {};
    if (cookies.length) headers.cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((p) => p.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const gone =
        value === '' ||
        attrs.some((a) => /^max-age=0$/i.test(a)) ||
        attrs.some((a) => /^expires=thu, 01 jan 1970/i.test(a));
      if (gone) this.jar.delete(`${name};${path}`);
      else this.jar.set(`${name};${path}`, { name, value, path });
    }
    return res;
  }

  /**
   * From a URL of the API (the sign-in start) through the provider and its login form (signing in as `login`),
   * up to the first redirect back to the API (`apiUrl`): that URL, not followed (the callback, or the portal with
   * an error when the start was refused).
   */
  async throughProvider(startUrl: string, login: string, apiUrl: string): Promise<string> {
    let url = startUrl;
    let form: Record<string, string> | undefined;
    for (let step = 0; step < 20; step++) {
      const res = await this.request(url, { form });
      form = undefined;
      const location = res.headers.get('location');
      if (location) {
        const next = new URL(location, url).href;
        if (next.startsWith(apiUrl)) return next;
        url = next;
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action) throw new Error(`unexpected ${res.status} at ${url}: ${html.slice(0, 300)}`);
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      form = { prompt: 'login', login, password: 'any password' };
    }
    throw new Error('too many redirects');
  }
}
