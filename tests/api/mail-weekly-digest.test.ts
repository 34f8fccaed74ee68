import type { EntityManager } from 'typeorm';
import { ok, startTestServer, type TestServer } from '../support/server';
import { decodedMessage, Smtp, subjectOf, textPart, type Received } from '../support/smtp';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { digestWeek, sendWeeklyDigests } from '../../packages/api/src/modules/mail/weekly-digest';
import { sendReminders } from '../../packages/api/src/modules/mail/reminders';
import { withTenantTransaction } from '../../packages/api/src/db/transaction';

/**
 * The school leader's weekly digest (issue 13), end to end with the real worker, PostgreSQL and an SMTP server in the
 * test: its held/missed/overdue figures are the GraphQL funnel's for the same school and week (asked with the
 * principal's own token), its overdue list names the actions (conversation, owner, due day), the strategy the funnel
 * grades off track is listed; sent once per leader per week however many workers run it, and never to a leader who
 * opted out or in a district that turned the kind off; Spanish for a Spanish reader; nothing confidential in it.
 * Also: the log and rate nudges repeat in later rounds and stop once done.
 *
 * The worker's own schedule may run the digest too while this suite runs: every assertion counts what arrived after
 * the moment it starts from, and the exactly-once rule is the same for the schedule and for the runs here. "A new
 * week" is simulated by deleting the leader's sent_reminder row for the week (what the next Monday's round number
 * would leave free).
 */

const MARKER = 'CONFIDENTIAL-MARKER-WEEKLY-5e1d';
const PUBLIC = 'https://tl.example.org';
const MAIL = { smtpUrl: null, from: 'x', publicUrl: PUBLIC };

const smtp = new Smtp();
let server: TestServer;
let district: string;
let school: string;
let conversation: string;
let strategy: string;
let week: { from: string; to: string; round: number };
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const PRINCIPAL = 'principal@northfield.example';
const marker = (where: string) => `${MARKER}-${where}`;

const inDistrict = <T>(fn: (m: EntityManager) => Promise<T>) =>
  withTenantTransaction(server.app, { districtId: district }, fn);
const digests = () => inDistrict((m) => sendWeeklyDigests(m, district, MAIL));
const reminders = () => inDistrict((m) => sendReminders(m, district, MAIL));

async function idOf(email: string): Promise<string> {
  const [r] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return r.id;
}

/** A new week for the principal: this week's digest row removed, so the next run may send it again. */
async function newWeekFor(staffId: string): Promise<number> {
  await server.owner.query(
    `DELETE FROM sent_reminder WHERE district_id = $1 AND kind = 'WEEKLY_DIGEST' AND staff_member_id = $2`,
    [district, staffId],
  );
  return Date.now();
}

async function digestsSince(email: string, since: number): Promise<number> {
  const [{ n }] = await server.owner.query(
    `SELECT count(*)::int AS n FROM mail_message WHERE district_id = $1 AND kind = 'WEEKLY_DIGEST' AND to_address = $2
        AND created_at >= to_timestamp($3::float8 / 1000)`,
    [district, email, since],
  );
  return n;
}

const digestTo = (email: string, since: number) => (r: Received) =>
  r.to.includes(email) &&
  r.at >= since &&
  /^(Your schools' week in Throughline|La semana de sus centros en Throughline)/.test(subjectOf(r.raw));

/** A figure of the digest's text: "Held: 3". */
function figure(text: string, label: string): number {
  const m = new RegExp(`^${label.replace(/[()]/g, '\\$&')}: (\\d+)$`, 'm').exec(text);
  if (!m) throw new Error(`no "${label}" in the digest`);
  return Number(m[1]);
}

/** An instant on a day of the district's calendar, at a local time. */
async function localAt(day: string, time: string): Promise<Date> {
  const [{ at }] = await server.owner.query(
    `SELECT ($2::date + $3::time) AT TIME ZONE d.timezone AS at FROM district d WHERE d.id = $1`,
    [district, day, time],
  );
  return new Date(at);
}

async function session(at: Date, expected: string[], of = conversation): Promise<string> {
  const [s] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, notes, check_in, check_out)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [district, of, at, marker('notes'), marker('checkin'), marker('checkout')],
  );
  for (const p of expected)
    await server.owner.query(
      `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
      [district, s.id, p],
    );
  return s.id;
}

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    worker: true,
    mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Throughline <mail@throughline.test>', publicUrl: PUBLIC },
  });
  for (const email of [PRINCIPAL, 'coach@northfield.example', 'teacher@northfield.example', 'admin@northfield.example'])
    ids[email] = await idOf(email);
  [{ district_id: district }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [
    ids[PRINCIPAL],
  ]);
  [{ school_id: school }] = await server.owner.query(
    `SELECT school_id FROM role_assignment WHERE staff_member_id = $1 AND role = 'SCHOOL_LEADER' AND valid_to IS NULL`,
    [ids[PRINCIPAL]],
  );
  await server.owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [district]);
  week = await inDistrict((m) => digestWeek(m, district));
  const coach = ids['coach@northfield.example'];
  const teacher = ids['teacher@northfield.example'];
  [{ id: conversation }] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
       setting, facilitator_id, evidence_to_bring, schedule_until)
     VALUES ($1, $2, 'Weekly digest: grade 7 number talks', 'COACHING', 'Plan the next cycle', '2030-01-07T15:30', 30,
       'Room 12', $3, 'Exit tickets', '2030-06-01') RETURNING id`,
    [district, school, coach],
  );
  // Last week: Monday's session held (logged through the API with notes, check-in/out and a reflection), Tuesday's
  // never logged (missed, its time to log it long over); an action from Monday's, overdue since Wednesday.
  const held = await session(await localAt(week.from, '15:00'), [teacher]);
  await session(await localAt(addDays(week.from, 1), '15:00'), [teacher]);
  for (const email of ['coach@northfield.example', PRINCIPAL, 'teacher@northfield.example'])
    tokens[email] = (await server.signIn(email)).accessToken;
  const [{ version }] = await server.owner.query(`SELECT version FROM conversation_session WHERE id = $1`, [held]);
  const logged = ok(
    await server.gql(
      `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id } } }`,
      {
        i: {
          id: toGlobalId('ConversationSession', held),
          version,
          heldAt: (await localAt(week.from, '15:00')).toISOString(),
          durationMinutes: 30,
          attendeeIds: [toGlobalId('StaffMember', coach), toGlobalId('StaffMember', teacher)],
          notes: marker('logged-notes'),
          checkIn: marker('logged-checkin'),
          checkOut: marker('logged-checkout'),
        },
      },
      tokens['coach@northfield.example'],
    ),
  ).sessionLog.session;
  const prompts: { id: string }[] = await server.owner.query(
    `SELECT id FROM reflection_prompt WHERE district_id = $1 AND active ORDER BY position LIMIT 2`,
    [district],
  );
  ok(
    await server.gql(
      `mutation($i: ReflectionSaveInput!) { reflectionSave(input: $i) { reflection { id } } }`,
      {
        i: {
          sessionId: logged.id,
          shared: true,
          answers: prompts.map((p, i) => ({
            promptId: toGlobalId('ReflectionPrompt', p.id),
            answer: marker(`reflection-${i}`),
          })),
        },
      },
      tokens['teacher@northfield.example'],
    ),
  );
  await server.owner.query(
    `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on) VALUES ($1, $2, $3, $4, $5)`,
    [district, held, teacher, marker('action'), addDays(week.from, 2)],
  );
  // A strategy of the school, active since last Monday, depending on this conversation (mapped before its sessions).
  [{ id: strategy }] = await server.owner.query(
    `INSERT INTO improvement_strategy (district_id, school_id, title, goal, kind, status, starts_on, owner_id)
     VALUES ($1, $2, 'Number talks every week', 'Fluency', 'COACHING', 'ACTIVE', $3, $4) RETURNING id`,
    [district, school, week.from, ids[PRINCIPAL]],
  );
  await server.owner.query(
    `INSERT INTO conversation_mapping (district_id, strategy_id, conversation_id, dimension, expected_change, valid_from)
     VALUES ($1, $2, $3, 'PRACTICE', 'Daily number talks', $4::date - 7)`,
    [district, strategy, conversation, week.from],
  );
  // Due at any time this week from now on (hour 0 of the district's Monday).
  await server.owner.query(`UPDATE mail_setting SET digest_hour = 0 WHERE district_id = $1`, [district]);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await smtp.stop();
});

afterEach(() => {
  for (const m of smtp.messages) expect(decodedMessage(m.raw)).not.toContain(MARKER);
});

function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

describe("the school leader's weekly digest", () => {
  test('counts what the funnel counts for the school and week, names the overdue actions and the strategy off track', async () => {
    const since = await newWeekFor(ids[PRINCIPAL]);
    await digests();
    const [received] = await smtp.waitFor(digestTo(PRINCIPAL, since));
    const text = textPart(received.raw);
    expect(subjectOf(received.raw)).toMatch(/^Your schools' week in Throughline: /);

    const funnel = ok(
      await server.gql(
        `query($s: FunnelScopeInput!, $w: DateWindowInput!) { funnel(scope: $s, window: $w) {
           due held missed missedWithReason overdueActionsCount } }`,
        { s: { kind: 'SCHOOL', id: toGlobalId('School', school) }, w: { from: week.from, to: week.to } },
        tokens[PRINCIPAL],
      ),
    ).funnel;
    expect(funnel.held).toBeGreaterThanOrEqual(1);
    expect(funnel.missed).toBeGreaterThanOrEqual(1);
    expect(funnel.overdueActionsCount).toBeGreaterThanOrEqual(1);
    expect({
      due: figure(text, 'Sessions due'),
      held: figure(text, 'Held'),
      missed: figure(text, 'Missed'),
      missedWithReason: figure(text, 'Cancelled late (missed with a reason)'),
      overdueActionsCount: figure(text, 'Actions overdue today'),
    }).toEqual(funnel);

    const [{ name }] = await server.owner.query(`SELECT name FROM school WHERE id = $1`, [school]);
    expect(text).toContain(`== ${name} ==`);
    // The overdue action by its conversation, owner and due day (its own text stays out: afterEach).
    expect(text).toContain('From "Weekly digest: grade 7 number talks": Sam Ortiz, due ');
    const health = ok(
      await server.gql(
        `query($s: FunnelScopeInput!, $w: DateWindowInput!) { funnel(scope: $s, window: $w) { health } }`,
        {
          s: { kind: 'STRATEGY', id: toGlobalId('ImprovementStrategy', strategy) },
          w: { from: week.from, to: week.to },
        },
        tokens[PRINCIPAL],
      ),
    ).funnel.health;
    expect(health).toBe('OFF_TRACK');
    expect(text).toMatch(/Strategies off track:\s+(- .*\s+)*- Number talks every week/);
    // A link into the portal and a one-click unsubscribe link, in the text and the headers.
    expect(text).toContain(`${PUBLIC}/#/`);
    expect(text).toContain(`${PUBLIC}/mail/unsubscribe/`);
    expect(received.raw).toMatch(/List-Unsubscribe:\s+<https:\/\/tl\.example\.org\/mail\/unsubscribe\//);
    // Accessible HTML: a language, a heading per school, figures as a definition list.
    const [row] = await server.owner.query(
      `SELECT language FROM mail_message WHERE kind = 'WEEKLY_DIGEST' AND to_address = $1 ORDER BY created_at DESC LIMIT 1`,
      [PRINCIPAL],
    );
    expect(row.language).toBe('en');
    const html = decodedMessage(received.raw);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<h2>${name}</h2>`);
    expect(html).toContain('<dt><strong>Held</strong></dt>');
  }, 180_000);

  test('sent once per leader per week: a second run and two concurrent runs send nothing more', async () => {
    const since = await newWeekFor(ids[PRINCIPAL]);
    await Promise.all([digests(), digests()]);
    await digests();
    expect(await digestsSince(PRINCIPAL, since)).toBe(1);
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM sent_reminder WHERE kind = 'WEEKLY_DIGEST' AND staff_member_id = $1 AND round = $2`,
      [ids[PRINCIPAL], week.round],
    );
    expect(n).toBe(1);
    await smtp.waitFor(digestTo(PRINCIPAL, since));
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.messages.filter(digestTo(PRINCIPAL, since))).toHaveLength(1);
  }, 120_000);

  test('a leader who opted out gets nothing; nor does anyone when the district turns the kind off', async () => {
    const set = (enabled: boolean) =>
      server.gql(
        `mutation($i: [MailPreferenceInput!]!) { mailPreferencesSet(input: $i) { kind enabled } }`,
        { i: [{ kind: 'WEEKLY_DIGEST', enabled }] },
        tokens[PRINCIPAL],
      );
    const prefs = ok(await set(false)).mailPreferencesSet;
    expect(prefs).toContainEqual({ kind: 'WEEKLY_DIGEST', enabled: false });
    let since = await newWeekFor(ids[PRINCIPAL]);
    await digests();
    expect(await digestsSince(PRINCIPAL, since)).toBe(0);
    ok(await set(true));

    const admin = (await server.signIn('admin@northfield.example')).accessToken;
    // Settings carry a version: each change is made on the one just read.
    const kinds = async (mode: string) => {
      const { version } = ok(await server.gql(`{ mailSettings { version } }`, {}, admin)).mailSettings;
      return server.gql(
        `mutation($i: MailSettingsInput!) { mailSettingsUpdate(input: $i) { kinds { kind mode } } }`,
        { i: { version, kinds: [{ kind: 'WEEKLY_DIGEST', mode }] } },
        admin,
      );
    };
    expect(ok(await kinds('OFF')).mailSettingsUpdate.kinds).toContainEqual({ kind: 'WEEKLY_DIGEST', mode: 'OFF' });
    since = await newWeekFor(ids[PRINCIPAL]);
    await digests();
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE district_id = $1 AND kind = 'WEEKLY_DIGEST'
          AND created_at >= to_timestamp($2::float8 / 1000)`,
      [district, since],
    );
    expect(n).toBe(0);
    ok(await kinds('ON'));
    // Back on: this week's digest goes (it had not been sent); it has arrived before the next test starts.
    await digests();
    expect(await digestsSince(PRINCIPAL, since)).toBe(1);
    await smtp.waitFor(digestTo(PRINCIPAL, since));
  }, 120_000);

  test('a Spanish-speaking leader gets it in Spanish', async () => {
    const profile = (language: string | null) =>
      server.gql(
        `mutation($i: MailProfileInput!) { mailProfileSet(input: $i) { effectiveLanguage } }`,
        { i: { language } },
        tokens[PRINCIPAL],
      );
    expect(ok(await profile('ES')).mailProfileSet.effectiveLanguage).toBe('ES');
    const since = await newWeekFor(ids[PRINCIPAL]);
    await digests();
    const [received] = await smtp.waitFor(
      (r) => digestTo(PRINCIPAL, since)(r) && subjectOf(r.raw).startsWith('La semana'),
    );
    expect(subjectOf(received.raw)).toMatch(
      /^La semana de sus centros en Throughline: del \d+ de \p{L}+ de \d{4} al /u,
    );
    const text = textPart(received.raw);
    expect(text).toMatch(/^Celebradas: \d+$/m);
    expect(text).toMatch(/^Perdidas: \d+$/m);
    expect(text).toContain('De «Weekly digest: grade 7 number talks»: Sam Ortiz, vencía el ');
    expect(text).toContain('No recibir más este tipo de correo');
    expect(decodedMessage(received.raw)).toContain('<html lang="es">');
    ok(await profile(null));
  }, 120_000);
});

describe('nudges repeat in later rounds and stop once done', () => {
  // A district-wide conversation of their own, so moving its sessions back never touches the digest's school and week.
  let own: string;
  beforeAll(async () => {
    [{ id: own }] = await server.owner.query(
      `INSERT INTO learning_conversation (district_id, title, type, purpose, first_starts_at, duration_minutes, setting,
         facilitator_id, evidence_to_bring, schedule_until)
       VALUES ($1, 'Nudges: coaching cycle', 'COACHING', 'Plan', '2030-01-07T15:30', 30, 'Library', $2, '', '2030-06-01')
       RETURNING id`,
      [district, ids['coach@northfield.example']],
    );
  });
  async function nudges(kind: string, sessionId: string, email: string): Promise<number> {
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM mail_message WHERE kind = $1 AND subject_id = $2 AND to_address = $3`,
      [kind, sessionId, email],
    );
    return n;
  }

  test('LOG_NUDGE: every other day until the session is logged, then never again', async () => {
    const coach = 'coach@northfield.example';
    const id = await session(new Date(Date.now() - 3 * 3_600_000), [], own);
    const twoDaysPass = () =>
      server.owner.query(
        `UPDATE conversation_session SET scheduled_at = scheduled_at - interval '2 days' WHERE id = $1`,
        [id],
      );
    await reminders();
    await reminders();
    expect(await nudges('LOG_NUDGE', id, coach)).toBe(1);
    await twoDaysPass();
    await reminders();
    await reminders();
    expect(await nudges('LOG_NUDGE', id, coach)).toBe(2);
    await server.owner.query(
      `UPDATE conversation_session SET status = 'HELD', held_at = scheduled_at, duration_minutes = 30 WHERE id = $1`,
      [id],
    );
    await twoDaysPass();
    await reminders();
    expect(await nudges('LOG_NUDGE', id, coach)).toBe(2);
  }, 120_000);

  test('RATE_NUDGE: once while the rating is open, once more on its last day; never after rating', async () => {
    const coach = ids['coach@northfield.example'];
    const teacher = ids['teacher@northfield.example'];
    const id = await session(new Date(Date.now() - 5 * 3_600_000), [teacher], own);
    await server.owner.query(
      `UPDATE conversation_session SET status = 'HELD', held_at = now() - interval '4 hours', duration_minutes = 30,
              rating_closes_at = now() + interval '5 days' WHERE id = $1`,
      [id],
    );
    for (const p of [coach, teacher])
      await server.owner.query(
        `INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
        [district, id, p],
      );
    await reminders();
    await reminders();
    expect(await nudges('RATE_NUDGE', id, 'teacher@northfield.example')).toBe(1);
    expect(await nudges('RATE_NUDGE', id, 'coach@northfield.example')).toBe(1);
    // The teacher rates; then the window's last day comes: only the coach, who has not rated, is nudged again.
    const [criterion] = await server.owner.query(
      `SELECT id FROM rubric_criterion WHERE district_id = $1 AND active ORDER BY position LIMIT 1`,
      [district],
    );
    await server.owner.query(
      `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, 3)`,
      [district, id, teacher, criterion.id],
    );
    await server.owner.query(
      `UPDATE conversation_session SET rating_closes_at = now() + interval '12 hours' WHERE id = $1`,
      [id],
    );
    await reminders();
    await reminders();
    expect(await nudges('RATE_NUDGE', id, 'coach@northfield.example')).toBe(2);
    expect(await nudges('RATE_NUDGE', id, 'teacher@northfield.example')).toBe(1);
    // Closed: no more rounds.
    await server.owner.query(
      `UPDATE conversation_session SET rating_closes_at = now() - interval '1 minute' WHERE id = $1`,
      [id],
    );
    await reminders();
    expect(await nudges('RATE_NUDGE', id, 'coach@northfield.example')).toBe(2);
  }, 120_000);
});
