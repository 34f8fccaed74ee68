import type { Page } from 'playwright-core';
import { describeInBrowser, JOURNEY_MS, startBrowserWorld, WORLD_MS, type BrowserWorld } from './browser';
import { choose, expectGraphqlOk, expectVisible, globalId, nextGraphql, snap } from './portal-helpers';

/**
 * Issue 15, the record pages in Spanish (Chromium): a district admin switches to Spanish and reads the sessions agenda,
 * a held session's page, a conversation, the staff list and a person's page, the norms library and the audit log in
 * Spanish, with no message key showing raw; a role given in Spanish reads in the audit log as a Spanish sentence
 * ("Ana Ruiz nombró a Ben Cho coach de Lincoln Middle School"), in Spanish word order.
 */
describeInBrowser('sessions, conversations, staff, libraries and the audit log in Spanish (Chromium)', () => {
  let world: BrowserWorld;
  const ADMIN = 'admin@northfield.example';

  beforeAll(async () => {
    world = await startBrowserWorld();
  }, WORLD_MS);
  afterAll(() => world?.close());

  /** Opens a portal route and waits for a text of it; no `tl.` key may show anywhere on the page. */
  async function visit(page: Page, route: string, text: string | RegExp, what: string): Promise<void> {
    await page.goto(`/#${route}`);
    await expectVisible(page.getByText(text), what);
    const body = await page.locator('body').innerText();
    expect({ route, raw: body.match(/\btl\.[a-z]\w*(\.\w+)+/g) ?? [] }).toEqual({ route, raw: [] });
  }

  it(
    'an admin reads sessions, conversations, staff, norms and the audit log in Spanish, and a role given reads as a Spanish sentence',
    async () => {
      const { owner } = world.server;
      const [admin] = await owner.query(
        `SELECT given_name || ' ' || family_name AS name FROM staff_member WHERE email = $1`,
        [ADMIN],
      );
      const [teacher] = await owner.query(
        `SELECT id, given_name || ' ' || family_name AS name FROM staff_member WHERE email = 'teacher@northfield.example'`,
      );
      const [held] = await owner.query(
        `SELECT s.id, c.id AS conversation_id FROM conversation_session s
           JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
           JOIN district d ON d.id = s.district_id
          WHERE d.slug = 'northfield' AND s.status = 'HELD' ORDER BY s.scheduled_at DESC LIMIT 1`,
      );
      expect(held).toBeTruthy();

      const page = await world.signIn(ADMIN);
      const saved = nextGraphql(page, 'mailProfileSet');
      await page.getByRole('button', { name: /^Language: English/ }).click();
      await page.getByRole('menuitem', { name: 'Español' }).click();
      await expectGraphqlOk(saved, 'mailProfileSet');
      await expectVisible(page.getByRole('menuitem', { name: 'Panel' }), 'the portal in Spanish');

      await visit(page, '/sessions', 'Solo las mías', 'the agenda’s “Only mine” switch in Spanish');
      await expectVisible(page.getByRole('button', { name: 'Más recientes primero' }), 'the order toggle in Spanish');
      await visit(
        page,
        `/sessions/${encodeURIComponent(globalId('ConversationSession', held.id))}/show`,
        'Evidencia utilizada',
        'a held session’s evidence section in Spanish',
      );
      await expectVisible(page.getByText('Quién puede leer lo que se dijo'), 'the session summary in Spanish');
      await expectVisible(page.getByText('Realizada').first(), 'the held state chip in Spanish');
      await snap(page, '15-session-in-spanish');

      await visit(
        page,
        `/conversations/${encodeURIComponent(globalId('LearningConversation', held.conversation_id))}/show`,
        'Quién participa',
        'a conversation’s page in Spanish',
      );
      await expectVisible(page.getByText('Cómo funciona'), 'how the conversation runs, in Spanish');

      await visit(page, '/norms', 'En uso', 'the norms library in Spanish');

      // A role given on a person's page in Spanish, then read back in the audit log as a Spanish sentence.
      await visit(
        page,
        `/staff/${encodeURIComponent(globalId('StaffMember', teacher.id))}`,
        'Roles asignados',
        'a person’s roles in Spanish',
      );
      await choose(page, /^Rol/, 'Coach');
      await choose(page, /^Escuela/, 'Lincoln Middle School');
      const given = nextGraphql(page, 'roleAssignmentCreate');
      await page.getByRole('button', { name: 'Añadir rol' }).click();
      await expectGraphqlOk(given, 'roleAssignmentCreate');
      await expectVisible(page.getByText('Rol de Coach asignado'), 'the Spanish notice of the role given');

      await visit(page, '/auditEvents', 'Lecturas', 'the audit log in Spanish');
      await expectVisible(
        page.getByText(`${admin.name} nombró a ${teacher.name} coach de Lincoln Middle School`).first(),
        'the role given, as a Spanish sentence',
      );
      await expectVisible(page.getByText(`${admin.name} inició sesión`).first(), 'the sign-in, as a Spanish sentence');
      await snap(page, '15-audit-in-spanish');
      await page.context().close();
    },
    JOURNEY_MS,
  );
});
