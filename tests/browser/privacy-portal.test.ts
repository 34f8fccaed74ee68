import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WORLD_MS, type BrowserWorld } from './browser';
import { expectGraphqlOk, expectVisible, globalId, nextGraphql, openMenu, snap } from './portal-helpers';

/**
 * Issue 16 in the portal (Chromium): the privacy page reached from every page's footer; a district admin exports the
 * district and downloads it through the signed link, asks for disposal, and the operator schedules and cancels it;
 * a teacher sees that their principal read their shared reflection; a learning partnership's facilitator records a
 * learner's consent on the session page and withdraws it, and the session's notes give way to the notice.
 */
describeInBrowser('privacy in the portal (Chromium)', () => {
  let world: BrowserWorld;

  beforeAll(async () => {
    world = await startBrowserWorld();
    await world.server.startWorker();
  }, WORLD_MS);
  afterAll(() => world?.close());

  it(
    'an admin opens Privacy from the footer, exports the district and downloads it; asks for disposal, which the operator schedules and cancels',
    async () => {
      const page = await world.signIn('admin@northfield.example');
      await page.getByRole('link', { name: /^Privacy: what Throughline keeps/ }).click();
      await page.waitForURL(/#\/privacy$/);
      await expectVisible(page.getByText('How Throughline handles personal data'), 'the summary');
      const started = nextGraphql(page, 'districtExportStart');
      await page.getByRole('button', { name: 'Start an export' }).click();
      await expectGraphqlOk(started, 'districtExportStart');
      const download = page.getByRole('link', { name: 'Download' }).first();
      await expectVisible(download, 'the download link of the finished export');
      const href = await download.getAttribute('href');
      const res = await fetch(new URL(href!, world.server.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/zip');
      await snap(page, '16-privacy-admin');

      await page.getByLabel(/^Type northfield to confirm/).fill('northfield');
      const asked = nextGraphql(page, 'districtDisposalRequest');
      await page.getByRole('button', { name: 'Ask for disposal' }).click();
      await expectGraphqlOk(asked, 'districtDisposalRequest');
      await expectVisible(page.getByText('Asked for; waiting for the operator to schedule it'), 'the request’s status');
      await page.context().close();

      const operator = await world.signIn('operator@throughline.example');
      await openMenu(operator, 'Privacy');
      const row = operator.getByRole('row', { name: /Northfield/ });
      const scheduled = nextGraphql(operator, 'districtDisposalSchedule');
      await row.getByRole('button', { name: 'Schedule' }).click();
      await expectGraphqlOk(scheduled, 'districtDisposalSchedule');
      await expectVisible(row.getByText('Scheduled'), 'the scheduled disposal');
      await snap(operator, '16-privacy-operator');
      const cancelled = nextGraphql(operator, 'districtDisposalCancel');
      await row.getByRole('button', { name: 'Cancel' }).click();
      await expectGraphqlOk(cancelled, 'districtDisposalCancel');
      await expectVisible(row.getByText('Cancelled'), 'the cancelled disposal');
      const [{ status }] = await world.server.owner.query(
        `SELECT status FROM district_disposal ORDER BY requested_at DESC LIMIT 1`,
      );
      expect(status).toBe('CANCELLED');
      await operator.context().close();
    },
    JOURNEY_MS,
  );

  it(
    'a teacher sees on the privacy page that their principal read their shared reflection',
    async () => {
      const [reflection] = await world.server.owner.query(
        `SELECT r.id, r.session_id FROM reflection r JOIN staff_member a ON a.district_id = r.district_id AND a.id = r.author_id
          WHERE a.email = 'teacher@northfield.example' AND r.shared LIMIT 1`,
      );
      expect(reflection).toBeTruthy();
      const principal = (await world.server.signIn('principal@northfield.example')).accessToken;
      const read = await world.server.gql(
        `query($id: ID!) { session(id: $id) { reflections { id answers { answer } } } }`,
        { id: globalId('ConversationSession', reflection.session_id) },
        principal,
      );
      expect(read.errors).toBeUndefined();
      const page = await world.signIn('teacher@northfield.example');
      await openMenu(page, 'Privacy');
      await expectVisible(
        page.getByRole('list', { name: 'Who read what you wrote' }).getByText(/read your shared reflection/),
        'the principal’s read of the reflection',
      );
      await snap(page, '16-privacy-teacher');
      await page.context().close();
    },
    JOURNEY_MS,
  );

  it(
    'the facilitator of a learning partnership records a learner’s consent on the session page, then withdraws it',
    async () => {
      const [session] = await world.server.owner.query(
        `SELECT s.id FROM conversation_session s
           JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
          WHERE c.type = 'LEARNING_PARTNERSHIP' AND s.status = 'HELD' ORDER BY s.held_at DESC LIMIT 1`,
      );
      await world.server.owner.query(`UPDATE conversation_session SET notes = 'What the learner said' WHERE id = $1`, [
        session.id,
      ]);
      const page = await world.signIn('kmensah@southbrook.example');
      await page.goto(`/#/sessions/${globalId('ConversationSession', session.id)}/show`);
      await expectVisible(page.getByText('Learners’ consent to a recording'), 'the consent panel');
      await page.getByLabel('Learner', { exact: true }).fill('J.');
      await page.getByLabel('Guardian who agreed').fill('Parent');
      const recorded = nextGraphql(page, 'learnerConsentRecord');
      await page.getByRole('button', { name: 'Record consent' }).click();
      await expectGraphqlOk(recorded, 'learnerConsentRecord');
      const consents = page.getByRole('list', { name: 'Consents' });
      await expectVisible(consents.getByText('J., with their parent'), 'the recorded consent');
      await consents.getByRole('button', { name: 'Withdraw' }).click();
      const withdrawn = nextGraphql(page, 'learnerConsentWithdraw');
      await page.getByRole('dialog').getByRole('button', { name: 'Withdraw' }).click();
      await expectGraphqlOk(withdrawn, 'learnerConsentWithdraw');
      await expectVisible(consents.getByText(/withdrawn/), 'the withdrawal in the register');
      await expectVisible(page.getByText('[removed: the learner withdrew consent]'), 'the notes’ notice');
      await snap(page, '16-consent-withdrawn');
      await page.context().close();
    },
    JOURNEY_MS,
  );
});
