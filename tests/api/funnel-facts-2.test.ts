import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { recordExpectedParticipants } from '../../packages/api/src/modules/session/expected-record';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { addPeople } from '../support/district-fixture';

/**
 * More facts fixed when they happen (docs/metrics.md: "Facts fixed when they happen", "Windows and time zones",
 * `ConversationSession.quality`): a session records its facilitator when scheduled, its rating close time and
 * minimum when first held, and its local scheduled day when its time is set. So a published session stays published
 * with the same figures after the conversation changes facilitator, the district raises `minRaters` or
 * `ratingWindowDays`, or the session is logged again with a later held time; and a past window's funnel (counts,
 * trend buckets, missed list) is the same after the district moves from America/Chicago to America/Los_Angeles.
 *
 * A district of its own (Factsburg, America/Chicago, default settings: minRaters 3, ratingWindowDays 14), built
 * through the owner connection (each session's expected participants recorded as the API records them); the changes
 * go through the API. All at school A:
 *
 *  conversation  facilitator  participants  sessions (15:00 local unless said, days relative to today)
 *  CQ            fac          t1..t4        Q  -20 HELD: fac fac2 t1 t2 t3 attended; K1: fac 1 (self), fac2 4,
 *                                                       t1 3, t2 3, t3 3 -> published, 4 raters, overall 3.25
 *                                           X  -10 SCHEDULED (missed: fac facilitated it, attended by nobody)
 *                                           L  -3  SCHEDULED, logged through the API later
 *                                           U  +5  SCHEDULED (upcoming)
 *  CT            fac          t1..t4        a two-week window W (Monday to Sunday, some 7 weeks ago):
 *                                           Z3 W.from 00:30 HELD (fac t1), Z4 W.from+3 12:00 HELD (fac t1 t2),
 *                                           Z1 W.to 23:30 SCHEDULED (missed), Z2 W.to+1 00:30 SCHEDULED (missed),
 *                                           ZU +10 23:30 SCHEDULED (upcoming)
 *
 * In Los Angeles (two hours behind Chicago) Z3 falls on the Sunday before the window and Z2 on its last day: read by
 * the zone now, the window would lose the one and gain the other. Z1 stays on its day either way.
 */
const TZ = 'America/Chicago';
const LA = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

let server: TestServer;
const token: Record<string, string> = {};
const id: Record<string, string> = {};
const gid: Record<string, string> = {};

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const day = (n: number) => addDays(today(), n);
/** A Monday some seven weeks ago: the first day of W. */
const W_FROM = (() => {
  const d = day(-50);
  const weekday = new Date(`${d}T00:00:00Z`).getUTCDay(); // 0 Sunday
  return addDays(d, -((weekday + 6) % 7));
})();
const W_TO = addDays(W_FROM, 13);

async function one(sql: string, params: unknown[]): Promise<string> {
  const [row] = await server.owner.query(`${sql} RETURNING id`, params);
  return row.id;
}

async function arrange(): Promise<void> {
  const q = (sql: string, params: unknown[]) => server.owner.query(sql, params);
  const d = await one(`INSERT INTO district (name, slug, timezone) VALUES ('Factsburg', 'factsburg', $1)`, [TZ]);
  id.district = d;
  gid.district = toGlobalId('District', d);
  await q(`INSERT INTO district_setting (district_id) VALUES ($1)`, [d]);
  id.schoolA = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Factsburg Middle', 'FB-A')`, [d]);
  const people: [string, string, string | null][] = [
    ['admin', 'DISTRICT_ADMIN', null],
    ['fac', 'COACH', id.schoolA],
    ['fac2', 'COACH', id.schoolA],
    ...[1, 2, 3, 4].map((n): [string, string, string] => [`t${n}`, 'TEACHER', id.schoolA]),
  ];
  await addPeople(server.owner, d, people, { family: 'Factsburg', domain: 'factsburg.example' }, id, gid);
  id.K1 = await one(`INSERT INTO rubric_criterion (district_id, name, position) VALUES ($1, 'Criterion 1', 1)`, [d]);
  gid.K1 = toGlobalId('RubricCriterion', id.K1);

  for (const key of ['CQ', 'CT']) {
    id[key] = await one(
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
         facilitator_id, schedule_until)
       VALUES ($1, $2, $3, 'PLC', 'Decide the next move', $4, 45, $5, $6)`,
      [d, id.schoolA, key, `${day(-80)}T15:00`, id.fac, day(60)],
    );
    gid[key] = toGlobalId('LearningConversation', id[key]);
    for (const who of ['t1', 't2', 't3', 't4'])
      await q(
        `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
        [d, id[key], id[who]],
      );
  }

  /** A session at `time` local (Chicago) on `date`, held then when attendees are given. */
  const session = async (key: string, conv: string, date: string, time: string, attendees?: string[]) => {
    const held = attendees !== undefined;
    id[key] = await one(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes)
       VALUES ($1, $2, CAST($3 AS timestamp) AT TIME ZONE $4, $5,
               CASE WHEN $5 = 'HELD' THEN CAST($3 AS timestamp) AT TIME ZONE $4 END, CASE WHEN $5 = 'HELD' THEN 45 END)`,
      [d, id[conv], `${date} ${time}`, TZ, held ? 'HELD' : 'SCHEDULED'],
    );
    gid[key] = toGlobalId('ConversationSession', id[key]);
    await recordExpectedParticipants(server.owner, d, [id[key]]);
    for (const who of attendees ?? [])
      await q(`INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`, [
        d,
        id[key],
        id[who],
      ]);
  };
  await session('Q', 'CQ', day(-20), '15:00', ['fac', 'fac2', 't1', 't2', 't3']);
  await session('X', 'CQ', day(-10), '15:00');
  await session('L', 'CQ', day(-3), '15:00');
  await session('U', 'CQ', day(5), '15:00');
  // Ratings given while Q's window was open (written directly: it is dated in the past).
  for (const [who, score] of [
    ['fac', 1],
    ['fac2', 4],
    ['t1', 3],
    ['t2', 3],
    ['t3', 3],
  ] as const)
    await q(
      `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5)`,
      [d, id.Q, id[who], id.K1, score],
    );

  await session('Z3', 'CT', W_FROM, '00:30', ['fac', 't1']);
  await session('Z4', 'CT', addDays(W_FROM, 3), '12:00', ['fac', 't1', 't2']);
  await session('Z1', 'CT', W_TO, '23:30');
  await session('Z2', 'CT', addDays(W_TO, 1), '00:30');
  await session('ZU', 'CT', day(10), '23:30');
}

async function version(table: string, key: string): Promise<number> {
  const [row] = await server.owner.query(`SELECT version FROM ${table} WHERE id = $1`, [id[key]]);
  return row.version;
}

async function facts(key: string): Promise<Record<string, unknown>> {
  const [row] = await server.owner.query(
    `SELECT facilitator_id, to_char(scheduled_on, 'YYYY-MM-DD') AS scheduled_on, rating_closes_at, min_raters,
            held_at, scheduled_at
       FROM conversation_session WHERE id = $1`,
    [id[key]],
  );
  return row;
}

const QUALITY = `heldAt quality { status ratingClosesAt minRaters overall raterCount selfRating
  criteria { criterionId mean raterCount } }`;
async function sessionQuality(key: string): Promise<any> {
  return ok(await server.gql(`query($id: ID!) { session(id: $id) { ${QUALITY} } }`, { id: gid[key] }, token.admin))
    .session;
}

/** The figures a later change of facilitator, settings or held time must leave alone (rater counts apart). */
const QUALITY_FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) {
  funnel(scope: $scope, window: $window) {
    due held missed heldRate quality qualitySessions qualityByCriterion { criterionId mean }
    trend { periodStart due held heldRate quality qualitySessions }
    cohort { qualityUnknown stages { stage sessions } }
  }
}`;
async function qualityFunnel(scope: Record<string, unknown>): Promise<any> {
  return ok(await server.gql(QUALITY_FUNNEL, { scope, window: { from: day(-25), to: day(-5) } }, token.admin)).funnel;
}
const SCOPES: Record<string, Record<string, unknown>> = {
  CQ: { kind: 'CONVERSATION', id: '' },
  fac: { kind: 'PERSON', id: '' },
  fac2: { kind: 'PERSON', id: '' },
};
async function qualityFunnels(): Promise<Record<string, any>> {
  const out: Record<string, any> = {};
  for (const [key, scope] of Object.entries(SCOPES)) out[key] = await qualityFunnel({ ...scope, id: gid[key] });
  return out;
}
async function raterCount(): Promise<number | null> {
  return ok(
    await server.gql(
      `query($scope: FunnelScopeInput!, $window: DateWindowInput!) { funnel(scope: $scope, window: $window) { qualityRaterCount } }`,
      { scope: { kind: 'CONVERSATION', id: gid.CQ }, window: { from: day(-25), to: day(-5) } },
      token.admin,
    ),
  ).funnel.qualityRaterCount;
}

async function settingsUpdate(change: Record<string, unknown>): Promise<void> {
  const current = ok(await server.gql(`{ districtSettings { version } }`, {}, token.admin)).districtSettings;
  ok(
    await server.gql(
      `mutation($input: DistrictSettingsUpdateInput!) { districtSettingsUpdate(input: $input) { districtSettings { minRaters } } }`,
      { input: { version: current.version, ...change } },
      token.admin,
    ),
  );
}

const LOG = `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id heldAt ${QUALITY} } } }`;

beforeAll(async () => {
  server = await startTestServer();
  await arrange();
  for (const who of ['admin', 't1']) token[who] = (await server.signIn(`${who}@factsburg.example`)).accessToken;
});
afterAll(() => server?.close());

describe('a published session stays published, with the same figures', () => {
  let q0: any;
  let f0: Record<string, any>;

  beforeAll(async () => {
    q0 = await sessionQuality('Q');
    f0 = await qualityFunnels();
  });

  it('as first read: Q published from 4 raters other than its facilitator (fac rated 1: a self-rating)', async () => {
    expect(q0.quality).toMatchObject({
      status: 'PUBLISHED',
      overall: 3.25,
      raterCount: 4,
      selfRating: 1,
      minRaters: 3,
    });
    expect(Date.parse(q0.quality.ratingClosesAt)).toBe(Date.parse(q0.heldAt) + 14 * DAY_MS);
    expect(f0.CQ).toMatchObject({ due: 2, held: 1, missed: 1, quality: 3.25, qualitySessions: 1 });
    // fac facilitated Q and X (missed by everyone); fac2 attended Q only.
    expect(f0.fac).toMatchObject({ due: 2, held: 1, missed: 1, quality: 3.25 });
    expect(f0.fac2).toMatchObject({ due: 1, held: 1, missed: 0, quality: 3.25 });
    expect(await raterCount()).toBe(4);
    // Every session recorded its facilitator and its local day when it was scheduled.
    for (const key of ['Q', 'X', 'L', 'U']) expect((await facts(key)).facilitator_id).toBe(id.fac);
    expect(await facts('X')).toMatchObject({ scheduled_on: day(-10), rating_closes_at: null, min_raters: null });
    expect(await facts('Q')).toMatchObject({ scheduled_on: day(-20), min_raters: 3 });
  });

  it("after the conversation's facilitator changes: only its upcoming sessions take the new facilitator", async () => {
    ok(
      await server.gql(
        `mutation($i: ConversationUpdateInput!) { conversationUpdate(input: $i) { conversation { id } } }`,
        { i: { id: gid.CQ, version: await version('learning_conversation', 'CQ'), facilitatorId: gid.fac2 } },
        token.admin,
      ),
    );
    expect((await facts('U')).facilitator_id).toBe(id.fac2);
    for (const key of ['Q', 'X', 'L']) expect((await facts(key)).facilitator_id).toBe(id.fac);
    // Read against the conversation's facilitator now, fac2's 4 would become a self-rating and fac's 1 a rating.
    expect(await sessionQuality('Q')).toEqual(q0);
    expect(await qualityFunnels()).toEqual(f0);
    expect(await raterCount()).toBe(4);
  });

  it('after minRaters (3 -> 5) and ratingWindowDays (14 -> 30) are raised', async () => {
    await settingsUpdate({ minRaters: 5, ratingWindowDays: 30 });
    // Read against the settings now, Q would be WITHHELD (4 < 5) and its window open again (held 20 days ago).
    expect(await sessionQuality('Q')).toEqual(q0);
    expect(await qualityFunnels()).toEqual(f0);
    // An aggregate's rater count is named only from the district's minimum now up (docs/metrics.md).
    expect(await raterCount()).toBeNull();
  });

  it('after Q is logged again with a later held time: its window and minimum do not move', async () => {
    const before = await facts('Q');
    const heldAt = new Date(Date.parse(String(q0.heldAt)) + 11 * DAY_MS).toISOString();
    const res = ok(
      await server.gql(
        LOG,
        {
          i: {
            id: gid.Q,
            version: await version('conversation_session', 'Q'),
            heldAt,
            durationMinutes: 50,
            attendeeIds: [gid.fac, gid.fac2, gid.t1, gid.t2, gid.t3],
          },
        },
        token.admin,
      ),
    ).sessionLog.session;
    expect(Date.parse(res.heldAt)).toBe(Date.parse(heldAt));
    expect(res.quality).toEqual(q0.quality);
    expect(await facts('Q')).toMatchObject({
      rating_closes_at: before.rating_closes_at,
      min_raters: 3,
      held_at: new Date(heldAt),
    });
    expect((await sessionQuality('Q')).quality).toEqual(q0.quality);
    expect(await qualityFunnels()).toEqual(f0);
    // And nobody may rate it again (its window, recorded when it was first held, has closed).
    const rated = await server.gql(
      `mutation($i: SessionRateInput!) { sessionRate(input: $i) { session { id } } }`,
      { i: { sessionId: gid.Q, ratings: [{ criterionId: gid.K1, score: 1 }] } },
      token.t1,
    );
    expect(codeOf(rated)).toBe('BAD_USER_INPUT');
    expect(rated.errors?.[0]?.extensions?.fields?.map((f: any) => f.field)).toEqual(['sessionId']);
  });

  it('a session first logged now is decided with the settings now, and records them', async () => {
    const [{ at }] = await server.owner.query(`SELECT scheduled_at AS at FROM conversation_session WHERE id = $1`, [
      id.L,
    ]);
    const heldAt = new Date(at).toISOString();
    const res = ok(
      await server.gql(
        LOG,
        {
          i: {
            id: gid.L,
            version: await version('conversation_session', 'L'),
            heldAt,
            durationMinutes: 45,
            attendeeIds: [gid.fac, gid.t1, gid.t2],
          },
        },
        token.admin,
      ),
    ).sessionLog.session;
    expect(res.quality).toMatchObject({ status: 'RATING_OPEN', minRaters: 5 });
    expect(Date.parse(res.quality.ratingClosesAt)).toBe(Date.parse(heldAt) + 30 * DAY_MS);
    expect(await facts('L')).toMatchObject({
      min_raters: 5,
      rating_closes_at: new Date(Date.parse(heldAt) + 30 * DAY_MS),
    });
    // The audit names the facts recorded, as fields.
    const [audit] = await server.owner.query(
      `SELECT fields FROM audit_event WHERE action = 'session.log' AND entity_id = $1 ORDER BY occurred_at DESC LIMIT 1`,
      [id.L],
    );
    expect(audit.fields).toEqual(expect.arrayContaining(['ratingClosesAt', 'minRaters']));
  });
});

describe('a past window is the same after the district changes its time zone', () => {
  const FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!, $trend: TrendInterval) {
    funnel(scope: $scope, window: $window, trend: $trend) {
      due held missed heldRate attendanceRate
      trend { periodStart due held heldRate }
      missedSessions { id scheduledAt }
    }
  }`;
  const VIEWS: [string, Record<string, unknown>, string][] = [
    ['district, weeks', { kind: 'DISTRICT' }, 'WEEK'],
    ['district, months', { kind: 'DISTRICT' }, 'MONTH'],
    ['conversation, weeks', { kind: 'CONVERSATION' }, 'WEEK'],
  ];
  async function views(): Promise<Record<string, any>> {
    const out: Record<string, any> = {};
    for (const [name, scope, trend] of VIEWS) {
      const s = scope.kind === 'CONVERSATION' ? { ...scope, id: gid.CT } : scope;
      out[name] = ok(
        await server.gql(FUNNEL, { scope: s, window: { from: W_FROM, to: W_TO }, trend }, token.admin),
      ).funnel;
    }
    return out;
  }

  it('America/Chicago -> America/Los_Angeles: counts, trend buckets and the missed list stay', async () => {
    const before = await views();
    const ct = before['conversation, weeks'];
    // Z3 and Z4 held, Z1 missed (23:30 on the last day); Z2 (00:30 the day after) is not in the window.
    expect(ct).toMatchObject({ due: 3, held: 2, missed: 1 });
    expect(ct.trend).toEqual([
      { periodStart: W_FROM, due: 2, held: 2, heldRate: 1 },
      { periodStart: addDays(W_FROM, 7), due: 1, held: 0, heldRate: 0 },
    ]);
    expect(ct.missedSessions.map((s: any) => s.id)).toEqual([gid.Z1]);
    const zu = await facts('ZU');

    const [district] = await server.owner.query(`SELECT version FROM district WHERE id = $1`, [id.district]);
    const res = ok(
      await server.gql(
        `mutation($i: DistrictUpdateInput!) { districtUpdate(input: $i) { sessionsMoved district { timezone } } }`,
        { i: { id: gid.district, version: district.version, timezone: LA } },
        token.admin,
      ),
    ).districtUpdate;
    expect(res.district.timezone).toBe(LA);
    expect(res.sessionsMoved).toBeGreaterThan(0);

    // Read by the zone now, Z3 would leave the window (and its first week) and Z2 would join its last day.
    expect(await views()).toEqual(before);
    // Past sessions keep their day; a future one keeps its wall-clock time in the new zone, so its day too.
    expect(await facts('Z3')).toMatchObject({ scheduled_on: W_FROM });
    expect(await facts('Z2')).toMatchObject({ scheduled_on: addDays(W_TO, 1) });
    const zuAfter = await facts('ZU');
    expect(zuAfter.scheduled_on).toBe(zu.scheduled_on);
    expect(new Date(String(zuAfter.scheduled_at)).getTime() - new Date(String(zu.scheduled_at)).getTime()).toBe(
      2 * 3_600_000,
    );
  });
});
