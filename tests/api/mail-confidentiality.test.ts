import { ok, startTestServer, type TestServer } from '../support/server';
import { decodedMessage, Smtp } from '../support/smtp';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { syncConversation } from '../../packages/api/src/modules/mail/invitations';
import { sendReminders } from '../../packages/api/src/modules/mail/reminders';
import { sendDigests } from '../../packages/api/src/modules/mail/digests';
import { withTenantTransaction } from '../../packages/api/src/db/transaction';

/**
 * Confidential text never leaves through mail or a calendar (issue 13). Markers are planted, through the API where a
 * person would write them, in a session's notes, check-in and check-out lines, a reflection's answers, an action's
 * description and its evidence of changed practice, and a cancellation's reason; then every way out is exercised —
 * invitations, updates and cancellations (English and Spanish), the session reminder, the log, rate and action
 * nudges, the daily digest, and the person, school and conversation feeds — and every message that reaches the SMTP
 * server (each MIME part decoded), every message and digest line kept in the database, and every feed body is
 * searched for them.
 */

const SECRET = 'SECRET-7f3a';
const marker = (field: string) => `${SECRET}-${field}`;
const PUBLIC = 'https://tl.example.org';
const MAIL = { smtpUrl: null, from: 'x', publicUrl: PUBLIC };

const smtp = new Smtp();
let server: TestServer;
let district: string;
let conversation: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

async function idOf(email: string): Promise<string> {
  const [r] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return r.id;
}

async function session(at: Date, fields: { notes?: string; check_in?: string } = {}): Promise<string> {
  const [s] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, notes, check_in)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [district, conversation, at, fields.notes ?? null, fields.check_in ?? null],
  );
  await server.owner.query(
    `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
    [district, s.id, ids.teacher],
  );
  return s.id;
}

const inDistrict = <T>(work: (m: import('typeorm').EntityManager) => Promise<T>) =>
  withTenantTransaction(server.app, { districtId: district }, work);

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    worker: true,
    mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Throughline <mail@throughline.test>', publicUrl: PUBLIC },
  });
  for (const who of ['coach', 'teacher', 'principal', 'admin']) {
    ids[who] = await idOf(`${who}@northfield.example`);
    tokens[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
  }
  [{ district_id: district }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [
    ids.coach,
  ]);
  await server.owner.query(`UPDATE mail_setting SET outbox_only = false, digest_hour = 0 WHERE district_id = $1`, [
    district,
  ]);
  const [{ id: school }] = await server.owner.query(
    `SELECT id FROM school WHERE district_id = $1 AND code = 'NF-LMS'`,
    [district],
  );
  ids.school = school;
  [{ id: conversation }] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
       setting, facilitator_id, evidence_to_bring, schedule_until)
     VALUES ($1, $2, 'Reading conferences', 'COACHING', 'Plan small-group reading', '2030-01-07T15:30', 30, 'Room 4',
       $3, 'Two running records', '2030-06-01') RETURNING id`,
    [district, school, ids.coach],
  );
  // Spanish for the teacher, the daily digest for the coach: those paths too.
  ok(
    await server.gql(
      `mutation($i: MailProfileInput!) { mailProfileSet(input: $i) { effectiveLanguage } }`,
      { i: { language: 'ES' } },
      tokens.teacher,
    ),
  );
  ok(
    await server.gql(
      `mutation($i: MailProfileInput!) { mailProfileSet(input: $i) { effectiveDigest } }`,
      { i: { digest: true } },
      tokens.coach,
    ),
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await smtp.stop();
});

describe('nothing confidential leaves by mail or calendar', () => {
  test('markers in notes, check-in/out, reflections, actions and reasons appear in no message, digest or feed', async () => {
    // 1. A session held two hours ago, logged through the API with notes, check-in/out and an action.
    const held = await session(new Date(Date.now() - 2 * 3_600_000));
    const [{ version }] = await server.owner.query(`SELECT version FROM conversation_session WHERE id = $1`, [held]);
    const logged = ok(
      await server.gql(
        `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id actions { id } } } }`,
        {
          i: {
            id: toGlobalId('ConversationSession', held),
            version,
            heldAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
            durationMinutes: 30,
            attendeeIds: [toGlobalId('StaffMember', ids.coach), toGlobalId('StaffMember', ids.teacher)],
            notes: marker('notes'),
            checkIn: marker('checkin'),
            checkOut: marker('checkout'),
            actions: [
              {
                description: marker('action'),
                ownerId: toGlobalId('StaffMember', ids.teacher),
                dueOn: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
              },
            ],
          },
        },
        tokens.coach,
      ),
    ).sessionLog.session;
    // 2. The teacher's reflection on it (and the coach's).
    const prompts: { id: string }[] = await server.owner.query(
      `SELECT id FROM reflection_prompt WHERE district_id = $1 AND active ORDER BY position LIMIT 2`,
      [district],
    );
    for (const who of ['teacher', 'coach'])
      ok(
        await server.gql(
          `mutation($i: ReflectionSaveInput!) { reflectionSave(input: $i) { reflection { id } } }`,
          {
            i: {
              sessionId: logged.id,
              shared: true,
              answers: prompts.map((p, i) => ({
                promptId: toGlobalId('ReflectionPrompt', p.id),
                answer: marker(`reflection-${who}-${i}`),
              })),
            },
          },
          tokens[who],
        ),
      );
    // 3. An overdue action with a marker, and one done with its evidence of changed practice.
    const overdueSession = await session(new Date(Date.now() - 20 * 86_400_000));
    await server.owner.query(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on)
       VALUES ($1, $2, $3, $4, (now() AT TIME ZONE 'America/Chicago')::date - 3)`,
      [district, overdueSession, ids.teacher, marker('overdue-action')],
    );
    await server.owner.query(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status, completed_on, practice_change_evidence)
       VALUES ($1, $2, $3, $4, current_date - 1, 'DONE', current_date, $5)`,
      [district, overdueSession, ids.teacher, marker('done-action'), marker('practice')],
    );
    // 4. Sessions to come (one soon, one later) and one ended but not logged, with notes planted directly.
    const soon = await session(new Date(Date.now() + 3 * 3_600_000), { notes: marker('soon-notes') });
    const later = await session(new Date(Date.now() + 6 * 86_400_000), { check_in: marker('later-checkin') });
    await session(new Date(Date.now() - 5 * 3_600_000), { notes: marker('unlogged-notes') });

    // Invitations; then the later one cancelled with a reason, and the soon one rescheduled (an update).
    await inDistrict((m) => syncConversation(m, district, conversation, MAIL));
    const [{ version: laterVersion }] = await server.owner.query(
      `SELECT version FROM conversation_session WHERE id = $1`,
      [later],
    );
    ok(
      await server.gql(
        `mutation($i: SessionCancelInput!) { sessionCancel(input: $i) { session { id } } }`,
        { i: { id: toGlobalId('ConversationSession', later), version: laterVersion, reason: marker('reason') } },
        tokens.coach,
      ),
    );
    const [{ version: soonVersion }] = await server.owner.query(
      `SELECT version FROM conversation_session WHERE id = $1`,
      [soon],
    );
    ok(
      await server.gql(
        `mutation($i: SessionRescheduleInput!) { sessionReschedule(input: $i) { session { id } } }`,
        {
          i: {
            id: toGlobalId('ConversationSession', soon),
            version: soonVersion,
            scheduledAt: new Date(Math.floor((Date.now() + 4 * 3_600_000) / 60_000) * 60_000).toISOString(),
          },
        },
        tokens.principal,
      ),
    );
    // Reminders and nudges (session reminder, log, rate, action due and overdue), then the coach's digest.
    await inDistrict((m) => sendReminders(m, district, MAIL));
    await inDistrict((m) => sendDigests(m, district, MAIL));

    // Everything queued has left (or failed); every kind was exercised.
    const end = Date.now() + 60_000;
    for (;;) {
      const [{ pending }] = await server.owner.query(
        `SELECT count(*)::int AS pending FROM mail_message WHERE district_id = $1 AND state = 'PENDING'`,
        [district],
      );
      const [{ updates }] = await server.owner.query(
        `SELECT count(*)::int AS updates FROM session_invitation WHERE district_id = $1 AND session_id = $2 AND sequence > 0`,
        [district, soon],
      );
      if (pending === 0 && updates > 0) break;
      if (Date.now() > end) throw new Error(`${pending} messages still pending`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const kinds: { kind: string }[] = await server.owner.query(
      `SELECT DISTINCT kind FROM mail_message WHERE district_id = $1 ORDER BY kind`,
      [district],
    );
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining([
        'ACTION_DUE',
        'ACTION_OVERDUE',
        'DAILY_DIGEST',
        'INVITATION',
        'RATE_NUDGE',
        'SESSION_REMINDER',
      ]),
    );
    const [{ n: digestLines }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM mail_digest_item WHERE district_id = $1 AND kind = 'LOG_NUDGE'`,
      [district],
    );
    expect(digestLines).toBeGreaterThan(0);
    const methods: { calendar_method: string }[] = await server.owner.query(
      `SELECT DISTINCT calendar_method FROM mail_message WHERE district_id = $1 AND calendar_method IS NOT NULL`,
      [district],
    );
    expect(methods.map((m) => m.calendar_method).sort()).toEqual(['CANCEL', 'REQUEST']);
    const spanish = smtp.messages.filter((r) => r.to.includes('teacher@northfield.example'));
    expect(spanish.length).toBeGreaterThan(0);

    // Nothing of it in any message as delivered (every part decoded), in the log, or in a digest line.
    expect(smtp.messages.length).toBeGreaterThanOrEqual(kinds.length);
    for (const r of smtp.messages) expect(decodedMessage(r.raw)).not.toContain(SECRET);
    const stored = await server.owner.query(
      `SELECT subject, body_text, body_html, calendar, last_error FROM mail_message WHERE district_id = $1`,
      [district],
    );
    expect(JSON.stringify(stored)).not.toContain(SECRET);
    const lines = await server.owner.query(`SELECT line, link FROM mail_digest_item WHERE district_id = $1`, [
      district,
    ]);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    const outbox = ok(
      await server.gql(`{ mailOutbox(first: 100) { nodes { subject bodyText lastError } } }`, {}, tokens.admin),
    );
    expect(JSON.stringify(outbox)).not.toContain(SECRET);

    // Nor in any feed: the teacher's own, the principal's school, the coach's conversation.
    const feed = async (token: string, input: Record<string, unknown>) => {
      const created = ok(
        await server.gql(
          `mutation($i: CalendarFeedCreateInput) { calendarFeedCreate(input: $i) { url } }`,
          { i: input },
          token,
        ),
      ).calendarFeedCreate;
      const res = await fetch(created.url);
      expect(res.status).toBe(200);
      return res.text();
    };
    const feeds = [
      await feed(tokens.teacher, { kind: 'PERSON' }),
      await feed(tokens.principal, { kind: 'SCHOOL', schoolId: toGlobalId('School', ids.school) }),
      await feed(tokens.coach, {
        kind: 'CONVERSATION',
        conversationId: toGlobalId('LearningConversation', conversation),
      }),
    ];
    for (const body of feeds) {
      expect(body).toContain(`session-${held}@throughline`);
      expect(body).not.toContain(SECRET);
    }
  }, 120_000);
});
