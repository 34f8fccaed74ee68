/**
 * The district calendar over real HTTP, on one server and one database for the file:
 * 1. a weekly PLC does not schedule on a non-school day (31 December), and the cadence preview lists the skip with
 *    the day's name;
 * 2. an iCalendar import (an all-day multi-day break, a timed in-service day, a UTC event) takes the events as local
 *    days, removes the future sessions they cover, and importing the same file again changes nothing; a changed file
 *    updates what changed and gives freed days their sessions back;
 * 3. a file that cannot be used is BAD_USER_INPUT on `icalendar`, naming the problem, and nothing is written;
 * 4. changing the calendar moves only future sessions not yet held: a held or missed past session on such a day and a
 *    cancelled future one stay as they were; a freed day gets its session back;
 * 5. only district admins write the calendar (FORBIDDEN otherwise, nothing written); everyone in the district reads
 *    it; another district's days are invisible and answer NOT_FOUND.
 *
 * Expected days are computed here with Intl, not by the scheduling engine under test. Days are local days relative
 * to today, except 31 December (the next one at least three weeks away).
 */
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

let server: TestServer;
const token: Record<string, string> = {};
const staff: Record<string, string> = {};

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic with Intl, independent of the engine under test.

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function wallClock(instant: string | Date | number, timeZone: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The UTC instant (ISO) at which a zone's wall clock shows `date` `time` (not inside a changeover hour). */
function zoned(date: string, time: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mi] = time.split(':').map(Number);
  const target = Date.UTC(y, m - 1, d, hh, mi);
  const offsetAt = (t: number) => {
    const w = wallClock(t, timeZone);
    const [wy, wm, wd] = w.date.split('-').map(Number);
    const [wh, wmi] = w.time.split(':').map(Number);
    return Date.UTC(wy, wm - 1, wd, wh, wmi) - t;
  };
  let t = target - offsetAt(target);
  t = target - offsetAt(t);
  return new Date(t).toISOString();
}

const CHICAGO = 'America/Chicago';
const NEW_YORK = 'America/New_York';
const WEEKDAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
const compact = (date: string) => date.replaceAll('-', '');
const todayIn = (tz: string) => wallClock(Date.now(), tz).date;
/** A Chicago day relative to today (Northfield's zone). */
const day = (n: number) => addDays(todayIn(CHICAGO), n);
/** A New York day relative to today (Southbrook's zone). */
const nyDay = (n: number) => addDays(todayIn(NEW_YORK), n);
/** The next 31 December at least three weeks away. */
const newYearsEve = (() => {
  const year = Number(day(0).slice(0, 4));
  return `${year}-12-31` >= day(21) ? `${year}-12-31` : `${year + 1}-12-31`;
})();

// ---------------------------------------------------------------------------------------------------------------
// The API.

const call = (who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> =>
  server.gql(query, variables, token[who]);

function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

async function staffId(email: string): Promise<string> {
  const [row] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return toGlobalId('StaffMember', row.id);
}

const DAY = `id startsOn endsOn name kind source importUid version`;
const CHANGES = `sessionsRemoved sessionsScheduled`;
const M = {
  create: `mutation($i: NonSchoolDayCreateInput!) { nonSchoolDayCreate(input: $i) { ${CHANGES} nonSchoolDay { ${DAY} } } }`,
  update: `mutation($i: NonSchoolDayUpdateInput!) { nonSchoolDayUpdate(input: $i) { ${CHANGES} nonSchoolDay { ${DAY} } } }`,
  delete: `mutation($i: NonSchoolDayDeleteInput!) { nonSchoolDayDelete(input: $i) { ${CHANGES} deletedId } }`,
  import: `mutation($i: NonSchoolDaysImportInput!) { nonSchoolDaysImport(input: $i) { ${CHANGES}
    created updated unchanged removed nonSchoolDays { ${DAY} } } }`,
  list: `query($from: LocalDate, $to: LocalDate) { nonSchoolDays(from: $from, to: $to, first: 100) {
    totalCount nodes { ${DAY} } } }`,
  conversationCreate: `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) { sessionsScheduled
    conversation { id } } }`,
  preview: `query($cadence: String, $firstStartsAt: String!, $scheduleUntil: LocalDate, $count: Int) {
    cadencePreview(cadence: $cadence, firstStartsAt: $firstStartsAt, scheduleUntil: $scheduleUntil, count: $count) {
      valid error nextDates skippedDates { startsAt day reason } } }`,
} as const;

interface SessionRow {
  id: string;
  status: string;
  at: string;
  /** The local day in the district's zone. */
  day: string;
}

/** Every session of a conversation, straight from the database, in time order. */
async function sessionRows(conversationId: string, tz: string): Promise<SessionRow[]> {
  const rows = await server.owner.query(
    `SELECT id, status, scheduled_at FROM conversation_session WHERE conversation_id = $1 ORDER BY scheduled_at`,
    [rawId(conversationId)],
  );
  return rows.map((r: any) => ({
    id: r.id,
    status: r.status,
    at: new Date(r.scheduled_at).toISOString(),
    day: wallClock(r.scheduled_at, tz).date,
  }));
}

async function createConversation(who: string, input: Record<string, unknown>): Promise<string> {
  return ok(
    await call(who, M.conversationCreate, {
      i: { type: 'PLC', purpose: 'Look at student work together', durationMinutes: 45, ...input },
    }),
  ).conversationCreate.conversation.id;
}

// ---------------------------------------------------------------------------------------------------------------
// What was written.

const WATCHED = ['non_school_day', 'conversation_session', 'session_expected_participant', 'audit_event'] as const;

async function snapshot(): Promise<Record<string, string>> {
  const rows: { t: string; n: number; h: string }[] = await server.owner.query(
    WATCHED.map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::int AS n,
                md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY row_to_json(x)::text), '')) AS h
           FROM ${t} x`,
    ).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n}:${r.h}`]));
}

/** The audit rows written by `work`. */
async function auditOf<T>(work: () => Promise<T>): Promise<{ result: T; actions: string[] }> {
  const all = async () => server.owner.query(`SELECT id, action FROM audit_event`);
  const before = new Set((await all()).map((r: any) => r.id));
  const result = await work();
  const actions = (await all())
    .filter((r: any) => !before.has(r.id))
    .map((r: any) => r.action)
    .sort();
  return { result, actions };
}

/** An iCalendar file (CRLF lines, as RFC 5545 has them). */
function ics(events: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Northfield Public Schools//District Calendar//EN',
    'CALSCALE:GREGORIAN',
    ...events.flatMap((e) => ['BEGIN:VEVENT', 'DTSTAMP:20260801T120000Z', ...e, 'END:VEVENT']),
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  server = await startTestServer();
  for (const who of ['admin', 'principal', 'coach', 'teacher']) {
    token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
    staff[who] = await staffId(`${who}@northfield.example`);
  }
  token.sbAdmin = (await server.signIn('admin@southbrook.example')).accessToken;
  staff.sbAdmin = await staffId('admin@southbrook.example');
});
afterAll(() => server?.close());

// ===============================================================================================================

describe('1. a weekly PLC skips a holiday', () => {
  const eve = newYearsEve;
  const weekday = weekdayOf(eve);
  let holidayId: string;

  beforeAll(async () => {
    holidayId = ok(await call('admin', M.create, { i: { startsOn: eve, name: "New Year's Eve", kind: 'HOLIDAY' } }))
      .nonSchoolDayCreate.nonSchoolDay.id;
  });

  it(`a weekly PLC on ${weekdayOf(newYearsEve)}s schedules no session on ${newYearsEve}`, async () => {
    const plc = await createConversation('admin', {
      title: 'Grade 7 math PLC',
      facilitatorId: staff.coach,
      cadence: `FREQ=WEEKLY;BYDAY=${weekday}`,
      firstStartsAt: `${addDays(eve, -14)}T15:30`,
      scheduleUntil: addDays(eve, 14),
    });
    const rows = await sessionRows(plc, CHICAGO);
    expect(rows.map((r) => r.day)).toEqual([addDays(eve, -14), addDays(eve, -7), addDays(eve, 7), addDays(eve, 14)]);
    expect(rows.map((r) => wallClock(r.at, CHICAGO).time)).toEqual(['15:30', '15:30', '15:30', '15:30']);
  });

  it('the cadence preview lists the skipped day with its name, and still shows as many dates as asked', async () => {
    const preview = ok(
      await call('admin', M.preview, {
        cadence: `FREQ=WEEKLY;BYDAY=${weekday}`,
        firstStartsAt: `${addDays(eve, -14)}T15:30`,
        scheduleUntil: addDays(eve, 28),
        count: 3,
      }),
    ).cadencePreview;
    expect(preview.valid).toBe(true);
    expect(preview.nextDates).toEqual(
      [addDays(eve, -14), addDays(eve, -7), addDays(eve, 7)].map((d) => zoned(d, '15:30', CHICAGO)),
    );
    expect(preview.skippedDates).toEqual([
      { startsAt: zoned(eve, '15:30', CHICAGO), day: eve, reason: "New Year's Eve" },
    ]);
  });

  it('a one-off conversation on the holiday keeps its date: only cadences skip', async () => {
    const oneOff = await createConversation('admin', {
      title: 'Year-end data review',
      facilitatorId: staff.coach,
      firstStartsAt: `${eve}T09:00`,
    });
    expect((await sessionRows(oneOff, CHICAGO)).map((r) => r.day)).toEqual([eve]);
  });

  it('everyone in the district reads the calendar; the teacher too', async () => {
    for (const who of ['admin', 'principal', 'coach', 'teacher']) {
      const list = ok(await call(who, M.list, { from: eve, to: eve })).nonSchoolDays;
      expect(list.nodes.map((n: any) => n.id)).toEqual([holidayId]);
      expect(list.nodes[0]).toMatchObject({ startsOn: eve, endsOn: eve, name: "New Year's Eve", source: 'MANUAL' });
    }
  });
});

// ===============================================================================================================

describe('2. an iCalendar import', () => {
  /** A break well after section 1's PLC: 9 days, DTEND exclusive. */
  const breakStart = addDays(newYearsEve, 80);
  const breakEnd = addDays(breakStart, 8);
  const inService = addDays(newYearsEve, 100);
  /** 03:30 UTC is the evening before in Chicago. */
  const utcEvening = addDays(newYearsEve, 120);
  const file = ics([
    [
      'UID:spring-break@northfield.example',
      `DTSTART;VALUE=DATE:${compact(breakStart)}`,
      `DTEND;VALUE=DATE:${compact(addDays(breakEnd, 1))}`,
      'SUMMARY:Spring break',
      'TRANSP:TRANSPARENT',
    ],
    [
      'UID:inservice-1@northfield.example',
      `DTSTART;TZID=America/Chicago:${compact(inService)}T080000`,
      `DTEND;TZID=America/Chicago:${compact(inService)}T150000`,
      'SUMMARY:Teacher in-service day',
    ],
    [
      'UID:board-night@northfield.example',
      `DTSTART:${compact(addDays(utcEvening, 1))}T033000Z`,
      `DTEND:${compact(addDays(utcEvening, 1))}T043000Z`,
      'SUMMARY:Community night (no school)',
    ],
  ]);
  let plc: string;
  let before: SessionRow[];

  beforeAll(async () => {
    // Weekly on the break's first weekday: one session before, two inside, one after.
    plc = await createConversation('admin', {
      title: 'Science PLC',
      facilitatorId: staff.coach,
      cadence: 'FREQ=WEEKLY',
      firstStartsAt: `${addDays(breakStart, -7)}T09:00`,
      scheduleUntil: addDays(breakStart, 14),
    });
    before = await sessionRows(plc, CHICAGO);
    expect(before.map((r) => r.day)).toEqual([
      addDays(breakStart, -7),
      breakStart,
      addDays(breakStart, 7),
      addDays(breakStart, 14),
    ]);
  });

  it('takes all-day ranges as written (DTEND exclusive), timed events as the local days they cover', async () => {
    const { result, actions } = await auditOf(async () =>
      ok(await call('admin', M.import, { i: { icalendar: file } })),
    );
    const r = result.nonSchoolDaysImport;
    expect(r).toMatchObject({ created: 3, updated: 0, unchanged: 0, removed: 0, sessionsRemoved: 2 });
    expect(r.nonSchoolDays.map((d: any) => [d.startsOn, d.endsOn, d.name, d.kind, d.source, d.importUid])).toEqual([
      [breakStart, breakEnd, 'Spring break', 'BREAK', 'ICALENDAR', 'spring-break@northfield.example'],
      [inService, inService, 'Teacher in-service day', 'IN_SERVICE', 'ICALENDAR', 'inservice-1@northfield.example'],
      [utcEvening, utcEvening, 'Community night (no school)', 'HOLIDAY', 'ICALENDAR', 'board-night@northfield.example'],
    ]);
    // The two sessions inside the break are gone (they should never have existed); the others keep their ids.
    const after = await sessionRows(plc, CHICAGO);
    expect(after).toEqual([before[0], before[3]]);
    expect(actions).toEqual([
      'nonSchoolDay.import',
      'nonSchoolDay.import',
      'nonSchoolDay.import',
      'session.unscheduleNonSchoolDay',
      'session.unscheduleNonSchoolDay',
    ]);
  });

  it('importing the same file again creates nothing and changes nothing', async () => {
    const snap = await snapshot();
    const r = ok(await call('admin', M.import, { i: { icalendar: file } })).nonSchoolDaysImport;
    expect(r).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      removed: 0,
      sessionsRemoved: 0,
      sessionsScheduled: 0,
    });
    expect(await snapshot()).toEqual(snap);
  });

  it('a changed file updates the changed event, and a day it frees gets its session back', async () => {
    const shorter = file
      .replace(
        `DTEND;VALUE=DATE:${compact(addDays(breakEnd, 1))}`,
        `DTEND;VALUE=DATE:${compact(addDays(breakStart, 5))}`,
      )
      .replace('SUMMARY:Spring break', 'SUMMARY:Spring break (short)');
    const r = ok(await call('admin', M.import, { i: { icalendar: shorter } })).nonSchoolDaysImport;
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 2, sessionsRemoved: 0, sessionsScheduled: 1 });
    expect(r.nonSchoolDays[0]).toMatchObject({
      startsOn: breakStart,
      endsOn: addDays(breakStart, 4),
      name: 'Spring break (short)',
      kind: 'BREAK',
      version: 2,
    });
    const rows = await sessionRows(plc, CHICAGO);
    expect(rows.map((s) => s.day)).toEqual([addDays(breakStart, -7), addDays(breakStart, 7), addDays(breakStart, 14)]);
    expect(rows[0]).toEqual(before[0]);
  });

  it('replaceImported deletes imported days the file no longer has, never days typed in', async () => {
    const onlyBreak = ics([
      [
        'UID:spring-break@northfield.example',
        `DTSTART;VALUE=DATE:${compact(breakStart)}`,
        `DTEND;VALUE=DATE:${compact(addDays(breakStart, 5))}`,
        'SUMMARY:Spring break (short)',
      ],
    ]);
    const r = ok(
      await call('admin', M.import, { i: { icalendar: onlyBreak, replaceImported: true } }),
    ).nonSchoolDaysImport;
    expect(r).toMatchObject({ created: 0, updated: 0, unchanged: 1, removed: 2 });
    const all = ok(await call('admin', M.list, {})).nonSchoolDays.nodes;
    expect(all.map((d: any) => d.name).sort()).toEqual(["New Year's Eve", 'Spring break (short)']);
  });
});

// ===============================================================================================================

describe('3. a file that cannot be used is refused on icalendar, and nothing is written', () => {
  const event = (lines: string[]) => ics([['UID:x@example', 'SUMMARY:Holiday', ...lines]]);
  const cases: [string, string, RegExp][] = [
    ['not iCalendar at all', 'Holidays: 24 Dec, 31 Dec', /must begin with BEGIN:VCALENDAR/],
    ['empty', '', /empty/],
    ['cut short', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n', /cut short/],
    ['a line that is not a property', 'BEGIN:VCALENDAR\r\ngarbage\r\nEND:VCALENDAR\r\n', /cannot be read as iCalendar/],
    ['no events', ics([]), /no events/],
    ['an event without a start', event([]), /"Holiday" has no start \(DTSTART\)/],
    ['a date that does not exist', event(['DTSTART;VALUE=DATE:20270230']), /not a real date/],
    ['a malformed date', event(['DTSTART:2027-1-1']), /cannot be read as iCalendar|not a real date/],
    [
      'an entry longer than a year',
      event(['DTSTART;VALUE=DATE:20270101', 'DTEND;VALUE=DATE:20290101']),
      /lasts 731 days; one entry covers at most 366 days/,
    ],
    [
      'more than 1000 events',
      ics(
        Array.from({ length: 1001 }, (_, i) => [
          `UID:e${i}@example`,
          `DTSTART;VALUE=DATE:${compact(addDays('2027-01-01', i))}`,
          'SUMMARY:Day',
        ]),
      ),
      /more than 1000 events/,
    ],
    [
      'larger than 500 KB',
      event(['DTSTART;VALUE=DATE:20270101', `DESCRIPTION:${'x'.repeat(600_000)}`]),
      /at most 500 KB/,
    ],
  ];

  it.each(cases)('%s', async (_name, icalendar, message) => {
    const before = await snapshot();
    const res = await call('admin', M.import, { i: { icalendar } });
    expect(await snapshot()).toEqual(before);
    expect(res.errors).toHaveLength(1);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    const fields = res.errors![0].extensions?.fields ?? [];
    expect(fields.map((f) => f.field)).toEqual(['icalendar']);
    expect(fields[0].message).toMatch(message);
    expect(res.data ?? null).toBeNull();
  });

  it('a day entry ending before it starts is refused on endsOn', async () => {
    const before = await snapshot();
    const res = await call('admin', M.create, {
      i: { startsOn: day(40), endsOn: day(39), name: 'Backwards', kind: 'OTHER' },
    });
    expect(await snapshot()).toEqual(before);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions?.fields?.map((f) => f.field)).toEqual(['endsOn']);
  });
});

// ===============================================================================================================

describe('4. a calendar change moves only future sessions not yet held (Southbrook, New York)', () => {
  let weekly: string;
  let before: SessionRow[];
  let breakId: string;
  let breakVersion: number;
  const at = (rows: SessionRow[], d: string) => rows.find((r) => r.day === d);

  beforeAll(async () => {
    // Weekly from two weeks ago, the past scheduled as asked: -14 (missed), -7 (held), 0, 7, 14 (cancelled), 21, 28.
    weekly = await createConversation('sbAdmin', {
      title: 'Literacy coaching PLC',
      facilitatorId: staff.sbAdmin,
      cadence: 'FREQ=WEEKLY',
      firstStartsAt: `${nyDay(-14)}T10:00`,
      scheduleUntil: nyDay(28),
      includePastSessions: true,
    });
    const rows = await sessionRows(weekly, NEW_YORK);
    expect(rows.map((r) => r.day)).toEqual([-14, -7, 0, 7, 14, 21, 28].map(nyDay));
    await server.owner.query(
      `UPDATE conversation_session SET status = 'HELD', held_at = scheduled_at, duration_minutes = 45 WHERE id = $1`,
      [at(rows, nyDay(-7))!.id],
    );
    await server.owner.query(
      `UPDATE conversation_session SET status = 'CANCELLED', cancel_reason = 'Testing week', cancelled_at = now()
        WHERE id = $1`,
      [at(rows, nyDay(14))!.id],
    );
    before = await sessionRows(weekly, NEW_YORK);
  });

  it('a past non-school day leaves the held and the missed sessions on it as they were', async () => {
    const r = ok(
      await call('sbAdmin', M.create, {
        i: { startsOn: nyDay(-14), endsOn: nyDay(-7), name: 'Snow days', kind: 'OTHER' },
      }),
    ).nonSchoolDayCreate;
    expect(r).toMatchObject({ sessionsRemoved: 0, sessionsScheduled: 0 });
    expect(await sessionRows(weekly, NEW_YORK)).toEqual(before);
  });

  it('a new break removes the future scheduled sessions on it, and leaves the cancelled one', async () => {
    const { result, actions } = await auditOf(async () =>
      ok(
        await call('sbAdmin', M.create, {
          i: { startsOn: nyDay(6), endsOn: nyDay(15), name: 'Winter break', kind: 'BREAK' },
        }),
      ),
    );
    const r = result.nonSchoolDayCreate;
    expect(r).toMatchObject({ sessionsRemoved: 1, sessionsScheduled: 0 });
    breakId = r.nonSchoolDay.id;
    breakVersion = r.nonSchoolDay.version;
    expect(actions).toEqual(['nonSchoolDay.create', 'session.unscheduleNonSchoolDay']);
    const after = await sessionRows(weekly, NEW_YORK);
    expect(after).toEqual(before.filter((s) => s.day !== nyDay(7)));
    expect(at(after, nyDay(14))).toMatchObject({ status: 'CANCELLED' });
    expect(at(after, nyDay(-7))).toMatchObject({ status: 'HELD' });
  });

  it('moving the break gives the freed day its session back and takes the newly covered one', async () => {
    const r = ok(
      await call('sbAdmin', M.update, {
        i: { id: breakId, version: breakVersion, startsOn: nyDay(13), endsOn: nyDay(22) },
      }),
    ).nonSchoolDayUpdate;
    expect(r).toMatchObject({ sessionsRemoved: 1, sessionsScheduled: 1 });
    expect(r.nonSchoolDay).toMatchObject({ startsOn: nyDay(13), endsOn: nyDay(22), name: 'Winter break' });
    const after = await sessionRows(weekly, NEW_YORK);
    expect(after.map((s) => [s.day, s.status])).toEqual([
      [nyDay(-14), 'SCHEDULED'],
      [nyDay(-7), 'HELD'],
      [nyDay(0), 'SCHEDULED'],
      [nyDay(7), 'SCHEDULED'],
      [nyDay(14), 'CANCELLED'],
      [nyDay(28), 'SCHEDULED'],
    ]);
    // The held, missed and cancelled sessions are the very same rows.
    for (const d of [-14, -7, 14]) expect(at(after, nyDay(d))).toEqual(at(before, nyDay(d)));
    expect(at(after, nyDay(7))?.at).toBe(zoned(nyDay(7), '10:00', NEW_YORK));
    breakVersion = r.nonSchoolDay.version;
  });

  it('a stale version is a CONFLICT; deleting the break brings back its day, the cancelled one stays cancelled', async () => {
    const stale = await call('sbAdmin', M.update, { i: { id: breakId, version: breakVersion - 1, name: 'Old' } });
    expect(codeOf(stale)).toBe('CONFLICT');
    const { result, actions } = await auditOf(async () => ok(await call('sbAdmin', M.delete, { i: { id: breakId } })));
    expect(result.nonSchoolDayDelete).toMatchObject({ deletedId: breakId, sessionsRemoved: 0, sessionsScheduled: 1 });
    expect(actions).toEqual(['nonSchoolDay.delete', 'session.scheduleSchoolDay']);
    const after = await sessionRows(weekly, NEW_YORK);
    expect(after.map((s) => [s.day, s.status])).toEqual([
      [nyDay(-14), 'SCHEDULED'],
      [nyDay(-7), 'HELD'],
      [nyDay(0), 'SCHEDULED'],
      [nyDay(7), 'SCHEDULED'],
      [nyDay(14), 'CANCELLED'],
      [nyDay(21), 'SCHEDULED'],
      [nyDay(28), 'SCHEDULED'],
    ]);
  });
});

// ===============================================================================================================

describe('5. who may write and see the calendar', () => {
  let northfieldDay: { id: string; version: number };

  beforeAll(async () => {
    northfieldDay = ok(
      await call('admin', M.create, { i: { startsOn: day(50), name: 'Staff retreat', kind: 'IN_SERVICE' } }),
    ).nonSchoolDayCreate.nonSchoolDay;
  });

  it.each(['teacher', 'coach', 'principal'])(
    'a %s cannot write the calendar (FORBIDDEN), and nothing is written',
    async (who) => {
      const before = await snapshot();
      const attempts = [
        await call(who, M.create, { i: { startsOn: day(60), name: 'Day off', kind: 'HOLIDAY' } }),
        await call(who, M.update, { i: { id: northfieldDay.id, version: northfieldDay.version, name: 'Renamed' } }),
        await call(who, M.delete, { i: { id: northfieldDay.id } }),
        await call(who, M.import, {
          i: { icalendar: ics([['UID:t@example', 'DTSTART;VALUE=DATE:20270301', 'SUMMARY:Mine']]) },
        }),
      ];
      for (const res of attempts) expect(codeOf(res)).toBe('FORBIDDEN');
      expect(await snapshot()).toEqual(before);
    },
  );

  it("another district's days are invisible, and answer NOT_FOUND like days that do not exist", async () => {
    const southbrook = ok(await call('sbAdmin', M.list, {})).nonSchoolDays.nodes;
    expect(southbrook.map((d: any) => d.name).sort()).toEqual(['Snow days']);
    const node = ok(
      await call('sbAdmin', `query($id: ID!) { node(id: $id) { id ... on NonSchoolDay { name } } }`, {
        id: northfieldDay.id,
      }),
    );
    expect(node.node).toBeNull();
    const before = await snapshot();
    for (const res of [
      await call('sbAdmin', M.update, {
        i: { id: northfieldDay.id, version: northfieldDay.version, name: 'Mine now' },
      }),
      await call('sbAdmin', M.delete, { i: { id: northfieldDay.id } }),
    ])
      expect(codeOf(res)).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
    // And Northfield does not see Southbrook's.
    const northfield = ok(await call('admin', M.list, {})).nonSchoolDays.nodes;
    expect(northfield.map((d: any) => d.name)).not.toContain('Snow days');
  });
});
