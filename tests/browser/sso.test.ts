import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WAIT_MS, WORLD_MS, type BrowserWorld } from './browser';
import { nextGraphql, snap } from './portal-helpers';
import { startOidcProvider, type TestOidcProvider } from '../setup/oidc-provider';
import { ok } from '../support/server';

/**
 * Single sign-on in real Chromium: the portal's sign-in page offers "Sign in with …" for the district (by the email's
 * domain, or ?district=<slug>), the person signs in at a real OpenID provider (oidc-provider on a loopback port, its
 * development login form), and lands on their dashboard with the same session a password gives. A refusal comes
 * back to the sign-in page with a sentence, never an error page. Every wait is for the page's or the server's signal.
 */
describeInBrowser('single sign-on in the portal', () => {
  let world: BrowserWorld;
  let provider: TestOidcProvider;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    world = await startBrowserWorld();
    provider = await startOidcProvider({ redirectUris: [`${world.server.url}/auth/sso/callback`] });
    const admin = (await world.server.signIn('admin@northfield.example')).accessToken;
    ok(
      await world.server.gql(
        `mutation($i: IdentityProviderCreateInput!) { identityProviderCreate(input: $i) { identityProvider { id } } }`,
        {
          i: {
            name: 'District SSO',
            preset: 'GENERIC',
            issuer: provider.issuer,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            allowedDomains: ['northfield.example'],
          },
        },
        admin,
      ),
    );
  }, WORLD_MS);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await provider?.close();
    await world?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await world.browser.newContext({
      viewport: { width: 1366, height: 900 },
      baseURL: world.server.url,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    return page;
  }

  /** At the provider's development login form: the account id is the email. */
  async function loginAtProvider(page: Page, login: string): Promise<void> {
    await page.waitForURL((url) => url.origin === provider.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
  }

  it(
    'a teacher types their email, clicks "Sign in with District SSO", signs in at the provider and lands on their dashboard',
    async () => {
      const page = await newPage();
      await page.goto('/');
      await page.locator('input[name="username"]').fill('teacher@northfield.example');
      const button = page.getByRole('link', { name: 'Sign in with District SSO' });
      await button.waitFor();
      await snap(page, 'sso-1-sign-in-page');
      // The portal restores the session from the refresh cookie the callback set, then reads who is signed in.
      const viewer = nextGraphql(page, 'roleAssignments { role scope');
      await button.click();
      await loginAtProvider(page, 'teacher@northfield.example');
      await page.getByRole('menuitem', { name: 'Dashboard' }).first().waitFor();
      const me = (await viewer).data?.me;
      expect(me?.staffMember?.email).toBe('teacher@northfield.example');
      expect(me?.roleAssignments.map((r: { role: string }) => r.role)).toEqual(['TEACHER']);
      const cookie = (await page.context().cookies()).find((c) => c.name === 'tl_refresh');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/graphql' });
      await snap(page, 'sso-2-teacher-dashboard');
    },
    JOURNEY_MS,
  );

  it(
    'someone without an account, sent by ?district=northfield, comes back to the sign-in page with the reason',
    async () => {
      const page = await newPage();
      await page.goto('/#/login?district=northfield');
      await page.getByText('Northfield Unified').waitFor();
      await page.getByRole('link', { name: 'Sign in with District SSO' }).click();
      await loginAtProvider(page, 'stranger@northfield.example');
      await page.waitForURL(/sso_error=UNKNOWN_PERSON/);
      await page.getByText('There is no Throughline account for you in this district').waitFor();
      expect(await page.getByRole('menuitem', { name: 'Dashboard' }).count()).toBe(0);
      await snap(page, 'sso-3-unknown-person');
    },
    JOURNEY_MS,
  );
});
