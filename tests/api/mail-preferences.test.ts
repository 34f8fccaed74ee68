import ICAL from 'ical.js';
import { ok, startTestServer, type TestServer } from '../support/server';
import { calendarPart, Smtp, subjectOf, textPart, type Received } from '../support/smtp';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { syncConversation } from '../../packages/api/src/modules/mail/invitations';
import { sendReminders } from '../../packages/api/src/modules/mail/reminders';
import { sendDigests } from '../../packages/api/src/modules/mail/digests';
import { transitions } from '../../packages/api/src/modules/calendar-feed/vtimezone';
import { localInstant } from '../../packages/api/src/modules/schedule/cadence';
import { withTenantTransaction } from '../../packages/api/src/db/transaction';

/**
 * Mail as people want it (issue 13), end to end with the real worker, PostgreSQL and an SMTP server in the test:
 * quiet hours in a district's own zone, the daily digest, Spanish, the district's defaults per kind, nudges repeated
 * until done, reschedules as updates (same UID, higher SEQUENCE) across a daylight-saving change, invitations as soon
 * as a conversation is planned, demo districts kept to the outbox, the hourly bound, and bad input refused.
 */

const smtp = new Smtp();
let server: TestServer;
const PUBLIC = 'https://tl.example.org';
const MAIL = { smtpUrl: null, from: 'x', publicUrl: PUBLIC };

interface District {
  id: string;
  conversation: string;
}
const north: District = { id: '', conversation: '' };
const south: District = { id: '', conversation: '' };
const people: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function idOf(email: string): Promise<string> {
  const [r] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return r.id;
}

async function newSession(d: District, at: Date, expected: string[]): Promise<string> {
  const [s] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at) VALUES ($1, $2, $3) RETURNING id`,
    [d.id, d.conversation, at],
  );
  for (const p of expected)
    await server.owner.query(
      `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
      [d.id, s.id, p],
    );
  return s.id;
}

async function emit(d: District, type: string, sessionId: string): Promise<void> {
  await server.owner.query(
    `INSERT INTO outbox_event (district_id, type, subject_type, subject_id, payload) VALUES ($1, $2, 'ConversationSession', $3, '{}')`,
    [d.id, type, sessionId],
  );
}

const reminders = (d: District) =>
  withTenantTransaction(server.app, { districtId: d.id }, (m) => sendReminders(m, d.id, MAIL));
const digests = (d: District) =>
  withTenantTransaction(server.app, { districtId: d.id }, (m) => sendDigests(m, d.id, MAIL));

async function messagesAbout(subjectId: string, email: string, kind?: string) {
  return server.owner.query(
    `SELECT id, kind, state, subject, body_text, deferred_until, language FROM mail_message
      WHERE subject_id = $1 AND to_address = $2 AND ($3::text IS NULL OR kind = $3) ORDER BY created_at`,
    [subjectId, email, kind ?? null],
  );
}

/** A message about this session: its UID in the raw message or in its decoded calendar part. */
const forSession = (id: string) => (r: Received) => {
  if (r.raw.includes(`session-${id}@throughline`)) return true;
  try {
    return calendarPart(r.raw).includes(`session-${id}@throughline`);
  } catch {
    return false;
  }
};

async function conversationOf(districtId: string, facilitator: string, title: string): Promise<string> {
  const [{ id }] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, title, type, purpose, first_starts_at, duration_minutes, setting,
       facilitator_id, evidence_to_bring, schedule_until)
     VALUES ($1, $2, 'COACHING', 'Plan the next observation', '2030-01-07T15:30', 30, 'Library', $3,
       'Running records from this week', '2030-06-01') RETURNING id`,
    [districtId, title, facilitator],
  );
  return id;
}

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    worker: true,
    mail: {
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Throughline <mail@throughline.test>',
      publicUrl: PUBLIC,
    },
  });
  for (const email of [
    'coach@northfield.example',
    'teacher@northfield.example',
    'principal@northfield.example',
    'admin@southbrook.example',
  ])
    people[email] = await idOf(email);
  [{ district_id: north.id }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [
    people['coach@northfield.example'],
  ]);
  [{ district_id: south.id }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [
    people['admin@southbrook.example'],
  ]);
  // Northfield in a zone with a half-hour offset and no daylight saving; Southbrook where the clocks change.
  await server.owner.query(`UPDATE district SET timezone = 'Asia/Kolkata' WHERE id = $1`, [north.id]);
  await server.owner.query(`UPDATE district SET timezone = 'America/Denver' WHERE id = $1`, [south.id]);
  await server.owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [north.id]);
  north.conversation = await conversationOf(north.id, people['coach@northfield.example'], 'Coaching cycle, grade 4');
  const [southPeople] = await server.owner.query(
    `SELECT (SELECT id FROM staff_member WHERE district_id = $1 AND email <> 'admin@southbrook.example' ORDER BY email LIMIT 1) AS other`,
    [south.id],
  );
  people.southOther = southPeople.other;
  south.conversation = await conversationOf(south.id, people['admin@southbrook.example'], 'Math leads, district');
  for (const email of ['teacher@northfield.example', 'coach@northfield.example', 'admin@northfield.example'])
    tokens[email] = (await server.signIn(email)).accessToken;
  tokens['admin@southbrook.example'] = (await server.signIn('admin@southbrook.example')).accessToken;
  tokens['principal@northfield.example'] = (await server.signIn('principal@northfield.example')).accessToken;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await smtp.stop();
});

const PROFILE = `mutation($i: MailProfileInput!) { mailProfileSet(input: $i) { language timezone ownQuietHours quietStart
  quietEnd digest effectiveLanguage effectiveTimezone effectiveQuietStart effectiveQuietEnd effectiveDigest digestAvailable } }`;
const SETTINGS = `mutation($i: MailSettingsInput!) { mailSettingsUpdate(input: $i) { quietStart quietEnd digestDefault
  digestHour language hourlyLimit outboxOnly kinds { kind mode } } }`;

/** mailSettingsUpdate on the version just read (settings carry one; a stale one is a CONFLICT). */
async function setSettings(i: Record<string, unknown>, token: string) {
  const read = ok(await server.gql(`{ mailSettings { version } }`, {}, token)).mailSettings;
  return server.gql(SETTINGS, { i: { ...i, version: read.version } }, token);
}

describe('mail preferences', () => {
  test("quiet hours: a reminder due inside the district's quiet hours, in its own zone, waits for their end", async () => {
    const teacher = people['teacher@northfield.example'];
    // Quiet from an hour ago until a few seconds from now, on Kolkata's clock (seconds precision, set directly).
    const [{ start, end, until }] = await server.owner.query(
      `SELECT (l - interval '1 hour')::time::text AS start, (l + interval '6 seconds')::time::text AS end,
              (l + interval '6 seconds') AT TIME ZONE 'Asia/Kolkata' AS until
         FROM (SELECT date_trunc('second', now() AT TIME ZONE 'Asia/Kolkata') AS l) x`,
    );
    await server.owner.query(`UPDATE mail_setting SET quiet_start = $2, quiet_end = $3 WHERE district_id = $1`, [
      north.id,
      start,
      end,
    ]);
    const at = new Date(Math.floor((Date.now() + 3 * 3_600_000) / 60_000) * 60_000);
    const later = await newSession(north, new Date(Date.now() + 30 * 3_600_000), [teacher]);
    const soon = await newSession(north, at, [teacher]);
    await reminders(north);
    await server.owner.query(`UPDATE mail_setting SET quiet_start = NULL, quiet_end = NULL WHERE district_id = $1`, [
      north.id,
    ]);
    const [row] = await messagesAbout(soon, 'teacher@northfield.example', 'SESSION_REMINDER');
    expect(new Date(row.deferred_until).getTime()).toBe(new Date(until).getTime());
    // Outside the lead time (24 h): not yet.
    expect(await messagesAbout(later, 'teacher@northfield.example')).toHaveLength(0);
    const [received] = await smtp.waitFor(
      (r) => r.to.includes('teacher@northfield.example') && subjectOf(r.raw).startsWith('Coming up'),
    );
    expect(received.at).toBeGreaterThanOrEqual(new Date(until).getTime());
    // The session's time as Kolkata's clock shows it (UTC+05:30).
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit' })
      .format(at)
      .replace(/\s/g, ' ');
    expect(subjectOf(received.raw)).toContain(`${local} (Asia/Kolkata)`);
  }, 120_000);

  test("the daily digest gathers a person's reminders into one message at the digest hour, once a day", async () => {
    const teacher = people['teacher@northfield.example'];
    const profile = ok(await server.gql(PROFILE, { i: { digest: true } }, tokens['teacher@northfield.example']));
    expect(profile.mailProfileSet).toMatchObject({ digest: true, effectiveDigest: true, digestAvailable: true });
    const soon = await newSession(north, new Date(Date.now() + 2 * 3_600_000), [teacher]);
    const ended = await newSession(north, new Date(Date.now() - 30 * 86_400_000), []);
    const [action] = await server.owner.query(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on)
       VALUES ($1, $2, $3, 'Reteach ratios', (now() AT TIME ZONE 'Asia/Kolkata')::date - 1) RETURNING id`,
      [north.id, ended, teacher],
    );
    await reminders(north);
    expect(await messagesAbout(soon, 'teacher@northfield.example')).toHaveLength(0);
    expect(await messagesAbout(action.id, 'teacher@northfield.example')).toHaveLength(0);
    // The coach, who did not choose the digest, gets the single reminder.
    expect(await messagesAbout(soon, 'coach@northfield.example', 'SESSION_REMINDER')).toHaveLength(1);
    const items = await server.owner.query(
      `SELECT kind FROM mail_digest_item WHERE staff_member_id = $1 AND subject_id = ANY($2::uuid[]) ORDER BY kind`,
      [teacher, [soon, action.id]],
    );
    expect(items.map((i: { kind: string }) => i.kind)).toEqual(['ACTION_OVERDUE', 'SESSION_REMINDER']);

    await server.owner.query(`UPDATE mail_setting SET digest_hour = 0 WHERE district_id = $1`, [north.id]);
    await Promise.all([digests(north), digests(north)]);
    await digests(north);
    const digest = await server.owner.query(
      `SELECT id FROM mail_message WHERE to_address = 'teacher@northfield.example' AND kind = 'DAILY_DIGEST'`,
    );
    expect(digest).toHaveLength(1);
    const [received] = await smtp.waitFor(
      (r) => r.to.includes('teacher@northfield.example') && subjectOf(r.raw).startsWith('Your day in Throughline'),
    );
    const text = textPart(received.raw);
    expect(text).toContain('Coming up: Coaching cycle, grade 4');
    expect(text).toContain('An action of yours is overdue');
    expect(text).toMatch(
      new RegExp(
        `${PUBLIC.replace(/\./g, '\\.')}/mail/unsubscribe/[0-9a-f-]{36}\\.${teacher}\\.ACTION_OVERDUE~SESSION_REMINDER\\.\\d+\\.`,
      ),
    );

    // A reminder after today's digest waits for tomorrow's.
    const another = await newSession(north, new Date(Date.now() + 4 * 3_600_000), [teacher]);
    await reminders(north);
    await digests(north);
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE to_address = 'teacher@northfield.example' AND kind = 'DAILY_DIGEST'`,
    );
    expect(n).toBe(1);
    const [waiting] = await server.owner.query(
      `SELECT message_id FROM mail_digest_item WHERE staff_member_id = $1 AND subject_id = $2`,
      [teacher, another],
    );
    expect(waiting.message_id).toBeNull();
    ok(await server.gql(PROFILE, { i: { digest: null } }, tokens['teacher@northfield.example']));
  }, 120_000);

  test("Spanish: a person's language picks the template; others keep the district's", async () => {
    const teacher = people['teacher@northfield.example'];
    const profile = ok(await server.gql(PROFILE, { i: { language: 'ES' } }, tokens['teacher@northfield.example']));
    expect(profile.mailProfileSet).toMatchObject({ language: 'ES', effectiveLanguage: 'ES' });
    const id = await newSession(north, new Date(Math.floor((Date.now() + 5 * 86_400_000) / 60_000) * 60_000), [
      teacher,
    ]);
    await emit(north, 'session.scheduled', id);
    const [es] = await smtp.waitFor((r) => r.to.includes('teacher@northfield.example') && forSession(id)(r));
    const [en] = await smtp.waitFor((r) => r.to.includes('coach@northfield.example') && forSession(id)(r));
    expect(subjectOf(es.raw)).toMatch(/^Invitación: Coaching cycle, grade 4, /);
    expect(textPart(es.raw)).toContain('Se cuenta con usted en esta conversación de aprendizaje');
    expect(textPart(es.raw)).toContain('Evidencias que traer: Running records from this week');
    expect(subjectOf(en.raw)).toMatch(/^Invitation: Coaching cycle, grade 4, /);
    const [row] = await messagesAbout(id, 'teacher@northfield.example', 'INVITATION');
    expect(row.language).toBe('es');
    ok(await server.gql(PROFILE, { i: { language: null } }, tokens['teacher@northfield.example']));
  }, 120_000);

  test('district defaults: a kind turned OFF reaches nobody, OPT_IN only those who turned it on', async () => {
    const admin = (await server.signIn('admin@northfield.example')).accessToken;
    const teacher = people['teacher@northfield.example'];
    const coach = people['coach@northfield.example'];
    ok(
      await server.gql(
        `mutation($i: [MailPreferenceInput!]!) { mailPreferencesSet(input: $i) { kind } }`,
        { i: [{ kind: 'SESSION_REMINDER', enabled: true }] },
        tokens['coach@northfield.example'],
      ),
    );
    ok(await setSettings({ kinds: [{ kind: 'SESSION_REMINDER', mode: 'OFF' }] }, admin));
    const off = await newSession(north, new Date(Date.now() + 5 * 3_600_000), [teacher]);
    await reminders(north);
    expect(await messagesAbout(off, 'teacher@northfield.example')).toHaveLength(0);
    expect(await messagesAbout(off, 'coach@northfield.example')).toHaveLength(0);

    const set = ok(await setSettings({ kinds: [{ kind: 'SESSION_REMINDER', mode: 'OPT_IN' }] }, admin));
    expect(set.mailSettingsUpdate.kinds).toContainEqual({ kind: 'SESSION_REMINDER', mode: 'OPT_IN' });
    const prefs = ok(
      await server.gql(
        `{ myMailPreferences { kind enabled chosen districtMode } }`,
        {},
        tokens['teacher@northfield.example'],
      ),
    ).myMailPreferences;
    expect(prefs.find((p: { kind: string }) => p.kind === 'SESSION_REMINDER')).toEqual({
      kind: 'SESSION_REMINDER',
      enabled: false,
      chosen: null,
      districtMode: 'OPT_IN',
    });
    const optIn = await newSession(north, new Date(Date.now() + 6 * 3_600_000), [teacher]);
    await reminders(north);
    expect(await messagesAbout(optIn, 'teacher@northfield.example')).toHaveLength(0);
    expect(await messagesAbout(optIn, 'coach@northfield.example', 'SESSION_REMINDER')).toHaveLength(1);
    ok(await setSettings({ kinds: [{ kind: 'SESSION_REMINDER', mode: 'ON' }] }, admin));
    void coach;
  }, 120_000);

  test("an overdue action's owner is nudged weekly until it is done, then never again", async () => {
    const teacher = people['teacher@northfield.example'];
    const held = await newSession(north, new Date(Date.now() - 40 * 86_400_000), []);
    const [action] = await server.owner.query(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on)
       VALUES ($1, $2, $3, 'Try the new warm-up', (now() AT TIME ZONE 'Asia/Kolkata')::date - 1) RETURNING id`,
      [north.id, held, teacher],
    );
    const overdue = async () => (await messagesAbout(action.id, 'teacher@northfield.example', 'ACTION_OVERDUE')).length;
    const weekPasses = () =>
      server.owner.query(`UPDATE action_item SET due_on = due_on - 7 WHERE id = $1`, [action.id]);
    await reminders(north);
    await reminders(north);
    expect(await overdue()).toBe(1);
    await weekPasses();
    await reminders(north);
    await reminders(north);
    expect(await overdue()).toBe(2);
    await server.owner.query(
      `UPDATE action_item SET status = 'DONE', completed_on = (now() AT TIME ZONE 'Asia/Kolkata')::date WHERE id = $1`,
      [action.id],
    );
    await weekPasses();
    await reminders(north);
    expect(await overdue()).toBe(2);
  }, 120_000);

  test('a demo district keeps its mail in the outbox even with SMTP, until an admin asks for delivery', async () => {
    const other = people.southOther;
    const id = await newSession(south, new Date(Date.now() + 3 * 86_400_000), [other]);
    await withTenantTransaction(server.app, { districtId: south.id }, (m) =>
      syncConversation(m, south.id, south.conversation, MAIL),
    );
    const end = Date.now() + 45_000;
    for (;;) {
      const rows = await server.owner.query(`SELECT state FROM mail_message WHERE subject_id = $1`, [id]);
      if (rows.length === 2 && rows.every((r: { state: string }) => r.state === 'OUTBOX')) break;
      if (Date.now() > end) throw new Error(`not kept in the outbox: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(smtp.messages.filter(forSession(id))).toHaveLength(0);
    const outbox = ok(
      await server.gql(
        `{ mailOutbox(filter: { state: "OUTBOX" }) { nodes { kind state subject bodyText language } } }`,
        {},
        tokens['admin@southbrook.example'],
      ),
    ).mailOutbox.nodes;
    expect(outbox.length).toBeGreaterThanOrEqual(2);
    expect(outbox[0].bodyText).toContain('You are expected at this learning conversation');
    const asked = ok(await setSettings({ outboxOnly: false }, tokens['admin@southbrook.example']));
    expect(asked.mailSettingsUpdate.outboxOnly).toBe(false);
  }, 120_000);

  test('a reschedule sends an update with the same UID and a higher SEQUENCE, at the right local time across a DST change', async () => {
    const other = people.southOther;
    const zone = 'America/Denver';
    const year = new Date().getUTCFullYear();
    const change = transitions(zone, year, year + 1).find((t) => t.at > Date.now() + 5 * 86_400_000)!;
    const day = (offsetDays: number) => new Date(change.at + offsetDays * 86_400_000).toISOString().slice(0, 10);
    const before = localInstant(`${day(-3)}T10:00`, zone);
    const after = localInstant(`${day(4)}T10:00`, zone);
    // The offsets differ: the same wall time is a different UTC hour on each side.
    expect((after.getTime() - before.getTime()) % 86_400_000).not.toBe(0);
    const id = await newSession(south, before, [other]);
    await withTenantTransaction(server.app, { districtId: south.id }, (m) =>
      syncConversation(m, south.id, south.conversation, MAIL, 400),
    );
    const otherEmail = (await server.owner.query(`SELECT email FROM staff_member WHERE id = $1`, [other]))[0].email;
    const [invite] = await smtp.waitFor((r) => r.to.includes(otherEmail) && forSession(id)(r));
    const parse = (raw: string) => {
      const comp = new ICAL.Component(ICAL.parse(calendarPart(raw)));
      for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
      const vevent = comp.getFirstSubcomponent('vevent')!;
      return { comp, vevent, event: new ICAL.Event(vevent) };
    };
    const first = parse(invite.raw);
    expect(first.event.startDate.toJSDate().getTime()).toBe(before.getTime());
    expect(first.event.startDate.hour).toBe(10);

    const gid = toGlobalId('ConversationSession', id);
    const [{ version }] = await server.owner.query(`SELECT version FROM conversation_session WHERE id = $1`, [id]);
    const move = `mutation($i: SessionRescheduleInput!) { sessionReschedule(input: $i) { session { id scheduledAt } } }`;
    // Refused: into the past, and by someone who does not manage the conversation.
    const past = await server.gql(
      move,
      { i: { id: gid, version, scheduledAt: new Date(Date.now() - 3_600_000).toISOString() } },
      tokens['admin@southbrook.example'],
    );
    expect(past.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(past.errors?.[0]?.extensions)).toContain('scheduledAt');
    const stranger = await server.gql(
      move,
      { i: { id: gid, version, scheduledAt: after.toISOString() } },
      tokens['teacher@northfield.example'],
    );
    expect(stranger.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    const moved = ok(
      await server.gql(
        move,
        { i: { id: gid, version, scheduledAt: after.toISOString() } },
        tokens['admin@southbrook.example'],
      ),
    ).sessionReschedule.session;
    expect(new Date(moved.scheduledAt).getTime()).toBe(after.getTime());

    const [update] = await smtp.waitFor(
      (r) => r.to.includes(otherEmail) && forSession(id)(r) && subjectOf(r.raw).startsWith('Changed:'),
    );
    const second = parse(update.raw);
    expect(second.comp.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(second.event.uid).toBe(first.event.uid);
    expect(second.event.sequence).toBeGreaterThan(first.event.sequence);
    expect(second.vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe(zone);
    expect(second.event.startDate.toJSDate().getTime()).toBe(after.getTime());
    expect(second.event.startDate.hour).toBe(10);
  }, 120_000);

  test('planning a new conversation as the principal puts its invitations in the outbox at once', async () => {
    const [{ id: schoolId }] = await server.owner.query(
      `SELECT id FROM school WHERE district_id = $1 AND code = 'NF-LMS'`,
      [north.id],
    );
    await server.owner.query(`UPDATE mail_setting SET outbox_only = true WHERE district_id = $1`, [north.id]);
    const start = new Date(Date.now() + 3 * 86_400_000);
    const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(start);
    const created = ok(
      await server.gql(
        `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) { sessionsScheduled conversation { id } } }`,
        {
          i: {
            schoolId: toGlobalId('School', schoolId),
            title: 'Grade 6 planning',
            type: 'JOINT_PLANNING',
            purpose: 'Plan the next unit from the last assessment',
            firstStartsAt: `${localDay}T15:00`,
            durationMinutes: 45,
            facilitatorId: toGlobalId('StaffMember', people['coach@northfield.example']),
            participantIds: [toGlobalId('StaffMember', people['teacher@northfield.example'])],
            scheduleUntil: localDay,
          },
        },
        tokens['principal@northfield.example'],
      ),
    ).conversationCreate;
    expect(created.sessionsScheduled).toBe(1);
    const end = Date.now() + 45_000;
    for (;;) {
      const rows = await server.owner.query(
        `SELECT m.to_address, m.state FROM mail_message m JOIN conversation_session s ON s.id = m.subject_id
          WHERE s.conversation_id = $1 AND m.kind = 'INVITATION' ORDER BY m.to_address`,
        [Buffer.from(created.conversation.id, 'base64url').toString().split(':')[1]],
      );
      if (rows.length === 2 && rows.every((r: { state: string }) => r.state === 'OUTBOX')) {
        expect(rows.map((r: { to_address: string }) => r.to_address)).toEqual([
          'coach@northfield.example',
          'teacher@northfield.example',
        ]);
        break;
      }
      if (Date.now() > end) throw new Error(`no invitations in the outbox: ${JSON.stringify(rows)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [north.id]);
  }, 120_000);

  test("the district's hourly bound: a message past it waits for the next hour's room", async () => {
    const other = people.southOther;
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE district_id = $1 AND claimed_at > now() - interval '1 hour'`,
      [south.id],
    );
    await server.owner.query(`UPDATE mail_setting SET hourly_limit = $2 WHERE district_id = $1`, [south.id, n + 1]);
    const id = await newSession(south, new Date(Date.now() + 4 * 86_400_000), [other]);
    await emit(south, 'session.scheduled', id);
    const end = Date.now() + 45_000;
    let rows: { id: string; state: string }[];
    for (;;) {
      rows = await server.owner.query(`SELECT id, state FROM mail_message WHERE subject_id = $1 ORDER BY id`, [id]);
      const jobs = rows.length
        ? await server.owner.query(`SELECT run_at FROM graphile_worker.jobs WHERE key = ANY($1::text[])`, [
            rows.map((r) => `mail.send:${r.id}`),
          ])
        : [];
      if (
        rows.length === 2 &&
        rows.filter((r) => r.state === 'SENT').length === 1 &&
        jobs.length === 1 &&
        new Date(jobs[0].run_at).getTime() > Date.now() + 30 * 60_000
      )
        break;
      if (Date.now() > end) throw new Error(`not bounded: ${JSON.stringify(rows)} ${JSON.stringify(jobs)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows.filter((r) => r.state === 'PENDING')).toHaveLength(1);
    await server.owner.query(`UPDATE mail_setting SET hourly_limit = 500 WHERE district_id = $1`, [south.id]);
  }, 120_000);

  test('bad input is refused with its fields, and writes nothing; a teacher cannot change district mail', async () => {
    const token = tokens['teacher@northfield.example'];
    const bad = await server.gql(
      PROFILE,
      { i: { timezone: 'Mars/Olympus', ownQuietHours: true, quietStart: '25:00', quietEnd: null } },
      token,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (bad.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['timezone', 'quietStart']));
    const [row] = await server.owner.query(`SELECT timezone FROM mail_profile WHERE staff_member_id = $1`, [
      people['teacher@northfield.example'],
    ]);
    expect(row?.timezone ?? null).toBeNull();
    const good = ok(
      await server.gql(PROFILE, { i: { ownQuietHours: true, quietStart: '21:30', quietEnd: '06:45' } }, token),
    ).mailProfileSet;
    expect(good).toMatchObject({ ownQuietHours: true, effectiveQuietStart: '21:30', effectiveQuietEnd: '06:45' });
    ok(await server.gql(PROFILE, { i: { ownQuietHours: false } }, token));

    const admin = (await server.signIn('admin@northfield.example')).accessToken;
    const refused = await setSettings({ hourlyLimit: 0, digestHour: 24, quietStart: '07:00' }, admin);
    expect((refused.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'digestHour',
      'hourlyLimit',
      'quietEnd',
    ]);
    const teacherRefused = await server.gql(SETTINGS, { i: { version: 0, outboxOnly: true } }, token);
    expect(teacherRefused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const twice = await server.gql(
      `mutation($i: [MailPreferenceInput!]!) { mailPreferencesSet(input: $i) { kind } }`,
      { i: [{ kind: 'DAILY_DIGEST', enabled: true }] },
      token,
    );
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }, 120_000);
});
