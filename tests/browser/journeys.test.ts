import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../packages/api/src/demo/demo-data';
import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WORLD_MS, type BrowserWorld } from './browser';
import {
  choose,
  districtDay,
  expectAbsent,
  expectGraphqlOk,
  expectVisible,
  globalId,
  nextGraphql,
  openMenu,
  signInAs,
  snap,
  uuidOf,
  watchFor,
} from './portal-helpers';
import { schoolYearToDate } from '../../packages/admin/src/dashboard/schoolYear';
import { insertMissedDemoSession, keepInSchoolYear } from '../support/demo-sessions';

/**
 * The portal end to end, in real Chromium against the real API on a fresh database with the demo districts and their
 * improvement work. One world for the file, the journeys in order: the session the coach logs in step 3 is the one the
 * teacher follows up in step 4, and both show in the principal's numbers in step 5. A journey that builds on a failed
 * one is not run and says which one failed; the others still run, so one broken screen does not hide the rest.
 * Screenshots land in tests/artifacts/screenshots/ (failed-<n>.png where a journey stopped).
 */

const SCHOOL = { name: 'Oakridge Middle School', code: 'NF-OMS' };
const LEADER = {
  given: 'Jordan',
  family: 'Ellis',
  email: 'jellis@northfield.example',
  title: 'Principal',
  password: 'oakridge-leader-2026',
};
const STRATEGY = {
  title: 'Reasoning routines in grade 7 math',
  goal: 'Grade 7 students justify each step when they solve ratio problems.',
  measures: 'Common assessment: justified answers rise from 40% to 70% by June.',
};
const CONVERSATION = {
  title: 'Grade 7 math planning huddle',
  purpose: 'Plan the week’s ratio lessons together and agree one reasoning routine to try.',
};
const DATA_TEAM = 'Grade 7 math data team';
const EVIDENCE = 'Exit tickets on equivalent ratios, period 3';
const ACTION = 'Use a double number line warm-up in every ratio lesson this week';
const CHANGED = 'Most students now draw a double number line unprompted before answering.';

const FUNNEL_QUERY = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) {
  funnel(scope: $scope, window: $window) {
    due held missed cancelled heldRate actionsDue actionsDone actionsDoneOnTime actionsWithPracticeChange
  }
}`;

interface FunnelNumbers {
  due: number;
  held: number;
  missed: number;
  cancelled: number;
  heldRate: number | null;
  actionsDue: number;
  actionsDone: number;
  actionsDoneOnTime: number;
  actionsWithPracticeChange: number;
}

describeInBrowser('portal journeys (Chromium)', () => {
  let world: BrowserWorld;
  let timeZone = 'America/Chicago';
  /** The page of the journey under way, for a screenshot when it fails. */
  let current: Page | null = null;
  const failed = new Set<number>();
  /** Carried from one journey to the next. */
  const carried: {
    lincolnId?: string;
    strategyId?: string;
    conversationId?: string;
    sessionId?: string;
    sessionTitle?: string;
    baseline?: FunnelNumbers;
    window?: { from: string; to: string };
  } = {};

  beforeAll(async () => {
    world = await startBrowserWorld();
    const [district] = await world.server.owner.query(`SELECT timezone FROM district WHERE slug = 'northfield'`);
    timeZone = district.timezone;
    const [lincoln] = await world.server.owner.query(`SELECT id FROM school WHERE code = 'NF-LMS'`);
    carried.lincolnId = globalId('School', lincoln.id);
  }, WORLD_MS);

  afterAll(async () => {
    await world?.close();
  }, WORLD_MS);

  async function open(email: string): Promise<Page> {
    if (current) await current.context().close();
    current = null;
    current = await signInAs(world.browser, world.server.url, email, DEMO_PASSWORD);
    return current;
  }

  /**
   * A numbered journey. It is not run when a journey it builds on failed (and says which); a failure leaves a
   * screenshot of the page it stopped on, tests/artifacts/screenshots/failed-<n>.png. Its time is JOURNEY_MS: every
   * wait in it is for the page's or the server's own signal, so a loaded machine makes it slower, not red.
   */
  function journey(name: string, needs: number[], run: () => Promise<void>): void {
    const n = Number(name.split('.')[0]);
    test(
      name,
      async () => {
        const blocked = needs.filter((k) => failed.has(k));
        if (blocked.length) throw new Error(`Not run: it builds on journey ${blocked.join(' and ')}, which failed`);
        try {
          await run();
        } catch (error) {
          failed.add(n);
          if (current) await snap(current, `failed-${n}`).catch(() => {});
          throw error;
        }
      },
      JOURNEY_MS,
    );
  }

  /**
   * The current list's Create button, then its create form. The button is found by the list's own route: right after
   * a menu click the previous list can still be on screen for a moment, and its Create button leads elsewhere.
   */
  async function openCreate(page: Page): Promise<void> {
    const list = new URL(page.url()).hash.replace(/^#/, '').split('?')[0];
    await page.locator(`a[href="#${list}/create"]`).click();
    await page.waitForURL((url) => url.hash.split('?')[0] === `#${list}/create`);
    await page.getByRole('button', { name: 'Save' }).waitFor();
  }

  /** The principal's funnel for Lincoln Middle over the school year to date, as the dashboard takes it. */
  async function lincolnFunnel(): Promise<{ funnel: FunnelNumbers; window: { from: string; to: string } }> {
    const { accessToken } = await world.server.signIn('principal@northfield.example');
    const year = await world.server.gql<{ currentDistrict: { academicYearStartMonth: number } }>(
      `{ currentDistrict { academicYearStartMonth } }`,
      {},
      accessToken,
    );
    const { from, to } = schoolYearToDate(year.data!.currentDistrict.academicYearStartMonth, districtDay(timeZone));
    const res = await world.server.gql<{ funnel: FunnelNumbers }>(
      FUNNEL_QUERY,
      { scope: { kind: 'SCHOOL', id: carried.lincolnId }, window: { from, to } },
      accessToken,
    );
    if (!res.data?.funnel) throw new Error(`funnel query failed: ${JSON.stringify(res.errors)}`);
    return { funnel: res.data.funnel, window: { from, to } };
  }

  journey('1. the district admin adds a school and a school leader for it', [], async () => {
    const page = await open('admin@northfield.example');
    const { owner } = world.server;

    await openMenu(page, 'Schools');
    await openCreate(page);
    await page.getByRole('textbox', { name: /^Name/ }).fill(SCHOOL.name);
    await page.getByRole('textbox', { name: /^Code/ }).fill(SCHOOL.code);
    await choose(page, /^Lowest grade/, 'Grade 6');
    await choose(page, /^Highest grade/, 'Grade 8');
    const schoolSaved = nextGraphql(page, 'schoolCreate');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectGraphqlOk(schoolSaved, 'schoolCreate');
    const schoolRow = page.getByRole('row').filter({ hasText: SCHOOL.name });
    await expectVisible(schoolRow, `"${SCHOOL.name}" in the schools list`);
    await expect(schoolRow.first().textContent()).resolves.toMatch(new RegExp(`${SCHOOL.code}.*6–8.*Active`));
    const schools = await owner.query(`SELECT id, name, grade_low, grade_high, status FROM school WHERE code = $1`, [
      SCHOOL.code,
    ]);
    expect(schools).toEqual([
      expect.objectContaining({ name: SCHOOL.name, grade_low: 6, grade_high: 8, status: 'ACTIVE' }),
    ]);

    await openMenu(page, 'Staff');
    await openCreate(page);
    await page.getByRole('textbox', { name: /^Given name/ }).fill(LEADER.given);
    await page.getByRole('textbox', { name: /^Family name/ }).fill(LEADER.family);
    await page.getByRole('textbox', { name: /^Email/ }).fill(LEADER.email);
    await page.getByRole('textbox', { name: /^Title/ }).fill(LEADER.title);
    await page.getByLabel(/^First password/).fill(LEADER.password);
    const personSaved = nextGraphql(page, 'staffMemberCreate');
    await page.getByRole('button', { name: 'Save' }).click();
    await expectGraphqlOk(personSaved, 'staffMemberCreate');

    // The person's page opens so a role can be given at once.
    await expectVisible(page.getByText(`${LEADER.given} ${LEADER.family} has no role yet`), 'the "no role yet" note');
    await choose(page, /^Role/, 'School leader');
    await choose(page, /^School/, SCHOOL.name);
    const roleSaved = nextGraphql(page, 'roleAssignmentCreate');
    await page.getByRole('button', { name: 'Add role' }).click();
    await expectGraphqlOk(roleSaved, 'roleAssignmentCreate');
    const roleRow = page.getByRole('row').filter({ hasText: 'School leader' }).filter({ hasText: SCHOOL.name });
    await expectVisible(roleRow, `a "School leader · ${SCHOOL.name}" row under Role assignments`);
    await expect(roleRow.first().textContent()).resolves.toContain('One school');
    await snap(page, '1-admin-school-leader');

    const people = await owner.query(
      `SELECT s.given_name, s.family_name, s.title, s.active, ra.role, sc.name AS school
         FROM staff_member s JOIN role_assignment ra ON ra.staff_member_id = s.id LEFT JOIN school sc ON sc.id = ra.school_id
        WHERE lower(s.email) = $1`,
      [LEADER.email],
    );
    expect(people).toEqual([
      {
        given_name: LEADER.given,
        family_name: LEADER.family,
        title: LEADER.title,
        active: true,
        role: 'SCHOOL_LEADER',
        school: SCHOOL.name,
      },
    ]);
    // The first password works: the new leader can sign in and leads the new school.
    const { accessToken } = await world.server.signIn(LEADER.email, LEADER.password);
    const me = await world.server.gql(`{ schools(first: 10) { nodes { name } } }`, {}, accessToken);
    expect(me.data?.schools.nodes).toEqual([{ name: SCHOOL.name }]);
  });

  journey(
    '2. the principal creates a strategy, plans a conversation and maps two conversations to it',
    [],
    async () => {
      const page = await open('principal@northfield.example');
      const { owner } = world.server;
      const today = districtDay(timeZone);

      await openMenu(page, 'Strategies');
      await openCreate(page);
      await choose(page, /^School/, 'Lincoln Middle School');
      await page.getByRole('textbox', { name: /^Title/ }).fill(STRATEGY.title);
      await page.getByRole('textbox', { name: /^Student-learning goal/ }).fill(STRATEGY.goal);
      await choose(page, /^Kind/, 'Data teams');
      await choose(page, /^Status/, 'Active');
      await page.getByLabel(/^Starts on/).fill(today);
      await page.getByRole('textbox', { name: /^How success will be measured/ }).fill(STRATEGY.measures);
      const strategySaved = nextGraphql(page, 'strategyCreate');
      await page.getByRole('button', { name: 'Save' }).click();
      await expectGraphqlOk(strategySaved, 'strategyCreate');
      await expectVisible(
        page.getByText('No learning conversations are mapped to this strategy yet'),
        'the empty mapping note',
      );
      const [stored] = await owner.query(
        `SELECT id, status, starts_on::text AS starts FROM improvement_strategy WHERE title = $1`,
        [STRATEGY.title],
      );
      expect(stored).toEqual(expect.objectContaining({ status: 'ACTIVE', starts: today }));
      carried.strategyId = globalId('ImprovementStrategy', stored.id);
      expect(page.url()).toContain(`/strategies/${encodeURIComponent(carried.strategyId)}/show`);

      // A new conversation with a weekly cadence, starting tomorrow: saving says how many sessions it scheduled.
      await openMenu(page, 'Conversations');
      await openCreate(page);
      await choose(page, /^School/, 'Lincoln Middle School');
      await page.getByRole('textbox', { name: /^Title/ }).fill(CONVERSATION.title);
      await choose(page, /^Type/, /^Joint planning$/);
      await page.getByRole('textbox', { name: /^Purpose/ }).fill(CONVERSATION.purpose);
      await page.getByLabel(/^First session/).fill(`${districtDay(timeZone, 1)}T15:30`);
      await choose(page, /^How often/, 'Every week');
      await expectVisible(page.getByText('The first 5 sessions:'), 'the cadence preview with the first five dates');
      await choose(page, /^Facilitator/, 'Priya Raman', 'Raman');
      await choose(page, /^People taking part/, 'Sam Ortiz', 'Ortiz');
      await page.keyboard.press('Escape');
      const conversationSaved = nextGraphql(page, 'conversationCreate');
      await page.getByRole('button', { name: 'Save' }).click();
      const conversation = await expectGraphqlOk(conversationSaved, 'conversationCreate');
      const scheduled: number = conversation.result.sessionsScheduled;
      carried.conversationId = conversation.result.conversation.id;
      await expectVisible(
        page.getByText(`Saved. ${scheduled} sessions scheduled.`),
        `"Saved. ${scheduled} sessions scheduled."`,
      );
      expect(scheduled).toBeGreaterThan(1);
      const [sessions] = await owner.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'SCHEDULED' AND scheduled_at > now())::int AS ahead
         FROM conversation_session WHERE conversation_id = $1`,
        [uuidOf(carried.conversationId!)],
      );
      expect(sessions).toEqual({ n: scheduled, ahead: scheduled });
      await snap(page, '2a-principal-conversation-scheduled');

      // Map the data team and the new conversation to the strategy, through the mapping grid of the strategy's page.
      await openMenu(page, 'Strategies');
      await page.getByRole('row').filter({ hasText: STRATEGY.title }).first().click();
      await page.getByRole('link', { name: 'Open the mapping grid' }).click();
      const grid = page.getByText('Strategies and the conversations they depend on');
      await grid.or(page.getByText('Not Found')).first().waitFor();
      if (!(await grid.isVisible()))
        throw new Error(
          `"Open the mapping grid" leads to ${new URL(page.url()).hash}, which shows the portal's Not Found page: ` +
            'the /mapping route (mappingRoute in resources/mapping/index.tsx) is not registered in src/routes.tsx',
        );
      for (const [conversationTitle, dimension, change] of [
        [DATA_TEAM, 'Practice', 'Teachers regroup students each week from the exit tickets.'],
        [CONVERSATION.title, 'Skill', 'Teachers plan a reasoning routine into every ratio lesson.'],
      ]) {
        await page.getByRole('button', { name: `Map ${conversationTitle} to ${STRATEGY.title}` }).click();
        const dialog = page.getByRole('dialog');
        await expectVisible(dialog.getByText('Map this conversation'), 'the "Map this conversation" dialog');
        await choose(page, /^It should change/, dimension);
        await dialog.getByRole('textbox', { name: /^Expected change/ }).fill(change);
        const mapped = nextGraphql(page, 'conversationMappingCreate');
        await dialog.getByRole('button', { name: 'Map', exact: true }).click();
        await expectGraphqlOk(mapped, 'conversationMappingCreate');
        await expectVisible(
          page.getByRole('button', { name: `${STRATEGY.title} – ${conversationTitle}: ${change}` }),
          `the mapped cell of ${conversationTitle}`,
        );
      }
      await snap(page, '2b-principal-mapping-grid');

      // The strategy's page lists both, with the change expected and the sessions coming up.
      await page.getByRole('link', { name: STRATEGY.title }).click();
      for (const title of [DATA_TEAM, CONVERSATION.title])
        await expectVisible(page.getByRole('link', { name: title }), `"${title}" among the strategy's conversations`);
      await expectVisible(
        page.getByText('Teachers plan a reasoning routine into every ratio lesson.'),
        'the expected change',
      );
      await expectAbsent(page.getByText('Nothing scheduled.'), '"Nothing scheduled." under a mapped conversation');
      await snap(page, '2c-principal-strategy-page');

      const mappings = await owner.query(
        `SELECT c.title, m.dimension FROM conversation_mapping m JOIN learning_conversation c ON c.id = m.conversation_id
        WHERE m.strategy_id = $1 ORDER BY c.title`,
        [stored.id],
      );
      expect(mappings).toEqual([
        { title: DATA_TEAM, dimension: 'PRACTICE' },
        { title: CONVERSATION.title, dimension: 'SKILL' },
      ]);
    },
  );

  journey('3. the coach logs a missed session as held, with attendance, evidence and an action', [], async () => {
    const { owner } = world.server;
    // The demo's history is drawn relative to today, so which sessions were missed, and how long ago, varies. The log
    // form offers the scheduled time as the held time, and the teacher of journey 4 rates only within the rating
    // window that opens then: a data team session missed only just now keeps its most recent missed one recent.
    const missedSession = await insertMissedDemoSession(owner, DATA_TEAM);
    await keepInSchoolYear(owner, missedSession);
    const before = await lincolnFunnel();
    carried.baseline = before.funnel;
    carried.window = before.window;
    const page = await open('coach@northfield.example');
    const today = districtDay(timeZone);

    await openMenu(page, 'Sessions');
    const missed = nextGraphql(page, 'MISSED');
    await page.getByRole('button', { name: 'Missed' }).click();
    await missed;
    // The data team's most recent missed session (the list shows the most recent first).
    const row = page
      .getByRole('row')
      .filter({ hasText: 'Priya Raman' })
      .filter({ hasText: 'Lincoln Middle School' })
      .filter({ hasText: DATA_TEAM })
      .first();
    await expectVisible(row, 'a missed data team session facilitated by the coach in the agenda');
    carried.sessionTitle = (await row.getByRole('cell').nth(1).textContent())?.trim();
    await row.click();
    await page.waitForURL(/#\/sessions\/[^/]+\/show$/);
    carried.sessionId = decodeURIComponent(
      page
        .url()
        .split('#/sessions/')[1]
        .replace(/\/show$/, ''),
    );
    await page.getByRole('link', { name: 'Log as held' }).click();

    await expectVisible(page.getByRole('button', { name: 'Log session' }), 'the log form');
    // The plan's named participants are filled in; the teacher is added when not among them.
    const attendance = page
      .locator('.MuiAutocomplete-root')
      .filter({ has: page.getByRole('combobox', { name: /^Who attended/ }) });
    // The people are named once their records are read: the facilitator always is.
    await expectVisible(
      attendance.getByText('Priya Raman', { exact: true }),
      'the facilitator among those who attended',
    );
    if (!(await attendance.getByText('Sam Ortiz', { exact: true }).count())) {
      await choose(page, /^Who attended/, 'Sam Ortiz', 'Ortiz');
      await page.keyboard.press('Escape');
    }
    await expectVisible(attendance.getByText('Sam Ortiz', { exact: true }), 'Sam Ortiz among those who attended');
    await page.getByRole('button', { name: 'Add evidence' }).click();
    await page.getByRole('textbox', { name: /^What it was/ }).fill(EVIDENCE);
    await page.getByRole('button', { name: 'Add an action' }).click();
    await page.getByRole('textbox', { name: /^What will be done/ }).fill(ACTION);
    await choose(page, /^Owner/, 'Sam Ortiz', 'Ortiz');
    await page.getByLabel(/^Due on/).fill(today);
    const logged = nextGraphql(page, 'sessionLog');
    const notice = watchFor(page.getByText('Session logged as held'), 'the "Session logged as held" notice');
    await page.getByRole('button', { name: 'Log session' }).click();
    await expectGraphqlOk(logged, 'sessionLog');

    await page.waitForURL(/\/show$/);
    await notice;
    await expectVisible(page.getByText(EVIDENCE), 'the evidence on the session page');
    const actionRow = page.getByRole('row').filter({ hasText: ACTION });
    await expectVisible(actionRow, 'the new action on the session page');
    await expect(actionRow.first().textContent()).resolves.toContain('Sam Ortiz');
    await snap(page, '3-coach-session-logged');

    const id = uuidOf(carried.sessionId!);
    const [session] = await owner.query(`SELECT status FROM conversation_session WHERE id = $1`, [id]);
    expect(session.status).toBe('HELD');
    const attendees = await owner.query(
      `SELECT s.email FROM session_attendance a JOIN staff_member s ON s.id = a.staff_member_id WHERE a.session_id = $1`,
      [id],
    );
    expect(attendees.map((a: { email: string }) => a.email)).toEqual(
      expect.arrayContaining(['coach@northfield.example', 'teacher@northfield.example']),
    );
    const evidence = await owner.query(`SELECT kind, description FROM session_evidence WHERE session_id = $1`, [id]);
    expect(evidence).toEqual([{ kind: 'STUDENT_WORK', description: EVIDENCE }]);
    const actions = await owner.query(
      `SELECT a.description, a.status, a.due_on::text AS due, s.email FROM action_item a
         JOIN staff_member s ON s.id = a.owner_id WHERE a.session_id = $1`,
      [id],
    );
    expect(actions).toEqual([{ description: ACTION, status: 'OPEN', due: today, email: 'teacher@northfield.example' }]);
  });

  journey(
    '4. the teacher rates the session and completes the action with evidence of changed practice',
    [3],
    async () => {
      const page = await open('teacher@northfield.example');
      const { owner } = world.server;
      const sessionId = carried.sessionId!;

      // The dashboard lists the session among those to rate or reflect on.
      const followUp = page.locator(`a[href$="/sessions/${encodeURIComponent(sessionId)}/show"]`);
      await expectVisible(followUp, 'the logged session under "To rate or reflect on" on the teacher dashboard');
      await followUp.first().click();

      await page.getByRole('button', { name: 'Rate', exact: true }).click();
      const dialog = page.getByRole('dialog');
      await expectVisible(dialog.getByText('Rate this session'), 'the rating dialog');
      const criteria = dialog.getByRole('group');
      await criteria.first().waitFor();
      const count = await criteria.count();
      expect(count).toBeGreaterThan(0);
      for (let i = 0; i < count; i++)
        await criteria
          .nth(i)
          .getByRole('button', { name: i % 2 ? '3 Mostly' : '4 Fully' })
          .click();
      const rated = nextGraphql(page, 'sessionRate');
      const thanked = watchFor(page.getByText('Thank you: your ratings are saved'), 'the thank-you notice');
      await dialog.getByRole('button', { name: 'Save ratings' }).click();
      await expectGraphqlOk(rated, 'sessionRate');
      await thanked;
      await expectVisible(page.getByText('4 · Fully'), 'the teacher’s own scores under "Your ratings"');
      await expectAbsent(page.getByText('You have not rated this session.'), '"You have not rated this session."');

      const actionRow = page.getByRole('row').filter({ hasText: ACTION });
      await actionRow.getByRole('button', { name: 'Mark done' }).click();
      const done = page.getByRole('dialog');
      // DONE needs evidence of what was done (the button stays disabled without it).
      await done.getByRole('textbox', { name: /^What was done/ }).fill('Retaught the group with double number lines');
      await done.getByRole('textbox', { name: /^Evidence of changed practice/ }).fill(CHANGED);
      const moved = nextGraphql(page, 'actionItemTransition');
      await done.getByRole('button', { name: 'Mark done' }).click();
      await expectGraphqlOk(moved, 'actionItemTransition');
      await expectVisible(
        page.getByText(`Changed practice: ${CHANGED}`),
        'the evidence of changed practice under the action',
      );
      await expect(actionRow.first().textContent()).resolves.toContain('Done');
      await snap(page, '4-teacher-rated-and-done');

      const id = uuidOf(sessionId);
      const [{ n: active }] = await owner.query(
        `SELECT count(*)::int AS n FROM rubric_criterion r JOIN district d ON d.id = r.district_id
        WHERE d.slug = 'northfield' AND r.active`,
      );
      const ratings = await owner.query(
        `SELECT q.score FROM quality_rating q JOIN staff_member s ON s.id = q.rater_id
        WHERE q.session_id = $1 AND s.email = 'teacher@northfield.example'`,
        [id],
      );
      expect(ratings).toHaveLength(active);
      expect(count).toBe(active);
      const [action] = await owner.query(
        `SELECT status, completed_on::text AS completed, practice_change_evidence AS evidence FROM action_item
        WHERE session_id = $1`,
        [id],
      );
      expect(action).toEqual({ status: 'DONE', completed: districtDay(timeZone), evidence: CHANGED });
    },
  );

  journey("5. the principal's dashboard shows the new numbers, as the API counts them", [3, 4], async () => {
    const { funnel, window } = await lincolnFunnel();
    const before = carried.baseline!;
    // The logged session moved from missed to held; the teacher's action, due today, was done with evidence (the
    // API counts an action as due only once its day has passed, so "actions due" stays as it was).
    expect({
      held: funnel.held - before.held,
      missed: funnel.missed - before.missed,
      actionsDue: funnel.actionsDue - before.actionsDue,
      actionsDone: funnel.actionsDone - before.actionsDone,
      actionsWithPracticeChange: funnel.actionsWithPracticeChange - before.actionsWithPracticeChange,
    }).toEqual({ held: 1, missed: -1, actionsDue: 0, actionsDone: 1, actionsWithPracticeChange: 1 });

    const page = await open('principal@northfield.example');
    const chart = page.getByRole('img', { name: /^Funnel\./ });
    await expectVisible(chart, 'the funnel chart on the principal dashboard');
    const summary = (await chart.getAttribute('aria-label')) ?? '';
    const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`);
    expect(summary).toContain(`Planned: ${funnel.due} (`);
    expect(summary).toContain(
      `Held: ${pct(funnel.heldRate)} (${funnel.held} of ${funnel.due} held · ${funnel.missed} missed)`,
    );
    expect(summary).toContain(`(${funnel.actionsDoneOnTime} of ${funnel.actionsDue} due done on time)`);
    expect(summary).toContain(`(${funnel.actionsWithPracticeChange} of ${funnel.actionsDone} done show change)`);
    await expectVisible(page.getByText('Lincoln Middle School, school year to date'), 'the scope and window line');
    // The "Missed" figure under the chart is the API's count too.
    const missedFigure = page.getByText('due, never held').locator('..');
    await expect(missedFigure.textContent()).resolves.toContain(`Missed${funnel.missed}`);
    expect(window.to).toBe(districtDay(timeZone));
    // Missed sessions are listed, not only counted: the logged one has left the list.
    await expectVisible(
      page.getByText(
        funnel.missed
          ? `${funnel.missed} this school year; the most recent first`
          : 'No missed sessions this school year.',
      ),
      `the missed-sessions card counting ${funnel.missed}`,
    );
    await expectAbsent(
      page.locator(`a[href$="/sessions/${encodeURIComponent(carried.sessionId!)}/show"]`),
      'link to the logged session among the missed sessions',
    );
    await snap(page, '5-principal-dashboard');
  });

  journey(
    '6. a teacher cannot edit strategies, and a principal cannot open another school’s strategy',
    [],
    async () => {
      const teacher = await open('teacher@northfield.example');
      const listed = nextGraphql(teacher, 'strategies');
      await openMenu(teacher, 'Strategies');
      await listed;
      const row = teacher.getByRole('row').filter({ hasText: 'Number sense in the middle grades' });
      await expectVisible(row, 'the Lincoln strategy in the teacher’s list');
      await expectAbsent(teacher.getByRole('link', { name: 'Create' }), 'Create button on the strategies list');
      await row.first().click();
      await expectVisible(teacher.getByText('Students explain and justify their reasoning'), 'the strategy page');
      await expectVisible(teacher.getByRole('link', { name: 'List' }), 'the List button on the strategy page');
      await expectAbsent(teacher.getByRole('link', { name: 'Edit' }), 'Edit button on the strategy page');
      await snap(teacher, '6a-teacher-strategy-read-only');

      const [maple] = await world.server.owner.query(
        `SELECT id FROM improvement_strategy WHERE title = 'Early reading foundations'`,
      );
      const mapleId = globalId('ImprovementStrategy', maple.id);
      const principal = await open('principal@northfield.example');
      const read = nextGraphql(principal, mapleId);
      await principal.goto(`/#/strategies/${encodeURIComponent(mapleId)}/show`);
      const answer = await read;
      expect(answer.data?.node ?? answer.data?.strategy ?? null).toBeNull();
      await expectVisible(
        principal.getByText('That record no longer exists, or it is not yours to see.'),
        'a not-found message for another school’s strategy',
      );
      await expectAbsent(principal.getByText('Early reading foundations'), 'title of the Maple Grove strategy');
      await expectAbsent(
        principal.getByText('Every student reads grade-level text fluently'),
        'goal of the Maple Grove strategy',
      );
      await expectAbsent(principal.getByRole('link', { name: 'Edit' }), 'Edit button');
      await snap(principal, '6b-principal-other-school-not-found');
    },
  );
});
