import path from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { SCREENSHOTS, WAIT_MS } from './browser';

/** What the portal's GraphQL endpoint answered, parsed. */
export interface GraphqlReply {
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * Starts waiting for the portal's next GraphQL request that runs `operation` (a mutation or query field name, as it
 * appears in the request body). Call before the click that sends it, await after: the journey then moves on when the
 * API has answered, not after a guessed pause.
 */
export function nextGraphql(page: Page, operation: string, timeout = WAIT_MS): Promise<GraphqlReply> {
  const matches = (r: Response) =>
    r.url().endsWith('/graphql') &&
    r.request().method() === 'POST' &&
    (r.request().postData() ?? '').includes(operation);
  const reply = page.waitForResponse(matches, { timeout }).then(async (r) => (await r.json()) as GraphqlReply);
  // Awaited by the caller; this only keeps a wait that a failed step left behind from ending as an unhandled rejection.
  reply.catch(() => {});
  return reply;
}

/** As nextGraphql, and fails with the API's own words when it refused the operation. */
export async function expectGraphqlOk(reply: Promise<GraphqlReply>, operation: string): Promise<Record<string, any>> {
  const body = await reply;
  if (body.errors?.length) throw new Error(`${operation} was refused by the API: ${JSON.stringify(body.errors)}`);
  return body.data ?? {};
}

/**
 * Picks `option` in a select or autocomplete (MUI combobox) named by its label; `typed` searches an autocomplete
 * first. A select whose choices are still loading may close and redraw its menu under the click: the wait is then for
 * whichever the page shows first, the option or the menu gone, and a menu that went is opened again, until the option
 * is clicked or WAIT_MS has passed.
 */
export async function choose(page: Page, label: RegExp, option: string | RegExp, typed?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  const item = page.getByRole('option', { name: option }).first();
  // The open menu: a select's popover, or an autocomplete's popper (it shows "Loading…" before it has options).
  const menu = page.locator('.MuiMenu-root, .MuiAutocomplete-popper').first();
  const deadline = Date.now() + WAIT_MS;
  const left = () => Math.max(deadline - Date.now(), 1);
  let last: unknown = new Error(`the option did not show within ${WAIT_MS} ms`);
  while (Date.now() < deadline) {
    try {
      if (!(await item.isVisible())) {
        // (An open menu covers the field: a click on it would wait for the menu to go.)
        if (!(await menu.isVisible())) await box.click({ timeout: left() });
        if (typed !== undefined) await box.fill(typed, { timeout: left() });
      }
      const shown = await Promise.race([
        item.waitFor({ state: 'visible', timeout: left() }).then(() => true),
        menu.waitFor({ state: 'hidden', timeout: left() }).then(() => false),
      ]);
      if (!shown) continue;
      // A handle, not the locator: when the menu is redrawn under the click, this fails at once (the element left
      // the page) and the loop opens the menu again, instead of waiting for an option that will not come back.
      const handle = await item.elementHandle({ timeout: left() });
      await handle.click({ timeout: left() });
      return;
    } catch (error) {
      last = error;
    }
  }
  throw new Error(`Could not pick "${option}" in the field labelled ${label}: ${(last as Error).message}`, {
    cause: last,
  });
}

/** Today, or a day moved from it, in the district's time zone ('YYYY-MM-DD'). */
export function districtDay(timeZone: string, offsetDays = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(Date.now() + offsetDays * 86_400_000));
}

/** The API's opaque global id: base64url("Type:uuid"). */
export function globalId(type: string, uuid: string): string {
  return Buffer.from(`${type}:${uuid}`, 'utf8').toString('base64url');
}

/** The uuid inside a global id. */
export function uuidOf(id: string): string {
  return Buffer.from(id, 'base64url').toString('utf8').split(':')[1];
}

/** Waits until a locator shows, failing with a sentence that says what the person should have seen. */
export async function expectVisible(locator: Locator, what: string, timeout = WAIT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new Error(`Expected to see ${what}, but it did not appear within ${timeout} ms`, { cause: error });
  }
}

/**
 * As expectVisible, but started now and awaited later: for a notice the page shows only for a while (react-admin's
 * notifications hide themselves after 4 s), watched from before the click that brings it, so that a test process
 * slowed by a busy machine still sees it.
 */
export function watchFor(locator: Locator, what: string): Promise<void> {
  const seen = expectVisible(locator, what);
  seen.catch(() => {}); // awaited by the caller; see nextGraphql
  return seen;
}

/** The opposite: the element is absent (or hidden) once the page has settled. */
export async function expectAbsent(locator: Locator, what: string): Promise<void> {
  const n = await locator.count();
  for (let i = 0; i < n; i++) {
    if (await locator.nth(i).isVisible()) throw new Error(`Expected no ${what}, but the page shows one`);
  }
}

/**
 * Signs in through the portal's login form in a fresh browser context, as BrowserWorld.signIn does, but waits for
 * the menu's Dashboard entry by its real role: react-admin's menu entries are `menuitem`s, not `link`s, so the
 * harness's own wait (`getByRole('link', { name: 'Dashboard' })`) never ends.
 */
/** The dashboard's menu entry, by language: the sign-in is over when it shows. */
const DASHBOARD = { en: 'Dashboard', es: 'Panel' } as const;

export async function signInAs(
  browser: Browser,
  baseURL: string,
  email: string,
  password: string,
  /** The language the browser last showed (the sign-in page's); after sign-in the portal follows the profile's. */
  locale: 'en' | 'es' = 'en',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL });
  if (locale !== 'en')
    await context.addInitScript((l) => window.localStorage.setItem('RaStore.locale', JSON.stringify(l)), locale);
  const page = await context.newPage();
  // Every wait on this page (a click, a fill, a URL, an element) is for the page's own signal, up to WAIT_MS.
  page.setDefaultTimeout(WAIT_MS);
  try {
    await page.goto('/');
    await page.locator('input[name="username"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('button[type="submit"]').click();
    await page.getByRole('menuitem', { name: DASHBOARD[locale] }).first().waitFor();
    return page;
  } catch (error) {
    await snap(page, `failed-sign-in-${email.split('@')[0]}`).catch(() => {});
    await context.close();
    throw new Error(`${email} could not sign in to the portal: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens a screen from the side menu. */
/**
 * Opens a menu entry and waits until the page has moved to it: on a busy machine the route changes late, and a next
 * step that looks for a button (Create, say) would otherwise find the previous page's.
 */
export async function openMenu(page: Page, label: string): Promise<void> {
  const item = page.getByRole('menuitem', { name: label, exact: true });
  const href = await item.getAttribute('href');
  await item.click();
  if (href) {
    const target = href.replace(/^#/, '');
    await page.waitForURL((url) => {
      const route = (url.hash ? url.hash.replace(/^#/, '') : url.pathname).split('?')[0];
      return route === target;
    });
  }
}

/**
 * A full-page screenshot to tests/artifacts/screenshots/<name>.png, as BrowserWorld.shot, taken from the top of the
 * page (react-admin hides its app bar while scrolled down) and with CSS transitions finished, so a chip that just
 * changed state shows its final colour rather than one halfway between two.
 */
export async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  // Where the page has an app bar, wait until it is shown again (a hidden one is left out of the accessibility tree).
  // A screenshot is a record, not a check: it never fails a journey.
  if (await page.getByRole('banner', { includeHidden: true }).count())
    await page
      .getByRole('banner')
      .first()
      .waitFor()
      .catch(() => {});
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Requests in flight per page (GraphQL and lazily loaded chunks alike), and when the last one started or ended. */
const traffic = new WeakMap<Page, { inFlight: number; since: number }>();

/** Starts counting the page's requests, for `settled`. */
export function watchTraffic(page: Page): Page {
  const t = { inFlight: 0, since: Date.now() };
  traffic.set(page, t);
  page.on('request', () => {
    t.inFlight++;
    t.since = Date.now();
  });
  const done = () => {
    t.inFlight = Math.max(0, t.inFlight - 1);
    t.since = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  return page;
}

/**
 * The page has drawn what it asked for: no request in flight for a moment (every chunk and every answer is in; a
 * list asks for the records it references as soon as its own answer comes, so a check between two requests would
 * catch a loading state), its main landmark is there, and no skeleton, loading bar or spinner is left.
 */
export async function settled(page: Page, quietMs = 300): Promise<void> {
  const t = traffic.get(page);
  const deadline = Date.now() + WAIT_MS;
  while (t && !(t.inFlight === 0 && Date.now() - t.since >= quietMs)) {
    if (Date.now() > deadline) throw new Error(`the page kept loading for ${WAIT_MS} ms: ${page.url()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await page.locator('main').first().waitFor();
  for (const busy of [
    '.MuiSkeleton-root',
    '.MuiCircularProgress-indeterminate',
    '.MuiLinearProgress-indeterminate',
    '.RaLoading-root',
  ])
    await page.locator(busy).first().waitFor({ state: 'detached' });
}
