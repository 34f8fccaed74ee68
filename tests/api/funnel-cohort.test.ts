import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { recordExpectedParticipants } from '../../packages/api/src/modules/session/expected-record';
import { ok, startTestServer, type TestServer } from '../support/server';
import { addPeople } from '../support/district-fixture';

/**
 * The cohort funnel: the window's due sessions followed from held to sustained practice change, each stage a subset
 * of the one before, counted by hand on a district of its own (Cedar Falls, America/Chicago; 1 day to rate, so
 * sessions held a week ago have their quality published; 3 raters at least; on-track quality 3).
 *
 * One conversation at school A, facilitated by the coach, with t1..t4 taking part. Its sessions, all in the window:
 *
 *  S1  held, rated 4 by t1 t2 t3   action A1 done on time, corroborated and sustained
 *  S2  held, rated 4 by t1 t2 t3   action A2 done on time, corroborated
 *  S3  held, rated 4 by t1 t2 t3   action A3 done late (after its original due day; its due date moved later since)
 *  S4  held, rated 4 by t1 t2 t3   no action
 *  S5  held, rated 2 by t1 t2 t3   action A5 done on time, corroborated and sustained: not GOOD, so it stops there
 *  S6  held, rated 4 by t1 only    quality withheld (too few raters): cannot be GOOD
 *  S7  missed (never logged)
 *  S8  cancelled two weeks ahead (not due)
 *
 * Expected: due 7, held 6, good 4, acted on 3, followed through 2, corroborated 2, sustained 1; quality unknown 1.
 */
const TZ = 'America/Chicago';
let server: TestServer;
let token: string;
const id: Record<string, string> = {};

async function one(sql: string, params: unknown[]): Promise<string> {
  const [row] = await server.owner.query(`${sql} RETURNING id`, params);
  return row.id;
}

beforeAll(async () => {
  server = await startTestServer();
  const q = (sql: string, params: unknown[]) => server.owner.query(sql, params);
  const d = await one(`INSERT INTO district (name, slug, timezone) VALUES ('Cedar Falls', 'cedar-falls', $1)`, [TZ]);
  id.district = d;
  await q(`INSERT INTO district_setting (district_id, rating_window_days) VALUES ($1, 1)`, [d]);
  id.school = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Cedar Middle', 'CF-M')`, [d]);
  await addPeople(
    server.owner,
    d,
    [
      ['admin', 'DISTRICT_ADMIN', null],
      ['coach', 'COACH', id.school],
      ['t1', 'TEACHER', id.school],
      ['t2', 'TEACHER', id.school],
      ['t3', 'TEACHER', id.school],
      ['t4', 'TEACHER', id.school],
    ] as const,
    { family: 'Cedar', domain: 'cedar.example' },
    id,
  );
  id.K1 = await one(
    `INSERT INTO rubric_criterion (district_id, name, position) VALUES ($1, 'Grounded in evidence', 1)`,
    [d],
  );
  id.C = await one(
    `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
       facilitator_id, schedule_until, confidentiality)
     VALUES ($1, $2, 'Coaching cycle', 'PLC', 'Plan the next move', '2026-01-01T15:00', 45, $3, '2027-06-30', 'PARTICIPANTS')`,
    [d, id.school, id.coach],
  );
  for (const t of ['t1', 't2', 't3', 't4'])
    await q(
      `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
      [d, id.C, id[t]],
    );

  // Sessions 7 to 14 days ago (S8 two weeks ahead); held ones held at their scheduled time.
  const sessions: [string, number, 'HELD' | 'SCHEDULED' | 'CANCELLED'][] = [
    ['S1', -14, 'HELD'],
    ['S2', -13, 'HELD'],
    ['S3', -12, 'HELD'],
    ['S4', -11, 'HELD'],
    ['S5', -10, 'HELD'],
    ['S6', -9, 'HELD'],
    ['S7', -8, 'SCHEDULED'],
    ['S8', 14, 'CANCELLED'],
  ];
  for (const [key, days, status] of sessions) {
    id[key] = await one(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes,
         cancelled_at, cancel_reason)
       VALUES ($1, $2, date_trunc('hour', now()) + make_interval(days => $3), $4,
               CASE WHEN $4 = 'HELD' THEN date_trunc('hour', now()) + make_interval(days => $3) END,
               CASE WHEN $4 = 'HELD' THEN 45 END, CASE WHEN $4 = 'CANCELLED' THEN now() END,
               CASE WHEN $4 = 'CANCELLED' THEN 'Testing week' END)`,
      [d, id.C, days, status],
    );
  }
  await recordExpectedParticipants(
    server.owner,
    d,
    sessions.map(([key]) => id[key]),
  );
  const rate = async (session: string, raters: string[], score: number) => {
    for (const r of raters) {
      await q(`INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`, [
        d,
        id[session],
        id[r],
      ]);
      await q(
        `INSERT INTO quality_rating (district_id, session_id, rater_id, criterion_id, score) VALUES ($1, $2, $3, $4, $5)`,
        [d, id[session], id[r], id.K1, score],
      );
    }
  };
  for (const s of ['S1', 'S2', 'S3', 'S4', 'S6']) await rate(s, s === 'S6' ? ['t1'] : ['t1', 't2', 't3'], 4);
  await rate('S5', ['t1', 't2', 't3'], 2);

  /** An action of session `session`, owned by t1, done `doneDays` from today against a due day `dueDays` from today. */
  const action = async (
    key: string,
    session: string,
    dueDays: number,
    doneDays: number,
    verified: 'none' | 'corroborated' | 'sustained',
  ) => {
    id[key] = await one(
      `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status, completed_on,
         completion_evidence, practice_change_evidence)
       VALUES ($1, $2, $3, 'Try the routine', current_date + $4::int, 'DONE', current_date + $5::int,
               'Used it in two lessons', 'Students now explain their steps')`,
      [d, id[session], id.t1, dueDays, doneDays],
    );
    if (verified !== 'none')
      await q(
        `UPDATE action_item SET corroborated_by = $2, corroborated_at = now() - interval '2 days',
           corroboration_kind = 'WALKTHROUGH_NOTE', corroboration_note = 'Seen in a walkthrough' WHERE id = $1`,
        [id[key], id.coach],
      );
    if (verified === 'sustained')
      await q(
        `UPDATE action_item SET sustained_by = $2, sustained_at = now(), sustained_kind = 'STUDENT_WORK',
           sustained_note = 'Still there' WHERE id = $1`,
        [id[key], id.coach],
      );
  };
  await action('A1', 'S1', -3, -4, 'sustained');
  await action('A2', 'S2', -3, -3, 'corroborated');
  await action('A3', 'S3', -6, -2, 'corroborated');
  // A3's due date was moved after the fact to cover its late completion: the original due day still rules.
  await q(`UPDATE action_item SET due_on = current_date WHERE id = $1`, [id.A3]);
  await action('A5', 'S5', -3, -4, 'sustained');

  token = (await server.signIn('coach@cedar.example')).accessToken;
}, 120_000);

afterAll(async () => {
  await server?.close();
});

const COHORT = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) {
  funnel(scope: $scope, window: $window) {
    due held
    cohort { qualityUnknown stages { stage sessions rateOfPrevious rateOfDue } }
  }
}`;

function daysFromToday(n: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

test('each stage of the cohort funnel is a subset of the one before, counted as by hand', async () => {
  const f = ok(
    await server.gql(
      COHORT,
      {
        scope: { kind: 'SCHOOL', id: toGlobalId('School', id.school) },
        window: { from: daysFromToday(-20), to: daysFromToday(20) },
      },
      token,
    ),
  ).funnel;
  const counts = Object.fromEntries(f.cohort.stages.map((s: any) => [s.stage, s.sessions]));
  expect(counts).toEqual({
    DUE: 7,
    HELD: 6,
    GOOD: 4,
    ACTED_ON: 3,
    FOLLOWED_THROUGH: 2,
    CHANGE_CORROBORATED: 2,
    CHANGE_SUSTAINED: 1,
  });
  expect(f.cohort.qualityUnknown).toBe(1);
  // The cohort's first two stages are the period view's due and held.
  expect([f.due, f.held]).toEqual([7, 6]);
  const [due, held, good, acted, through, corroborated, sustained] = f.cohort.stages;
  expect(due).toMatchObject({ rateOfPrevious: null, rateOfDue: 1 });
  expect(held.rateOfPrevious).toBeCloseTo(6 / 7, 10);
  expect(good.rateOfPrevious).toBeCloseTo(4 / 6, 10);
  expect(acted.rateOfPrevious).toBeCloseTo(3 / 4, 10);
  expect(through.rateOfPrevious).toBeCloseTo(2 / 3, 10);
  expect(corroborated.rateOfPrevious).toBe(1);
  expect(sustained.rateOfPrevious).toBe(0.5);
  expect(sustained.rateOfDue).toBeCloseTo(1 / 7, 10);
});

test('a window with no due sessions has an empty cohort, rates null rather than 0', async () => {
  const f = ok(
    await server.gql(
      COHORT,
      {
        scope: { kind: 'SCHOOL', id: toGlobalId('School', id.school) },
        window: { from: daysFromToday(30), to: daysFromToday(40) },
      },
      token,
    ),
  ).funnel;
  for (const stage of f.cohort.stages) expect(stage).toMatchObject({ sessions: 0, rateOfDue: null });
  expect(f.cohort.stages.slice(1).every((s: any) => s.rateOfPrevious === null)).toBe(true);
});

test("a person's cohort follows the sessions they attended and the actions they own", async () => {
  // t4 attended none of the sessions: every due session is missed for them, and nothing follows.
  const t4 = ok(
    await server.gql(
      COHORT,
      {
        scope: { kind: 'PERSON', id: toGlobalId('StaffMember', id.t4) },
        window: { from: daysFromToday(-20), to: daysFromToday(20) },
      },
      (await server.signIn('t4@cedar.example')).accessToken,
    ),
  ).funnel;
  expect(t4.cohort.stages.map((s: any) => s.sessions)).toEqual([7, 0, 0, 0, 0, 0, 0]);
  // t1 attended S1-S6 and owns every action: the same chain as the school's.
  const t1 = ok(
    await server.gql(
      COHORT,
      {
        scope: { kind: 'PERSON', id: toGlobalId('StaffMember', id.t1) },
        window: { from: daysFromToday(-20), to: daysFromToday(20) },
      },
      (await server.signIn('t1@cedar.example')).accessToken,
    ),
  ).funnel;
  expect(t1.cohort.stages.map((s: any) => s.sessions)).toEqual([7, 6, 4, 3, 2, 2, 1]);
});
