import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { calendarPart, decodedMessage, Smtp, textPart, type Received } from '../support/smtp';
import { fromGlobalId, toGlobalId } from '../../packages/api/src/graphql/global-id';
import { mailLinkKey, signUnsubscribe } from '../../packages/api/src/modules/mail/unsubscribe-token';

/**
 * Issue 13, the mail's edges (real API and worker, real PostgreSQL, a real SMTP server on 127.0.0.1):
 * - one-click unsubscribe with a signed token: the List-Unsubscribe URL of a message the SMTP server received,
 *   POSTed, turns that kind off for exactly its recipient; GET changes nothing; a token with one character changed,
 *   an expired one, or one naming another district's person answers 404 and writes nothing;
 * - the outbox pages on the server (cursor, total, filters by kind, state and recipient);
 * - the platform operator reads any district's outbox, and each read lands in that district's read audit;
 * - the district's mail settings carry a version: a stale one is a CONFLICT naming `version` and writes nothing.
 */

const MARKER = 'CONFIDENTIAL-MARKER-MAIL-LINKS-5d1e';
const PUBLIC = 'https://tl.example.org';
const smtp = new Smtp();
let server: TestServer;
const token: Record<string, string> = {};
const person: Record<string, string> = {};
let north = '';
let south = '';
let conversation = '';

async function idOf(email: string): Promise<string> {
  const [r] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return r.id;
}

/** A session of the Northfield conversation with its notes holding the marker, announced as services announce it. */
async function scheduledSession(expected: string[]): Promise<string> {
  const at = new Date(Math.floor((Date.now() + 6 * 86_400_000) / 60_000) * 60_000);
  const [s] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, notes, check_in) VALUES ($1, $2, $3, $4, $4) RETURNING id`,
    [north, conversation, at, MARKER],
  );
  for (const p of expected)
    await server.owner.query(
      `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
      [north, s.id, p],
    );
  await server.owner.query(
    `INSERT INTO outbox_event (district_id, type, subject_type, subject_id, payload) VALUES ($1, 'session.scheduled', 'ConversationSession', $2, '{}')`,
    [north, s.id],
  );
  return s.id;
}

const forSession = (id: string) => (r: Received) => {
  if (r.raw.includes(`session-${id}@throughline`)) return true;
  try {
    return calendarPart(r.raw).includes(`session-${id}@throughline`);
  } catch {
    return false;
  }
};

/** The URL of a message's List-Unsubscribe header (unfolded). */
function listUnsubscribe(raw: string): string {
  const headers = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const m = /^List-Unsubscribe: <([^>]+)>/im.exec(headers);
  if (!m) throw new Error('no List-Unsubscribe header');
  return m[1].replace(/\s+/g, '');
}

async function preferences(staffId: string): Promise<{ kind: string; enabled: boolean }[]> {
  return server.owner.query(`SELECT kind, enabled FROM mail_preference WHERE staff_member_id = $1 ORDER BY kind`, [
    staffId,
  ]);
}

const local = (url: string) => url.replace(PUBLIC, server.url);

beforeAll(async () => {
  await smtp.start();
  server = await startTestServer({
    worker: true,
    mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Throughline <mail@throughline.test>', publicUrl: PUBLIC },
  });
  for (const email of [
    'coach@northfield.example',
    'teacher@northfield.example',
    'admin@northfield.example',
    'admin@southbrook.example',
  ])
    person[email] = await idOf(email);
  for (const [who, email] of [
    ['nfAdmin', 'admin@northfield.example'],
    ['sbAdmin', 'admin@southbrook.example'],
    ['teacher', 'teacher@northfield.example'],
    ['operator', 'operator@throughline.example'],
  ])
    token[who] = (await server.signIn(email)).accessToken;
  [{ district_id: north }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [
    person['coach@northfield.example'],
  ]);
  [{ district_id: south }] = await server.owner.query(`SELECT district_id FROM staff_member WHERE id = $1`, [
    person['admin@southbrook.example'],
  ]);
  await server.owner.query(`UPDATE mail_setting SET outbox_only = false WHERE district_id = $1`, [north]);
  [{ id: conversation }] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, title, type, purpose, first_starts_at, duration_minutes, setting,
       facilitator_id, evidence_to_bring, schedule_until)
     VALUES ($1, 'Coaching cycle, links', 'COACHING', 'Plan the next observation', '2030-01-07T15:30', 30, 'Library',
       $2, 'Running records from this week', '2030-06-01') RETURNING id`,
    [north, person['coach@northfield.example']],
  );
}, 90_000);

afterAll(async () => {
  await server?.close();
  await smtp.stop();
});

afterEach(() => {
  for (const m of smtp.messages) expect(decodedMessage(m.raw)).not.toContain(MARKER);
});

describe('one-click unsubscribe with a signed token', () => {
  let url = '';

  test("a received message's List-Unsubscribe URL, POSTed, turns that kind off for exactly its recipient", async () => {
    const teacher = person['teacher@northfield.example'];
    const coach = person['coach@northfield.example'];
    const id = await scheduledSession([teacher]);
    const [invite] = await smtp.waitFor((r) => r.to.includes('teacher@northfield.example') && forSession(id)(r));
    await smtp.waitFor((r) => r.to.includes('coach@northfield.example') && forSession(id)(r));
    expect(invite.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
    url = listUnsubscribe(invite.raw);
    expect(url).toMatch(
      new RegExp(
        `^${PUBLIC.replace(/\./g, '\\.')}/mail/unsubscribe/${north}\\.${teacher}\\.INVITATION\\.\\d+\\.[\\w-]{43}$`,
      ),
    );
    // The body's link is the header's; the stored body never holds the token.
    expect(textPart(invite.raw).replace(/\r?\n/g, '')).toContain(url);

    const coachBefore = await preferences(coach);
    // A link scanner following the link (GET) changes nothing.
    const page = await fetch(local(url));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toMatch(/<form method="post">[\s\S]*invitation[\s\S]*<button type="submit">Unsubscribe/);
    expect(await preferences(teacher)).toEqual([]);

    // The mail client's one-click POST (RFC 8058).
    const res = await fetch(local(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await preferences(teacher)).toEqual([{ kind: 'INVITATION', enabled: false }]);
    expect(await preferences(coach)).toEqual(coachBefore);
    const mine = ok(
      await server.gql(`{ myMailPreferences { kind enabled chosen } }`, {}, token.teacher),
    ).myMailPreferences.find((p: { kind: string }) => p.kind === 'INVITATION');
    expect(mine).toEqual({ kind: 'INVITATION', enabled: false, chosen: false });

    // The next invitation reaches the coach only.
    const next = await scheduledSession([teacher]);
    await smtp.waitFor((r) => r.to.includes('coach@northfield.example') && forSession(next)(r));
    expect(smtp.messages.filter((r) => r.to.includes('teacher@northfield.example') && forSession(next)(r))).toEqual([]);
    await server.owner.query(`DELETE FROM mail_preference WHERE staff_member_id = $1`, [teacher]);
  }, 150_000);

  test('a token with one character changed, an expired one, or a foreign one: 404 in plain words, nothing written', async () => {
    expect(url).not.toBe('');
    const teacher = person['teacher@northfield.example'];
    const southAdmin = person['admin@southbrook.example'];
    const raw = url.split('/').pop()!;
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const key = await mailLinkKey(server.app);
    const refused = [
      flip(raw, raw.length - 5), // the signature
      flip(raw, raw.indexOf('INVITATION')), // the kind
      raw.replace(north, south), // another district, same signature
      signUnsubscribe(
        key,
        { districtId: north, staffMemberId: teacher, kinds: ['INVITATION'] },
        new Date(Date.now() - 400 * 86_400_000),
      ),
      // Signed with the real key, naming Southbrook's admin as if in Northfield: that person is not there.
      signUnsubscribe(key, { districtId: north, staffMemberId: southAdmin, kinds: ['INVITATION'] }),
      // And Northfield's teacher as if in Southbrook.
      signUnsubscribe(key, { districtId: south, staffMemberId: teacher, kinds: ['INVITATION'] }),
      'not-a-token',
    ];
    const before = await server.owner.query(`SELECT count(*)::int AS n FROM mail_preference`);
    for (const t of refused) {
      const res = await fetch(`${server.url}/mail/unsubscribe/${t}`, { method: 'POST', body: '' });
      expect(res.status).toBe(404);
      const text = await res.text();
      expect(text).toContain('This unsubscribe link is not valid, or it has expired. Nothing was changed.');
      expect(text).not.toMatch(/error|stack|sql/i);
      expect((await fetch(`${server.url}/mail/unsubscribe/${t}`)).status).toBe(404);
    }
    expect(await server.owner.query(`SELECT count(*)::int AS n FROM mail_preference`)).toEqual(before);
    expect(await preferences(southAdmin)).toEqual([]);
  });
});

const OUTBOX = `query($first: Int, $after: String, $filter: MailOutboxFilter, $districtId: ID) {
  mailOutbox(first: $first, after: $after, filter: $filter, districtId: $districtId) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id kind to state subject bodyText } } } }`;

describe('the outbox', () => {
  beforeAll(async () => {
    // Southbrook keeps its mail in the outbox (a demo district): twelve messages to three addresses of their own
    // (so that nothing the worker queues meanwhile counts), two kinds, the newest first.
    const people: { id: string; email: string }[] = await server.owner.query(
      `SELECT id, email FROM staff_member WHERE district_id = $1 ORDER BY email LIMIT 3`,
      [south],
    );
    for (let i = 0; i < 12; i += 1) {
      const p = people[i % 3];
      await server.owner.query(
        `INSERT INTO mail_message (district_id, staff_member_id, kind, subject_type, subject_id, to_address, subject,
           body_text, state, created_at)
         VALUES ($1, $2, $3, 'StaffMember', $2, $4, $5, $6, $7, now() + interval '1 day' - make_interval(mins => $8))`,
        [
          south,
          p.id,
          i % 2 ? 'ACTION_DUE' : 'SESSION_REMINDER',
          `${p.email.split('@')[0]}@paging.example`,
          `Outbox message ${i}`,
          `Body ${i}`,
          i === 11 ? 'FAILED' : 'OUTBOX',
          i,
        ],
      );
    }
  });

  test('pages on the server: a cursor, the total, and filters by kind, state and recipient', async () => {
    const paging = { recipient: 'PAGING.example' };
    const first = ok(await server.gql(OUTBOX, { first: 5, filter: paging }, token.sbAdmin)).mailOutbox;
    expect(first.totalCount).toBe(12);
    expect(first.edges).toHaveLength(5);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ok(
      await server.gql(OUTBOX, { first: 5, after: first.pageInfo.endCursor, filter: paging }, token.sbAdmin),
    ).mailOutbox;
    expect(second.totalCount).toBe(12);
    const ids = [...first.edges, ...second.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids).size).toBe(10);
    const subjects = first.edges.map((e: { node: { subject: string } }) => e.node.subject);
    expect(subjects.slice(0, 3)).toEqual(['Outbox message 0', 'Outbox message 1', 'Outbox message 2']);

    const due = ok(
      await server.gql(OUTBOX, { first: 100, filter: { ...paging, kind: 'ACTION_DUE' } }, token.sbAdmin),
    ).mailOutbox;
    expect(due.totalCount).toBe(6);
    expect(due.edges.every((e: { node: { kind: string } }) => e.node.kind === 'ACTION_DUE')).toBe(true);
    const failed = ok(await server.gql(OUTBOX, { filter: { ...paging, state: 'FAILED' } }, token.sbAdmin)).mailOutbox;
    expect(failed.totalCount).toBe(1);
    expect(failed.edges[0].node).toMatchObject({ subject: 'Outbox message 11', state: 'FAILED', bodyText: null });
    const [someone] = await server.owner.query(
      `SELECT to_address FROM mail_message WHERE district_id = $1 AND subject = 'Outbox message 0'`,
      [south],
    );
    const theirs = ok(
      await server.gql(OUTBOX, { filter: { recipient: someone.to_address.toUpperCase() } }, token.sbAdmin),
    ).mailOutbox;
    expect(theirs.totalCount).toBe(4);
    expect(theirs.edges.map((e: { node: { to: string } }) => e.node.to)).toEqual(Array(4).fill(someone.to_address));

    const bad = await server.gql(OUTBOX, { filter: { state: 'LOST' }, after: 'nonsense' }, token.sbAdmin);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.fields).toEqual([
      { field: 'filter.state', message: 'PENDING, SENT, OUTBOX, FAILED' },
    ]);
    expect(codeOf(await server.gql(OUTBOX, {}, token.teacher))).toBe('FORBIDDEN');
    // Another district's id answers as one that does not exist.
    expect(codeOf(await server.gql(OUTBOX, { districtId: toGlobalId('District', north) }, token.sbAdmin))).toBe(
      'NOT_FOUND',
    );
  });

  test("the platform operator reads any district's outbox; each read is in that district's read audit", async () => {
    // An invitation kept in Southbrook's outbox (a demo district), for a session whose notes hold the marker.
    const [sbCoach] = await server.owner.query(
      `SELECT p.id, p.email FROM staff_member p JOIN role_assignment ra ON ra.district_id = p.district_id
         AND ra.staff_member_id = p.id WHERE p.district_id = $1 AND ra.role = 'COACH' AND p.active LIMIT 1`,
      [south],
    );
    const [{ id: sbConversation }] = await server.owner.query(
      `INSERT INTO learning_conversation (district_id, title, type, purpose, first_starts_at, duration_minutes, setting,
         facilitator_id, evidence_to_bring, schedule_until)
       VALUES ($1, 'Southbrook cycle', 'COACHING', 'Plan', '2030-01-07T15:30', 30, 'Library', $2, 'Records', '2030-06-01')
       RETURNING id`,
      [south, sbCoach.id],
    );
    const [session] = await server.owner.query(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, notes, check_in)
       VALUES ($1, $2, now() + interval '5 days', $3, $3) RETURNING id`,
      [south, sbConversation, MARKER],
    );
    await server.owner.query(
      `INSERT INTO outbox_event (district_id, type, subject_type, subject_id, payload) VALUES ($1, 'session.scheduled', 'ConversationSession', $2, '{}')`,
      [south, session.id],
    );
    for (let waited = 0; ; waited += 200) {
      const kept = await server.owner.query(`SELECT 1 FROM mail_message WHERE subject_id = $1 AND state = 'OUTBOX'`, [
        session.id,
      ]);
      if (kept.length > 0) break;
      if (waited > 60_000) throw new Error('the invitation never reached the outbox');
      await new Promise((r) => setTimeout(r, 200));
    }
    const before = await server.owner.query(`SELECT count(*)::int AS n FROM confidential_read WHERE district_id = $1`, [
      south,
    ]);
    const noDistrict = await server.gql(OUTBOX, { first: 3 }, token.operator);
    expect(codeOf(noDistrict)).toBe('BAD_USER_INPUT');
    expect(
      codeOf(
        await server.gql(
          OUTBOX,
          { districtId: toGlobalId('District', '00000000-0000-4000-8000-000000000000') },
          token.operator,
        ),
      ),
    ).toBe('NOT_FOUND');

    const invitations = ok(
      await server.gql(
        OUTBOX,
        { first: 100, filter: { kind: 'INVITATION' }, districtId: toGlobalId('District', south) },
        token.operator,
      ),
    ).mailOutbox;
    const shown = invitations.edges.find((e: { node: { subject: string } }) =>
      e.node.subject.includes('Southbrook cycle'),
    );
    expect(shown.node.bodyText).toContain('/mail/unsubscribe/{unsubscribe-token}');
    expect(JSON.stringify(invitations)).not.toContain(MARKER);
    const [{ n: afterInvitations }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM confidential_read WHERE district_id = $1`,
      [south],
    );
    expect(afterInvitations - before[0].n).toBe(invitations.edges.length);

    const read = ok(
      await server.gql(
        OUTBOX,
        { first: 4, filter: { recipient: 'paging.example' }, districtId: toGlobalId('District', south) },
        token.operator,
      ),
    ).mailOutbox;
    expect(read.edges).toHaveLength(4);
    expect(read.edges[0].node.bodyText).toBe('Body 0');
    expect(JSON.stringify(read)).not.toContain(MARKER);
    const [operator] = await server.owner.query(`SELECT id FROM platform_operator LIMIT 1`);
    const added = await server.owner.query(
      `SELECT reader_id, reader_operator_id, field FROM confidential_read
        WHERE district_id = $1 AND record_id = ANY($2::uuid[])`,
      [south, read.edges.map((e: { node: { id: string } }) => fromGlobalId(e.node.id)!.id)],
    );
    expect(added).toHaveLength(4);
    expect(
      added.every(
        (r: { reader_id: string | null; reader_operator_id: string }) =>
          r.reader_id === null && r.reader_operator_id === operator.id,
      ),
    ).toBe(true);
    expect(added.map((r: { field: string }) => r.field)).toEqual(['bodyText', 'bodyText', 'bodyText', 'bodyText']);
    // Northfield's read audit holds nothing of it.
    const [{ n: northReads }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM confidential_read WHERE district_id = $1 AND reader_operator_id IS NOT NULL`,
      [north],
    );
    expect(northReads).toBe(0);

    // Southbrook's admins see who read, in the read audit, and in its CSV.
    const audit = ok(
      await server.gql(
        `{ confidentialReads(first: 10) { edges { node { readerKind readerId readerName recordType field } } } }`,
        {},
        token.sbAdmin,
      ),
    ).confidentialReads.edges.map((e: { node: unknown }) => e.node);
    expect(audit).toContainEqual({
      readerKind: 'OPERATOR',
      readerId: toGlobalId('PlatformOperator', operator.id),
      readerName: 'Platform operator',
      recordType: 'MailMessage',
      field: 'bodyText',
    });
    const csv = ok(await server.gql(`{ auditLogCsv(input: { log: READS }) { csv } }`, {}, token.sbAdmin)).auditLogCsv
      .csv;
    expect(csv).toContain(`operator:${operator.id}`);
  });
});

const SETTINGS = `mutation($i: MailSettingsInput!) { mailSettingsUpdate(input: $i) { reminderLeadHours version } }`;

describe('district mail settings carry a version', () => {
  test('an update on a stale version is a CONFLICT naming version, and writes nothing', async () => {
    const read = ok(await server.gql(`{ mailSettings { reminderLeadHours version } }`, {}, token.nfAdmin)).mailSettings;
    // Two admins read the same version; the first saves.
    const first = ok(
      await server.gql(SETTINGS, { i: { version: read.version, reminderLeadHours: 12 } }, token.nfAdmin),
    ).mailSettingsUpdate;
    expect(first).toEqual({ reminderLeadHours: 12, version: read.version + 1 });
    const [auditBefore] = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE district_id = $1 AND action = 'mailSettings.update'`,
      [north],
    );
    // The second, on the version they read, is refused: nothing of theirs is written.
    const stale = await server.gql(
      SETTINGS,
      { i: { version: read.version, reminderLeadHours: 48, kinds: [{ kind: 'ACTION_DUE', mode: 'OFF' }] } },
      token.nfAdmin,
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(stale.errors![0].message).toBe('MailSettings was changed by someone else; reload it and try again');
    expect(stale.errors![0].extensions!.fields).toEqual([
      { field: 'version', message: 'Changed by someone else since you read it; reload' },
    ]);
    const [row] = await server.owner.query(
      `SELECT reminder_lead_hours, version FROM mail_setting WHERE district_id = $1`,
      [north],
    );
    expect(row).toEqual({ reminder_lead_hours: 12, version: read.version + 1 });
    expect(
      await server.owner.query(`SELECT mode FROM mail_kind_setting WHERE district_id = $1 AND kind = 'ACTION_DUE'`, [
        north,
      ]),
    ).toEqual([]);
    const [auditAfter] = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE district_id = $1 AND action = 'mailSettings.update'`,
      [north],
    );
    expect(auditAfter.n).toBe(auditBefore.n);

    // Concurrent saves on one version: exactly one lands.
    const now = read.version + 1;
    const both = await Promise.all(
      [24, 36].map((h) => server.gql(SETTINGS, { i: { version: now, reminderLeadHours: h } }, token.nfAdmin)),
    );
    expect(both.map(codeOf).sort()).toEqual(['CONFLICT', undefined].sort());
    const [after] = await server.owner.query(`SELECT version FROM mail_setting WHERE district_id = $1`, [north]);
    expect(after.version).toBe(now + 1);
  });
});
