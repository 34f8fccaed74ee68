import type { Page } from 'playwright-core';
import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WORLD_MS, type BrowserWorld } from './browser';
import { choose, expectGraphqlOk, expectVisible, nextGraphql, openMenu, signInAs, snap } from './portal-helpers';

/**
 * Issue 11 in the portal (Chromium, the production bundle): a district admin creates an API client and copies its
 * secret from the one dialog that shows it; with the id and secret the integrator gets a token at /oauth/token and
 * queries the district's sessions; back on the client's page, the admin sees that use on today's UTC day, in the
 * table and the bar chart (recharts, loaded on demand).
 */
describeInBrowser('API clients in the portal (Chromium)', () => {
  let world: BrowserWorld;
  let page: Page | null = null;

  beforeAll(async () => {
    world = await startBrowserWorld();
  }, WORLD_MS);

  afterAll(async () => {
    await world?.close();
  }, WORLD_MS);

  test(
    'an admin creates a client, its token reads the sessions, and the client page shows that use today',
    async () => {
      try {
        page = await signInAs(world.browser, world.server.url, 'admin@northfield.example', 'throughline-demo');
        await openMenu(page, 'API clients');
        await page.locator('a[href="#/apiClients/create"]').click();
        await page.getByRole('button', { name: 'Create client' }).waitFor();
        await page.getByLabel('Name').first().fill('Nightly warehouse sync');
        await choose(page, /Scopes/, /^improvement:read/, 'improvement');
        // The autocomplete keeps its menu open after a pick: close it before saving.
        await page.keyboard.press('Escape');
        const created = nextGraphql(page, 'apiClientCreate');
        await page.getByRole('button', { name: 'Create client' }).click();
        const { apiClientCreate } = await expectGraphqlOk(created, 'apiClientCreate');
        const dialog = page.getByRole('dialog', { name: 'Copy the client secret now' });
        await expectVisible(dialog, 'the dialog showing the secret once');
        const clientId = await dialog.getByLabel('Client id').inputValue();
        const clientSecret = await dialog.getByLabel('Client secret').inputValue();
        expect(clientId).toBe(apiClientCreate.clientId);
        expect(clientSecret).toMatch(/^tlcs_/);

        // The integrator's side: client credentials -> token -> the district's sessions (curl does the same).
        const tokenRes = await fetch(`${world.server.url}/oauth/token`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          },
          body: 'grant_type=client_credentials',
        });
        expect(tokenRes.status).toBe(200);
        const { access_token: token } = (await tokenRes.json()) as { access_token: string };
        const ask = async (query: string) =>
          (await (
            await fetch(`${world.server.url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify({ query }),
            })
          ).json()) as { data?: any; errors?: { extensions: { code: string } }[] };
        const sessions = await ask(`{ sessions(first: 10) { totalCount nodes { id scheduledAt } } }`);
        expect(sessions.errors).toBeUndefined();
        expect(sessions.data.sessions.totalCount).toBeGreaterThan(0);
        // Outside its scope: FORBIDDEN, and counted as an error.
        const staff = await ask(`{ staffMembers(first: 1) { nodes { id } } }`);
        expect(staff.errors?.[0].extensions.code).toBe('FORBIDDEN');

        // Closing the dialog goes to the client's page, which reads its use.
        const usage = nextGraphql(page, 'ApiClientUsage');
        await dialog.getByRole('button', { name: 'I have stored it' }).click();
        const answered = await expectGraphqlOk(usage, 'ApiClientUsage');
        const today = new Date().toISOString().slice(0, 10);
        expect(answered.node.usage.at(-1)).toMatchObject({ day: today, requests: 2, errors: 1, rateLimited: 0 });
        const row = page.locator(`tr[data-day="${today}"]`);
        await expectVisible(row, "today's row in the use table");
        expect((await row.locator('td').allInnerTexts()).slice(1)).toEqual([
          '2',
          String(answered.node.usage.at(-1).points),
          '0',
          '1',
        ]);
        await expectVisible(
          page.getByRole('region', { name: /Use over the last 14 days/ }).locator('.recharts-wrapper'),
          'the bar chart of the use by day',
        );
        await snap(page, '11-admin-api-client-usage');
      } catch (error) {
        if (page) await snap(page, 'failed-api-client-usage').catch(() => {});
        throw error;
      }
    },
    JOURNEY_MS,
  );
});
