import { browserSuite, describeInBrowser, JOURNEY_MS, progressLog } from './browser';
import { expectVisible, settled, signInAs, snap, watchTraffic } from './portal-helpers';

/**
 * Issue 15, accessibility in Chromium: a keyboard-only journey (skip link, list rows as tab stops, a visible focus).
 * docs/accessibility.md says what is checked and what is not yet (the axe sweep of every screen and the phone widths).
 */
const PASSWORD = 'throughline-demo';

/** Where the file says how far it got (tail -f it while the suite runs): one line per screen checked. */
const progress = progressLog('accessibility');

describeInBrowser('the portal for everyone: axe, keyboard and phones (Chromium)', () => {
  const suite = browserSuite(progress);

  test.each([
    ['English', 'en', 'Skip to content'],
    ['Spanish', 'es', 'Saltar al contenido'],
  ] as const)(
    'in %s, a coach opens a session from the keyboard alone: the skip link, then Tab to a list row, then Enter',
    async (_language, locale, skipLink) => {
      // The coach's language is their profile's: the portal follows it after sign-in.
      const { accessToken } = await suite.world.server.signIn('coach@northfield.example');
      const saved = await suite.world.server.gql(
        `mutation($input: MailProfileInput!) { mailProfileSet(input: $input) { effectiveLanguage } }`,
        { input: { language: locale.toUpperCase() } },
        accessToken,
      );
      expect(saved.errors).toBeUndefined();
      const page = watchTraffic(
        await signInAs(suite.world.browser, suite.world.server.url, 'coach@northfield.example', PASSWORD, locale),
      );
      suite.keep(page);
      await settled(page);
      await page.goto('/#/sessions');
      // A fresh document: the focus starts at its top.
      await page.reload();
      await settled(page);
      await page.locator('tbody tr').first().waitFor();
      // The first tab stop is the skip link, and it moves the focus past the menu to the page's content.
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      expect(first).toBe(skipLink);
      await page.keyboard.press('Enter');
      // Then Tab until a row of the list has the focus: every row is a tab stop of its own.
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => !!document.activeElement?.matches('tbody tr'));
        const inMenu = await page.evaluate(() => !!document.activeElement?.closest('.RaMenu-root, .RaSidebar-root'));
        expect(inMenu).toBe(false);
      }
      expect(reached).toBe(true);
      // The focused row is visibly marked (an outline or a shadow), and Enter opens it.
      const outlined = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        const s = getComputedStyle(e);
        return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none';
      });
      expect(outlined).toBe(true);
      await page.keyboard.press('Enter');
      await page.waitForURL(/#\/sessions\/[^/]+\/show/);
      await expectVisible(page.getByRole('heading').first(), 'the session page heading');
      await snap(page, `15-keyboard-session-${locale}`);
    },
    JOURNEY_MS,
  );
});
