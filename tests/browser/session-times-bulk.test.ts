import type { Page } from 'playwright-core';
import { browserSuite, describeInBrowser, JOURNEY_MS, WORLD_MS } from './browser';
import { choose, expectGraphqlOk, expectVisible, nextGraphql, signInAs, snap } from './portal-helpers';
import { ownSchoolId } from '../support/server';

/**
 * Issue 15 in Chromium: a principal moves an upcoming session, cancels and restores one, and adds a one-off session
 * to a conversation; cancels several sessions at once with one reason, and hands several actions to one owner; the
 * admin's audit log tells these as sentences naming who did them.
 */
const PASSWORD = 'throughline-demo';
const SCHOOL = 'Lincoln Middle School';

interface Upcoming {
  id: string;
  version: number;
  scheduledAt: string;
  conversation: { id: string; title: string; school: { id: string; name: string } | null };
}

describeInBrowser(
  'moving, restoring, adding and cancelling sessions, bulk changes and the audit log (Chromium)',
  () => {
    const suite = browserSuite();
    let principalToken = '';
    let principalName = '';
    let timeZone = 'America/Chicago';

    async function open(email: string): Promise<Page> {
      const page = await signInAs(suite.world.browser, suite.world.server.url, email, PASSWORD);
      suite.keep(page);
      return page;
    }

    /** The principal's school's sessions still to come (more than two days ahead), soonest first. */
    async function upcoming(): Promise<Upcoming[]> {
      const r = await suite.world.server.gql<{ sessions: { nodes: Upcoming[] } }>(
        `{ sessions(first: 100, filter: { state: [SCHEDULED] }) {
        nodes { id version scheduledAt conversation { id title school { id name } } } } }`,
        {},
        principalToken,
      );
      if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
      return r.data!.sessions.nodes.filter(
        (s) => s.conversation.school?.name === SCHOOL && Date.parse(s.scheduledAt) > Date.now() + 2 * 86_400_000,
      );
    }

    async function sessionNow(
      id: string,
    ): Promise<{ state: string; scheduledAt: string; cancelReason: string | null }> {
      const r = await suite.world.server.gql<{
        node: { state: string; scheduledAt: string; cancelReason: string | null };
      }>(
        `query($id: ID!) { node(id: $id) { ... on ConversationSession { state scheduledAt cancelReason } } }`,
        { id },
        principalToken,
      );
      if (r.errors?.length) throw new Error(JSON.stringify(r.errors));
      return r.data!.node;
    }

    /** A day and time in the district as the datetime-local field takes it: `day` days after `iso`, at hh:mm. */
    function localDaysAfter(iso: string, days: number, hhmm: string): string {
      const day = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(Date.parse(iso) + days * 86_400_000));
      return `${day}T${hhmm}`;
    }

    beforeAll(async () => {
      const [district] = await suite.world.server.owner.query(
        `SELECT timezone FROM district WHERE slug = 'northfield'`,
      );
      timeZone = district.timezone;
      principalToken = (await suite.world.server.signIn('principal@northfield.example')).accessToken;
      const me = await suite.world.server.gql<{ me: { staffMember: { displayName: string } } }>(
        `{ me { staffMember { displayName } } }`,
        {},
        principalToken,
      );
      principalName = me.data!.me.staffMember.displayName;
    }, WORLD_MS);

    test(
      'a principal moves an upcoming session, then cancels and restores another, from the session page',
      async () => {
        const [first, second] = await upcoming();
        const page = await open('principal@northfield.example');

        await page.goto(`/#/sessions/${encodeURIComponent(first.id)}/show`);
        await page.getByRole('button', { name: 'Move session' }).click();
        const dialog = page.getByRole('dialog');
        await expectVisible(dialog.getByText('Move this session'), 'the move dialog');
        const to = localDaysAfter(first.scheduledAt, 1, '16:47');
        await dialog.getByLabel(/New day and time/).fill(to);
        const moved = nextGraphql(page, 'sessionReschedule');
        await dialog.getByRole('button', { name: 'Move session' }).click();
        await expectGraphqlOk(moved, 'sessionReschedule');
        await dialog.waitFor({ state: 'detached' });
        const after = await sessionNow(first.id);
        expect(after.state).toBe('SCHEDULED');
        expect(
          new Intl.DateTimeFormat('en-CA', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
            new Date(after.scheduledAt),
          ),
        ).toBe('16:47');

        await page.goto(`/#/sessions/${encodeURIComponent(second.id)}/show`);
        await page.getByRole('button', { name: 'Cancel session' }).click();
        const cancel = page.getByRole('dialog');
        await cancel.getByRole('textbox', { name: /Reason/ }).fill('The speaker is ill');
        const cancelled = nextGraphql(page, 'sessionCancel');
        await cancel.getByRole('button', { name: 'Cancel session' }).click();
        await expectGraphqlOk(cancelled, 'sessionCancel');
        await cancel.waitFor({ state: 'detached' });
        expect((await sessionNow(second.id)).state).toBe('CANCELLED');

        // The page now offers to bring it back, at its old time (still ahead, so the field starts there).
        await page.getByRole('button', { name: 'Restore session' }).click();
        const restore = page.getByRole('dialog');
        await expectVisible(restore.getByText('Restore this session'), 'the restore dialog');
        const restored = nextGraphql(page, 'sessionRestore');
        await restore.getByRole('button', { name: 'Restore session' }).click();
        await expectGraphqlOk(restored, 'sessionRestore');
        await restore.waitFor({ state: 'detached' });
        const back = await sessionNow(second.id);
        expect(back).toEqual({ state: 'SCHEDULED', scheduledAt: second.scheduledAt, cancelReason: null });
        await snap(page, '15-session-restored');
      },
      JOURNEY_MS,
    );

    test(
      'a principal adds a one-off session to a conversation and lands on its page',
      async () => {
        const [s] = await upcoming();
        const page = await open('principal@northfield.example');
        await page.goto(`/#/conversations/${encodeURIComponent(s.conversation.id)}/show`);
        await page.getByRole('button', { name: 'Add session' }).click();
        const dialog = page.getByRole('dialog');
        await expectVisible(dialog.getByText('Add a session'), 'the add dialog');
        await dialog.getByLabel(/New day and time/).fill(localDaysAfter(s.scheduledAt, 2, '07:13'));
        const added = nextGraphql(page, 'sessionSchedule');
        await dialog.getByRole('button', { name: 'Add session' }).click();
        const data = await expectGraphqlOk(added, 'sessionSchedule');
        const id = data.sessionSchedule.session.id as string;
        await page.waitForURL(
          (u) => u.hash === `#/sessions/${encodeURIComponent(id)}/show` || u.hash === `#/sessions/${id}/show`,
        );
        expect((await sessionNow(id)).state).toBe('SCHEDULED');
      },
      JOURNEY_MS,
    );

    test(
      'a principal cancels two sessions at once with one reason, from the sessions list',
      async () => {
        const [a] = await upcoming();
        const page = await open('principal@northfield.example');
        // Sessions past the cancellation notice only: the first SCHEDULED rows may be due already (awaiting their
        // log), and cancelling those is a late cancellation (MISSED_WITH_REASON), whatever the hour of the run.
        const from = new Date(Date.now() + 2 * 86_400_000).toISOString();
        const filter = encodeURIComponent(
          JSON.stringify({ state: 'SCHEDULED', schoolId: a.conversation.school!.id, from }),
        );
        await page.goto(`/#/sessions?filter=${filter}`);
        const boxes = page.locator('tbody input[type="checkbox"]');
        await boxes.nth(1).waitFor();
        await boxes.nth(0).check();
        await boxes.nth(1).check();
        await page.getByRole('button', { name: 'Cancel sessions' }).click();
        const dialog = page.getByRole('dialog');
        await expectVisible(dialog.getByText('Cancel 2 sessions'), 'the bulk cancel dialog for two sessions');
        await dialog.getByRole('textbox', { name: /Reason/ }).fill('Snow day');
        const cancelled = nextGraphql(page, 'sessionsCancel');
        await dialog.getByRole('button', { name: 'Cancel them' }).click();
        const data = await expectGraphqlOk(cancelled, 'sessionsCancel');
        const ids = (data.sessionsCancel.sessions as { id: string }[]).map((s) => s.id);
        expect(ids).toHaveLength(2);
        for (const id of ids)
          expect(await sessionNow(id)).toMatchObject({ state: 'CANCELLED', cancelReason: 'Snow day' });
        await dialog.waitFor({ state: 'detached' });
      },
      JOURNEY_MS,
    );

    test(
      'a principal hands two actions to one owner at once, from the actions list',
      async () => {
        const page = await open('principal@northfield.example');
        const teacher = (await suite.world.server.signIn('teacher@northfield.example')).accessToken;
        const who = await suite.world.server.gql<{ me: { staffMember: { id: string; displayName: string } } }>(
          `{ me { staffMember { id displayName } } }`,
          {},
          teacher,
        );
        const owner = who.data!.me.staffMember;
        // The principal's own school's actions: theirs to manage (they may also see, not manage, actions they own of
        // the district's own conversations).
        const principal = (await suite.world.server.signIn('principal@northfield.example')).accessToken;
        const schoolId = await ownSchoolId(suite.world.server, principal);
        const filter = encodeURIComponent(JSON.stringify({ status: 'OPEN', schoolId }));
        await page.goto(`/#/actions?filter=${filter}`);
        const boxes = page.locator('tbody input[type="checkbox"]');
        await boxes.nth(1).waitFor();
        await boxes.nth(0).check();
        await boxes.nth(1).check();
        await page.getByRole('button', { name: 'Assign owner' }).click();
        const dialog = page.getByRole('dialog');
        await expectVisible(dialog.getByText('Give 2 actions one owner'), 'the assign dialog for two actions');
        await choose(page, /New owner/, owner.displayName, owner.displayName.split(' ')[0]);
        const assigned = nextGraphql(page, 'actionItemsAssign');
        await dialog.getByRole('button', { name: 'Assign', exact: true }).click();
        const data = await expectGraphqlOk(assigned, 'actionItemsAssign');
        const items = data.actionItemsAssign.actionItems as { owner: { id: string } }[];
        expect(items.map((i) => i.owner.id)).toEqual([owner.id, owner.id]);
        await dialog.waitFor({ state: 'detached' });
      },
      JOURNEY_MS,
    );

    test(
      'the admin reads the audit log as sentences naming who moved, restored and scheduled sessions',
      async () => {
        const page = await open('admin@northfield.example');
        await page.goto('/#/auditEvents');
        for (const verb of ['moved', 'restored', 'scheduled', 'cancelled'])
          await expectVisible(
            page.getByText(new RegExp(`^${principalName} ${verb} `)).first(),
            `"${principalName} ${verb} …" in the audit log`,
          );
        await snap(page, '15-audit-sentences');
      },
      JOURNEY_MS,
    );
  },
);
