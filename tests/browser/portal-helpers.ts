import path from 'node:path';
import type { Browser, Locator, Page, Response } from 'playwright-core';
import { SCREENSHOTS } from './browser';

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
export function nextGraphql(page: Page, operation: string, timeout = 15_000): Promise<GraphqlReply> {
  const matches = (r: Response) =>
    r.url().endsWith('/graphql') &&
    r.request().method() === 'POST' &&
    (r.request().postData() ?? '').includes(operation);
  return page.waitForResponse(matches, { timeout }).then(async (r) => (await r.json()) as GraphqlReply);
}

/** As nextGraphql, and fails with the API's own words when it refused the operation. */
export async function expectGraphqlOk(reply: Promise<GraphqlReply>, operation: string): Promise<Record<string, any>> {
  const body = await reply;
  if (body.errors?.length) throw new Error(`${operation} was refused by the API: ${JSON.stringify(body.errors)}`);
  return body.data ?? {};
}

/**
 * Picks `option` in a select or autocomplete (MUI combobox) named by its label; `typed` searches an autocomplete
 * first. A select whose choices are still loading may close and redraw its menu under the click, so the menu is
 * opened again (at most three times) until the option can be clicked.
 */
export async function choose(page: Page, label: RegExp, option: string | RegExp, typed?: string): Promise<void> {
  const box = page.getByRole('combobox', { name: label });
  const item = page.getByRole('option', { name: option }).first();
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      if (!(await item.isVisible())) {
        await box.click();
        if (typed !== undefined) await box.fill(typed);
      }
      await item.click({ timeout: 4_000 });
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
export async function expectVisible(locator: Locator, what: string, timeout = 10_000): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (error) {
    throw new Error(`Expected to see ${what}, but it did not appear within ${timeout} ms`, { cause: error });
  }
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
export async function signInAs(browser: Browser, baseURL: string, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  try {
    await page.goto('/');
    await page.locator('input[name="username"]').fill(email);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('button[type="submit"]').click();
    await page.getByRole('menuitem', { name: 'Dashboard' }).first().waitFor({ timeout: 15_000 });
    return page;
  } catch (error) {
    await snap(page, `failed-sign-in-${email.split('@')[0]}`).catch(() => {});
    await context.close();
    throw new Error(`${email} could not sign in to the portal: ${(error as Error).message}`, { cause: error });
  }
}

/** Opens a screen from the side menu. */
export async function openMenu(page: Page, label: string): Promise<void> {
  await page.getByRole('menuitem', { name: label, exact: true }).click();
}

/**
 * A full-page screenshot to tests/artifacts/screenshots/<name>.png, as BrowserWorld.shot, taken from the top of the
 * page (react-admin hides its app bar while scrolled down) and with CSS transitions finished, so a chip that just
 * changed state shows its final colour rather than one halfway between two.
 */
export async function snap(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page
    .getByRole('banner')
    .first()
    .waitFor({ timeout: 2_000 })
    .catch(() => {});
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}
