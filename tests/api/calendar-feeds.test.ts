import ICAL from 'ical.js';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

/**
 * Private calendar feeds (issue 13): the real API over HTTP, the feed parsed by ical.js. UIDs are stable, SEQUENCE
 * rises on a reschedule, a cancelled session says CANCELLED, times are in the district's zone, caching answers 304,
 * a revoked token 404, another person's sessions never show, and a marker planted in notes never appears.
 */

const MARKER = 'CONFIDENTIAL-MARKER-FEED-7f3a';
let server: TestServer;
let district: string;
let coach: string;
let teacher: string;
let other: string;
let school: string;
let conversation: string;
const sessions: string[] = [];

async function person(email: string): Promise<string> {
  const [r] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return r.id;
}

async function feedOf(
  email: string,
  input: Record<string, unknown> = {},
): Promise<{ url: string; webcalUrl: string; id: string }> {
  const { accessToken } = await server.signIn(email);
  const res = ok(
    await server.gql<{ calendarFeedCreate: { url: string; webcalUrl: string; feed: { id: string } } }>(
      `mutation($input: CalendarFeedCreateInput) { calendarFeedCreate(input: $input) { url webcalUrl feed { id kind } } }`,
      { input: { kind: 'PERSON', ...input } },
      accessToken,
    ),
  );
  return {
    url: res.calendarFeedCreate.url,
    webcalUrl: res.calendarFeedCreate.webcalUrl,
    id: res.calendarFeedCreate.feed.id,
  };
}

function events(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return { comp, events: comp.getAllSubcomponents('vevent') };
}

beforeAll(async () => {
  server = await startTestServer();
  coach = await person('coach@northfield.example');
  teacher = await person('teacher@northfield.example');
  other = await person('abenton@northfield.example');
  const [d] = await server.owner.query(`SELECT district_id, id FROM staff_member WHERE id = $1`, [coach]);
  district = d.district_id;
  await server.owner.query(`UPDATE district SET timezone = 'America/Chicago' WHERE id = $1`, [district]);
  [{ id: school }] = await server.owner.query(`SELECT id FROM school WHERE district_id = $1 AND code = 'NF-LMS'`, [
    district,
  ]);
  [{ id: conversation }] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
       setting, facilitator_id, protocol, evidence_to_bring, schedule_until)
     VALUES ($1, $2, 'Grade 7 data team', 'DATA_TEAM', 'Decide the next reteach', '2030-01-07T15:30', 45, 'Room 12', $3,
       'CHECK_IN_CHECK_OUT', 'Unit 3 exit tickets', '2030-06-01') RETURNING id`,
    [district, school, coach],
  );
  await server.owner.query(
    `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
    [district, conversation, teacher],
  );
  const future = Date.now() + 3 * 86_400_000;
  for (const [i, at] of [future, future + 7 * 86_400_000, Date.now() - 14 * 86_400_000].entries()) {
    const [s] = await server.owner.query(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, notes) VALUES ($1, $2, $3, $4) RETURNING id`,
      [district, conversation, new Date(Math.floor(at / 60_000) * 60_000), i === 2 ? MARKER : null],
    );
    sessions.push(s.id);
    await server.owner.query(
      `INSERT INTO session_expected_participant (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
      [district, s.id, teacher],
    );
  }
  // A session of a conversation the teacher has nothing to do with (another facilitator, another participant).
  const [c2] = await server.owner.query(
    `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
       facilitator_id, schedule_until)
     VALUES ($1, $2, 'Someone else''s coaching', 'COACHING', 'Private to them', '2030-01-07T15:30', 30, $3, '2030-06-01') RETURNING id`,
    [district, school, other],
  );
  await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at) VALUES ($1, $2, now() + interval '2 days')`,
    [district, c2.id],
  );
});

afterAll(async () => {
  await server?.close();
});

describe('calendar feeds', () => {
  test("a teacher's feed: their sessions, stable UIDs, the district's zone, no notes, nobody else's", async () => {
    const feed = await feedOf('teacher@northfield.example');
    expect(feed.webcalUrl).toBe(feed.url.replace(/^http:/, 'webcal:'));
    const res = await fetch(feed.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await res.text();
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain("Someone else's coaching");
    const { comp, events: list } = events(text);
    expect(comp.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('America/Chicago');
    expect(list.map((v) => v.getFirstPropertyValue('uid')).sort()).toEqual(
      sessions.map((id) => `session-${id}@throughline`).sort(),
    );
    const first = list.find((v) => v.getFirstPropertyValue('uid') === `session-${sessions[0]}@throughline`)!;
    expect(first.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('America/Chicago');
    const [s0] = await server.owner.query(`SELECT scheduled_at FROM conversation_session WHERE id = $1`, [sessions[0]]);
    expect(new ICAL.Event(first).startDate.toJSDate().getTime()).toBe(new Date(s0.scheduled_at).getTime());
    expect(new ICAL.Event(first).endDate.toJSDate().getTime()).toBe(new Date(s0.scheduled_at).getTime() + 45 * 60_000);
    expect(first.getFirstPropertyValue('location')).toBe('Room 12');
    expect(String(first.getFirstPropertyValue('description'))).toContain('Unit 3 exit tickets');
    expect(String(first.getFirstPropertyValue('description'))).toContain('Check-in and check-out');
    expect(String(first.getFirstPropertyValue('description'))).toContain(
      `/#/sessions/${encodeURIComponent(toGlobalId('ConversationSession', sessions[0]))}/show`,
    );
  });

  test('the facilitator sees them too; another person does not', async () => {
    const coachFeed = await (await fetch((await feedOf('coach@northfield.example')).url)).text();
    expect(coachFeed).toContain(`session-${sessions[0]}@throughline`);
    const otherFeed = await (await fetch((await feedOf('jcarter@northfield.example')).url)).text();
    expect(otherFeed).not.toContain(`session-${sessions[0]}@throughline`);
    expect(events(otherFeed).events).toHaveLength(0);
  });

  test('ETag and Last-Modified: 304 until something changes; a reschedule raises SEQUENCE, a cancellation says so', async () => {
    const feed = await feedOf('teacher@northfield.example');
    const first = await fetch(feed.url);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    const before = events(await first.text()).events.find(
      (v) => v.getFirstPropertyValue('uid') === `session-${sessions[0]}@throughline`,
    )!;
    expect(etag).toBeTruthy();
    expect(lastModified).toBeTruthy();
    expect((await fetch(feed.url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const ims = await fetch(feed.url, { headers: { 'if-modified-since': lastModified } });
    expect(ims.status).toBe(304);

    // Moved an hour later, and the second one cancelled.
    await server.owner.query(
      `UPDATE conversation_session SET scheduled_at = scheduled_at + interval '1 hour' WHERE id = $1`,
      [sessions[0]],
    );
    await server.owner.query(
      `UPDATE conversation_session SET status = 'CANCELLED', cancel_reason = 'Snow day', cancelled_at = now() WHERE id = $1`,
      [sessions[1]],
    );
    const changed = await fetch(feed.url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const text = await changed.text();
    expect(text).not.toContain('Snow day');
    const after = events(text).events;
    const moved = after.find((v) => v.getFirstPropertyValue('uid') === `session-${sessions[0]}@throughline`)!;
    expect(moved.getFirstPropertyValue('sequence')).toBeGreaterThan(Number(before.getFirstPropertyValue('sequence')));
    expect(new ICAL.Event(moved).startDate.toJSDate().getTime()).toBe(
      new ICAL.Event(before).startDate.toJSDate().getTime() + 3_600_000,
    );
    const cancelled = after.find((v) => v.getFirstPropertyValue('uid') === `session-${sessions[1]}@throughline`)!;
    expect(cancelled.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  test('revoked and regenerated tokens answer 404; unknown ones too', async () => {
    const { accessToken } = await server.signIn('teacher@northfield.example');
    const feed = await feedOf('teacher@northfield.example');
    expect((await fetch(feed.url)).status).toBe(200);
    const regenerated = await feedOf('teacher@northfield.example');
    expect((await fetch(feed.url)).status).toBe(404);
    expect((await fetch(regenerated.url)).status).toBe(200);
    ok(
      await server.gql(
        `mutation($id: ID!) { calendarFeedRevoke(input: { id: $id }) { id } }`,
        { id: regenerated.id },
        accessToken,
      ),
    );
    expect((await fetch(regenerated.url)).status).toBe(404);
    expect((await fetch(`${server.url}/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetch(`${server.url}/calendar/nope.ics`)).status).toBe(404);
    const mine = ok(
      await server.gql<{ myCalendarFeeds: { id: string }[] }>(`{ myCalendarFeeds { id kind } }`, {}, accessToken),
    );
    expect(mine.myCalendarFeeds.map((f) => f.id)).not.toContain(regenerated.id);
    // Another person cannot revoke it.
    const again = await feedOf('teacher@northfield.example');
    const { accessToken: coachToken } = await server.signIn('coach@northfield.example');
    const r = await server.gql(
      `mutation($id: ID!) { calendarFeedRevoke(input: { id: $id }) { id } }`,
      { id: again.id },
      coachToken,
    );
    expect(codeOf(r)).toBe('NOT_FOUND');
    expect((await fetch(again.url)).status).toBe(200);
  });

  test("a school leader's school feed and a conversation feed; a teacher gets no school feed", async () => {
    const schoolId = toGlobalId('School', school);
    const schoolFeed = await feedOf('principal@northfield.example', { kind: 'SCHOOL', schoolId });
    const text = await (await fetch(schoolFeed.url)).text();
    expect(text).toContain(`session-${sessions[0]}@throughline`);
    expect(text).toContain("Someone else's coaching");
    expect(text).not.toContain(MARKER);
    const { accessToken } = await server.signIn('teacher@northfield.example');
    const refused = await server.gql(
      `mutation($input: CalendarFeedCreateInput) { calendarFeedCreate(input: $input) { url } }`,
      { input: { kind: 'SCHOOL', schoolId } },
      accessToken,
    );
    expect(codeOf(refused)).toBe('FORBIDDEN');
    const conv = await feedOf('teacher@northfield.example', {
      kind: 'CONVERSATION',
      conversationId: toGlobalId('LearningConversation', conversation),
    });
    const convText = await (await fetch(conv.url)).text();
    expect(events(convText).events).toHaveLength(3);
    const bad = await server.gql(
      `mutation($input: CalendarFeedCreateInput) { calendarFeedCreate(input: $input) { url } }`,
      { input: { kind: 'SCHOOL' } },
      accessToken,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  });
});
