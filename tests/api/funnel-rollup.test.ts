import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { actionsSql, funnelSql } from '../../packages/api/src/modules/analytics/funnel.sql';
import { FunnelScopeKind, TrendInterval } from '../../packages/api/src/modules/analytics/funnel.input';
import type { FunnelScope } from '../../packages/api/src/modules/analytics/funnel-scope';
import { compareWithRebuild, type RollupDifference } from '../../packages/api/src/modules/analytics/rollup';
import { recordExpectedParticipants } from '../../packages/api/src/modules/session/expected-record';
import { ok, startTestServer, type TestServer } from '../support/server';

/**
 * The funnel's rollups (migration 1765030000000-FunnelRollups) stay exact through every write that touches a funnel
 * fact. On the demo district (Northfield), each step writes through the API; after each, (1) the rollups equal a
 * rebuild from the raw rows (the comparison `npm run rollup:verify` makes, here in a transaction rolled back), and
 * (2) the DISTRICT and SCHOOL funnels the API serves from the rollups equal the funnel's SQL over the raw rows (the
 * statements every other scope still uses), figure by figure, trend and cohort included.
 */
let server: TestServer;
let admin: string;
let districtId: string;
let schoolId: string;
/** The district's time zone: day fields (collectedOn, dueOn) are its local days, not UTC's. */
let districtZone: string;

const WINDOW = { from: '', to: '' };

const FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) {
  funnel(scope: $scope, window: $window) {
    due held missed missedWithReason cancelled heldRate attendanceRate
    quality qualityRaterCount qualitySessions selfRatedQuality evidenceGroundedRate actionRate
    invited reached reach coverage
    actionsDue actionsDoneOnTime followThrough actionsDone actionsWithPracticeChange practiceChangeRate
    actionsWithCorroboratedChange corroboratedChangeRate actionsWithSustainedChange sustainedChangeRate
    trend { periodStart due held heldRate quality qualitySessions actionRate }
    cohort { qualityUnknown stages { stage sessions } }
  }
}`;

async function inDistrict<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
  return server.owner.transaction(async (m) => {
    await m.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
    return work(m);
  });
}

/** The rollups against a rebuild from the raw rows, in a transaction that is rolled back. */
async function differences(): Promise<RollupDifference[]> {
  const runner = server.owner.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query(`SELECT set_config('app.district_id', $1, true)`, [districtId]);
    return await compareWithRebuild(runner.manager, districtId);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/** The funnel of a scope over WINDOW by the funnel's SQL over the raw rows, shaped as the API answers it. */
async function rawFunnel(kind: 'DISTRICT' | 'SCHOOL'): Promise<Record<string, unknown>> {
  return inDistrict(async (m) => {
    const [st] = await m.query(
      `SELECT d.timezone, coalesce(ds.recent_evidence_days, 30) AS recent, coalesce(ds.min_raters, 3) AS min_raters,
              coalesce(ds.log_grace_hours, 48) AS grace, coalesce(ds.cancel_notice_hours, 24) AS notice,
              coalesce(ds.on_track_quality, 3)::float8 AS good
         FROM district d LEFT JOIN district_setting ds ON ds.district_id = d.id WHERE d.id = $1`,
      [districtId],
    );
    const condition = kind === 'SCHOOL' ? 'c.school_id = :scopeSchoolId' : 'TRUE';
    const scope: FunnelScope = {
      kind: kind === 'SCHOOL' ? FunnelScopeKind.SCHOOL : FunnelScopeKind.DISTRICT,
      districtId,
      sessions: condition,
      actions: condition,
      people: 'TRUE',
      heldFor: null,
      params: kind === 'SCHOOL' ? { scopeSchoolId: schoolId } : {},
      strategy: null,
      outsideView: null,
    };
    const params = {
      ...scope.params,
      districtId,
      tz: st.timezone,
      fromDay: WINDOW.from,
      toDay: WINDOW.to,
      recentDays: Number(st.recent),
      minRaters: Number(st.min_raters),
      logGraceHours: Number(st.grace),
      cancelNoticeHours: Number(st.notice),
      goodQuality: Number(st.good),
    };
    const run = async (sql: string) => {
      const [query, values] = m.connection.driver.escapeQueryWithParameters(sql, params);
      return (await m.query(query, values))[0];
    };
    const { summary: s, cohort, trend } = await run(funnelSql(scope, TrendInterval.WEEK));
    const a = await run(actionsSql(scope));
    const stages = ['due', 'held', 'good', 'acted_on', 'followed_through', 'corroborated', 'sustained'];
    return {
      due: s.due,
      held: s.held,
      missed: s.missed,
      missedWithReason: s.missed_with_reason,
      cancelled: s.cancelled,
      heldRate: s.held_rate,
      attendanceRate: s.attendance_rate,
      quality: s.quality,
      qualityRaterCount: s.quality_raters,
      qualitySessions: s.quality_sessions,
      selfRatedQuality: s.self_rated_quality,
      evidenceGroundedRate: s.evidence_grounded_rate,
      actionRate: s.action_rate,
      invited: s.invited,
      reached: s.reached,
      reach: s.reach,
      coverage: s.reach,
      actionsDue: a.due,
      actionsDoneOnTime: a.on_time,
      followThrough: a.follow_through,
      actionsDone: a.done,
      actionsWithPracticeChange: a.changed,
      practiceChangeRate: a.practice_change_rate,
      actionsWithCorroboratedChange: a.corroborated,
      corroboratedChangeRate: a.corroborated_change_rate,
      actionsWithSustainedChange: a.sustained,
      sustainedChangeRate: a.sustained_change_rate,
      trend: trend.map((t: any) => ({
        periodStart: t.period_start,
        due: t.due,
        held: t.held,
        heldRate: t.held_rate,
        quality: t.quality,
        qualitySessions: t.quality_sessions,
        actionRate: t.action_rate,
      })),
      cohort: { qualityUnknown: cohort.quality_unknown, stages: stages.map((k) => cohort[k]) },
    };
  });
}

/** Rates and means are floating point sums taken in another order: equal to 12 decimals. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1e12) / 1e12;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

async function served(kind: 'DISTRICT' | 'SCHOOL'): Promise<Record<string, unknown>> {
  const scope = kind === 'SCHOOL' ? { kind, id: toGlobalId('School', schoolId) } : { kind };
  const f = ok(await server.gql(FUNNEL, { scope, window: WINDOW }, admin)).funnel;
  return {
    ...f,
    cohort: { qualityUnknown: f.cohort.qualityUnknown, stages: f.cohort.stages.map((s: any) => s.sessions) },
  };
}

async function expectExact(): Promise<void> {
  expect(await differences()).toEqual([]);
  for (const kind of ['DISTRICT', 'SCHOOL'] as const)
    expect(rounded(await served(kind))).toEqual(rounded(await rawFunnel(kind)));
}

async function call(query: string, variables: Record<string, unknown>, token = admin): Promise<any> {
  return ok(await server.gql(query, variables, token));
}

beforeAll(async () => {
  // The demo district with its domain: schools, conversations, a term of sessions, ratings and actions.
  server = await startTestServer({ demoDomain: true });
  admin = (await server.signIn('admin@northfield.example')).accessToken;
  [{ id: districtId, timezone: districtZone }] = await server.owner.query(
    `SELECT id, timezone FROM district WHERE slug = 'northfield'`,
  );
  // The school with the most sessions; the window: a school year around today.
  [{ school_id: schoolId }] = await inDistrict((m) =>
    m.query(
      `SELECT c.school_id FROM conversation_session s
               JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
              WHERE s.district_id = $1 AND c.school_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [districtId],
    ),
  );
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  WINDOW.from = day(-200);
  WINDOW.to = day(120);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

test('the rollups built by the migration equal the raw rows, and serve the same funnel', async () => {
  const [{ n }] = await inDistrict((m) =>
    m.query(`SELECT count(*)::int AS n FROM funnel_session_fact WHERE district_id = $1`, [districtId]),
  );
  expect(n).toBeGreaterThan(50);
  await expectExact();
});

test("two writers of different schools on one day both land in the district's day: the second waits, never overwrites", async () => {
  // Two sessions still scheduled, at two schools, on the same day of the district.
  const [pair] = await inDistrict((m) =>
    m.query(
      `SELECT a.session_id AS a, b.session_id AS b, a.day::text AS day
         FROM funnel_session_fact a
         JOIN funnel_session_fact b ON b.district_id = a.district_id AND b.day = a.day AND b.school_key > a.school_key
                                   AND b.status = 'SCHEDULED'
        WHERE a.district_id = $1 AND a.status = 'SCHEDULED' AND a.day > current_date + 3
        ORDER BY a.day LIMIT 1`,
      [districtId],
    ),
  );
  expect(pair).toBeDefined();
  const dayRow = async (client: pg.Client) =>
    (
      await client.query(
        `SELECT scheduled, cancelled_in_time FROM funnel_district_day WHERE district_id = $1 AND day = $2`,
        [districtId, pair.day],
      )
    ).rows[0];
  const [first, second, watcher] = [0, 1, 2].map(() => new pg.Client({ connectionString: server.db.ownerUrl }));
  try {
    for (const c of [first, second, watcher]) {
      await c.connect();
      await c.query(`SELECT set_config('app.district_id', $1, false)`, [districtId]);
    }
    const before = await dayRow(watcher);
    const cancel = `UPDATE conversation_session SET status = 'CANCELLED', cancel_reason = 'Two writers'
                     WHERE district_id = $1 AND id = $2`;
    await first.query('BEGIN');
    await first.query(cancel, [districtId, pair.a]);
    await second.query('BEGIN');
    const secondPid = (await second.query(`SELECT pg_backend_pid() AS pid`)).rows[0].pid;
    const secondWrite = second.query(cancel, [districtId, pair.b]);
    // The second waits on the day's row the first holds (the server says so), until the first commits.
    for (;;) {
      const { rows } = await watcher.query(`SELECT wait_event_type FROM pg_stat_activity WHERE pid = $1`, [secondPid]);
      if (rows[0]?.wait_event_type === 'Lock') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await first.query('COMMIT');
    await secondWrite;
    await second.query('COMMIT');
    const after = await dayRow(watcher);
    expect(after.scheduled).toBe(before.scheduled - 2);
    expect(after.cancelled_in_time).toBe(before.cancelled_in_time + 2);
  } finally {
    for (const c of [first, second, watcher]) await c.end().catch(() => undefined);
  }
  expect(await differences()).toEqual([]);
});

test('logging a missed session held, with evidence and actions, then rating it, keeps them exact', async () => {
  // A session five days ago of a conversation of the school taking part by role, never logged: missed.
  const [conversation] = await inDistrict((m) =>
    m.query(
      `SELECT c.id FROM learning_conversation c
               JOIN conversation_participant_role r ON r.district_id = c.district_id AND r.conversation_id = c.id
              WHERE c.school_id = $1 AND c.active ORDER BY c.id LIMIT 1`,
      [schoolId],
    ),
  );
  const [{ id: sessionId }] = await inDistrict((m) =>
    m.query(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at)
       VALUES ($1, $2, date_trunc('hour', now()) - interval '5 days') RETURNING id`,
      [districtId, conversation.id],
    ),
  );
  await recordExpectedParticipants(server.owner, districtId, [sessionId]);
  await expectExact();
  const [s] = await inDistrict((m) =>
    m.query(
      `SELECT s.id, s.version, s.scheduled_at, s.facilitator_id,
                    array_agg(ep.staff_member_id ORDER BY ep.staff_member_id) AS expected
               FROM conversation_session s
               JOIN session_expected_participant ep ON ep.district_id = s.district_id AND ep.session_id = s.id
              WHERE s.id = $1 GROUP BY s.district_id, s.id`,
      [sessionId],
    ),
  );
  expect(s.expected.length).toBeGreaterThanOrEqual(3);
  const heldAt = new Date(new Date(s.scheduled_at).getTime() + 3_600_000).toISOString();
  // The session's local day (the UTC day differs for some hours of every day).
  const heldOn = new Intl.DateTimeFormat('en-CA', { timeZone: districtZone }).format(new Date(heldAt));
  const logged = await call(
    `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id actions { id version } } } }`,
    {
      i: {
        id: toGlobalId('ConversationSession', s.id),
        version: s.version,
        heldAt,
        durationMinutes: 45,
        attendeeIds: [s.facilitator_id, ...s.expected.slice(0, 3)].map((x: string) => toGlobalId('StaffMember', x)),
        evidence: [{ kind: 'ASSESSMENT', description: 'Exit tickets', collectedOn: heldOn }],
        actions: [
          {
            description: 'Try the routine',
            dueOn: heldOn,
            ownerId: toGlobalId('StaffMember', s.expected[0]),
          },
          {
            description: 'Share the results',
            dueOn: heldOn,
            ownerId: toGlobalId('StaffMember', s.expected[1]),
          },
        ],
      },
    },
  );
  await expectExact();

  // Three attendees and the facilitator rate it (the facilitator's own rating is a self-rating).
  const criteria: { id: string }[] = await inDistrict((m) =>
    m.query(`SELECT id FROM rubric_criterion WHERE district_id = $1 AND active ORDER BY position LIMIT 2`, [
      districtId,
    ]),
  );
  const people: { email: string }[] = await inDistrict((m) =>
    m.query(`SELECT email FROM staff_member WHERE id = ANY($1) ORDER BY id`, [
      [s.facilitator_id, ...s.expected.slice(0, 3)],
    ]),
  );
  for (const [i, p] of people.entries()) {
    const token = (await server.signIn(p.email)).accessToken;
    await call(
      `mutation($i: SessionRateInput!) { sessionRate(input: $i) { session { id } } }`,
      {
        i: {
          sessionId: toGlobalId('ConversationSession', s.id),
          ratings: criteria.map((c) => ({ criterionId: toGlobalId('RubricCriterion', c.id), score: 1 + (i % 4) })),
        },
      },
      token,
    );
  }
  await expectExact();

  // Its rating window closes while nothing is written: the funnel reads it live until the facts are refreshed.
  await inDistrict((m) =>
    m.query(`UPDATE conversation_session SET rating_closes_at = now() + interval '1 second' WHERE id = $1`, [s.id]),
  );
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const [fact] = await inDistrict((m) =>
    m.query(`SELECT closed FROM funnel_session_fact WHERE session_id = $1`, [s.id]),
  );
  expect(fact.closed).toBe(false);
  for (const kind of ['DISTRICT', 'SCHOOL'] as const)
    expect(rounded(await served(kind))).toEqual(rounded(await rawFunnel(kind)));
  await expectExact();

  // Action transitions: one done on time with a practice change, the other dropped.
  const [a1, a2] = logged.sessionLog.session.actions;
  await call(`mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) { actionItem { id } } }`, {
    i: {
      id: a1.id,
      version: a1.version,
      status: 'DONE',
      completionEvidence: 'Used it twice',
      practiceChangeEvidence: 'Students explain their steps',
    },
  });
  await call(`mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) { actionItem { id } } }`, {
    i: { id: a2.id, version: a2.version, status: 'DROPPED' },
  });
  await expectExact();
}, 120_000);

test('cancelling and rescheduling upcoming sessions keeps them exact', async () => {
  const upcoming: { id: string; version: number; scheduled_at: Date }[] = await inDistrict((m) =>
    m.query(
      `SELECT s.id, s.version, s.scheduled_at FROM conversation_session s
               JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
              WHERE s.status = 'SCHEDULED' AND s.scheduled_at > now() + interval '3 days' AND c.school_id = $1
              ORDER BY s.scheduled_at LIMIT 2`,
      [schoolId],
    ),
  );
  expect(upcoming).toHaveLength(2);
  await call(`mutation($i: SessionCancelInput!) { sessionCancel(input: $i) { session { id } } }`, {
    i: { id: toGlobalId('ConversationSession', upcoming[0].id), version: upcoming[0].version, reason: 'Testing day' },
  });
  await call(`mutation($i: SessionRescheduleInput!) { sessionReschedule(input: $i) { session { id } } }`, {
    i: {
      id: toGlobalId('ConversationSession', upcoming[1].id),
      version: upcoming[1].version,
      scheduledAt: new Date(new Date(upcoming[1].scheduled_at).getTime() + 86_400_000).toISOString(),
    },
  });
  await expectExact();
});

test('unmapping a conversation, deactivating a teacher and closing a school keep them exact', async () => {
  const [mapping] = await inDistrict((m) =>
    m.query(`SELECT id FROM conversation_mapping WHERE district_id = $1 AND valid_to IS NULL LIMIT 1`, [districtId]),
  );
  await call(`mutation($i: ConversationMappingDeleteInput!) { conversationMappingDelete(input: $i) { deletedId } }`, {
    i: { id: toGlobalId('ConversationMapping', mapping.id) },
  });
  await expectExact();

  // A teacher expected at upcoming sessions, who facilitates nothing: their upcoming invitations go.
  const [teacher] = await inDistrict((m) =>
    m.query(
      `SELECT sm.id, sm.version FROM staff_member sm
              JOIN session_expected_participant ep ON ep.district_id = sm.district_id AND ep.staff_member_id = sm.id
              JOIN conversation_session s ON s.district_id = ep.district_id AND s.id = ep.session_id
             WHERE sm.district_id = $1 AND sm.active AND s.status = 'SCHEDULED' AND s.scheduled_at > now()
               AND NOT EXISTS (SELECT 1 FROM action_item a WHERE a.district_id = sm.district_id AND a.owner_id = sm.id
                                  AND a.status IN ('OPEN', 'IN_PROGRESS'))
               AND NOT EXISTS (SELECT 1 FROM learning_conversation c WHERE c.district_id = sm.district_id AND c.facilitator_id = sm.id)
             GROUP BY sm.district_id, sm.id ORDER BY count(*) DESC LIMIT 1`,
      [districtId],
    ),
  );
  await call(`mutation($i: StaffMemberActivationInput!) { staffMemberDeactivate(input: $i) { staffMember { id } } }`, {
    i: { id: toGlobalId('StaffMember', teacher.id), version: teacher.version },
  });
  await expectExact();

  const [school] = await inDistrict((m) => m.query(`SELECT id, version FROM school WHERE id = $1`, [schoolId]));
  const closed = await call(`mutation($i: SchoolUpdateInput!) { schoolUpdate(input: $i) { sessionsCancelled } }`, {
    i: { id: toGlobalId('School', school.id), version: school.version, status: 'CLOSED' },
  });
  expect(closed.schoolUpdate.sessionsCancelled).toBeGreaterThan(0);
  await expectExact();
});

test('changing the settings the facts read, or the time zone, keeps them exact', async () => {
  await inDistrict(async (m) => {
    await m.query(
      `UPDATE district_setting SET cancel_notice_hours = 200, recent_evidence_days = 2 WHERE district_id = $1`,
      [districtId],
    );
    await m.query(`UPDATE district SET timezone = 'Pacific/Auckland' WHERE id = $1`, [districtId]);
  });
  await expectExact();
});

test('a difference is found: a rollup row changed behind the triggers is reported', async () => {
  await inDistrict((m) =>
    m.query(
      `UPDATE funnel_day SET held = held + 1
        WHERE district_id = $1 AND (school_key, day) IN (SELECT school_key, day FROM funnel_day WHERE district_id = $1 LIMIT 1)`,
      [districtId],
    ),
  );
  // The school row, and the district's day that sums it (kept in step with the school row by its own trigger).
  const found = await differences();
  expect(found.map((d) => d.table).sort()).toEqual(['funnel_day', 'funnel_district_day']);
  await inDistrict((m) => m.query(`SELECT funnel_rebuild($1)`, [districtId]));
  expect(await differences()).toEqual([]);
});

test("the district's days are the sums of its schools' days, and a rebuild mends one changed behind them", async () => {
  // Each table's rows, and its school rows summed per day (counts as integers, sums of ratings as floats).
  const both = async (table: string, from: string, columns: string[]) => {
    const summed = columns.map((c) => `sum(${c})::${c.endsWith('_sum') ? 'float8' : 'int'} AS ${c}`).join(', ');
    const [row] = await inDistrict((m) =>
      m.query(
        `SELECT (SELECT json_agg(x ORDER BY x.day) FROM (SELECT day, ${columns.join(', ')} FROM ${table}
                  WHERE district_id = $1) x) AS stored,
                (SELECT json_agg(x ORDER BY x.day) FROM (SELECT day, ${summed} FROM ${from}
                  WHERE district_id = $1 GROUP BY day) x) AS summed`,
        [districtId],
      ),
    );
    return row as { stored: unknown[]; summed: unknown[] };
  };
  const days = await both('funnel_district_day', 'funnel_day', ['held', 'scheduled', 'published', 'overall_sum']);
  expect(days.stored.length).toBeGreaterThan(10);
  expect(rounded(days.stored)).toEqual(rounded(days.summed));
  const actions = await both('funnel_district_action_day', 'funnel_action_day', ['came_due', 'on_time', 'done']);
  expect(actions.stored.length).toBeGreaterThan(5);
  expect(actions.stored).toEqual(actions.summed);

  await inDistrict((m) =>
    m.query(
      `UPDATE funnel_district_action_day SET done = done + 1
        WHERE district_id = $1 AND day = (SELECT min(day) FROM funnel_district_action_day WHERE district_id = $1)`,
      [districtId],
    ),
  );
  const found = await differences();
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ table: 'funnel_district_action_day' });
  await inDistrict((m) => m.query(`SELECT funnel_rebuild($1)`, [districtId]));
  expect(await differences()).toEqual([]);
});
