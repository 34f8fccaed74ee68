import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { addPeople } from '../support/district-fixture';

/**
 * Quality figures a research office can sign and that cannot be de-anonymised (session/rules/quality.ts,
 * rating-window.ts; docs/metrics.md "Quality"). A district of its own (Quality Vale, America/Chicago, default
 * settings: minRaters 3, ratingWindowDays 14), built through the owner connection with sessions held at chosen
 * days relative to today; ratings inside a window go through the API. All at school A:
 *
 *  conversation  facilitator  people         sessions (held at 15:00 local on the day, relative to today)
 *  CD            fac          t1 t2 t3 t4    D1 day -30: t1 t2 t3 rate K1 3, fac rates K1 1 (self)
 *                                            D2 day -29: t4 rates K1 1 (one rater)
 *  CM            fac          t1 t2 t3 t4    M  day -40: t1 K1-K5 4 (K5 hidden: 2 raters), t2 K1-K4 2 + K5 4,
 *                                                         t3 K1-K4 1, t4 K1 1; fac K1-K4 4 (self)
 *  C2            fac2         t1             S2 day -40: fac2 rates K1 2 (self only)
 *  C3            fac3         t1             S3 day -40: fac3 rates K1 3 (self only)
 *  CO            fac          t1 t2 t3       O  day -2 (window open), W day -20 (window closed, unrated)
 *
 * Each session records its rating close time and minimum raters when first held (here, when inserted); the last test
 * adds N (CD, day -25, three raters) after minRaters is raised to 4.
 */
const TZ = 'America/Chicago';
const DAY_MS = 86_400_000;

let server: TestServer;
const token: Record<string, string> = {};
const id: Record<string, string> = {};
const gid: Record<string, string> = {};

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const day = (n: number) => addDays(today(), n);

async function one(sql: string, params: unknown[]): Promise<string> {
  const [row] = await server.owner.query(`${sql} RETURNING id`, params);
  return row.id;
}

async function rateRow(session: string, who: string, criterion: string, score: number): Promise<void> {
  await server.owner.query(
    `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5)`,
    [id.district, id[session], id[who], id[criterion], score],
  );
}

async function arrange(): Promise<void> {
  const q = (sql: string, params: unknown[]) => server.owner.query(sql, params);
  const d = await one(`INSERT INTO district (name, slug, timezone) VALUES ('Quality Vale', 'quality-vale', $1)`, [TZ]);
  id.district = d;
  await q(`INSERT INTO district_setting (district_id) VALUES ($1)`, [d]);
  id.schoolA = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Vale Middle', 'QV-A')`, [d]);
  gid.schoolA = toGlobalId('School', id.schoolA);
  const people: [string, string, string | null][] = [
    ['admin', 'DISTRICT_ADMIN', null],
    ['leader', 'SCHOOL_LEADER', id.schoolA],
    ['fac', 'COACH', id.schoolA],
    ['fac2', 'COACH', id.schoolA],
    ['fac3', 'COACH', id.schoolA],
    ['t1', 'TEACHER', id.schoolA],
    ['t2', 'TEACHER', id.schoolA],
    ['t3', 'TEACHER', id.schoolA],
    ['t4', 'TEACHER', id.schoolA],
  ];
  await addPeople(server.owner, d, people, { family: 'Vale', domain: 'quality-vale.example' }, id, gid);
  for (let k = 1; k <= 5; k++) {
    id[`K${k}`] = await one(`INSERT INTO rubric_criterion (district_id, name, position) VALUES ($1, $2, $3)`, [
      d,
      `Criterion ${k}`,
      k,
    ]);
    gid[`K${k}`] = toGlobalId('RubricCriterion', id[`K${k}`]);
  }

  const conversation = async (key: string, facilitator: string, participants: string[]) => {
    id[key] = await one(
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
         facilitator_id, schedule_until)
       VALUES ($1, $2, $3, 'PLC', 'Decide the next move', $4, 45, $5, $6)`,
      [d, id.schoolA, key, `${day(-60)}T15:00`, id[facilitator], day(60)],
    );
    gid[key] = toGlobalId('LearningConversation', id[key]);
    for (const who of participants)
      await q(
        `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
        [d, id[key], id[who]],
      );
  };
  await conversation('CD', 'fac', ['t1', 't2', 't3', 't4']);
  await conversation('CM', 'fac', ['t1', 't2', 't3', 't4']);
  await conversation('C2', 'fac2', ['t1']);
  await conversation('C3', 'fac3', ['t1']);
  await conversation('CO', 'fac', ['t1', 't2', 't3']);

  /** A session held at 15:00 local on day `n`, with its attendees. */
  const held = async (key: string, conv: string, n: number, attendees: string[]) => {
    id[key] = await one(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes)
       VALUES ($1, $2, CAST($3 AS timestamp) AT TIME ZONE $4, 'HELD', CAST($3 AS timestamp) AT TIME ZONE $4, 45)`,
      [d, id[conv], `${day(n)} 15:00`, TZ],
    );
    gid[key] = toGlobalId('ConversationSession', id[key]);
    for (const who of attendees)
      await q(`INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`, [
        d,
        id[key],
        id[who],
      ]);
  };
  await held('D1', 'CD', -30, ['fac', 't1', 't2', 't3']);
  await held('D2', 'CD', -29, ['fac', 't4']);
  await held('M', 'CM', -40, ['fac', 't1', 't2', 't3', 't4']);
  await held('S2', 'C2', -40, ['fac2', 't1']);
  await held('S3', 'C3', -40, ['fac3', 't1']);
  await held('O', 'CO', -2, ['fac', 't1', 't2', 't3']);
  await held('W', 'CO', -20, ['fac', 't1']);

  // Ratings given while the windows were open (written directly: the sessions are dated in the past).
  for (const who of ['t1', 't2', 't3']) await rateRow('D1', who, 'K1', 3);
  await rateRow('D1', 'fac', 'K1', 1);
  await rateRow('D2', 't4', 'K1', 1);
  for (const k of ['K1', 'K2', 'K3', 'K4']) {
    await rateRow('M', 't1', k, 4);
    await rateRow('M', 't2', k, 2);
    await rateRow('M', 't3', k, 1);
    await rateRow('M', 'fac', k, 4);
  }
  await rateRow('M', 't1', 'K5', 4);
  await rateRow('M', 't2', 'K5', 4);
  await rateRow('M', 't4', 'K1', 1);
  await rateRow('S2', 'fac2', 'K1', 2);
  await rateRow('S3', 'fac3', 'K1', 3);
}

const QUALITY = `quality { status ratingClosesAt minRaters overall raterCount selfRating
  criteria { criterionId mean raterCount } }`;
async function sessionQuality(key: string, who = 'leader'): Promise<any> {
  return ok(
    await server.gql(`query($id: ID!) { session(id: $id) { heldAt ${QUALITY} } }`, { id: gid[key] }, token[who]),
  ).session;
}

const FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) {
  funnel(scope: $scope, window: $window) {
    quality qualityRaterCount qualitySessions selfRatedQuality
    qualityByCriterion { criterionId mean raterCount }
    trend { periodStart quality qualitySessions }
    thresholds { minRaters ratingWindowDays }
  }
}`;
async function funnel(scope: Record<string, unknown>, from: number, to: number, who = 'leader'): Promise<any> {
  return ok(await server.gql(FUNNEL, { scope, window: { from: day(from), to: day(to) } }, token[who])).funnel;
}
const conversationScope = (key: string) => ({ kind: 'CONVERSATION', id: gid[key] });
const schoolScope = () => ({ kind: 'SCHOOL', id: gid.schoolA });

/** Every rater count anywhere in an answer: none may be below the minimum. */
function raterCounts(value: unknown): number[] {
  if (Array.isArray(value)) return value.flatMap(raterCounts);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) =>
      /raterCount$/i.test(k) && typeof v === 'number' ? [v] : raterCounts(v),
    );
  return [];
}

const RATE = `mutation($i: SessionRateInput!) { sessionRate(input: $i) { session { id ${QUALITY} } } }`;
async function rate(key: string, who: string, scores: [string, number][]): Promise<GraphQLResponse> {
  return server.gql(
    RATE,
    { i: { sessionId: gid[key], ratings: scores.map(([k, score]) => ({ criterionId: gid[k], score })) } },
    token[who],
  );
}

async function ratingRows(key: string): Promise<unknown[]> {
  return server.owner.query(
    `SELECT rater_id, criterion_id, score, updated_at FROM quality_rating WHERE session_id = $1 ORDER BY 1, 2`,
    [id[key]],
  );
}

async function settings(): Promise<any> {
  return ok(await server.gql(`{ districtSettings { version minRaters ratingWindowDays } }`, {}, token.admin))
    .districtSettings;
}
async function updateSettings(change: Record<string, unknown>): Promise<void> {
  ok(
    await server.gql(
      `mutation($input: DistrictSettingsUpdateInput!) { districtSettingsUpdate(input: $input) { districtSettings { minRaters } } }`,
      { input: { version: (await settings()).version, ...change } },
      token.admin,
    ),
  );
}

beforeAll(async () => {
  server = await startTestServer();
  await arrange();
  for (const who of ['admin', 'leader', 'fac', 't1', 't2', 't3'])
    token[who] = (await server.signIn(`${who}@quality-vale.example`)).accessToken;
});
afterAll(() => server?.close());

describe('the day1/day2/both differencing attack yields nothing', () => {
  it('day 1: three raters, mean 3 (the facilitator rated 1: left out)', async () => {
    const f = await funnel(conversationScope('CD'), -30, -30);
    expect(f).toMatchObject({ quality: 3, qualityRaterCount: 3, qualitySessions: 1 });
    expect(f.qualityByCriterion).toEqual([{ criterionId: gid.K1, mean: 3, raterCount: 3 }]);
  });

  it('day 2: one rater, so nothing at all: no mean, no rater count, no criterion', async () => {
    const f = await funnel(conversationScope('CD'), -29, -29);
    expect(f).toMatchObject({ quality: null, qualityRaterCount: null, qualitySessions: 0, qualityByCriterion: [] });
    expect(f.trend.every((p: any) => p.quality === null && p.qualitySessions === 0)).toBe(true);
  });

  it('both days: exactly day 1 (3, not 2.5): the one-rater session feeds nothing', async () => {
    const f = await funnel(conversationScope('CD'), -30, -29);
    expect(f).toMatchObject({ quality: 3, qualityRaterCount: 3, qualitySessions: 1 });
    expect(f.qualityByCriterion).toEqual([{ criterionId: gid.K1, mean: 3, raterCount: 3 }]);
    // Every trend bucket is day 1's figure or nothing.
    for (const p of f.trend) expect([null, 3]).toContain(p.quality);
    expect(f.trend.reduce((n: number, p: any) => n + p.qualitySessions, 0)).toBe(1);
  });

  it('the one-rater session shows nothing either: withheld, no rater count', async () => {
    const s = await sessionQuality('D2');
    expect(s.quality).toMatchObject({ status: 'WITHHELD', overall: null, raterCount: null, criteria: [] });
    expect((await sessionQuality('D1')).quality).toMatchObject({ status: 'PUBLISHED', overall: 3, raterCount: 3 });
  });

  it('no rater count below 3 anywhere: sessions, funnels, criteria, trend', async () => {
    const answers = [
      await sessionQuality('D1'),
      await sessionQuality('D2'),
      await sessionQuality('M'),
      await sessionQuality('S2'),
      await sessionQuality('O'),
    ];
    for (const [from, to] of [
      [-30, -30],
      [-29, -29],
      [-30, -29],
      [-45, 0],
    ])
      for (const scope of [conversationScope('CD'), schoolScope()]) answers.push(await funnel(scope, from, to));
    const counts = raterCounts(answers);
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((n) => n >= 3)).toBe(true);
  });
});

describe('a session: the mean of each rater`s mean, the facilitator apart', () => {
  it('a rater who scored four criteria weighs no more than one who scored one; a hidden criterion does not leak', async () => {
    const s = (await sessionQuality('M')).quality;
    // Rater means over the shown criteria K1-K4: t1 4, t2 2, t3 1, t4 1 -> 2 (the mean of rows would be 29/13;
    // with K5, hidden for its two raters, t2's mean would be 2.4).
    expect(s).toMatchObject({ status: 'PUBLISHED', overall: 2, raterCount: 4 });
    expect(s.criteria.map((k: any) => [k.criterionId, k.raterCount])).toEqual([
      [gid.K1, 4],
      [gid.K2, 3],
      [gid.K3, 3],
      [gid.K4, 3],
    ]);
    expect(s.criteria[0].mean).toBe(2);
    expect(s.criteria[1].mean).toBeCloseTo(7 / 3, 10);
  });

  it("the facilitator's self-rating is out of the headline and the counts, and reported apart", async () => {
    // fac rated K1-K4 4 on M: counted, the overall would be (4+2+1+1+4)/5 and the raters 5.
    expect((await sessionQuality('M', 'fac')).quality).toMatchObject({ overall: 2, raterCount: 4, selfRating: 4 });
    expect((await sessionQuality('M', 'leader')).quality.selfRating).toBe(4);
    // A teacher who attended reads the session, not the facilitator's own judgement of it.
    expect((await sessionQuality('M', 't1')).quality).toMatchObject({ overall: 2, selfRating: null });
    expect((await sessionQuality('D1', 'fac')).quality.selfRating).toBe(1);
  });

  it('a self-rating alone makes no quality; self-ratings are pooled apart once three facilitators gave one', async () => {
    expect((await sessionQuality('S2')).quality).toMatchObject({ status: 'WITHHELD', overall: null, selfRating: 2 });
    const f = await funnel(schoolScope(), -45, 0);
    // Published: D1 (3) and M (2); self-ratings of closed sessions: D1 1, M 4, S2 2, S3 3 from three facilitators.
    expect(f).toMatchObject({ quality: 2.5, qualitySessions: 2, qualityRaterCount: 4, selfRatedQuality: 2.5 });
    // One facilitator alone: withheld.
    expect((await funnel(conversationScope('CD'), -45, 0)).selfRatedQuality).toBeNull();
    // A teacher's own funnel never shows self-ratings.
    expect((await funnel({ kind: 'PERSON', id: gid.t1 }, -45, 0, 't1')).selfRatedQuality).toBeNull();
  });
});

describe('the rating window', () => {
  it('rating after the window is refused (sessionId), and nothing is written', async () => {
    const before = await ratingRows('W');
    const res = await rate('W', 't1', [['K1', 4]]);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toEqual(['sessionId']);
    expect(await ratingRows('W')).toEqual(before);
    // Changing a rating after the window is refused alike.
    const d1 = await ratingRows('D1');
    expect(codeOf(await rate('D1', 't1', [['K1', 1]]))).toBe('BAD_USER_INPUT');
    expect(await ratingRows('D1')).toEqual(d1);
  });

  it('quality is not shown while the window is open, and appears once it has closed', async () => {
    for (const who of ['t1', 't2', 't3']) ok(await rate('O', who, [['K1', 4]]));
    const open = await sessionQuality('O');
    expect(open.quality).toMatchObject({
      status: 'RATING_OPEN',
      overall: null,
      raterCount: null,
      criteria: [],
      minRaters: 3,
    });
    expect(Date.parse(open.quality.ratingClosesAt)).toBe(Date.parse(open.heldAt) + 14 * DAY_MS);
    expect(await funnel(conversationScope('CO'), -45, 0)).toMatchObject({
      quality: null,
      qualityRaterCount: null,
      qualitySessions: 0,
    });
    // Changing one's rating inside the window is fine.
    ok(await rate('O', 't1', [['K1', 3]]));

    // Fifteen days pass (the closing time was recorded when the session was held: it moves back with the rest).
    await server.owner.query(
      `UPDATE conversation_session SET scheduled_at = scheduled_at - interval '15 days', held_at = held_at - interval '15 days',
              rating_closes_at = rating_closes_at - interval '15 days'
        WHERE id = $1`,
      [id.O],
    );
    expect((await sessionQuality('O')).quality).toMatchObject({
      status: 'PUBLISHED',
      overall: (3 + 4 + 4) / 3,
      raterCount: 3,
    });
    expect(await funnel(conversationScope('CO'), -45, 0)).toMatchObject({
      quality: (3 + 4 + 4) / 3,
      qualityRaterCount: 3,
      qualitySessions: 1,
    });
    // And from now on it cannot change.
    expect(codeOf(await rate('O', 't2', [['K1', 1]]))).toBe('BAD_USER_INPUT');
  });
});

describe("the district's minimum", () => {
  afterAll(() => updateSettings({ minRaters: 3 }));

  it('minRaters 4 applies to sessions held from then on: one published before stays published, with its figures', async () => {
    const before = {
      D1: await sessionQuality('D1'),
      M: await sessionQuality('M'),
      f: await funnel(conversationScope('CD'), -30, -29),
    };
    expect(before.D1.quality).toMatchObject({ status: 'PUBLISHED', overall: 3, raterCount: 3, minRaters: 3 });
    await updateSettings({ minRaters: 4 });
    // Each session was decided with the minimum in force when it was first held (session/rules/rating-window.ts).
    expect(await sessionQuality('D1')).toEqual(before.D1);
    expect(await sessionQuality('M')).toEqual(before.M);
    const f = await funnel(conversationScope('CD'), -30, -29);
    expect(f).toMatchObject({ quality: 3, qualitySessions: 1, thresholds: { minRaters: 4, ratingWindowDays: 14 } });
    expect(f.trend).toEqual(before.f.trend);
    // The funnel names no aggregate's rater count below the district's minimum now: 3 raters are left unsaid.
    expect(f.qualityRaterCount).toBeNull();
    expect(f.qualityByCriterion).toEqual([{ criterionId: gid.K1, mean: 3, raterCount: null }]);

    // A session first held after the change is decided with 4: three raters withhold it.
    id.N = await one(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes)
       VALUES ($1, $2, CAST($3 AS timestamp) AT TIME ZONE $4, 'HELD', CAST($3 AS timestamp) AT TIME ZONE $4, 45)`,
      [id.district, id.CD, `${day(-25)} 15:00`, TZ],
    );
    gid.N = toGlobalId('ConversationSession', id.N);
    for (const who of ['fac', 't1', 't2', 't3']) {
      await server.owner.query(
        `INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
        [id.district, id.N, id[who]],
      );
      await rateRow('N', who, 'K1', 3);
    }
    expect((await sessionQuality('N')).quality).toMatchObject({
      status: 'WITHHELD',
      overall: null,
      raterCount: null,
      criteria: [],
      minRaters: 4,
    });
    expect(raterCounts(await funnel(conversationScope('CD'), -30, -20)).every((n) => n >= 4)).toBe(true);
  });
});
