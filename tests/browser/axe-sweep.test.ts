import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import {
  browserSuite,
  describeInBrowser,
  JOURNEY_MS,
  progressLog,
  SCREENSHOTS,
  WAIT_MS,
  type BrowserWorld,
} from './browser';
import { settled, watchTraffic } from './portal-helpers';

/**
 * Issue 15, WCAG 2.1 AA in Chromium: axe-core over every screen each role reaches from the side menu (each menu entry,
 * and from each list the first record's page, its edit form and the list's create form), at a desktop (1440x900) and a
 * phone (390x844), with zero serious or critical violations; once per locale; and one role again in dark mode.
 *
 * Fast by construction: one server and one browser for the file, one browser context per role reused across its
 * screens, screens opened by hash route (no reload), the phone check done by resizing the same page, and each wait for
 * the page's own signal (no request in flight, the main landmark, no skeleton or spinner left).
 */
const PASSWORD = 'throughline-demo';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
interface Size {
  width: number;
  height: number;
  /** Whether axe runs at this size (every size below 600 px is also checked for sideways scrolling). */
  axe: boolean;
}
const DESKTOP: Size = { width: 1440, height: 900, axe: true };
const PHONE: Size = { width: 390, height: 844, axe: true };
/** The narrowest phones in use: checked for sideways scrolling only, on the teacher's and the coach's screens. */
const NARROW: Size = { width: 360, height: 780, axe: false };
const ROLES = ['admin', 'principal', 'coach', 'teacher'];

/**
 * Both languages. The language is the person's own, saved on their profile through the API (`mailProfileSet`), which
 * the portal follows after sign-in; the sign-in page itself follows the browser's last language (localStorage
 * `RaStore.locale`).
 */
const LOCALES = ['en', 'es'] as const;

/** One line per screen checked (tail -f it while the suite runs). */
const progress = progressLog('axe-sweep');

/** The serious and critical violations axe finds on the page as it is now, one line each, naming the elements. */
async function violations(page: Page, where: string): Promise<string[]> {
  // Only violations are reported back: axe then skips gathering the (many) passing and incomplete nodes. Legacy mode
  // runs axe in the page itself: the portal has no frames, and the default mode opens a blank page to finish each run.
  const result = await new AxeBuilder({ page })
    .withTags(TAGS)
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) on ${v.nodes.length} element(s): ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} [${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 160)}]`)
          .join('; ')}`,
    );
}

/**
 * Sideways scrolling: the page (document.scrollingElement) is wider than the window. Says how wide, and which
 * innermost elements stick out, to point at the cause; null when it fits.
 */
async function tooWide(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const width = root.clientWidth;
    const out = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > width + 1 && e.children.length === 0)
      .slice(0, 4)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} "${(e.textContent ?? '').slice(0, 30)}"`,
      );
    return `${root.scrollWidth}px wide in ${width}px (${out.join(', ')})`;
  });
}

/** The last error a page wrote to its console, per page. */
const lastConsoleError = new WeakMap<Page, string>();
/** The errors a page threw (uncaught), per page. */
const pageErrors = new WeakMap<Page, string[]>();

/** The route in the page's hash ('/sessions/abc/show'). */
function routeOf(page: Page): string {
  return new URL(page.url()).hash.replace(/^#/, '') || '/';
}

/** Opens a route the way the menu does (the hash changes, the page does not reload) and waits until it is drawn. */
async function openRoute(page: Page, route: string): Promise<void> {
  if (routeOf(page) !== route) {
    await page.evaluate((r) => {
      window.location.hash = r;
    }, route);
    await page.waitForURL((u) => (u.hash.replace(/^#/, '') || '/') === route);
  }
  await settled(page);
}

/** Signs a role in at the desktop size, in its locale (and colour scheme), on a context of its own. */
async function signIn(
  world: BrowserWorld,
  role: string,
  locale: string,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<Page> {
  const { accessToken } = await world.server.signIn(`${role}@northfield.example`);
  const saved = await world.server.gql(
    `mutation($input: MailProfileInput!) { mailProfileSet(input: $input) { effectiveLanguage } }`,
    { input: { language: locale.toUpperCase() } },
    accessToken,
  );
  if (saved.errors?.length) throw new Error(`${role}: mailProfileSet refused: ${JSON.stringify(saved.errors)}`);
  const context: BrowserContext = await world.browser.newContext({
    viewport: DESKTOP,
    baseURL: world.server.url,
    colorScheme,
  });
  await context.addInitScript((l) => window.localStorage.setItem('RaStore.locale', JSON.stringify(l)), locale);
  const page = watchTraffic(await context.newPage());
  // A screen that breaks ("Something went wrong") fails the sweep with the error itself.
  page.on('pageerror', (error) => {
    pageErrors.get(page)?.push(`${routeOf(page)}: ${error.message}`);
    progress(`${role} page error on ${routeOf(page)}: ${error.message}`);
  });
  pageErrors.set(page, []);
  // What React reports when a screen breaks inside an error boundary (the page shows "Something went wrong").
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) lastConsoleError.set(page, m.text());
  });
  page.setDefaultTimeout(WAIT_MS);
  await page.goto('/');
  await page.locator('input[name="username"]').fill(`${role}@northfield.example`);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.locator('a[role="menuitem"][href^="#/"]').first().waitFor();
  await settled(page);
  return page;
}

/**
 * Every screen of the role, found from its menu: each entry; from a list, its create form and the page its first row
 * opens (and the expanded row, where a row expands); from a record's page, its edit form.
 */
async function sweep(page: Page, who: string, sizes: Size[]): Promise<{ violations: string[]; sideways: string[] }> {
  const found: string[] = [];
  const sideways: string[] = [];
  const seen = new Set<string>();
  const check = async (where: string) => {
    for (const size of sizes) {
      if (page.viewportSize()?.width !== size.width) {
        await page.setViewportSize(size);
        // The layout follows the width (a phone's lists are drawn as simple lists): wait for it to be drawn again.
        await page.waitForFunction((w) => window.innerWidth === w, size.width);
        await settled(page);
      }
      const here = `${who} ${size.width}x${size.height} ${where}`;
      if (size.width < 600) {
        const wide = await tooWide(page);
        if (wide) sideways.push(`${here}: ${wide}`);
      }
      if (await page.locator('.RaError-root').count()) {
        found.push(`${here}: the screen broke ("Something went wrong"): ${lastConsoleError.get(page)?.slice(0, 400)}`);
        progress(`${here}: broke: ${lastConsoleError.get(page)?.slice(0, 400)}`);
      }
      if (!size.axe) continue;
      const started = Date.now();
      const v = await violations(page, here);
      progress(`${here}: ${v.length ? `${v.length} serious/critical` : 'clean'} (axe ${Date.now() - started} ms)`);
      found.push(...v);
      // The first screen of a sweep that fails is kept as a picture (tests/artifacts/screenshots).
      if (v.length && found.length === v.length)
        await page.screenshot({ path: path.join(SCREENSHOTS, `axe-${who.replace(/\W+/g, '-')}-${size.width}.png`) });
    }
    if (page.viewportSize()?.width !== sizes[0].width) {
      await page.setViewportSize(sizes[0]);
      await settled(page);
    }
  };
  const visit = async (route: string) => {
    if (seen.has(route)) return false;
    seen.add(route);
    await openRoute(page, route);
    await check(route);
    return true;
  };

  const menu = await page
    .locator('a[role="menuitem"][href^="#/"]')
    .evaluateAll((as) => as.map((a) => (a.getAttribute('href') ?? '').replace(/^#/, '') || '/'));
  expect(menu.length).toBeGreaterThan(1);
  for (const entry of menu) {
    if (!(await visit(entry))) continue;
    const creates = await page.locator(`a[href="#${entry}/create"]`).count();
    const row = page.locator('tr.RaDatagrid-clickableRow, tr.RaDataTable-clickableRow').first();
    if (await row.count()) {
      const before = routeOf(page);
      // A tooltip left open where the pointer last rested (a column's "Sort by …", placed over the first row, and kept
      // open while the pointer is over it) would take the click: the pointer leaves, and the tooltip is gone first.
      await page.mouse.move(0, page.viewportSize()!.height - 1);
      await page.keyboard.press('Escape');
      await page.locator('[role="tooltip"]').first().waitFor({ state: 'detached' });
      // A cell with nothing to press in it: a row's centre may fall on one of its buttons (an action's moves), and
      // its first cell is the selection checkbox where the list has bulk actions.
      await row.locator('td:not(:has(input, button, a))').first().click();
      // A row opens a record's page, or expands in place: whichever the page shows.
      const expanded = await page
        .waitForFunction(
          (from) =>
            document.querySelector('.RaDataTable-expanded, .RaDatagrid-expanded')
              ? 'expanded'
              : (window.location.hash.replace(/^#/, '') || '/') !== from
                ? 'opened'
                : null,
          before,
        )
        .then(async (h) => (await h.jsonValue()) === 'expanded');
      if (expanded) {
        await settled(page);
        await check(`${entry} (a row expanded)`);
      } else {
        const record = routeOf(page);
        if (await visit(record)) {
          const editRoute = record.replace(/\/show$/, '');
          if (editRoute !== record && (await page.locator(`a[href="#${editRoute}"]`).count())) await visit(editRoute);
        }
      }
    }
    if (creates) await visit(`${entry}/create`);
  }
  return { violations: [...found, ...(pageErrors.get(page) ?? []).map((e) => `${who} page error: ${e}`)], sideways };
}

describeInBrowser('axe over every screen of every role, desktop and phone (Chromium)', () => {
  const suite = browserSuite(progress);

  for (const locale of LOCALES) {
    test(
      `in ${locale}, every screen of every role (admin, principal, coach, teacher) has no serious or critical axe violation at 1440x900 and 390x844, and the teacher's and coach's none sideways scrolling at 390 and 360 px`,
      async () => {
        // The four roles are swept side by side, each in its own browser context: their waits overlap.
        const results = await Promise.all(
          ROLES.map(async (role) => {
            const page = await signIn(suite.world, role, locale);
            suite.keep(page);
            if (locale !== 'en') {
              // The portal did switch: the menu's first entry no longer reads in English.
              const first = await page.locator('a[role="menuitem"][href^="#/"]').first().innerText();
              expect(first.trim()).not.toBe('Dashboard');
            }
            // The teacher's and the coach's screens are also checked at 360 px: they are the people on phones.
            const onPhones = role === 'teacher' || role === 'coach';
            const found = await sweep(
              page,
              `${locale} ${role}`,
              onPhones ? [DESKTOP, PHONE, NARROW] : [DESKTOP, PHONE],
            );
            for (const line of found.sideways)
              progress(`${onPhones ? 'sideways' : '(not yet required) sideways'} ${line}`);
            return { violations: found.violations, sideways: onPhones ? found.sideways : [] };
          }),
        );
        expect(results.flatMap((r) => r.violations)).toEqual([]);
        // No sideways scrolling on the phone widths, for the people who work from phones.
        expect(results.flatMap((r) => r.sideways)).toEqual([]);
      },
      JOURNEY_MS,
    );
  }

  test(
    'in dark mode (the system setting), every screen of the coach has no serious or critical axe violation',
    async () => {
      const page = await signIn(suite.world, 'coach', 'en', 'dark');
      suite.keep(page);
      // The portal follows the system: the page's background is dark.
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
      expect(r + g + b).toBeLessThan(3 * 96);
      const found = await sweep(page, 'dark coach', [DESKTOP, PHONE]);
      expect(found.violations).toEqual([]);
    },
    JOURNEY_MS,
  );
});
