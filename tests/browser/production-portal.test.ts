import { chromium, type Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { ADMIN_DIST, WAIT_MS, WORLD_MS, chromiumPath, describeInBrowser, ensurePortalBuilt } from './browser';

/**
 * The portal in real Chromium against a server in its production posture: security headers and CSP, the Secure
 * refresh cookie and the Origin check on cookie-carrying requests must leave sign-in and a reload's silent
 * refresh working, with no CSP violation.
 */
describeInBrowser('the portal with NODE_ENV=production', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ensurePortalBuilt();
    server = await startTestServer({ adminDir: ADMIN_DIST, env: { NODE_ENV: 'production' } });
    browser = await chromium.launch({
      executablePath: chromiumPath()!,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  }, WORLD_MS);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'signs in, and a reload restores the session from the Secure cookie through a same-origin refresh',
    async () => {
      const context = await browser.newContext({ baseURL: server.url });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /content security policy|refused/i.test(m.text())) problems.push(m.text());
      });
      const refused: string[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('/graphql') && r.status() === 403) refused.push(r.url());
      });

      await page.goto('/');
      await page.locator('input[name="username"]').fill('admin@northfield.example');
      await page.locator('input[name="password"]').fill('throughline-demo');
      await page.locator('button[type="submit"]').click();
      await page.getByRole('menuitem', { name: 'Dashboard' }).first().waitFor();

      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'tl_refresh', secure: true, httpOnly: true, sameSite: 'Strict' });

      const refresh = page.waitForResponse(
        (r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('refreshSession'),
      );
      await page.reload();
      expect((await refresh).status()).toBe(200);
      await page.getByRole('menuitem', { name: 'Dashboard' }).first().waitFor();
      expect(refused).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
    5 * WAIT_MS,
  );
});
