import fs from 'node:fs';
import type { Page, Request } from 'playwright-core';
import { browserSuite, describeInBrowser, JOURNEY_MS, WAIT_MS, WORLD_MS } from './browser';
import { districtDay, expectGraphqlOk, expectVisible, nextGraphql, signInAs, snap } from './portal-helpers';
import { insertMissedDemoSession, keepInSchoolYear } from '../support/demo-sessions';

/**
 * Issue 15, part A, in Chromium: each dashboard in at most two GraphQL requests; a teacher on a phone (390x844) opens
 * a session, rates, reflects and completes an action without sideways scrolling; an admin exports the staff list and
 * a principal the funnel as CSV.
 */
const PASSWORD = 'throughline-demo';
const ACTION = 'Try the talk moves card in period 3';

/** The GraphQL requests the page sends from now on (the session's own refresh and `me` are not the page's). */
function countGraphql(page: Page): { names: string[] } {
  const seen = { names: [] as string[] };
  page.on('request', (r: Request) => {
    if (!r.url().endsWith('/graphql') || r.method() !== 'POST') return;
    const body = r.postData() ?? '';
    // Restoring the session: the refresh, the viewer and the person's saved language (fetched beside the viewer).
    if (/refreshSession|signIn|\bme\s*\{|myMailProfile \{ effectiveLanguage \}/.test(body)) return;
    seen.names.push(body.slice(0, 80));
  });
  return seen;
}

/** No sideways scrolling: the page is no wider than the window. */
async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scroll, inner, wide } = await page.evaluate(() => {
    // The page's own scroller against its visible width (without a scrollbar's), as the issue measures it.
    const root = document.scrollingElement ?? document.documentElement;
    const width = root.clientWidth;
    // What sticks out, to say where the page is too wide (the innermost elements first).
    const out = Array.from(document.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > width + 1 && e.children.length === 0)
      .slice(0, 5)
      .map(
        (e) =>
          `${e.tagName.toLowerCase()}.${String(e.className).split(' ')[0]} "${(e.textContent ?? '').slice(0, 30)}"`,
      );
    return { scroll: root.scrollWidth, inner: width, wide: out };
  });
  expect({ where, scroll: scroll <= inner ? 'fits' : `${scroll}px wide in ${inner}px: ${wide.join(', ')}` }).toEqual({
    where,
    scroll: 'fits',
  });
}

describeInBrowser('the portal on every device, and its exports (Chromium)', () => {
  const suite = browserSuite();
  let timeZone = 'America/Chicago';
  let sessionId = '';

  async function open(email: string): Promise<Page> {
    const page = await signInAs(suite.world.browser, suite.world.server.url, email, PASSWORD);
    suite.keep(page);
    return page;
  }

  beforeAll(async () => {
    const [district] = await suite.world.server.owner.query(`SELECT timezone FROM district WHERE slug = 'northfield'`);
    timeZone = district.timezone;
    // A session the teacher attended, held and open for rating, with an action for them due today: the coach logs a
    // missed session of their coaching cycle, in which the teacher takes part. One missed just now: the demo's history
    // is drawn relative to today, and a missed session of its own may be too old to be rated once logged.
    const session = await insertMissedDemoSession(suite.world.server.owner, 'Coaching cycle: student talk');
    await keepInSchoolYear(suite.world.server.owner, session);
    const coach = (await suite.world.server.signIn('coach@northfield.example')).accessToken;
    const teacher = (await suite.world.server.signIn('teacher@northfield.example')).accessToken;
    const me = await suite.world.server.gql<{ me: { staffMember: { id: string } } }>(
      `{ me { staffMember { id } } }`,
      {},
      teacher,
    );
    const teacherId = me.data!.me.staffMember.id;
    const logged = await suite.world.server.gql(
      `mutation($input: SessionLogInput!) { sessionLog(input: $input) { session { id state } } }`,
      {
        input: {
          id: session.id,
          version: session.version,
          heldAt: session.scheduledAt,
          durationMinutes: 45,
          attendeeIds: [session.facilitatorId, teacherId],
          actions: [{ description: ACTION, dueOn: districtDay(timeZone), ownerId: teacherId }],
        },
      },
      coach,
    );
    if (logged.errors?.length) throw new Error(`sessionLog: ${JSON.stringify(logged.errors)}`);
    sessionId = session.id;
  }, WORLD_MS);

  test.each([
    ['admin@northfield.example', 'The whole district'],
    ['principal@northfield.example', 'Strategy health'],
    ['coach@northfield.example', 'Your upcoming sessions'],
    ['teacher@northfield.example', 'To rate or reflect on'],
  ])(
    'the dashboard of %s comes in at most two GraphQL requests',
    async (email, shows) => {
      const page = await open(email);
      await expectVisible(page.getByText(shows), `"${shows}" on the dashboard`);
      // A reload: the session comes back from its cookie, then the dashboard asks for what it shows. Requests are
      // counted, and the dashboard's reply awaited, from the moment the new document arrives: a request the old page
      // still had in flight (a card refreshing) is not the new page's, and its body is gone with the old page.
      await page.reload({ waitUntil: 'commit' });
      const seen = countGraphql(page);
      const funnel = nextGraphql(page, 'query Dashboard');
      await expectGraphqlOk(funnel, 'the dashboard query');
      await expectVisible(page.getByText(shows), `"${shows}" on the dashboard`);
      await expectVisible(page.getByText('Planned → held → good → acted on → practice changed'), 'the funnel');
      // Whatever else the dashboard needs has been asked for once every card has its data (no skeleton left).
      await page.locator('.MuiSkeleton-root').first().waitFor({ state: 'detached' });
      expect({ email, requests: seen.names.length <= 2 ? 'at most 2' : seen.names }).toEqual({
        email,
        requests: 'at most 2',
      });
      await snap(page, `15-dashboard-${email.split('@')[0]}`);
    },
    JOURNEY_MS,
  );

  test(
    'a coach at two schools picks one on the dashboard, and the choice is kept',
    async () => {
      const page = await open('coach@northfield.example');
      const school = page.getByRole('combobox', { name: 'School' });
      await expectVisible(school, 'the school picker');
      const first = (await school.textContent())?.trim() ?? '';
      await school.click();
      const other = page.getByRole('option').filter({ hasNotText: first }).first();
      const otherName = ((await other.textContent()) ?? '').trim();
      const asked = nextGraphql(page, 'query Dashboard');
      await other.click();
      await expectGraphqlOk(asked, 'the dashboard query for the other school');
      await expectVisible(page.getByText(`${otherName}, school year to date`), `the funnel of ${otherName}`);
      await page.reload();
      await expectVisible(
        page.getByText(`${otherName}, school year to date`),
        `${otherName} still chosen after a reload`,
      );
      // The window picker: this month.
      const monthly = nextGraphql(page, 'query Dashboard');
      await page.getByRole('combobox', { name: 'Window' }).click();
      await page.getByRole('option', { name: 'This month' }).click();
      await expectGraphqlOk(monthly, 'the dashboard query for this month');
      await expectVisible(page.getByText(`${otherName}, this month to date`), 'the funnel over this month');
    },
    JOURNEY_MS,
  );

  test(
    'a teacher on a phone opens a session, rates, reflects and completes an action without sideways scrolling',
    async () => {
      const context = await suite.world.browser.newContext({
        viewport: { width: 390, height: 844 },
        baseURL: suite.world.server.url,
        hasTouch: true,
      });
      const page = await context.newPage();
      suite.keep(page);
      page.setDefaultTimeout(WAIT_MS);
      await page.goto('/');
      await page.locator('input[name="username"]').fill('teacher@northfield.example');
      await expectNoSidewaysScroll(page, 'the sign-in page');
      await page.locator('input[name="password"]').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await expectVisible(page.getByText('To rate or reflect on'), 'the teacher dashboard');
      await page.locator('.MuiSkeleton-root').first().waitFor({ state: 'detached' });
      await expectNoSidewaysScroll(page, 'the dashboard');

      const link = page.locator(`a[href$="/sessions/${encodeURIComponent(sessionId)}/show"]`).first();
      await expectVisible(link, 'the logged session under "To rate or reflect on"');
      await link.click();
      const rate = page.getByRole('button', { name: 'Rate', exact: true });
      await expectVisible(rate, 'the Rate button on the session page');
      await expectNoSidewaysScroll(page, 'the session page');
      const box = await rate.boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);

      await rate.click();
      const dialog = page.getByRole('dialog');
      await expectVisible(dialog.getByText('Rate this session'), 'the rating dialog');
      const criteria = dialog.getByRole('group');
      await criteria.first().waitFor();
      for (let i = 0; i < (await criteria.count()); i++)
        await criteria.nth(i).getByRole('button', { name: '3 Mostly' }).click();
      await expectNoSidewaysScroll(page, 'the rating dialog');
      const rated = nextGraphql(page, 'sessionRate');
      await dialog.getByRole('button', { name: 'Save ratings' }).click();
      await expectGraphqlOk(rated, 'sessionRate');
      await dialog.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Reflect', exact: true }).click();
      const reflect = page.getByRole('dialog');
      await expectVisible(reflect.getByText('Reflect on this session'), 'the reflection dialog');
      await reflect.getByRole('textbox').first().fill('The number line made the ratio visible for my group.');
      await expectNoSidewaysScroll(page, 'the reflection dialog');
      const reflected = nextGraphql(page, 'reflectionSave');
      await reflect.getByRole('button', { name: 'Save reflection' }).click();
      await expectGraphqlOk(reflected, 'reflectionSave');
      await reflect.waitFor({ state: 'detached' });
      await expectNoSidewaysScroll(page, 'the session page after rating and reflecting');

      await page.goto('/#/actions');
      const row = page.getByText(ACTION).first();
      await expectVisible(row, 'the action in the teacher’s actions list');
      await expectNoSidewaysScroll(page, 'the actions list');
      await row.click();
      const markDone = page.getByRole('button', { name: 'Mark done' }).first();
      await expectVisible(markDone, 'Mark done on the action');
      await expectNoSidewaysScroll(page, 'the action page');
      await markDone.click();
      const done = page.getByRole('dialog');
      await done.getByRole('textbox', { name: /^What was done/ }).fill('Used the card with the whole class');
      await done
        .getByRole('textbox', { name: /^Evidence of changed practice/ })
        .fill('Students now explain their ratio reasoning aloud');
      await expectNoSidewaysScroll(page, 'the completion dialog');
      const moved = nextGraphql(page, 'actionItemTransition');
      await done.getByRole('button', { name: 'Mark done' }).click();
      await expectGraphqlOk(moved, 'actionItemTransition');
      await done.waitFor({ state: 'detached' });
      await expectNoSidewaysScroll(page, 'the action page once done');
      await snap(page, '15-phone-teacher-action-done');
    },
    JOURNEY_MS,
  );

  test(
    'an admin exports the staff list and a principal the funnel, as CSV',
    async () => {
      const admin = await open('admin@northfield.example');
      await admin.goto('/#/staff');
      await expectVisible(admin.getByText('Priya Raman').first(), 'the staff list');
      const download = admin.waitForEvent('download');
      await admin.getByRole('button', { name: 'Export' }).click();
      const staff = await download;
      expect(staff.suggestedFilename()).toMatch(/^staff-\d{4}-\d{2}-\d{2}\.csv$/);
      const staffCsv = fs.readFileSync((await staff.path())!, 'utf8').replace(/^\uFEFF/, '');
      const [header, ...rows] = staffCsv.trim().split('\r\n');
      expect(header).toBe('Name,Given name,Family name,Email,Title,Roster id,Active,Roles');
      expect(rows.length).toBe(15);
      expect(staffCsv).toContain('teacher@northfield.example');
      // No cell reads as a formula.
      for (const line of rows) for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+\-@\t\r]/);

      const principal = await open('principal@northfield.example');
      const exportFunnel = principal.getByRole('button', { name: 'Export CSV' });
      await expectVisible(exportFunnel, 'the funnel’s export button');
      const got = principal.waitForEvent('download');
      await exportFunnel.click();
      const funnel = await got;
      expect(funnel.suggestedFilename()).toMatch(/^funnel-\d{4}-\d{2}-\d{2}\.csv$/);
      const funnelCsv = fs.readFileSync((await funnel.path())!, 'utf8').replace(/^\uFEFF/, '');
      expect(funnelCsv.split('\r\n')[0]).toBe('Section,Measure,Value');
      expect(funnelCsv).toContain('Scope,Lincoln Middle School,');
      expect(funnelCsv).toMatch(/Funnel,Held rate,/);
    },
    JOURNEY_MS,
  );

  test(
    'the cadence preview honours "Schedule sessions until": it shows only the dates the API would schedule up to it',
    async () => {
      const token = (await suite.world.server.signIn('principal@northfield.example')).accessToken;
      const list = await suite.world.server.gql<{
        conversations: { nodes: { id: string; cadence: string | null; firstStartsAt: string }[] };
      }>(`{ conversations(first: 50, filter: { active: true }) { nodes { id cadence firstStartsAt } } }`, {}, token);
      const weekly = list.data!.conversations.nodes.find(
        (c) => /FREQ=WEEKLY/.test(c.cadence ?? '') && !/INTERVAL=[2-9]/.test(c.cadence ?? ''),
      );
      if (!weekly) throw new Error('the demo has no weekly conversation the principal manages');
      const firstDay = weekly.firstStartsAt.slice(0, 10);
      // Until two weeks and a day after the first session: at most three weekly dates, where five are asked for.
      const until = new Date(Date.parse(`${firstDay}T00:00:00Z`) + 15 * 86_400_000).toISOString().slice(0, 10);
      const expected = await suite.world.server.gql<{ cadencePreview: { nextDates: string[] } }>(
        `query($c: String, $f: String!, $u: LocalDate) {
          cadencePreview(cadence: $c, firstStartsAt: $f, scheduleUntil: $u, count: 5) { nextDates } }`,
        { c: weekly.cadence, f: weekly.firstStartsAt.slice(0, 16), u: until },
        token,
      );
      const dates = expected.data!.cadencePreview.nextDates;
      expect(dates.length).toBeLessThan(5);

      const page = await open('principal@northfield.example');
      await page.goto(`/#/conversations/${encodeURIComponent(weekly.id)}`);
      const field = page.getByLabel('Schedule sessions until');
      await expectVisible(field, 'the "Schedule sessions until" field');
      const previewed = page.waitForResponse(
        (r) =>
          r.url().endsWith('/graphql') &&
          (r.request().postData() ?? '').includes('CadencePreview') &&
          (r.request().postData() ?? '').includes(until),
      );
      await field.fill(until);
      await previewed;
      const caption = dates.length > 1 ? `The first ${dates.length} sessions:` : 'The session:';
      await expectVisible(page.getByText(caption), `"${caption}" in the preview`);
    },
    JOURNEY_MS,
  );
});
