import ICAL from 'ical.js';
import { ok, startTestServer, type TestServer } from '../support/server';
import { calendarPart, Smtp, type Received } from '../support/smtp';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { syncConversation } from '../../packages/api/src/modules/mail/invitations';
import { sendReminders } from '../../packages/api/src/modules/mail/reminders';
import { withTenantTransaction } from '../../packages/api/src/db/transaction';

/**
 * Mail end to end (issue 13): the real API and its job worker, real PostgreSQL, and a real SMTP server (smtp-server)
 * on 127.0.0.1 inside the test. Invitations arrive with a parseable text/calendar part; a cancellation has
 * METHOD:CANCEL and a higher SEQUENCE; opting out stops mail; SMTP down then up delivers once after a retry;
 * reminders are sent once; markers planted in notes and reflections never appear in any message.
 */

const MARKER = 'CONFIDENTIAL-MARKER-MAIL-91c2';

const smtp = new Smtp();
let server: TestServer;
let district: string;
let coach: string;
let teacher: string;
let conversation: string;

async function person(email: string): Promise<string> {
  const [r] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return r.id;
}

async function newSession(at: Date, notes: string | null = MARKER): Promise<string> {
  const [s] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, notes, check_in) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [district, conversation, at, notes],
  );
  await server.owner.query(
    `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
    [district, s.id, teacher],
  );
  return s.id;
}

/** Emits the outbox event a service would, so mail.event runs exactly as in production. */
async function emit(type: string, sessionId: string): Promise<void> {
  await server.owner.query(
    `INSERT INTO outbox_event (district_id, type, subject_type, subject_id, payload) VALUES ($1, $2, 'ConversationSession', $3, '{}')`,
    [district, type, sessionId],
  );
}

function forSession(id: string) {
  return (r: Received) =>
    r.raw.includes(`session-${id}@throughline`) || calendarSafe(r).includes(`session-${id}@throughline`);
}

function calendarSafe(r: Received): string {
  try {
    return calendarPart(r.raw);
  } catch {
    return '';
  }
}

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    worker: true,
    mail: {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Throughline <mail@throughline.test>',
      publicUrl: 'https://tl.example.org',
    },
  });
  coach = await person('coach@northfield.example');
  teacher = await person('teacher@northfield.example');
  [{ district_id: district }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [coach]);
  await server.owner.query(`UPDATE district SET timezone = 'America/Denver' WHERE id = $1`, [district]);
  // The demo district keeps its mail in the outbox until someone asks for delivery: ask.
  await server.owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [district]);
  [{ id: conversation }] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, title, type, purpose, first_starts_at, duration_minutes, setting,
       facilitator_id, evidence_to_bring, schedule_until)
     VALUES ($1, 'Coaching cycle with grade 4', 'COACHING', 'Plan the next observation', '2030-01-07T15:30', 30, 'Library',
       $2, 'Running records from this week', '2030-06-01') RETURNING id`,
    [district, coach],
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await smtp.stop();
});

afterEach(() => {
  for (const m of smtp.messages) expect(m.raw).not.toContain(MARKER);
});

describe('mail', () => {
  test('an invitation with a text/calendar part, then a cancellation with METHOD:CANCEL and a higher SEQUENCE', async () => {
    const at = new Date(Math.floor((Date.now() + 5 * 86_400_000) / 60_000) * 60_000);
    const id = await newSession(at);
    await emit('session.scheduled', id);
    const [invite] = await smtp.waitFor((r) => r.to.includes('teacher@northfield.example') && forSession(id)(r));
    await smtp.waitFor((r) => r.to.includes('coach@northfield.example') && forSession(id)(r));
    expect(invite.raw.replace(/\r\n[ \t]+/g, ' ')).toMatch(
      /List-Unsubscribe:\s+<https:\/\/tl\.example\.org\/mail\/unsubscribe\/[0-9a-f-]{36}\.[0-9a-f-]{36}\.INVITATION\.\d+\.[\w-]{43}>/,
    );
    expect(invite.raw).toMatch(/Subject: Invitation: Coaching cycle with grade 4/);
    const ics = calendarPart(invite.raw);
    const comp = new ICAL.Component(ICAL.parse(ics));
    for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    expect(comp.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(comp.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`session-${id}@throughline`);
    expect(event.startDate.toJSDate().getTime()).toBe(at.getTime());
    expect(comp.getFirstSubcomponent('vevent')!.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(
      'America/Denver',
    );
    const firstSequence = event.sequence;

    // Running the sync again sends nothing new.
    const before = smtp.messages.length;
    await withTenantTransaction(server.app, { districtId: district }, (m) =>
      syncConversation(m, district, conversation, { smtpUrl: null, from: 'x', publicUrl: null }),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.length).toBe(before);

    await server.owner.query(
      `UPDATE conversation_session SET status = 'CANCELLED', cancel_reason = $2, cancelled_at = now() WHERE id = $1`,
      [id, MARKER],
    );
    await emit('session.cancelled', id);
    const [cancel] = await smtp.waitFor(
      (r) => r.to.includes('teacher@northfield.example') && forSession(id)(r) && /METHOD:CANCEL/.test(calendarSafe(r)),
    );
    const cancelComp = new ICAL.Component(ICAL.parse(calendarPart(cancel.raw)));
    const cancelled = cancelComp.getFirstSubcomponent('vevent')!;
    expect(cancelled.getFirstPropertyValue('uid')).toBe(`session-${id}@throughline`);
    expect(Number(cancelled.getFirstPropertyValue('sequence'))).toBeGreaterThan(firstSequence);
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  test('opting out stops invitations', async () => {
    const { accessToken } = await server.signIn('teacher@northfield.example');
    ok(
      await server.gql(
        `mutation($input: [MailPreferenceInput!]!) { mailPreferencesSet(input: $input) { kind enabled } }`,
        { input: [{ kind: 'INVITATION', enabled: false }] },
        accessToken,
      ),
    );
    const id = await newSession(new Date(Math.floor((Date.now() + 6 * 86_400_000) / 60_000) * 60_000));
    await emit('session.scheduled', id);
    await smtp.waitFor((r) => r.to.includes('coach@northfield.example') && forSession(id)(r));
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.messages.filter((r) => r.to.includes('teacher@northfield.example') && forSession(id)(r))).toHaveLength(
      0,
    );
    ok(
      await server.gql(
        `mutation($input: [MailPreferenceInput!]!) { mailPreferencesSet(input: $input) { kind enabled } }`,
        { input: [{ kind: 'INVITATION', enabled: true }] },
        accessToken,
      ),
    );
  });

  test('SMTP refusing, then accepting: delivered once, after a retry', async () => {
    smtp.refuse = true;
    const id = await newSession(new Date(Math.floor((Date.now() + 7 * 86_400_000) / 60_000) * 60_000));
    await emit('session.scheduled', id);
    const end = Date.now() + 20_000;
    for (;;) {
      const [row] = await server.owner.query(
        `SELECT attempt_count FROM mail_message WHERE subject_id = $1 AND to_address = 'teacher@northfield.example'`,
        [id],
      );
      if (row?.attempt_count >= 1) break;
      if (Date.now() > end) throw new Error('no failed attempt recorded');
      await new Promise((r) => setTimeout(r, 100));
    }
    smtp.refuse = false;
    await smtp.waitFor((r) => r.to.includes('teacher@northfield.example') && forSession(id)(r), 1, 30_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages.filter((r) => r.to.includes('teacher@northfield.example') && forSession(id)(r))).toHaveLength(
      1,
    );
    const [row] = await server.owner.query(
      `SELECT state, attempt_count, body_text FROM mail_message WHERE subject_id = $1 AND to_address = 'teacher@northfield.example'`,
      [id],
    );
    expect(row).toMatchObject({ state: 'SENT', body_text: null });
    expect(row.attempt_count).toBeGreaterThanOrEqual(2);
  }, 60_000);

  test('reminders: before a session (with the evidence to bring), log it, action due and overdue; each once', async () => {
    const soon = await newSession(new Date(Date.now() + 3 * 3_600_000));
    const ended = await newSession(new Date(Date.now() - 3 * 3_600_000));
    await server.owner.query(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on)
       VALUES ($1, $2, $3, $4, (now() AT TIME ZONE 'America/Denver')::date - 1)`,
      [district, ended, teacher, MARKER],
    );
    const run = () =>
      withTenantTransaction(server.app, { districtId: district }, (m) =>
        sendReminders(m, district, { smtpUrl: null, from: 'x', publicUrl: 'https://tl.example.org' }),
      );
    await Promise.all([run(), run()]);
    await run();
    const reminder = await smtp.waitFor(
      (r) =>
        r.to.includes('teacher@northfield.example') &&
        /Subject: Coming up/.test(r.raw) &&
        r.raw.includes('Running records'),
    );
    expect(reminder).toHaveLength(1);
    await smtp.waitFor((r) => r.to.includes('coach@northfield.example') && /Subject: Please log/.test(r.raw));
    await smtp.waitFor(
      (r) => r.to.includes('teacher@northfield.example') && /Subject: An action of yours is overdue/.test(r.raw),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM sent_reminder WHERE subject_id = ANY($1::uuid[]) AND kind = 'SESSION_REMINDER' AND staff_member_id = $2`,
      [[soon], teacher],
    );
    expect(n).toBe(1);
    expect(
      smtp.messages.filter((r) => r.to.includes('teacher@northfield.example') && /Subject: Coming up/.test(r.raw)),
    ).toHaveLength(1);
  }, 60_000);

  test('district admins read the mail log; the teacher cannot', async () => {
    const { accessToken } = await server.signIn('admin@northfield.example');
    const log = ok(
      await server.gql<{ mailOutbox: { nodes: { state: string; subject: string }[] } }>(
        `{ mailOutbox { nodes { state subject kind } } }`,
        {},
        accessToken,
      ),
    );
    expect(log.mailOutbox.nodes.length).toBeGreaterThan(0);
    expect(JSON.stringify(log)).not.toContain(MARKER);
    const teacherToken = (await server.signIn('teacher@northfield.example')).accessToken;
    const refused = await server.gql(`{ mailOutbox { nodes { state } } }`, {}, teacherToken);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    void toGlobalId;
  });
});
