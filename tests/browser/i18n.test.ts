import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WAIT_MS, WORLD_MS, type BrowserWorld } from './browser';
import { expectGraphqlOk, expectVisible, nextGraphql, openMenu, snap } from './portal-helpers';

/**
 * Issue 15 in the portal (Chromium): a teacher switches the portal to Spanish from the app bar; the choice is saved on
 * their profile (the mail profile's language, docs/i18n.md), so a reload and a sign-in on another browser both start
 * in Spanish, with react-admin's own buttons and messages in Spanish too; switching back saves English.
 */
describeInBrowser('the portal in Spanish and English (Chromium)', () => {
  let world: BrowserWorld;
  const TEACHER = 'teacher@northfield.example';

  beforeAll(async () => {
    world = await startBrowserWorld();
  }, WORLD_MS);
  afterAll(() => world?.close());

  async function savedLanguage(email: string): Promise<string | null> {
    const [row] = await world.server.owner.query(
      `SELECT mp.language FROM mail_profile mp JOIN staff_member s ON s.id = mp.staff_member_id WHERE s.email = $1`,
      [email],
    );
    return row?.language ?? null;
  }

  it(
    'a teacher switches to Spanish, reloads, and the portal is still Spanish (saved on their profile), react-admin’s buttons too',
    async () => {
      const page = await world.signIn(TEACHER);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await savedLanguage(TEACHER)).not.toBe('es');

      const saved = nextGraphql(page, 'mailProfileSet');
      await page.getByRole('button', { name: /^Language: English/ }).click();
      await page.getByRole('menuitem', { name: 'Español' }).click();
      await expectGraphqlOk(saved, 'mailProfileSet');
      // The page is now Spanish: the menu, the dashboard's words, the document's language.
      await expectVisible(page.getByRole('menuitem', { name: 'Panel' }), 'the Dashboard entry in Spanish (Panel)');
      await expectVisible(page.getByText(/^Bienvenido\/a/), 'the Spanish welcome');
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      expect(await savedLanguage(TEACHER)).toBe('es');

      await page.reload();
      await expectVisible(page.getByRole('menuitem', { name: 'Panel' }), 'the Spanish menu after a reload');
      await expectVisible(page.getByRole('button', { name: /^Idioma: Español/ }), 'the language switcher in Spanish');
      expect(await page.locator('html').getAttribute('lang')).toBe('es');
      // The teacher's dashboard in Spanish: its cards' titles, and the funnel's words.
      await expectVisible(page.getByText('Para evaluar o reflexionar'), 'the follow-up card in Spanish');
      await expectVisible(page.getByText(/^Planificadas → realizadas/), 'the funnel in Spanish');
      await page.locator('.MuiSkeleton-root').first().waitFor({ state: 'detached' });
      await snap(page, '15-dashboard-in-spanish');

      // react-admin's own words (ra.*): the user menu and its sign-out, the actions list's title and its filters.
      await page.getByRole('button', { name: 'Perfil' }).click();
      await expectVisible(page.getByRole('menuitem', { name: 'Cerrar sesión' }), 'react-admin’s Logout in Spanish');
      await page.keyboard.press('Escape');
      await openMenu(page, 'Acciones');
      await expectVisible(
        page.getByRole('combobox', { name: 'Estado' }),
        'the actions list’s status filter in Spanish',
      );
      await expectVisible(page.getByRole('button', { name: 'Mías' }), 'the Mine/My team toggle in Spanish');
      await snap(page, '15-actions-in-spanish');
      await page.context().close();
    },
    JOURNEY_MS,
  );

  it(
    'on another browser the portal starts in the saved language after sign-in; switching back saves English',
    async () => {
      const context = await world.browser.newContext({
        viewport: { width: 1366, height: 900 },
        baseURL: world.server.url,
        locale: 'en-US',
      });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      await page.goto('/');
      // Nothing saved in this browser: the sign-in page speaks the browser's language.
      await expectVisible(page.getByRole('button', { name: 'Sign in' }), 'the English sign-in button');
      await page.locator('input[name="username"]').fill(TEACHER);
      await page.locator('input[name="password"]').fill('throughline-demo');
      await page.locator('button[type="submit"]').click();
      await expectVisible(page.getByRole('menuitem', { name: 'Panel' }), 'the portal in the saved language (Spanish)');

      const saved = nextGraphql(page, 'mailProfileSet');
      await page.getByRole('button', { name: /^Idioma: Español/ }).click();
      await page.getByRole('menuitem', { name: 'English' }).click();
      await expectGraphqlOk(saved, 'mailProfileSet');
      await expectVisible(page.getByRole('menuitem', { name: 'Dashboard' }), 'the menu back in English');
      expect(await savedLanguage(TEACHER)).toBe('en');
      await context.close();
    },
    JOURNEY_MS,
  );
});
