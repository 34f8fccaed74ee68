import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { recordExpectedParticipants } from '../../packages/api/src/modules/session/expected-record';
import { ok, startTestServer, type TestServer } from '../support/server';
import { addPeople } from '../support/district-fixture';

/**
 * Facts fixed when they happen, and reach instead of coverage (docs/metrics.md: "Expected participants", "Reach",
 * "Person scope"). A past window's funnel answers the same after the conversation is unmapped, a teacher's role is
 * removed, a participant is deactivated or added; reach is over the people invited; a person's held rate is their own
 * attendance.
 *
 * A district of its own (Fairview, America/Chicago, 15 active people), built through the owner connection; each
 * session's expected participants are recorded when it is inserted, as the API does when it schedules one. Changes
 * go through the API.
 *
 *  people   admin (DISTRICT_ADMIN); leader (SCHOOL_LEADER A); coach (COACH A); tA1..tA5 (TEACHER A);
 *           tB1..tB7 (TEACHER B)
 *  PLC      school A, facilitator leader, participant role TEACHER (expected: tA1..tA5)   strategy S_A (school A)
 *  FIVE     school A, facilitator coach, named tA1..tA5
 *  ADD      school A, facilitator coach, named tA1
 *  DW       district-wide, facilitator admin, named tB1..tB7                             strategy S_DW (district)
 *
 *  session  days from now  status     attended
 *  p1 p2    -35 -28        HELD       leader tA1 tA2 | leader tA3
 *  p3       -21            SCHEDULED  (missed)
 *  p4       -14            HELD       leader tA1 tA4
 *  p5       +5             SCHEDULED  (upcoming)
 *  f1..f4   -33 -26 -19 -12 HELD      coach tA1 (each)
 *  f5       -7             HELD       coach tA2
 *  a1       -10            HELD       coach tA1
 *  a2       +4             SCHEDULED  (upcoming)
 *  d1       -30            HELD       admin tB1 tB2 tB3 tB4
 *  d2       -16            HELD       admin tB5 tB6 tB7
 *
 * The window: from 40 days ago to yesterday.
 */
const TZ = 'America/Chicago';
const DAY_MS = 86_400_000;

let server: TestServer;
let admin = '';
const id: Record<string, string> = {};
const gid: Record<string, string> = {};

const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const day = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

async function one(sql: string, params: unknown[]): Promise<string> {
  const [row] = await server.owner.query(`${sql} RETURNING id`, params);
  return row.id;
}

async function arrange(): Promise<void> {
  const q = (sql: string, params: unknown[]) => server.owner.query(sql, params);
  const d = await one(`INSERT INTO district (name, slug, timezone) VALUES ('Fairview Schools', 'fairview', $1)`, [TZ]);
  id.district = d;
  await q(`INSERT INTO district_setting (district_id) VALUES ($1)`, [d]);
  id.schoolA = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Fairview Middle', 'FV-A')`, [d]);
  id.schoolB = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Fairview Elementary', 'FV-B')`, [
    d,
  ]);
  gid.schoolA = toGlobalId('School', id.schoolA);
  const people: [string, string, string | null][] = [
    ['admin', 'DISTRICT_ADMIN', null],
    ['leader', 'SCHOOL_LEADER', id.schoolA],
    ['coach', 'COACH', id.schoolA],
    ...[1, 2, 3, 4, 5].map((n): [string, string, string] => [`tA${n}`, 'TEACHER', id.schoolA]),
    ...[1, 2, 3, 4, 5, 6, 7].map((n): [string, string, string] => [`tB${n}`, 'TEACHER', id.schoolB]),
  ];
  await addPeople(server.owner, d, people, { family: 'Fairview', domain: 'fairview.example' }, id, gid);

  const conversation = async (
    key: string,
    school: string | null,
    facilitator: string,
    named: string[],
    roles: string[] = [],
  ) => {
    id[key] = await one(
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
         facilitator_id, schedule_until, confidentiality)
       VALUES ($1, $2, $3, 'PLC', 'Decide the next move', $4, 45, $5, $6, 'PARTICIPANTS')`,
      [d, school, key, `${day(-80)}T15:00`, id[facilitator], day(60)],
    );
    gid[key] = toGlobalId('LearningConversation', id[key]);
    for (const who of named)
      await q(
        `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
        [d, id[key], id[who]],
      );
    for (const role of roles)
      await q(`INSERT INTO conversation_participant_role (district_id, conversation_id, role) VALUES ($1, $2, $3)`, [
        d,
        id[key],
        role,
      ]);
  };
  const teachersA = ['tA1', 'tA2', 'tA3', 'tA4', 'tA5'];
  await conversation('PLC', id.schoolA, 'leader', [], ['TEACHER']);
  await conversation('FIVE', id.schoolA, 'coach', teachersA);
  await conversation('ADD', id.schoolA, 'coach', ['tA1']);
  await conversation('DW', null, 'admin', ['tB1', 'tB2', 'tB3', 'tB4', 'tB5', 'tB6', 'tB7']);

  const strategy = async (key: string, school: string | null, conversations: string[]) => {
    id[key] = await one(
      `INSERT INTO improvement_strategy (district_id, school_id, title, goal, kind, status, starts_on, owner_id)
       VALUES ($1, $2, $3, 'Students explain their reasoning', 'PLC', 'ACTIVE', $4, $5)`,
      [d, school, key, day(-80), id.leader],
    );
    gid[key] = toGlobalId('ImprovementStrategy', id[key]);
    for (const c of conversations) {
      id[`${key}:${c}`] = await one(
        `INSERT INTO conversation_mapping (district_id, strategy_id, conversation_id, dimension, expected_change, valid_from)
         VALUES ($1, $2, $3, 'PRACTICE', 'Teachers regroup students weekly', now() - interval '400 days')`,
        [d, id[key], id[c]],
      );
    }
  };
  await strategy('S_A', id.schoolA, ['PLC']);
  await strategy('S_DW', null, ['DW']);

  const session = async (key: string, conv: string, days: number, attendees?: string[]) => {
    const held = attendees !== undefined;
    id[key] = await one(
      `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes)
       VALUES ($1, $2, date_trunc('second', now()) + make_interval(days => $3), $4,
               CASE WHEN $4 = 'HELD' THEN date_trunc('second', now()) + make_interval(days => $3) END,
               CASE WHEN $4 = 'HELD' THEN 45 END)`,
      [d, id[conv], days, held ? 'HELD' : 'SCHEDULED'],
    );
    gid[key] = toGlobalId('ConversationSession', id[key]);
    // Scheduled now: who is expected is recorded now, as the API records it.
    await recordExpectedParticipants(server.owner, d, [id[key]]);
    for (const who of attendees ?? [])
      await q(`INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`, [
        d,
        id[key],
        id[who],
      ]);
  };
  await session('p1', 'PLC', -35, ['leader', 'tA1', 'tA2']);
  await session('p2', 'PLC', -28, ['leader', 'tA3']);
  await session('p3', 'PLC', -21);
  await session('p4', 'PLC', -14, ['leader', 'tA1', 'tA4']);
  await session('p5', 'PLC', 5);
  await session('f1', 'FIVE', -33, ['coach', 'tA1']);
  await session('f2', 'FIVE', -26, ['coach', 'tA1']);
  await session('f3', 'FIVE', -19, ['coach', 'tA1']);
  await session('f4', 'FIVE', -12, ['coach', 'tA1']);
  await session('f5', 'FIVE', -7, ['coach', 'tA2']);
  await session('a1', 'ADD', -10, ['coach', 'tA1']);
  await session('a2', 'ADD', 4);
  await session('d1', 'DW', -30, ['admin', 'tB1', 'tB2', 'tB3', 'tB4']);
  await session('d2', 'DW', -16, ['admin', 'tB5', 'tB6', 'tB7']);
}

const FIGURES = `due held missed heldRate attendanceRate invited reached reach staffInScope staffReached coverage`;
const FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) { funnel(scope: $scope, window: $window) { ${FIGURES} } }`;

async function funnel(kind: string, key?: string): Promise<any> {
  const scope = key ? { kind, id: gid[key] } : { kind };
  return ok(await server.gql(FUNNEL, { scope, window: { from: day(-40), to: day(-1) } }, admin)).funnel;
}

/** The recorded expected participants of a session, by short name. */
async function expectedAt(session: string): Promise<string[]> {
  const rows: { staff_member_id: string }[] = await server.owner.query(
    `SELECT staff_member_id FROM session_expected_participant WHERE session_id = $1`,
    [id[session]],
  );
  const name = new Map(Object.entries(id).map(([k, v]) => [v, k]));
  return rows.map((r) => name.get(r.staff_member_id)!).sort();
}

async function version(table: string, key: string): Promise<number> {
  const [row] = await server.owner.query(`SELECT version FROM ${table} WHERE id = $1`, [id[key]]);
  return row.version;
}

/** Every figure of the four scopes a later change could move, as first read. */
const before: Record<string, any> = {};
const SCOPES: [string, string, string?][] = [
  ['S_A', 'STRATEGY', 'S_A'],
  ['S_DW', 'STRATEGY', 'S_DW'],
  ['SCHOOL', 'SCHOOL', 'schoolA'],
  ['FIVE', 'CONVERSATION', 'FIVE'],
  ['tA1', 'PERSON', 'tA1'],
  ['tA4', 'PERSON', 'tA4'],
];
async function expectUnchanged(): Promise<void> {
  for (const [name, kind, key] of SCOPES)
    expect({ name, f: await funnel(kind, key) }).toEqual({ name, f: before[name] });
}

beforeAll(async () => {
  server = await startTestServer();
  await arrange();
  admin = (await server.signIn('admin@fairview.example')).accessToken;
  for (const [name, kind, key] of SCOPES) before[name] = await funnel(kind, key);
});
afterAll(() => server?.close());

describe('reach is over the people invited', () => {
  it('a district-wide strategy: 7 invited, all 7 came -> reach 1 (not 7 of the 15 staff)', () => {
    expect(before.S_DW).toMatchObject({ due: 2, held: 2, heldRate: 1, invited: 7, reached: 7, reach: 1 });
    expect(before.S_DW.attendanceRate).toBeCloseTo(7 / 14, 10);
    // The deprecated names answer the same figures.
    expect(before.S_DW).toMatchObject({ staffInScope: 7, staffReached: 7, coverage: 1 });
  });

  it('1 of 5 at each session: held rate 1, attendance rate 0.2, reach 2 of 5 (only tA1 and tA2 ever came)', () => {
    expect(before.FIVE).toMatchObject({ due: 5, held: 5, missed: 0, heldRate: 1, invited: 5, reached: 2 });
    expect(before.FIVE.attendanceRate).toBeCloseTo(5 / 25, 10);
    expect(before.FIVE.reach).toBeCloseTo(2 / 5, 10);
  });

  it('a school: invited are the expected participants of its due sessions; facilitators are not invited', () => {
    // PLC p1..p4, FIVE f1..f5, ADD a1: 10 due, 9 held. Invited tA1..tA5; tA5 never came.
    expect(before.SCHOOL).toMatchObject({ due: 10, held: 9, missed: 1, invited: 5, reached: 4 });
    expect(before.SCHOOL.heldRate).toBeCloseTo(0.9, 10);
    expect(before.SCHOOL.reach).toBeCloseTo(0.8, 10);
    // Held sessions: PLC 2+1+2 of 5 each, FIVE 1 of 5 each, ADD 1 of 1.
    expect(before.SCHOOL.attendanceRate).toBeCloseTo(11 / 41, 10);
    expect(before.S_A).toMatchObject({ due: 4, held: 3, missed: 1, heldRate: 0.75, invited: 5, reached: 4 });
    expect(before.S_A.attendanceRate).toBeCloseTo(5 / 15, 10);
  });
});

describe("a person's funnel is their own attendance", () => {
  it('tA1: expected at 10 due sessions, attended 7 -> held rate 0.7 (the conversations held 9)', () => {
    expect(before.tA1).toMatchObject({ due: 10, held: 7, missed: 3, invited: 1, reached: 1, reach: 1 });
    expect(before.tA1.heldRate).toBeCloseTo(0.7, 10);
  });

  it('tA4: expected at 9 due sessions (PLC p1..p4, FIVE f1..f5), attended 1', () => {
    expect(before.tA4).toMatchObject({ due: 9, held: 1, missed: 8, invited: 1, reached: 1, reach: 1 });
    expect(before.tA4.heldRate).toBeCloseTo(1 / 9, 10);
    // Over the one session held for them (p4): 2 of its 5 expected participants came.
    expect(before.tA4.attendanceRate).toBeCloseTo(2 / 5, 10);
  });
});

describe('later changes do not rewrite a past window', () => {
  it('unmapping the conversation from the strategy (and mapping it again) leaves the past window as it was', async () => {
    const res = ok(
      await server.gql(
        `mutation($i: ConversationMappingDeleteInput!) { conversationMappingDelete(input: $i) { deletedId } }`,
        { i: { id: toGlobalId('ConversationMapping', id['S_A:PLC']) } },
        admin,
      ),
    );
    expect(res.conversationMappingDelete.deletedId).toBe(toGlobalId('ConversationMapping', id['S_A:PLC']));
    const [row] = await server.owner.query(`SELECT valid_to FROM conversation_mapping WHERE id = $1`, [id['S_A:PLC']]);
    expect(row.valid_to).not.toBeNull();
    // No longer listed as the strategy's mapping.
    const listed = ok(
      await server.gql(`query($id: ID!) { strategy(id: $id) { mappings { id } } }`, { id: gid.S_A }, admin),
    );
    expect(listed.strategy.mappings).toEqual([]);
    await expectUnchanged();

    // Mapped again: one current row, counted once, from now on.
    ok(
      await server.gql(
        `mutation($i: ConversationMappingCreateInput!) { conversationMappingCreate(input: $i) { mapping { id } } }`,
        { i: { strategyId: gid.S_A, conversationId: gid.PLC, dimension: 'PRACTICE', expectedChange: 'Again' } },
        admin,
      ),
    );
    const rows = await server.owner.query(
      `SELECT valid_to IS NULL AS current, valid_from > now() - interval '1 minute' AS recent FROM conversation_mapping
        WHERE strategy_id = $1 ORDER BY valid_from`,
      [id.S_A],
    );
    expect(rows).toEqual([
      { current: false, recent: false },
      { current: true, recent: true },
    ]);
    await expectUnchanged();
  });

  it("removing a teacher's role keeps their past sessions (SCHOOL and PERSON) and drops them from upcoming ones", async () => {
    expect(await expectedAt('p5')).toEqual(['tA1', 'tA2', 'tA3', 'tA4', 'tA5']);
    ok(
      await server.gql(
        `mutation($i: RoleAssignmentDeleteInput!) { roleAssignmentDelete(input: $i) { deletedId } }`,
        { i: { id: toGlobalId('RoleAssignment', id.tA4Role) } },
        admin,
      ),
    );
    const [row] = await server.owner.query(`SELECT valid_to FROM role_assignment WHERE id = $1`, [id.tA4Role]);
    expect(row.valid_to).not.toBeNull();
    expect(await expectedAt('p4')).toEqual(['tA1', 'tA2', 'tA3', 'tA4', 'tA5']);
    expect(await expectedAt('p5')).toEqual(['tA1', 'tA2', 'tA3', 'tA5']);
    await expectUnchanged();
  });

  it('adding a participant changes who is expected at upcoming sessions only', async () => {
    expect(await expectedAt('a1')).toEqual(['tA1']);
    expect(await expectedAt('a2')).toEqual(['tA1']);
    ok(
      await server.gql(
        `mutation($i: ConversationUpdateInput!) { conversationUpdate(input: $i) { conversation { id } } }`,
        {
          i: {
            id: gid.ADD,
            version: await version('learning_conversation', 'ADD'),
            participantIds: [gid.tA1, gid.tA2],
          },
        },
        admin,
      ),
    );
    expect(await expectedAt('a1')).toEqual(['tA1']);
    expect(await expectedAt('a2')).toEqual(['tA1', 'tA2']);
    const s = ok(
      await server.gql(`query($id: ID!) { session(id: $id) { attendanceRate } }`, { id: gid.a1 }, admin),
    ).session;
    expect(s.attendanceRate).toBe(1);
    await expectUnchanged();
  });

  it('deactivating a participant keeps past reach and attendance, and takes them off upcoming sessions', async () => {
    ok(
      await server.gql(
        `mutation($i: StaffMemberActivationInput!) { staffMemberDeactivate(input: $i) { staffMember { active } } }`,
        { i: { id: gid.tA2, version: await version('staff_member', 'tA2') } },
        admin,
      ),
    );
    expect(await expectedAt('p1')).toEqual(['tA1', 'tA2', 'tA3', 'tA4', 'tA5']);
    expect(await expectedAt('a2')).toEqual(['tA1']);
    expect(await expectedAt('p5')).toEqual(['tA1', 'tA3', 'tA5']);
    await expectUnchanged();
    // In so many words: the reach of FIVE is still 2 of 5, tA2 included.
    expect(await funnel('CONVERSATION', 'FIVE')).toMatchObject({ invited: 5, reached: 2 });
  });
});
