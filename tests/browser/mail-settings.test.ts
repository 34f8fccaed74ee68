import { ok } from '../support/server';
import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WAIT_MS, WORLD_MS, type BrowserWorld } from './browser';
import {
  choose,
  districtDay,
  expectGraphqlOk,
  expectVisible,
  globalId,
  nextGraphql,
  openMenu,
  snap,
  uuidOf,
  watchFor,
} from './portal-helpers';

/**
 * Issue 13 in the portal (Chromium): a teacher makes their calendar link (webcal://), copies it, makes a new one (the
 * old URL then answers 404), turns a reminder off and sets quiet hours of their own, which are still there after a
 * reload; a district admin turns invitations off and reads the invitations the outbox holds.
 */
describeInBrowser('calendar and reminders in the portal (Chromium)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
    await world.server.startWorker();
  }, WORLD_MS);
  afterAll(() => world?.close());

  async function staffId(email: string): Promise<string> {
    const [r] = await world.server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
    return r.id;
  }

  it(
    'a teacher makes and copies their calendar link, makes a new one (the old answers 404), turns a reminder off and sets quiet hours',
    async () => {
      const page = await world.signIn('teacher@northfield.example');
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.url });
      await openMenu(page, 'Calendar and reminders');
      await expectVisible(page.getByText('Your calendar feed'), 'the calendar feed card');

      const made = nextGraphql(page, 'calendarFeedCreate');
      await page.getByRole('button', { name: 'Create my calendar link' }).click();
      const first = (await expectGraphqlOk(made, 'calendarFeedCreate')).calendarFeedCreate;
      const subscribe = page.getByRole('link', { name: 'Subscribe in your calendar app' });
      await expectVisible(subscribe, 'the webcal link');
      expect(await subscribe.getAttribute('href')).toBe(first.webcalUrl);
      expect(first.webcalUrl).toMatch(/^webcal:\/\/.+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      expect(await page.getByLabel('Calendar link').inputValue()).toBe(first.url);
      const feed = await fetch(first.url);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
      expect(await feed.text()).toContain('BEGIN:VCALENDAR');

      await page.getByRole('button', { name: 'Copy link' }).click();
      await expectVisible(page.getByRole('status').getByText(/^Link copied/), 'the copy’s status message');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(first.url);
      await snap(page, '13-calendar-link');

      await page.getByRole('button', { name: 'Make a new link' }).click();
      const dialog = page.getByRole('dialog');
      await expectVisible(dialog.getByText('Make a new calendar link?'), 'the confirmation');
      const remade = nextGraphql(page, 'calendarFeedCreate');
      await dialog.getByRole('button', { name: 'Make a new link' }).click();
      const second = (await expectGraphqlOk(remade, 'calendarFeedCreate')).calendarFeedCreate;
      expect(second.url).not.toBe(first.url);
      await expectVisible(page.locator(`a[href="${second.webcalUrl}"]`), 'the new webcal link in place of the old one');
      expect((await fetch(first.url)).status).toBe(404);
      expect((await fetch(second.url)).status).toBe(200);

      // A reminder kind off, saved at once.
      const reminder = page.getByLabel(/^Before a session/);
      await expect(reminder.isChecked()).resolves.toBe(true);
      const setPref = nextGraphql(page, 'mailPreferencesSet');
      await reminder.click();
      await expectGraphqlOk(setPref, 'mailPreferencesSet');
      // Quiet hours of one's own, saved with the form.
      await page.getByLabel(/^Quiet hours of my own/).click();
      await page.getByLabel('Quiet from').fill('21:00');
      await page.getByLabel('Quiet until').fill('06:30');
      const setProfile = nextGraphql(page, 'mailProfileSet');
      await page.getByRole('button', { name: 'Save how mail reaches me' }).click();
      await expectGraphqlOk(setProfile, 'mailProfileSet');

      const teacher = await staffId('teacher@northfield.example');
      const [pref] = await world.server.owner.query(
        `SELECT enabled FROM mail_preference WHERE staff_member_id = $1 AND kind = 'SESSION_REMINDER'`,
        [teacher],
      );
      expect(pref.enabled).toBe(false);
      const [profile] = await world.server.owner.query(
        `SELECT own_quiet_hours, quiet_start::text, quiet_end::text FROM mail_profile WHERE staff_member_id = $1`,
        [teacher],
      );
      expect(profile).toEqual({ own_quiet_hours: true, quiet_start: '21:00:00', quiet_end: '06:30:00' });

      await page.reload();
      await expectVisible(page.getByLabel('Quiet from'), 'the quiet hours after a reload');
      expect(await page.getByLabel('Quiet from').inputValue()).toBe('21:00');
      expect(await page.getByLabel('Quiet until').inputValue()).toBe('06:30');
      expect(await page.getByLabel(/^Before a session/).isChecked()).toBe(false);
      // The link is shown only when it is made: after a reload, the page says when it was made.
      await expectVisible(page.getByText(/^Your calendar link was made/), 'the live feed without its link');
      await snap(page, '13-reminders-teacher');
      await page.context().close();
    },
    JOURNEY_MS,
  );

  it(
    'a district admin turns invitations off and reads the invitations waiting in the outbox',
    async () => {
      // The principal plans a conversation: its invitations go to the outbox (no SMTP in this world). Its people have
      // no quiet hours of their own (the teacher's, set above, would hold theirs back), so none waits.
      const [district] = await world.server.owner.query(`SELECT id, timezone FROM district WHERE slug = 'northfield'`);
      const [school] = await world.server.owner.query(
        `SELECT id FROM school WHERE district_id = $1 AND code = 'NF-LMS'`,
        [district.id],
      );
      const day = districtDay(district.timezone, 3);
      const principal = (await world.server.signIn('principal@northfield.example')).accessToken;
      const created = ok(
        await world.server.gql<{ conversationCreate: { conversation: { id: string } } }>(
          `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) { conversation { id } } }`,
          {
            i: {
              schoolId: globalId('School', school.id),
              title: 'Unit 4 planning, mail journey',
              type: 'JOINT_PLANNING',
              purpose: 'Plan the next unit from the last assessment',
              firstStartsAt: `${day}T15:00`,
              durationMinutes: 45,
              facilitatorId: globalId('StaffMember', await staffId('coach@northfield.example')),
              participantIds: [globalId('StaffMember', await staffId('principal@northfield.example'))],
              scheduleUntil: day,
            },
          },
          principal,
        ),
      ).conversationCreate;
      // The worker's signal: the invitations are in the outbox.
      const until = Date.now() + WAIT_MS;
      for (;;) {
        const rows = await world.server.owner.query(
          `SELECT m.state FROM mail_message m JOIN conversation_session s ON s.id = m.subject_id
            WHERE s.conversation_id = $1 AND m.kind = 'INVITATION'`,
          [uuidOf(created.conversation.id)],
        );
        if (rows.length === 2 && rows.every((r: { state: string }) => r.state === 'OUTBOX')) break;
        if (Date.now() > until) throw new Error(`no invitations in the outbox: ${JSON.stringify(rows)}`);
        await new Promise((r) => setTimeout(r, 100));
      }

      const page = await world.signIn('admin@northfield.example');
      await openMenu(page, 'Calendar and reminders');
      const invitations = page.getByLabel('Send calendar invitations');
      await expectVisible(invitations, 'the district’s invitations switch');
      expect(await invitations.isChecked()).toBe(true);
      await invitations.click();
      const saved = nextGraphql(page, 'mailSettingsUpdate');
      const notice = watchFor(page.getByText('The district’s mail settings are saved'), 'the saved notice');
      await page.getByRole('button', { name: 'Save the district’s mail' }).click();
      expect((await expectGraphqlOk(saved, 'mailSettingsUpdate')).mailSettingsUpdate.invitationsEnabled).toBe(false);
      await notice;
      const [setting] = await world.server.owner.query(
        `SELECT invitations_enabled FROM mail_setting WHERE district_id = $1`,
        [district.id],
      );
      expect(setting.invitations_enabled).toBe(false);

      const outbox = nextGraphql(page, 'mailOutbox');
      await choose(page, /^State/, 'In the outbox (not sent)');
      const listed = (await expectGraphqlOk(outbox, 'mailOutbox')).mailOutbox.nodes as { state: string }[];
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((m) => m.state === 'OUTBOX')).toBe(true);
      const table = page.getByRole('table', { name: 'Mail messages' });
      const row = table.getByRole('row', { name: /Unit 4 planning, mail journey/ }).first();
      await expectVisible(row, 'the planned conversation’s invitation in the outbox');
      await row.getByRole('button', { name: /^Read/ }).click();
      await expectVisible(page.getByRole('dialog').getByText(/Unit 4 planning, mail journey/), 'the message’s text');
      await snap(page, '13-outbox-admin');
      await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

      await page.reload();
      await expectVisible(page.getByLabel('Send calendar invitations'), 'the switch after a reload');
      expect(await page.getByLabel('Send calendar invitations').isChecked()).toBe(false);
      await page.context().close();
    },
    JOURNEY_MS,
  );

  it(
    'a save over someone else’s change is refused with a reload offer; the operator reads a district’s outbox, audited',
    async () => {
      const [district] = await world.server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
      const page = await world.signIn('admin@northfield.example');
      await openMenu(page, 'Calendar and reminders');
      const lead = page.getByLabel('Reminder, hours before a session');
      await expectVisible(lead, 'the reminder’s lead hours');
      // Someone else saves the district's mail meanwhile.
      await world.server.owner.query(
        `UPDATE mail_setting SET reminder_lead_hours = 30, version = version + 1 WHERE district_id = $1`,
        [district.id],
      );
      await lead.fill('6');
      const refused = nextGraphql(page, 'mailSettingsUpdate');
      const notice = watchFor(
        page.getByText('Someone else changed this in the meantime. Reload to see their version, then try again.'),
        'the conflict notice',
      );
      await page.getByRole('button', { name: 'Save the district’s mail' }).click();
      const answer = await refused;
      expect(answer.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      await notice;
      const [kept] = await world.server.owner.query(
        `SELECT reminder_lead_hours FROM mail_setting WHERE district_id = $1`,
        [district.id],
      );
      expect(kept.reminder_lead_hours).toBe(30);
      await page.getByRole('button', { name: 'Reload' }).click();
      // The card reads the settings again: the other person's 30, and their version for the next save.
      for (const until = Date.now() + WAIT_MS; (await lead.inputValue()) !== '30';) {
        if (Date.now() > until) throw new Error('the reloaded settings did not show the other person’s change');
        await page.waitForTimeout(100);
      }
      await page.context().close();

      const operator = await world.signIn('operator@throughline.example');
      await openMenu(operator, 'District outboxes');
      await expectVisible(
        operator.getByText(/recorded in that district’s read audit/),
        'the note that reads are audited',
      );
      const read = nextGraphql(operator, 'mailOutbox');
      await choose(operator, /^District/, /^Northfield/);
      const listed = (await expectGraphqlOk(read, 'mailOutbox')).mailOutbox;
      expect(listed.totalCount).toBeGreaterThan(0);
      await expectVisible(operator.getByRole('table', { name: 'Mail messages' }), 'the district’s outbox');
      const [{ n }] = await world.server.owner.query(
        `SELECT count(*)::int AS n FROM confidential_read WHERE district_id = $1 AND reader_operator_id IS NOT NULL`,
        [district.id],
      );
      expect(listed.nodes.length).toBeGreaterThan(0);
      expect(n).toBeGreaterThanOrEqual(listed.nodes.length);
      await snap(operator, '13-outbox-operator');
      await operator.context().close();
    },
    JOURNEY_MS,
  );
});
