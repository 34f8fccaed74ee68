import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';

const ROOT = path.resolve(__dirname, '..', '..');
export const ADMIN_DIST = path.join(ROOT, 'packages', 'admin', 'dist');
export const SCREENSHOTS = path.join(ROOT, 'tests', 'artifacts', 'screenshots');

/**
 * The one time budget of the browser journeys, from which every other one derives. Each wait is for a signal of the
 * page or of the server (an element's state, the URL, a GraphQL answer), never a guessed pause; WAIT_MS is only how
 * long such a signal may take before the wait gives up. It is generous on purpose: on a loaded machine (two cores,
 * one kept busy) a journey only gets slower, never red, while a signal that never comes still fails with the wait's
 * own message, well before jest gives up on the journey.
 */
export const WAIT_MS = 120_000;
/** A whole journey: a sign-in and a few dozen waits in a row, each of which is usually over in well under a second. */
export const JOURNEY_MS = 5 * WAIT_MS;
/** The world for a file: building a stale portal bundle, a seeded database, the API and Chromium. */
export const WORLD_MS = 5 * WAIT_MS;

/** Debian's Chromium (CI installs it), or CHROMIUM_PATH. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

/**
 * Browser journeys need Chromium. CI always has it (.ci/run installs it) and there a missing browser fails the run;
 * on a developer machine without it the suites say so loudly and skip, rather than fail on a missing tool.
 */
export const describeInBrowser: jest.Describe = (() => {
  if (chromiumPath()) return describe;
  if (process.env.CI) throw new Error('Chromium is required in CI: install the chromium package (see .ci/run)');
  // eslint-disable-next-line no-console
  console.warn('Browser journeys skipped: no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)');
  return describe.skip;
})();

/** Builds the portal when its bundle is missing or older than its sources (a Vite build takes seconds). */
export function ensurePortalBuilt(): void {
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name);
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
    }, 0);
  const index = path.join(ADMIN_DIST, 'index.html');
  const sources = Math.max(
    newest(path.join(ROOT, 'packages', 'admin', 'src')),
    newest(path.join(ROOT, 'packages', 'shared', 'src')),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) return;
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: path.join(ROOT, 'packages', 'admin'),
      stdio: 'inherit',
      // The bundle users get: jest sets NODE_ENV=test, and libraries (emotion, React) would pick their development
      // builds from it, heavier and slower than what `npm start` serves.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

export interface BrowserWorld {
  server: TestServer;
  browser: Browser;
  /** A fresh browser context (its own cookies) signed in as this demo person, on the dashboard. */
  signIn(email: string): Promise<Page>;
  shot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startBrowserWorld(): Promise<BrowserWorld> {
  ensurePortalBuilt();
  const server = await startTestServer({ demoDomain: true, adminDir: ADMIN_DIST });
  // The server's own word that it is ready (its database answers, every migration applied) before a browser comes.
  const ready = await fetch(`${server.url}/readyz`);
  if (!ready.ok) {
    const body = await ready.text();
    await server.close();
    throw new Error(`the API at ${server.url} is not ready: ${ready.status} ${body}`);
  }
  const browser = await chromium.launch({
    executablePath: chromiumPath()!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    server,
    browser,
    async signIn(email) {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, baseURL: server.url });
      const page = await context.newPage();
      page.setDefaultTimeout(WAIT_MS);
      await page.goto('/');
      await page.locator('input[name="username"]').fill(email);
      await page.locator('input[name="password"]').fill('throughline-demo');
      await page.locator('button[type="submit"]').click();
      await page.getByRole('menuitem', { name: 'Dashboard' }).first().waitFor();
      return page;
    },
    async shot(page, name) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A suite's progress log, one timestamped line per step (tail -f it while the suite runs). */
export interface ProgressLog {
  (line: string): void;
  /** Empties the log (as the suite starts). */
  reset(): void;
}

export function progressLog(name: string): ProgressLog {
  const file = path.join(SCREENSHOTS, '..', `${name}-progress.log`);
  const log = ((line: string) => fs.appendFileSync(file, `${new Date().toISOString()} ${line}\n`)) as ProgressLog;
  log.reset = () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  };
  return log;
}

/**
 * A browser suite's world, inside describeInBrowser: started before its tests (its progress log, if any, emptied
 * first; the suite's own beforeAll, declared after this call, runs after it), the pages a test hands to `keep` closed
 * after that test (their contexts with them), closed after the suite.
 */
export function browserSuite(progress?: ProgressLog): { readonly world: BrowserWorld; keep(page: Page): Page } {
  let world: BrowserWorld | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    progress?.reset();
    world = await startBrowserWorld();
    progress?.('world started');
  }, WORLD_MS);
  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context().close();
  });
  afterAll(async () => {
    await world?.close();
  }, WORLD_MS);
  return {
    get world() {
      if (!world) throw new Error('the browser world is not started yet');
      return world;
    },
    keep(page: Page) {
      pages.push(page);
      return page;
    },
  };
}
