import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { recordExpectedParticipants } from '../../packages/api/src/modules/session/expected-record';
import { addPeople } from '../support/district-fixture';

/**
 * The funnel over a district of its own (Lakeside, America/Chicago), built row by row through the owner connection
 * so that every session, rating and action is exactly where the test says. Dates are relative to today: the window
 * starts on the Monday seven to eight weeks back (day 0) and runs 63 days, to a week or so after today.
 *
 * School A: conversations C1 (data team: coach facilitates, t1 and t2 named) and C2 (coaching: coach, t3).
 * School B: C3 (data team: leaderB, t5). District-wide: C4 (PLC: admin facilitates, every TEACHER takes part).
 * Strategy S1 (school A) maps C1 and C2; S2 (district-wide) maps C4; S3 (school A) maps nothing.
 *
 *  session  conv  local day/time        status      attended               evidence (recent = 14 days)
 *  s1       C1    day 1  15:00          HELD        coach t1 t2 t4 t6*     day 1 - 10 (recent)
 *  s2       C1    day 8  15:00          HELD        coach t1 t2            day 8 - 20 (old)
 *  s3       C1    day 15 15:00          SCHEDULED   (missed)
 *  s4       C1    day 22 15:00          CANCELLED (three days ahead: in time)
 *  s5       C1    today + 3 15:00       SCHEDULED   (future: not due)
 *  s6       C1    day 27 23:30 (UTC: day 28)  HELD  coach t1               day 27 (recent)
 *  s7       C1    day -1 22:00 (UTC: day 0)   HELD  t3 principalA          (outside the window)
 *  s8       C2    day 2  10:00          HELD        coach t3               none
 *  s9       C2    day 9  10:00          SCHEDULED   (missed)
 *  s10      C2    day 16 10:00, held day 17 09:00   coach t3               day 17 (recent from the held day)
 *  s11      C3    day 3  14:00          HELD        leaderB t5             day 3 - 14 (recent: the boundary)
 *  s12      C3    day 10 14:00          SCHEDULED   (missed)
 *  s13      C4    day 4  16:00          HELD        admin t1 t5            none
 *  (* t6 is inactive)
 *
 * Ratings: s1 by t1 (K1 4, K2 3, K3 2), t2 (K1 3, K3 1), t4 (K1 2, K2 4, K3 3); s2 by t1 (K1 4, K2 2); s7 by t3 (K1 1).
 * K3 is renamed and retired after the ratings were given.
 *
 * Actions: a1 s1 t1 due 5 DONE on 4 with practice change; a2 s6 t1 due 30 DONE on 32 (late);
 * a3 s8 t3 due 6 DROPPED; a4 s11 t5 due 12 OPEN; a5 s1 t2 due today + 2 OPEN (not yet due);
 * a6 s8 t3 due 7 DONE on 7, evidence only blanks; a7 s6 t2 due 29 IN_PROGRESS; a8 s7 t3 due -1 DONE on 1 with change.
 */
const TZ = 'America/Chicago';
const DAY_MS = 86_400_000;

let server: TestServer;
const token: Record<string, string> = {};
const id: Record<string, string> = {};
const gid: Record<string, string> = {};
let day0 = '';

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
const day = (n: number) => addDays(day0, n);
const todayInChicago = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );

async function one(sql: string, params: unknown[]): Promise<string> {
  const [row] = await server.owner.query(`${sql} RETURNING id`, params);
  return row.id;
}

async function arrange(): Promise<void> {
  const q = (sql: string, params: unknown[]) => server.owner.query(sql, params);
  const today = todayInChicago();
  const back = addDays(today, -49);
  day0 = addDays(back, -((new Date(`${back}T00:00:00Z`).getUTCDay() + 6) % 7));

  const d = await one(
    `INSERT INTO district (name, slug, timezone) VALUES ('Lakeside Schools', 'lakeside-funnel', $1)`,
    [TZ],
  );
  id.district = d;
  await q(
    `INSERT INTO district_setting (district_id, recent_evidence_days, on_track_held_rate, at_risk_held_rate,
       on_track_quality, at_risk_quality, on_track_follow_through, at_risk_follow_through)
     VALUES ($1, 14, 0.8, 0.6, 3.0, 2.5, 0.7, 0.5)`,
    [d],
  );
  id.schoolA = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Lakeside Middle', 'LS-A')`, [d]);
  id.schoolB = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Bayview Elementary', 'LS-B')`, [d]);
  const people: [string, string, string | null, boolean][] = [
    ['admin', 'DISTRICT_ADMIN', null, true],
    ['principalA', 'SCHOOL_LEADER', id.schoolA, true],
    ['coach', 'COACH', id.schoolA, true],
    ['t1', 'TEACHER', id.schoolA, true],
    ['t2', 'TEACHER', id.schoolA, true],
    ['t3', 'TEACHER', id.schoolA, true],
    ['t4', 'TEACHER', id.schoolA, true],
    ['t6', 'TEACHER', id.schoolA, false],
    ['leaderB', 'SCHOOL_LEADER', id.schoolB, true],
    ['t5', 'TEACHER', id.schoolB, true],
  ];
  await addPeople(server.owner, d, people, { family: 'Lakeside', domain: 'lakeside.example' }, id, gid);

  const criterion = (name: string, position: number) =>
    one(`INSERT INTO rubric_criterion (district_id, name, position) VALUES ($1, $2, $3)`, [d, name, position]);
  id.k1 = await criterion('Substantive', 1);
  id.k2 = await criterion('Grounded in recent evidence', 2);
  id.k3 = await criterion('Ends with commitments', 3);

  const conversation = (title: string, type: string, school: string | null, facilitator: string) =>
    one(
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
         facilitator_id, schedule_until)
       VALUES ($1, $2, $3, $4, 'Decide the next move', $5, 45, $6, $7)`,
      [d, school, title, type, `${day(0)}T15:00`, facilitator, day(90)],
    );
  id.c1 = await conversation('Grade 7 data team', 'DATA_TEAM', id.schoolA, id.coach);
  id.c2 = await conversation('Coaching cycle', 'COACHING', id.schoolA, id.coach);
  id.c3 = await conversation('Bayview data team', 'DATA_TEAM', id.schoolB, id.leaderB);
  id.c4 = await conversation('District PLC', 'PLC', null, id.admin);
  for (const [c, who] of [
    [id.c1, id.t1],
    [id.c1, id.t2],
    [id.c2, id.t3],
    [id.c3, id.t5],
  ]) {
    await q(
      `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
      [d, c, who],
    );
  }
  await q(`INSERT INTO conversation_participant_role (district_id, conversation_id, role) VALUES ($1, $2, 'TEACHER')`, [
    d,
    id.c4,
  ]);

  const strategy = (title: string, school: string | null) =>
    one(
      `INSERT INTO improvement_strategy (district_id, school_id, title, goal, kind, status, starts_on, owner_id)
       VALUES ($1, $2, $3, 'Students explain their reasoning', 'DATA_TEAMS', 'ACTIVE', $4, $5)`,
      [d, school, title, day(0), id.principalA],
    );
  id.s1Strategy = await strategy('Number sense', id.schoolA);
  id.s2Strategy = await strategy('District PLCs', null);
  id.s3Strategy = await strategy('Not started', id.schoolA);
  for (const [s, c] of [
    [id.s1Strategy, id.c1],
    [id.s1Strategy, id.c2],
    [id.s2Strategy, id.c4],
  ]) {
    await q(
      `INSERT INTO conversation_mapping (district_id, strategy_id, conversation_id, dimension, expected_change, valid_from)
       VALUES ($1, $2, $3, 'PRACTICE', 'Teachers regroup students weekly', now() - interval '400 days')`,
      [d, s, c],
    );
  }

  /** A session at a local wall-clock time; held at the same time unless told otherwise. */
  const session = async (
    key: string,
    conv: string,
    at: string,
    status: 'SCHEDULED' | 'HELD' | 'CANCELLED',
    attendees: string[] = [],
    heldAt: string = at,
  ) => {
    id[key] = await one(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes, cancel_reason, cancelled_at)
       VALUES ($1, $2, CAST($3 AS timestamp) AT TIME ZONE $4, $5,
               CASE WHEN $5 = 'HELD' THEN CAST($6 AS timestamp) AT TIME ZONE $4 END,
               CASE WHEN $5 = 'HELD' THEN 45 END, CASE WHEN $5 = 'CANCELLED' THEN 'Snow day' END,
               CASE WHEN $5 = 'CANCELLED' THEN CAST($3 AS timestamp) AT TIME ZONE $4 - interval '3 days' END)`,
      [d, conv, at, TZ, status, heldAt],
    );
    gid[key] = toGlobalId('ConversationSession', id[key]);
    // Who is expected, recorded as the API records it when it schedules a session.
    await recordExpectedParticipants(server.owner, d, [id[key]]);
    for (const who of attendees) {
      await q(`INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`, [
        d,
        id[key],
        id[who],
      ]);
    }
  };
  await session('s1', id.c1, `${day(1)} 15:00`, 'HELD', ['coach', 't1', 't2', 't4', 't6']);
  await session('s2', id.c1, `${day(8)} 15:00`, 'HELD', ['coach', 't1', 't2']);
  await session('s3', id.c1, `${day(15)} 15:00`, 'SCHEDULED');
  await session('s4', id.c1, `${day(22)} 15:00`, 'CANCELLED');
  await session('s5', id.c1, `${addDays(today, 3)} 15:00`, 'SCHEDULED');
  await session('s6', id.c1, `${day(27)} 23:30`, 'HELD', ['coach', 't1']);
  await session('s7', id.c1, `${day(-1)} 22:00`, 'HELD', ['t3', 'principalA']);
  await session('s8', id.c2, `${day(2)} 10:00`, 'HELD', ['coach', 't3']);
  await session('s9', id.c2, `${day(9)} 10:00`, 'SCHEDULED');
  await session('s10', id.c2, `${day(16)} 10:00`, 'HELD', ['coach', 't3'], `${day(17)} 09:00`);
  await session('s11', id.c3, `${day(3)} 14:00`, 'HELD', ['leaderB', 't5']);
  await session('s12', id.c3, `${day(10)} 14:00`, 'SCHEDULED');
  await session('s13', id.c4, `${day(4)} 16:00`, 'HELD', ['admin', 't1', 't5']);

  for (const [s, collected] of [
    ['s1', day(1 - 10)],
    ['s2', day(8 - 20)],
    ['s6', day(27)],
    ['s10', day(17)],
    ['s11', day(3 - 14)],
  ]) {
    await q(
      `INSERT INTO session_evidence (district_id, session_id, kind, description, collected_on) VALUES ($1, $2, 'ASSESSMENT', 'Unit check', $3)`,
      [d, id[s], collected],
    );
  }

  const ratings: [string, string, string, number][] = [
    ['s1', 't1', 'k1', 4],
    ['s1', 't1', 'k2', 3],
    ['s1', 't1', 'k3', 2],
    ['s1', 't2', 'k1', 3],
    ['s1', 't2', 'k3', 1],
    ['s1', 't4', 'k1', 2],
    ['s1', 't4', 'k2', 4],
    ['s1', 't4', 'k3', 3],
    ['s2', 't1', 'k1', 4],
    ['s2', 't1', 'k2', 2],
    ['s7', 't3', 'k1', 1],
  ];
  for (const [s, who, k, score] of ratings) {
    await q(
      `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5)`,
      [d, id[s], id[who], id[k], score],
    );
  }
  // The criterion is renamed and retired after it was rated on: its ratings stay under it.
  await q(`UPDATE rubric_criterion SET name = 'Leads to action', active = false WHERE id = $1`, [id.k3]);

  const action = async (
    key: string,
    s: string,
    owner: string,
    dueOn: string,
    status: string,
    completedOn: string | null = null,
    evidence: string | null = null,
  ) => {
    id[key] = await one(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status, completed_on, practice_change_evidence)
       VALUES ($1, $2, $3, 'Try the reteach plan', $4, $5, $6, $7)`,
      [d, id[s], id[owner], dueOn, status, completedOn, evidence],
    );
    gid[key] = toGlobalId('ActionItem', id[key]);
  };
  await action('a1', 's1', 't1', day(5), 'DONE', day(4), 'Students now explain ratios with a table');
  await action('a2', 's6', 't1', day(30), 'DONE', day(32));
  await action('a3', 's8', 't3', day(6), 'DROPPED');
  await action('a4', 's11', 't5', day(12), 'OPEN');
  await action('a5', 's1', 't2', addDays(today, 2), 'OPEN');
  await action('a6', 's8', 't3', day(7), 'DONE', day(7), '   ');
  await action('a7', 's6', 't2', day(29), 'IN_PROGRESS');
  await action('a8', 's7', 't3', day(-1), 'DONE', day(1), 'Exit tickets show the gap closed');

  // Another district's strategy, for the isolation check.
  const [north] = await q(`SELECT id FROM district WHERE slug = 'northfield'`, []);
  const [northOwner] = await q(`SELECT id FROM staff_member WHERE email = 'admin@northfield.example'`, []);
  id.northStrategy = await one(
    `INSERT INTO improvement_strategy (district_id, title, goal, kind, starts_on, owner_id)
     VALUES ($1, 'Northfield literacy', 'Read', 'OTHER', $2, $3)`,
    [north.id, day(0), northOwner.id],
  );
}

const FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!, $trend: TrendInterval) {
  funnel(scope: $scope, window: $window, trend: $trend) {
    due held missed cancelled heldRate quality qualityRaterCount
    qualityByCriterion { criterionId name active mean raterCount }
    evidenceGroundedRate actionRate actionsDue actionsDoneOnTime followThrough actionsDone actionsWithPracticeChange
    practiceChangeRate invited reached reach staffInScope staffReached coverage
    trend { periodStart due held heldRate quality actionRate }
    qualitySessions
    missedSessions { id state }
    overdueActions { id status }
    health
    thresholds { recentEvidenceDays onTrackHeldRate atRiskHeldRate onTrackQuality atRiskQuality onTrackFollowThrough atRiskFollowThrough }
  }
}`;

const fullWindow = () => ({ from: day(0), to: day(62) });

async function funnel(who: string, scope: Record<string, unknown>, window = fullWindow(), trend?: string) {
  return server.gql(FUNNEL, { scope, window, trend }, token[who]);
}
async function funnelOk(who: string, scope: Record<string, unknown>, window = fullWindow(), trend?: string) {
  return ok(await funnel(who, scope, window, trend)).funnel;
}

const strategyScope = (key: string) => ({ kind: 'STRATEGY', id: toGlobalId('ImprovementStrategy', id[key]) });
const emptyWeek = (n: number) => ({
  periodStart: day(7 * n),
  due: 0,
  held: 0,
  heldRate: null,
  quality: null,
  actionRate: null,
});

beforeAll(async () => {
  server = await startTestServer();
  await arrange();
  for (const who of ['admin', 'principalA', 'coach', 't1']) {
    token[who] = (await server.signIn(`${who.toLowerCase()}@lakeside.example`)).accessToken;
  }
});
afterAll(() => server.close());

describe('successful funnel over the district', () => {
  let f: any;
  beforeAll(async () => {
    f = await funnelOk('admin', { kind: 'DISTRICT' });
  });

  it('counts due, held, missed and cancelled sessions by the local day they were scheduled', () => {
    // Due: s1 s2 s3 s6 s8 s9 s10 s11 s12 s13. Not s4 (cancelled), s5 (future), s7 (the evening before day 0).
    expect(f).toMatchObject({ due: 10, held: 7, missed: 3, cancelled: 1, heldRate: 0.7 });
  });

  it('lists the missed sessions oldest first', () => {
    expect(f.missedSessions).toEqual([
      { id: gid.s9, state: 'MISSED' },
      { id: gid.s12, state: 'MISSED' },
      { id: gid.s3, state: 'MISSED' },
    ]);
  });

  it('quality is the mean of the published session means: s1 only (s2 has one rater and feeds nothing)', () => {
    // s1 shows K1 (t1 t2 t4) and K3 (t1 t2 t4); K2 has two raters and is left out. Rater means over K1 and K3:
    // t1 (4+2)/2 = 3, t2 (3+1)/2 = 2, t4 (2+3)/2 = 2.5 -> 2.5. (Before: the mean of every row of s1 and s2, 2.8.)
    // t3's rating of s7 (outside the window) does not count.
    expect(f.quality).toBeCloseTo(2.5, 10);
    expect(f.qualityRaterCount).toBe(3);
    expect(f.qualitySessions).toBe(1);
  });

  it('quality per criterion keeps a renamed, retired criterion under its id; one with two raters shows no mean', () => {
    expect(f.qualityByCriterion).toEqual([
      {
        criterionId: toGlobalId('RubricCriterion', id.k1),
        name: 'Substantive',
        active: true,
        // s1's K1 mean (4 3 2); s2 (one rater) feeds nothing. Before: every K1 row of s1 and s2, 3.25.
        mean: 3,
        raterCount: 3,
      },
      {
        criterionId: toGlobalId('RubricCriterion', id.k2),
        name: 'Grounded in recent evidence',
        active: true,
        mean: null,
        // Two raters on s1: no mean, and no count below the minimum either.
        raterCount: null,
      },
      {
        criterionId: toGlobalId('RubricCriterion', id.k3),
        name: 'Leads to action',
        active: false,
        mean: 2,
        raterCount: 3,
      },
    ]);
  });

  it('evidence counts as recent within 14 days before the day the session was held, both ends included', () => {
    // Held: s1 (10 days) s2 (20 days: old) s6 (same day) s8 (none) s10 (held day) s11 (14 days) s13 (none).
    expect(f.evidenceGroundedRate).toBeCloseTo(4 / 7, 10);
  });

  it('action rate counts held sessions with at least one action', () => {
    // s1, s6, s8, s11 of the seven held.
    expect(f.actionRate).toBeCloseTo(4 / 7, 10);
  });

  it('follow-through: done by the due day over actions that came due in the window, dropped ones included', () => {
    // Came due: a1 (on time) a2 (late) a3 (dropped) a4 (open) a6 (on the day) a7 (in progress).
    // Not a5 (not due yet), not a8 (due before the window).
    expect(f).toMatchObject({ actionsDue: 6, actionsDoneOnTime: 2 });
    expect(f.followThrough).toBeCloseTo(2 / 6, 10);
  });

  it('practice change: done actions completed in the window with evidence of changed practice', () => {
    // Completed in the window: a1 (evidence) a2 (none) a6 (blanks) a8 (evidence, though due before the window).
    expect(f).toMatchObject({ actionsDone: 4, actionsWithPracticeChange: 2, practiceChangeRate: 0.5 });
  });

  it('lists overdue actions: came due, still open or in progress, the longest overdue first', () => {
    expect(f.overdueActions).toEqual([
      { id: gid.a4, status: 'OPEN' },
      { id: gid.a7, status: 'IN_PROGRESS' },
    ]);
  });

  it('reach: the people invited to the due sessions who attended a held one', () => {
    // Invited (recorded expected participants of the due sessions): t1 t2 (C1), t3 (C2), t5 (C3), t1..t5 (C4, by role;
    // t6 is inactive). Each attended a held session of the window (t4 as a guest of s1). Facilitators are not invited.
    expect(f).toMatchObject({ invited: 5, reached: 5, reach: 1 });
    // The deprecated names answer the same figures.
    expect(f).toMatchObject({ staffInScope: 5, staffReached: 5, coverage: 1 });
  });

  it('the weekly trend has one point per week from Monday, empty weeks included', () => {
    expect(f.trend).toHaveLength(9);
    // Quality: s1's 2.5 alone (s8 s11 s13 have no ratings).
    expect(f.trend[0]).toEqual({ periodStart: day(0), due: 4, held: 4, heldRate: 1, quality: 2.5, actionRate: 0.75 });
    expect(f.trend[1]).toMatchObject({ periodStart: day(7), due: 3, held: 1, quality: null, actionRate: 0 });
    expect(f.trend[1].heldRate).toBeCloseTo(1 / 3, 10);
    expect(f.trend[2]).toEqual({ periodStart: day(14), due: 2, held: 1, heldRate: 0.5, quality: null, actionRate: 0 });
    // s6 is on Sunday night in Chicago (Monday in UTC): it belongs to week 3, with the cancelled s4.
    expect(f.trend[3]).toEqual({ periodStart: day(21), due: 1, held: 1, heldRate: 1, quality: null, actionRate: 1 });
    expect(f.trend.slice(4)).toEqual([4, 5, 6, 7, 8].map(emptyWeek));
  });

  it('reports the thresholds it used, and no health outside a strategy', () => {
    expect(f.health).toBeNull();
    expect(f.thresholds).toEqual({
      recentEvidenceDays: 14,
      onTrackHeldRate: 0.8,
      atRiskHeldRate: 0.6,
      onTrackQuality: 3,
      atRiskQuality: 2.5,
      onTrackFollowThrough: 0.7,
      atRiskFollowThrough: 0.5,
    });
  });
});

describe('successful funnels over time-zone boundaries and short windows', () => {
  it('a session late on the last evening of the window is in it, though it is the next day in UTC', async () => {
    const f = await funnelOk('admin', { kind: 'DISTRICT' }, { from: day(21), to: day(27) });
    expect(f).toMatchObject({ due: 1, held: 1, cancelled: 1, heldRate: 1, evidenceGroundedRate: 1, actionRate: 1 });
    expect(f).toMatchObject({ quality: null, qualityRaterCount: null, qualitySessions: 0, qualityByCriterion: [] });
    // Nothing came due or was completed in these days: rates with nothing under them are null, not 0.
    expect(f).toMatchObject({ actionsDue: 0, followThrough: null, actionsDone: 0, practiceChangeRate: null });
    // s6 is the one due session: C1 invites t1 and t2; t1 attended.
    expect(f).toMatchObject({ invited: 2, reached: 1, reach: 0.5 });
  });

  it('a session on the evening before the window is outside it, though it is the first day in UTC', async () => {
    const f = await funnelOk('admin', { kind: 'DISTRICT' }, { from: day(0), to: day(6) });
    // s1 s8 s11 s13: all five invited teachers attended one of them.
    expect(f).toMatchObject({ due: 4, held: 4, missed: 0, invited: 5, reached: 5 });
    // s1's published mean of rater means (before: its eight rows, 22 / 8).
    expect(f.quality).toBeCloseTo(2.5, 10);
  });

  it('a window with no sessions has zero counts and null rates', async () => {
    const f = await funnelOk('admin', { kind: 'DISTRICT' }, { from: day(35), to: day(40) });
    expect(f).toMatchObject({
      due: 0,
      held: 0,
      heldRate: null,
      quality: null,
      evidenceGroundedRate: null,
      actionRate: null,
      invited: 0,
      reach: null,
      coverage: null,
      missedSessions: [],
    });
    // The overdue list is what is overdue today, whatever the window: the same as over the whole fixture.
    const whole = await funnelOk('admin', { kind: 'DISTRICT' }, fullWindow());
    expect(f.overdueActions).toEqual(whole.overdueActions);
  });

  it('the monthly trend starts each point on the first of a month', async () => {
    const oneDay = await funnelOk('admin', { kind: 'DISTRICT' }, { from: day(1), to: day(1) }, 'MONTH');
    expect(oneDay.trend).toEqual([
      { periodStart: `${day(1).slice(0, 7)}-01`, due: 1, held: 1, heldRate: 1, quality: 2.5, actionRate: 1 },
    ]);
    const all = await funnelOk('admin', { kind: 'DISTRICT' }, fullWindow(), 'MONTH');
    const months: string[] = [];
    for (let m = `${day(0).slice(0, 7)}-01`; m <= day(62); m = addDays(m, 32).slice(0, 7) + '-01') months.push(m);
    expect(all.trend.map((p: any) => p.periodStart)).toEqual(months);
    expect(all.trend.reduce((sum: number, p: any) => sum + p.due, 0)).toBe(10);
    expect(all.trend.reduce((sum: number, p: any) => sum + p.held, 0)).toBe(7);
  });
});

describe('successful funnels over a school, a strategy, a conversation, a type and a person', () => {
  const schoolA = { funnel: null as any };
  beforeAll(async () => {
    schoolA.funnel = await funnelOk('principalA', { kind: 'SCHOOL', id: toGlobalId('School', id.schoolA) });
  });

  it("a school's funnel counts its conversations' sessions and the staff who hold a role there", () => {
    const f = schoolA.funnel;
    expect(f).toMatchObject({ due: 7, held: 5, missed: 2, cancelled: 1, quality: 2.5, qualityRaterCount: 3 });
    expect(f.heldRate).toBeCloseTo(5 / 7, 10);
    expect(f).toMatchObject({ evidenceGroundedRate: 0.6, actionRate: 0.6 });
    // a1 a2 a3 a6 a7 came due (a4 is school B's); a1 and a6 on time. Completed: a1 a2 a6 a8, two with change.
    expect(f).toMatchObject({ actionsDue: 5, actionsDoneOnTime: 2, followThrough: 0.4 });
    expect(f).toMatchObject({ actionsDone: 4, actionsWithPracticeChange: 2, practiceChangeRate: 0.5 });
    // Invited: t1 t2 (C1) and t3 (C2), all of whom attended; t4 attended s1 as a guest, not invited.
    expect(f).toMatchObject({ invited: 3, reached: 3, reach: 1 });
    expect(f.missedSessions.map((s: any) => s.id)).toEqual([gid.s9, gid.s3]);
    expect(f.overdueActions.map((a: any) => a.id)).toEqual([gid.a7]);
    expect(f.health).toBeNull();
  });

  it("a strategy's funnel counts its mapped conversations, and its health is graded (OFF_TRACK)", async () => {
    const f = await funnelOk('principalA', strategyScope('s1Strategy'));
    expect({ ...f, health: null }).toEqual(schoolA.funnel);
    // Follow-through 0.4 is below the at-risk 0.5.
    expect(f.health).toBe('OFF_TRACK');
  });

  describe('strategy health against the thresholds (held rate 5/7, quality 2.5, follow-through 0.4)', () => {
    const setThresholds = (values: number[]) =>
      server.owner.query(
        `UPDATE district_setting SET on_track_held_rate = $2, at_risk_held_rate = $3, on_track_quality = $4,
           at_risk_quality = $5, on_track_follow_through = $6, at_risk_follow_through = $7 WHERE district_id = $1`,
        [id.district, ...values],
      );
    afterAll(() => setThresholds([0.8, 0.6, 3.0, 2.5, 0.7, 0.5]));

    it('AT_RISK when a rate is below on track but none is below at risk', async () => {
      await setThresholds([0.8, 0.6, 3.0, 2.5, 0.7, 0.4]);
      expect((await funnelOk('principalA', strategyScope('s1Strategy'))).health).toBe('AT_RISK');
    });

    it('ON_TRACK when every measured rate is at or above on track', async () => {
      await setThresholds([0.7, 0.6, 2.5, 2.5, 0.4, 0.3]);
      const f = await funnelOk('principalA', strategyScope('s1Strategy'));
      expect(f.health).toBe('ON_TRACK');
      expect(f.thresholds).toMatchObject({ onTrackQuality: 2.5, onTrackFollowThrough: 0.4 });
    });

    it('NOT_ENOUGH_DATA when nothing could be measured', async () => {
      const f = await funnelOk('principalA', strategyScope('s3Strategy'));
      expect(f).toMatchObject({
        due: 0,
        heldRate: null,
        quality: null,
        followThrough: null,
        health: 'NOT_ENOUGH_DATA',
      });
    });
  });

  it('a district-wide strategy reaches the people its conversations invited, not the whole district', async () => {
    const f = await funnelOk('admin', strategyScope('s2Strategy'));
    // C4 invites t1..t5 (the active teachers); t1 and t5 attended s13.
    expect(f).toMatchObject({ due: 1, held: 1, invited: 5, reached: 2, reach: 0.4 });
    // Held rate 1 is on track; quality and follow-through cannot be measured.
    expect(f.health).toBe('ON_TRACK');
  });

  it('the strategy page shows the same funnel', async () => {
    const page = ok(
      await server.gql(
        `query($id: ID!, $w: DateWindowInput!) { strategy(id: $id) { funnel(window: $w) { due held health trend { due } } } }`,
        { id: toGlobalId('ImprovementStrategy', id.s1Strategy), w: fullWindow() },
        token.principalA,
      ),
    ).strategy.funnel;
    expect(page).toMatchObject({ due: 7, held: 5, health: 'OFF_TRACK' });
    expect(page.trend).toHaveLength(9);
  });

  it("a conversation's funnel: its invited people are its named participants, not its facilitator", async () => {
    const f = await funnelOk('principalA', { kind: 'CONVERSATION', id: toGlobalId('LearningConversation', id.c1) });
    expect(f).toMatchObject({ due: 4, held: 3, missed: 1, cancelled: 1 });
    // t1 and t2 are invited and attended; the coach facilitates; t4 attended s1 but was not invited.
    expect(f).toMatchObject({ invited: 2, reached: 2, reach: 1 });
  });

  it("a conversation's held sessions without ratings give no quality, with fewer than three raters neither", async () => {
    const c2 = await funnelOk('coach', { kind: 'CONVERSATION', id: toGlobalId('LearningConversation', id.c2) });
    expect(c2).toMatchObject({ held: 2, quality: null, qualityRaterCount: null, evidenceGroundedRate: 0.5 });
    const oneRater = await funnelOk(
      'principalA',
      { kind: 'CONVERSATION', id: toGlobalId('LearningConversation', id.c1) },
      { from: day(7), to: day(13) },
    );
    // s2's one rater: nothing is published, so nothing of it shows (before: raterCount 1, per criterion too).
    expect(oneRater).toMatchObject({ held: 1, quality: null, qualityRaterCount: null, qualitySessions: 0 });
    expect(oneRater.qualityByCriterion).toEqual([]);
  });

  it('a type: the district admin sees all its conversations, a school leader those of their schools', async () => {
    const all = await funnelOk('admin', { kind: 'TYPE', conversationType: 'DATA_TEAM' });
    // C1 invites t1 t2, C3 invites t5: all attended.
    expect(all).toMatchObject({ due: 6, held: 4, missed: 2, invited: 3, reached: 3 });
    const mine = await funnelOk('principalA', { kind: 'TYPE', conversationType: 'DATA_TEAM' });
    expect(mine).toMatchObject({ due: 4, held: 3, missed: 1, invited: 2, reached: 2 });
  });

  it('a type whose conversation takes part by role invites every holder of the role', async () => {
    const f = await funnelOk('admin', { kind: 'TYPE', conversationType: 'PLC' });
    // admin facilitates; t1..t5 are teachers (t6 inactive), invited; t1 and t5 attended s13.
    expect(f).toMatchObject({ due: 1, held: 1, invited: 5, reached: 2, reach: 0.4 });
  });

  it("a teacher's own funnel: sessions they were expected at, and the actions they own", async () => {
    const f = await funnelOk('t1', { kind: 'PERSON', id: gid.t1 });
    // Expected at C1's (named) and C4's (by role): s1 s2 s3 s6 s13 due, t1 attended all but the missed s3.
    expect(f).toMatchObject({ due: 5, held: 4, missed: 1, cancelled: 1, heldRate: 0.8 });
    expect(f).toMatchObject({ quality: 2.5, evidenceGroundedRate: 0.5, actionRate: 0.5 });
    // a1 (on time, with change) and a2 (late).
    expect(f).toMatchObject({ actionsDue: 2, actionsDoneOnTime: 1, followThrough: 0.5 });
    expect(f).toMatchObject({ actionsDone: 2, actionsWithPracticeChange: 1, practiceChangeRate: 0.5 });
    expect(f).toMatchObject({ invited: 1, reached: 1, reach: 1, overdueActions: [] });
    expect(f.missedSessions.map((s: any) => s.id)).toEqual([gid.s3]);
  });

  it("a school leader sees a person's work in their schools; the district admin all of it", async () => {
    const byPrincipal = await funnelOk('principalA', { kind: 'PERSON', id: gid.t3 });
    // C2's s8 s9 s10; not the district-wide C4.
    expect(byPrincipal).toMatchObject({ due: 3, held: 2, missed: 1 });
    // a3 (dropped) and a6 (on the day, blanks only) came due; a6 and a8 completed in the window, a8 with change.
    expect(byPrincipal).toMatchObject({
      actionsDue: 2,
      actionsDoneOnTime: 1,
      actionsDone: 2,
      actionsWithPracticeChange: 1,
    });
    const byAdmin = await funnelOk('admin', { kind: 'PERSON', id: gid.t3 });
    // And s13 (C4, by role), held without t3: missed, for t3 (a person's funnel is their own attendance).
    expect(byAdmin).toMatchObject({ due: 4, held: 2, missed: 2 });
  });
});

describe('failing funnel requests', () => {
  it('a teacher is FORBIDDEN a school, the district, a type, or someone else', async () => {
    for (const scope of [
      { kind: 'SCHOOL', id: toGlobalId('School', id.schoolA) },
      { kind: 'DISTRICT' },
      { kind: 'TYPE', conversationType: 'DATA_TEAM' },
      { kind: 'PERSON', id: gid.t2 },
      strategyScope('s1Strategy'),
    ]) {
      expect({ scope, code: codeOf(await funnel('t1', scope)) }).toEqual({ scope, code: 'FORBIDDEN' });
    }
  });

  it('a school leader is FORBIDDEN the district and district-wide strategies', async () => {
    expect(codeOf(await funnel('principalA', { kind: 'DISTRICT' }))).toBe('FORBIDDEN');
    expect(codeOf(await funnel('principalA', strategyScope('s2Strategy')))).toBe('FORBIDDEN');
  });

  it("a school leader gets NOT_FOUND for another district's strategy, another school, or a person elsewhere", async () => {
    expect(codeOf(await funnel('principalA', strategyScope('northStrategy')))).toBe('NOT_FOUND');
    expect(codeOf(await funnel('principalA', { kind: 'SCHOOL', id: toGlobalId('School', id.schoolB) }))).toBe(
      'NOT_FOUND',
    );
    expect(codeOf(await funnel('principalA', { kind: 'PERSON', id: gid.t5 }))).toBe('NOT_FOUND');
    expect(codeOf(await funnel('coach', { kind: 'CONVERSATION', id: toGlobalId('LearningConversation', id.c3) }))).toBe(
      'NOT_FOUND',
    );
  });

  it("a district leader gets NOT_FOUND for another district's school or a school id that names none (checked by the funnel's first statement)", async () => {
    const [northSchool] = await server.owner.query(
      `SELECT s.id FROM school s JOIN district d ON d.id = s.district_id WHERE d.slug = 'northfield' LIMIT 1`,
      [],
    );
    for (const schoolId of [northSchool.id, randomUUID()]) {
      const res = await funnel('admin', { kind: 'SCHOOL', id: toGlobalId('School', schoolId) });
      expect(codeOf(res)).toBe('NOT_FOUND');
      expect(res.data?.funnel ?? null).toBeNull();
    }
    // The district's own school answers.
    expect((await funnelOk('admin', { kind: 'SCHOOL', id: toGlobalId('School', id.schoolB) })).due).toEqual(
      expect.any(Number),
    );
  });

  it('a window that ends before it starts, or spans more than 400 days, is BAD_USER_INPUT on window.to', async () => {
    for (const window of [
      { from: day(10), to: day(9) },
      { from: day(0), to: day(400) },
    ]) {
      const res = await funnel('admin', { kind: 'DISTRICT' }, window);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions?.fields?.map((e) => e.field)).toEqual(['window.to']);
    }
    // 400 days, both ends included, is allowed.
    ok(await funnel('admin', { kind: 'DISTRICT' }, { from: day(0), to: day(399) }));
  });

  it('a scope without the id it needs is BAD_USER_INPUT on scope.id', async () => {
    const res = await funnel('admin', { kind: 'SCHOOL' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.fields?.map((e) => e.field)).toEqual(['scope.id']);
  });
});
