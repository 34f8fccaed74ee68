/**
 * Rules of the improvement domain over real HTTP, on one server and one database for the file:
 * 1. sessions scheduled from RRULE cadences land on the right local days and wall-clock times in America/Chicago
 *    (Northfield's zone), across daylight-saving changes; a cadence edit replaces only future sessions not yet held;
 * 2. bad input answers BAD_USER_INPUT naming the field, and writes nothing (domain tables and audit_event compared);
 * 3. who may read and do what at each confidentiality boundary and role;
 * 4. text withheld by a boundary reaches no one outside it, through any door of the API.
 *
 * Fixtures are built in beforeAll through the API, as the people who would do it. Days are Chicago days relative to
 * today; the expected schedules are computed here from the US daylight-saving rules, not by the engine under test.
 */
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

let server: TestServer;
const token: Record<string, string> = {};
/** Global ids of people, by short name. */
const staff: Record<string, string> = {};
/** Global ids of records, by short name. */
const ids: Record<string, string> = {};
/** Scheduled instants (ISO) of the fixture sessions. */
const at: Record<string, string> = {};

const TZ = 'America/Chicago';
const DUAL_EMAIL = 'ilindgren@northfield.example';
const DUAL_PASSWORD = 'a-long-enough-password-for-ines';

/** Unique strings that appear only in confidential text; no response outside the boundary may carry them. */
const RUN = randomUUID().slice(0, 8);
const MARK = {
  notes: `ZQNOTES${RUN}`,
  checkIn: `ZQCHECKIN${RUN}`,
  checkOut: `ZQCHECKOUT${RUN}`,
  sharedReflection: `ZQSHARED${RUN}`,
  privateReflection: `ZQPRIVATE${RUN}`,
};
const NOTES = {
  P1: `Two students still guess at equivalent ratios. ${MARK.notes}`,
  S1: `School-leaders boundary notes ${RUN}`,
  D1: `District boundary notes ${RUN}`,
  R1: `Role participants notes ${RUN}`,
};

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic, independent of the scheduling engine under test.

function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The nth (1-5) given weekday of a month. */
function nthWeekday(year: number, month: number, dow: number, n: number): string {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  return addDays(first, ((dow - weekday(first) + 7) % 7) + 7 * (n - 1));
}

/** US rules since 2007: Central daylight time from the second Sunday of March to the first Sunday of November. */
function centralDaylight(date: string): boolean {
  const y = Number(date.slice(0, 4));
  return date >= nthWeekday(y, 3, 0, 2) && date < nthWeekday(y, 11, 0, 1);
}

/** The UTC instant (ISO) of a Chicago wall-clock time, for times outside the 1-3 a.m. changeover hours. */
function chicago(date: string, time: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mi] = time.split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh + (centralDaylight(date) ? 5 : 6), mi)).toISOString();
}

const localFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});

/** What a Chicago wall clock and calendar show at an instant. */
function localOf(instant: string | Date): { date: string; time: string; weekday: string } {
  const p = Object.fromEntries(localFormat.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday: p.weekday };
}

const TODAY = localOf(new Date()).date;
const day = (n: number) => addDays(TODAY, n);

/** The next changeover (second Sunday of March, or first Sunday of November) at least six weeks away. */
function nextChangeover(month: 3 | 11): string {
  for (let y = Number(TODAY.slice(0, 4)); ; y++) {
    const d = nthWeekday(y, month, 0, month === 3 ? 2 : 1);
    if (d > day(42)) return d;
  }
}

/** The first date on or after `from` that falls on `dow`. */
function onOrAfter(from: string, dow: number): string {
  let d = from;
  while (weekday(d) !== dow) d = addDays(d, 1);
  return d;
}

/** Local dates from `start` every `step` days up to and including `until`. */
function every(start: string, step: number, until: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= until; d = addDays(d, step)) out.push(d);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// The API, people and records.

const call = (who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> =>
  server.gql(query, variables, token[who]);

function rawId(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

async function versionOf(table: string, globalId: string): Promise<number> {
  const [row] = await server.owner.query(`SELECT version FROM ${table} WHERE id = $1`, [rawId(globalId)]);
  return row.version;
}

async function staffId(email: string): Promise<string> {
  const [row] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return toGlobalId('StaffMember', row.id);
}

const M = {
  conversationCreate: `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) { sessionsScheduled sessionsRemoved
    conversation { id version cadence cadenceDescription firstStartsAt scheduleUntil confidentiality } } }`,
  conversationUpdate: `mutation($i: ConversationUpdateInput!) { conversationUpdate(input: $i) { sessionsScheduled sessionsRemoved
    conversation { id version cadence cadenceDescription } } }`,
  sessionLog: `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state version heldAt notes checkIn
    evidence { collectedOn } actions { id description dueOn status owner { email } } } } }`,
  sessionCancel: `mutation($i: SessionCancelInput!) { sessionCancel(input: $i) { session { id state cancelReason } } }`,
  sessionSchedule: `mutation($i: SessionScheduleInput!) { sessionSchedule(input: $i) { session { id } } }`,
  sessionRate: `mutation($i: SessionRateInput!) { sessionRate(input: $i) { session { id } } }`,
  actionItemCreate: `mutation($i: ActionItemCreateInput!) { actionItemCreate(input: $i) { actionItem { id } } }`,
  actionItemUpdate: `mutation($i: ActionItemUpdateInput!) { actionItemUpdate(input: $i) { actionItem { id description } } }`,
  actionItemTransition: `mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) {
    actionItem { id status completedOn practiceChangeEvidence } } }`,
  strategyCreate: `mutation($i: StrategyCreateInput!) { strategyCreate(input: $i) { strategy { id } } }`,
  strategyUpdate: `mutation($i: StrategyUpdateInput!) { strategyUpdate(input: $i) { strategy { id } } }`,
  mappingCreate: `mutation($i: ConversationMappingCreateInput!) { conversationMappingCreate(input: $i) { mapping { id } } }`,
  mappingUpdate: `mutation($i: ConversationMappingUpdateInput!) { conversationMappingUpdate(input: $i) { mapping { id } } }`,
  mappingDelete: `mutation($i: ConversationMappingDeleteInput!) { conversationMappingDelete(input: $i) { deletedId } }`,
  reflectionSave: `mutation($i: ReflectionSaveInput!) { reflectionSave(input: $i) { reflection { id shared mine } } }`,
} as const;

const SESSIONS_OF = `query($id: ID!) { conversation(id: $id) { sessions(first: 100) { totalCount nodes { id scheduledAt state } } } }`;

async function sessionsOf(
  conversationId: string,
  who = 'principal',
): Promise<{ id: string; scheduledAt: string; state: string }[]> {
  return ok(await call(who, SESSIONS_OF, { id: conversationId })).conversation.sessions.nodes;
}

/**
 * A conversation at Lincoln Middle facilitated by the coach, created as `who`, with `input` on top. Fixtures start in
 * the past on purpose, so they ask for their past sessions too (by default only those from now on are scheduled).
 */
async function createConversation(who: string, input: Record<string, unknown>): Promise<any> {
  return ok(
    await call(who, M.conversationCreate, {
      i: {
        schoolId: ids.lincoln,
        type: 'COACHING',
        purpose: 'Turn what was seen into one change in practice',
        durationMinutes: 45,
        facilitatorId: staff.coach,
        includePastSessions: true,
        ...input,
      },
    }),
  ).conversationCreate;
}

/** The one session of a conversation on a Chicago day. */
async function sessionOn(conversationId: string, date: string): Promise<string> {
  const rows = await server.owner.query(
    `SELECT id, scheduled_at FROM conversation_session
      WHERE conversation_id = $1 AND (scheduled_at AT TIME ZONE $2)::date = $3::date`,
    [rawId(conversationId), TZ, date],
  );
  if (rows.length !== 1) throw new Error(`expected one session on ${date}, found ${rows.length}`);
  const id = toGlobalId('ConversationSession', rows[0].id);
  at[id] = new Date(rows[0].scheduled_at).toISOString();
  return id;
}

/** Logs a session as held at its scheduled time. */
async function logSession(who: string, sessionId: string, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return call(who, M.sessionLog, {
    i: {
      id: sessionId,
      version: await versionOf('conversation_session', sessionId),
      heldAt: at[sessionId],
      durationMinutes: 40,
      ...input,
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// What was written: the domain tables and the audit log, counted and digested through the owner connection.

const WATCHED = [
  'improvement_strategy',
  'learning_conversation',
  'conversation_participant',
  'conversation_participant_role',
  'conversation_norm',
  'conversation_mapping',
  'conversation_session',
  'session_attendance',
  'session_evidence',
  'quality_rating',
  'action_item',
  'reflection',
  'reflection_answer',
  'rubric_criterion',
  'reflection_prompt',
  'audit_event',
] as const;

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

async function nothingWritten(work: () => Promise<GraphQLResponse>): Promise<GraphQLResponse> {
  const before = await snapshot();
  const res = await work();
  expect(await snapshot()).toEqual(before);
  return res;
}

/** BAD_USER_INPUT naming exactly `fields`, no data, and not a row changed. */
async function expectBadInput(
  who: string,
  query: string,
  input: Record<string, unknown>,
  fields: string[],
): Promise<GraphQLResponse> {
  const res = await nothingWritten(() => call(who, query, { i: input }));
  expect(res.errors).toHaveLength(1);
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions?.fields?.map((f) => f.field).sort()).toEqual([...fields].sort());
  expect(res.data ?? null).toBeNull();
  return res;
}

/** An error of `code`, and not a row changed. */
async function expectRefused(
  who: string,
  query: string,
  variables: Record<string, unknown>,
  code: string,
): Promise<GraphQLResponse> {
  const res = await nothingWritten(() => call(who, query, variables));
  expect(codeOf(res)).toBe(code);
  expect(res.data ?? null).toBeNull();
  return res;
}

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  server = await startTestServer();
  const people = ['principal', 'hpark', 'rdelgado', 'coach', 'teacher', 'abenton', 'jcarter', 'tnguyen', 'admin'];
  for (const who of people) {
    token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
    staff[who] = await staffId(`${who}@northfield.example`);
  }
  token.sbAdmin = (await server.signIn('admin@southbrook.example')).accessToken;
  const school = async (code: string) =>
    toGlobalId('School', (await server.owner.query(`SELECT id FROM school WHERE code = $1`, [code]))[0].id);
  ids.lincoln = await school('NF-LMS');
  ids.maple = await school('NF-MGE');

  // Ines leads Maple Grove and coaches at Lincoln: she sees Lincoln's sessions, but leads another school.
  const dual = ok(
    await call(
      'admin',
      `mutation($i: StaffMemberCreateInput!) { staffMemberCreate(input: $i) { staffMember { id } } }`,
      {
        i: { email: DUAL_EMAIL, givenName: 'Ines', familyName: 'Lindgren', password: DUAL_PASSWORD },
      },
    ),
  ).staffMemberCreate.staffMember.id;
  staff.dual = dual;
  const assign = `mutation($i: RoleAssignmentCreateInput!) { roleAssignmentCreate(input: $i) { roleAssignment { id } } }`;
  ok(await call('admin', assign, { i: { staffMemberId: dual, role: 'SCHOOL_LEADER', schoolId: ids.maple } }));
  ok(await call('admin', assign, { i: { staffMemberId: dual, role: 'COACH', schoolId: ids.lincoln } }));
  token.dual = (await server.signIn(DUAL_EMAIL, DUAL_PASSWORD)).accessToken;

  // The rubric: one active criterion, and one the admin retired.
  const criteria = ok(await call('admin', `{ rubricCriteria(first: 1, filter: { active: true }) { nodes { id } } }`));
  ids.criterion = criteria.rubricCriteria.nodes[0].id;
  const retired = ok(
    await call(
      'admin',
      `mutation { rubricCriterionCreate(input: { name: "Retired before the term" }) { rubricCriterion { id version } } }`,
    ),
  ).rubricCriterionCreate.rubricCriterion;
  ok(
    await call(
      'admin',
      `mutation($i: RubricCriterionUpdateInput!) { rubricCriterionUpdate(input: $i) { rubricCriterion { active } } }`,
      { i: { id: retired.id, version: retired.version, active: false } },
    ),
  );
  ids.retiredCriterion = retired.id;
  ids.prompt = ok(
    await call('teacher', `{ reflectionPrompts(first: 1) { nodes { id } } }`),
  ).reflectionPrompts.nodes[0].id;
  ids.southbrookPrompt = ok(
    await call('sbAdmin', `{ reflectionPrompts(first: 1) { nodes { id } } }`),
  ).reflectionPrompts.nodes[0].id;

  // Strategies: Lincoln's (the principal's) and Maple Grove's (Rosa Delgado's).
  const strategy = (who: string, schoolId: string, title: string) =>
    call(who, M.strategyCreate, {
      i: { schoolId, title, goal: 'Students explain their reasoning', kind: 'COACHING', startsOn: day(-60) },
    });
  ids.lincolnStrategy = ok(await strategy('principal', ids.lincoln, 'Reasoning aloud')).strategyCreate.strategy.id;
  ids.mapleStrategy = ok(await strategy('rdelgado', ids.maple, 'Early literacy')).strategyCreate.strategy.id;

  // P: an evening coaching conversation with teacher@ only, boundary PARTICIPANTS, daily from ten days ago. At
  // 20:30 in Chicago the UTC date is already the next day, so "the day of the session" has to be the local one.
  ids.P = (
    await createConversation('principal', {
      title: 'Evening coaching debrief',
      cadence: 'FREQ=DAILY',
      firstStartsAt: `${day(-10)}T20:30`,
      scheduleUntil: day(5),
      participantIds: [staff.teacher],
      confidentiality: 'PARTICIPANTS',
    })
  ).conversation.id;
  ids.P1 = await sessionOn(ids.P, day(-8));
  ids.P2 = await sessionOn(ids.P, day(-6));
  // Yesterday evening's: recent enough to be cancelled still (within the 48 hours to log it), though late.
  ids.P3 = await sessionOn(ids.P, day(-1));
  ids.P4 = await sessionOn(ids.P, day(-5));
  const oneOff = async (title: string, start: string, extra: Record<string, unknown>, who = 'principal') => {
    const c = (await createConversation(who, { title, firstStartsAt: start, ...extra })).conversation.id;
    return { c, s: await sessionOn(c, start.slice(0, 10)) };
  };
  ({ c: ids.S, s: ids.S1 } = await oneOff('Leaders may read', `${day(-3)}T10:00`, {
    participantIds: [staff.teacher],
    confidentiality: 'SCHOOL_LEADERS',
  }));
  ({ c: ids.D, s: ids.D1 } = await oneOff('District may read', `${day(-3)}T13:00`, {
    participantIds: [staff.teacher],
    confidentiality: 'DISTRICT',
  }));
  ({ c: ids.R, s: ids.R1 } = await oneOff('Every Lincoln teacher', `${day(-2)}T10:00`, {
    participantRoles: ['TEACHER'],
    confidentiality: 'PARTICIPANTS',
  }));
  ({ c: ids.H, s: ids.H1 } = await oneOff('Assistant principal walk debrief', `${day(-2)}T14:00`, {
    facilitatorId: staff.hpark,
    participantIds: [staff.abenton],
  }));
  ({ c: ids.Maple } = await oneOff(
    'Maple Grove literacy team',
    `${day(-2)}T09:00`,
    { schoolId: ids.maple, facilitatorId: staff.rdelgado, type: 'DATA_TEAM' },
    'rdelgado',
  ));
  ids.mapping = ok(
    await call('principal', M.mappingCreate, {
      i: {
        strategyId: ids.lincolnStrategy,
        conversationId: ids.P,
        dimension: 'PRACTICE',
        expectedChange: 'Teachers press for reasoning',
      },
    }),
  ).conversationMappingCreate.mapping.id;

  // The coach logs P1 (with the marked notes and three actions), S1, D1 and R1, and cancels P3. jcarter, who does
  // not take part in P, S or D, attends as a guest.
  const p1 = ok(
    await logSession('coach', ids.P1, {
      attendeeIds: [staff.coach, staff.teacher],
      guestIds: [staff.jcarter],
      notes: NOTES.P1,
      checkIn: `One word for the week: ${MARK.checkIn}`,
      checkOut: `My next move: ${MARK.checkOut}`,
      evidence: [{ kind: 'OBSERVATION', description: 'Walkthrough of period 3', collectedOn: day(-8) }],
      actions: [
        { description: 'Reteach equivalent ratios', ownerId: staff.teacher, dueOn: day(-8) },
        { description: 'Try number talks twice', ownerId: staff.teacher, dueOn: day(7) },
        { description: 'Bring student work', ownerId: staff.jcarter, dueOn: day(10) },
      ],
    }),
  ).sessionLog.session;
  const action = (description: string) => p1.actions.find((a: any) => a.description === description);
  ids.doneAction = action('Reteach equivalent ratios').id;
  ids.teacherAction = action('Try number talks twice').id;
  ids.jcarterAction = action('Bring student work').id;
  for (const key of ['S1', 'D1', 'R1'] as const) {
    ok(
      await logSession('coach', ids[key], {
        attendeeIds: key === 'R1' ? [staff.coach] : [staff.coach, staff.teacher],
        guestIds: key === 'R1' ? [] : [staff.jcarter],
        notes: NOTES[key],
        checkIn: `check-in of ${key}`,
      }),
    );
  }
  ok(
    await call('coach', M.sessionCancel, {
      i: { id: ids.P3, version: await versionOf('conversation_session', ids.P3), reason: 'Testing week' },
    }),
  );
  ok(
    await call('teacher', M.actionItemTransition, {
      i: {
        id: ids.doneAction,
        version: await versionOf('action_item', ids.doneAction),
        status: 'DONE',
        completedOn: day(-7),
        completionEvidence: 'Retaught the group with double number lines',
        practiceChangeEvidence: 'Five students explain ratios with a table',
      },
    }),
  );

  // Reflections: private and shared, on P1 (participants only) and S1 (school leaders).
  const reflect = (who: string, sessionId: string, answer: string, shared: boolean) =>
    call(who, M.reflectionSave, { i: { sessionId, shared, answers: [{ promptId: ids.prompt, answer }] } });
  ok(await reflect('teacher', ids.P1, `I assumed they were not ready ${MARK.privateReflection}`, false));
  ok(await reflect('jcarter', ids.P1, `Shared with the group ${MARK.sharedReflection}`, true));
  ok(await reflect('teacher', ids.S1, `Private on S1 ${RUN}`, false));
  ok(await reflect('jcarter', ids.S1, `Shared on S1 ${RUN}`, true));
});
afterAll(() => server?.close());

// ===============================================================================================================

describe('1. sessions are scheduled from RRULE cadences in the district time zone', () => {
  const NOV = nextChangeover(11);
  const MAR = nextChangeover(3);

  /** Creates the conversation and checks every session against the expected local dates at `time`. */
  async function expectSchedule(
    input: { title: string; cadence: string; firstStartsAt: string; scheduleUntil: string },
    expectedDates: string[],
    description: string,
  ): Promise<{ id: string; sessions: { id: string; scheduledAt: string }[] }> {
    const time = input.firstStartsAt.slice(11);
    const created = await createConversation('principal', input);
    expect(created.conversation).toMatchObject({
      cadence: input.cadence,
      cadenceDescription: description,
      firstStartsAt: input.firstStartsAt,
      scheduleUntil: input.scheduleUntil,
    });
    expect(created.sessionsScheduled).toBe(expectedDates.length);
    expect(created.sessionsRemoved).toBe(0);
    const sessions = await sessionsOf(created.conversation.id);
    expect(sessions.map((s) => s.scheduledAt)).toEqual(expectedDates.map((d) => chicago(d, time)));
    // Read back on a Chicago wall clock: the right days, always at the same local time.
    expect(sessions.map((s) => localOf(s.scheduledAt).date)).toEqual(expectedDates);
    expect(new Set(sessions.map((s) => localOf(s.scheduledAt).time))).toEqual(new Set([time]));
    // (A window chosen relative to today may start in the past: those sessions are missed once due, 45 minutes
    // after their start plus the 48 hours to log them.)
    expect(sessions.map((s) => s.state)).toEqual(
      sessions.map((s) =>
        Date.parse(s.scheduledAt) + (45 * 60 + 48 * 3600) * 1000 < Date.now() ? 'MISSED' : 'SCHEDULED',
      ),
    );
    return { id: created.conversation.id, sessions };
  }

  /** The UTC hours of the sessions before and after a changeover day. */
  function utcHoursAround(sessions: { scheduledAt: string }[], changeover: string): [Set<number>, Set<number>] {
    const hours = (keep: (d: string) => boolean) =>
      new Set(
        sessions.filter((s) => keep(localOf(s.scheduledAt).date)).map((s) => new Date(s.scheduledAt).getUTCHours()),
      );
    return [hours((d) => d < changeover), hours((d) => d >= changeover)];
  }

  it('weekly: every Tuesday at 15:30 local across the November change, 20:30 UTC before and 21:30 UTC after', async () => {
    const start = onOrAfter(addDays(NOV, -21), 2);
    const until = addDays(NOV, 21);
    const dates = every(start, 7, until);
    const { sessions } = await expectSchedule(
      {
        title: 'Tuesday data team',
        cadence: 'FREQ=WEEKLY;BYDAY=TU',
        firstStartsAt: `${start}T15:30`,
        scheduleUntil: until,
      },
      dates,
      'Weekly on Tuesday',
    );
    expect(dates.every((d) => weekday(d) === 2)).toBe(true);
    expect(new Set(sessions.map((s) => localOf(s.scheduledAt).weekday))).toEqual(new Set(['Tue']));
    expect(utcHoursAround(sessions, NOV)).toEqual([new Set([20]), new Set([21])]);
  });

  it('weekly on Sunday: the changeover Sunday itself is at 15:30 local, already on standard time', async () => {
    const start = addDays(NOV, -14);
    const dates = every(start, 7, addDays(NOV, 14));
    expect(dates).toContain(NOV);
    const { sessions } = await expectSchedule(
      {
        title: 'Sunday planning',
        cadence: 'FREQ=WEEKLY;BYDAY=SU',
        firstStartsAt: `${start}T15:30`,
        scheduleUntil: addDays(NOV, 14),
      },
      dates,
      'Weekly on Sunday',
    );
    const onTheDay = sessions.find((s) => localOf(s.scheduledAt).date === NOV)!;
    expect(onTheDay.scheduledAt).toBe(`${NOV}T21:30:00.000Z`);
    expect(sessions[0].scheduledAt).toBe(`${start}T20:30:00.000Z`);
  });

  it('every other week: Wednesdays fourteen days apart at 07:45 local across the March change', async () => {
    const start = onOrAfter(addDays(MAR, -35), 3);
    const until = addDays(MAR, 35);
    const dates = every(start, 14, until);
    const { sessions } = await expectSchedule(
      {
        title: 'Fortnightly mentoring',
        cadence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
        firstStartsAt: `${start}T07:45`,
        scheduleUntil: until,
      },
      dates,
      'Every 2 weeks on Wednesday',
    );
    expect(new Set(sessions.map((s) => localOf(s.scheduledAt).weekday))).toEqual(new Set(['Wed']));
    // Standard time (UTC-6) before, daylight time (UTC-5) after: 13:45 UTC, then 12:45 UTC.
    expect(utcHoursAround(sessions, MAR)).toEqual([new Set([13]), new Set([12])]);
    expect(sessions.map((s) => new Date(s.scheduledAt).getUTCMinutes())).toEqual(dates.map(() => 45));
  });

  it('monthly by weekday: the second Thursday of each month at 16:00 local, on both sides of the March change', async () => {
    const y = Number(MAR.slice(0, 4));
    const dates = [1, 2, 3, 4, 5, 6].map((m) => nthWeekday(y, m, 4, 2));
    const { sessions } = await expectSchedule(
      {
        title: 'Monthly learning walk debrief',
        cadence: 'FREQ=MONTHLY;BYDAY=2TH',
        firstStartsAt: `${dates[0]}T16:00`,
        scheduleUntil: `${y}-06-30`,
      },
      dates,
      'Monthly on the second Thursday',
    );
    for (const s of sessions) {
      const { date, weekday: wd } = localOf(s.scheduledAt);
      expect(wd).toBe('Thu');
      expect(Number(date.slice(8))).toBeGreaterThanOrEqual(8);
      expect(Number(date.slice(8))).toBeLessThanOrEqual(14);
    }
    expect(utcHoursAround(sessions, MAR)).toEqual([new Set([22]), new Set([21])]);
  });

  it('a cadence edit replaces only future sessions not yet held: held, cancelled and past ones keep ids and data', async () => {
    const start = (() => {
      let d = day(-21);
      while (weekday(d) !== 2) d = addDays(d, -1);
      return d;
    })();
    const until = day(42);
    const created = await createConversation('principal', {
      title: 'Weekly coaching, moving to Thursdays',
      cadence: 'FREQ=WEEKLY;BYDAY=TU',
      firstStartsAt: `${start}T15:30`,
      scheduleUntil: until,
      participantIds: [staff.teacher],
    });
    const conversationId = created.conversation.id;
    const all = await sessionsOf(conversationId);
    const now = Date.now();
    const past = all.filter((s) => Date.parse(s.scheduledAt) < now);
    const future = all.filter((s) => Date.parse(s.scheduledAt) >= now);
    expect(past.length).toBeGreaterThanOrEqual(3);
    expect(future.length).toBeGreaterThanOrEqual(5);

    // One past session held, one past and one future session cancelled. The past one is a week or more ago, too long
    // to cancel now: it was cancelled back then, in time (arranged through the owner connection).
    const held = past[1];
    at[held.id] = held.scheduledAt;
    ok(await logSession('coach', held.id, { attendeeIds: [staff.coach, staff.teacher], notes: 'Held on a Tuesday' }));
    await server.owner.query(
      `UPDATE conversation_session SET status = 'CANCELLED', cancel_reason = 'School closed',
         cancelled_at = scheduled_at - interval '3 days', version = version + 1 WHERE id = $1`,
      [rawId(past[2].id)],
    );
    ok(
      await call('coach', M.sessionCancel, {
        i: {
          id: future[1].id,
          version: await versionOf('conversation_session', future[1].id),
          reason: 'School closed',
        },
      }),
    );
    const rowsOf = async (): Promise<Map<string, { status: string; at: number; json: string }>> =>
      new Map(
        (
          await server.owner.query(
            `SELECT id, status, scheduled_at, row_to_json(s)::text AS json FROM conversation_session s WHERE conversation_id = $1`,
            [rawId(conversationId)],
          )
        ).map((r: any) => [
          toGlobalId('ConversationSession', r.id),
          { status: r.status, at: new Date(r.scheduled_at).getTime(), json: r.json },
        ]),
      );
    const before = await rowsOf();
    const t0 = Date.now();
    const futureScheduled = [...before].filter(([, r]) => r.status === 'SCHEDULED' && r.at >= t0).map(([id]) => id);
    const kept = [...before].filter(([id]) => !futureScheduled.includes(id));
    expect(kept.map(([id]) => id)).toEqual(expect.arrayContaining([held.id, past[2].id, future[1].id]));

    const res = ok(
      await call('principal', M.conversationUpdate, {
        i: {
          id: conversationId,
          version: await versionOf('learning_conversation', conversationId),
          cadence: 'FREQ=WEEKLY;BYDAY=TH',
        },
      }),
    ).conversationUpdate;
    expect(res.conversation).toMatchObject({
      cadence: 'FREQ=WEEKLY;BYDAY=TH',
      cadenceDescription: 'Weekly on Thursday',
    });

    const after = await rowsOf();
    // The held, the cancelled and the past sessions are exactly as they were.
    for (const [id, row] of kept) expect(after.get(id)).toEqual(row);
    // Every future session that was merely scheduled is gone, and counted.
    for (const id of futureScheduled) expect(after.has(id)).toBe(false);
    expect(res.sessionsRemoved).toBe(futureScheduled.length);
    // The new ones: every Thursday at 15:30 from now to the horizon, and counted.
    const added = [...after].filter(([id]) => !before.has(id)).map(([, r]) => r);
    expect(res.sessionsScheduled).toBe(added.length);
    expect(added.every((r) => r.status === 'SCHEDULED')).toBe(true);
    const thursdays = every(onOrAfter(TODAY, 4), 7, until)
      .map((d) => chicago(d, '15:30'))
      .filter((iso) => Date.parse(iso) >= t0);
    expect(added.map((r) => new Date(r.at).toISOString()).sort()).toEqual(thursdays);
    expect(thursdays.length).toBeGreaterThanOrEqual(5);

    // Through the API: the held and cancelled sessions keep their ids and states; the future is on Thursdays.
    const sessions = await sessionsOf(conversationId);
    const state = (id: string) => sessions.find((s) => s.id === id)?.state;
    expect([state(held.id), state(past[2].id), state(future[1].id)]).toEqual(['HELD', 'CANCELLED', 'CANCELLED']);
    // (A Tuesday session of the last two days is not due yet, so still SCHEDULED: upcoming means from now on.)
    const upcoming = sessions.filter((s) => s.state === 'SCHEDULED' && Date.parse(s.scheduledAt) >= t0);
    expect(upcoming.map((s) => localOf(s.scheduledAt).weekday)).toEqual(upcoming.map(() => 'Thu'));
    expect(
      ok(await call('coach', `query($id: ID!) { session(id: $id) { notes } }`, { id: held.id })).session.notes,
    ).toBe('Held on a Tuesday');
  });

  it('an edit that leaves the timing alone schedules and removes nothing', async () => {
    const before = await sessionsOf(ids.P);
    const res = ok(
      await call('principal', M.conversationUpdate, {
        i: { id: ids.P, version: await versionOf('learning_conversation', ids.P), setting: 'Room 114' },
      }),
    ).conversationUpdate;
    expect([res.sessionsScheduled, res.sessionsRemoved]).toEqual([0, 0]);
    expect(await sessionsOf(ids.P)).toEqual(before);
  });

  it('cadencePreview describes the rule in words and lists the next dates; garbage reports a parse error', async () => {
    const PREVIEW = `query($c: String, $s: String!, $n: Int!) { cadencePreview(cadence: $c, firstStartsAt: $s, count: $n) {
      valid error normalized description nextDates } }`;
    const preview = async (c: string | null, s: string, n = 4) =>
      ok(await call('principal', PREVIEW, { c, s, n })).cadencePreview;
    const start = onOrAfter(addDays(MAR, -21), 3);
    expect(await preview('rrule:freq=weekly;interval=2;byday=we', `${start}T07:45`)).toEqual({
      valid: true,
      error: null,
      normalized: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=WE',
      description: 'Every 2 weeks on Wednesday',
      nextDates: every(start, 14, addDays(start, 42)).map((d) => chicago(d, '07:45')),
    });
    const y = Number(MAR.slice(0, 4));
    expect(await preview('FREQ=MONTHLY;BYDAY=2TH', `${nthWeekday(y, 2, 4, 2)}T16:00`, 3)).toMatchObject({
      valid: true,
      description: 'Monthly on the second Thursday',
      nextDates: [2, 3, 4].map((m) => chicago(nthWeekday(y, m, 4, 2), '16:00')),
    });
    expect(await preview(null, `${start}T07:45`)).toMatchObject({
      valid: true,
      description: 'Once',
      nextDates: [chicago(start, '07:45')],
    });
    for (const garbage of ['every other tuesday', 'FREQ=WEEKLY;BYDAY=XX', 'FREQ=FORTNIGHTLY', 'FREQ=HOURLY']) {
      const p = await preview(garbage, `${start}T07:45`);
      expect(p).toMatchObject({ valid: false, normalized: null, description: '', nextDates: [] });
      expect(p.error).toEqual(expect.stringMatching(/\S/));
    }
    expect((await preview('FREQ=HOURLY', `${start}T07:45`)).error).toMatch(/HOURLY/);
    expect(await preview('FREQ=WEEKLY', '2027-02-30T07:45')).toMatchObject({ valid: false, nextDates: [] });
  });
});

// ===============================================================================================================

describe('2. bad input answers BAD_USER_INPUT naming the field, and writes nothing', () => {
  const log = (sessionId: string, extra: Record<string, unknown>) => ({
    id: sessionId,
    version: 1,
    heldAt: at[sessionId],
    durationMinutes: 40,
    attendeeIds: [staff.coach, staff.teacher],
    ...extra,
  });

  it('"the day of the session" is its local day: P1 at 20:30 in Chicago is already the next day in UTC', async () => {
    expect(at[ids.P1].slice(0, 10)).toBe(day(-7));
    const s = ok(
      await call('coach', `query($id: ID!) { session(id: $id) { evidence { collectedOn } actions { dueOn } } }`, {
        id: ids.P1,
      }),
    ).session;
    // Evidence of that local day and an action due on it were accepted when it was logged.
    expect(s.evidence).toEqual([{ collectedOn: day(-8) }]);
    expect(s.actions.map((a: any) => a.dueOn)).toContain(day(-8));
  });

  it('sessionLog: an action due before the day of the session (actions.0.dueOn)', async () => {
    await expectBadInput(
      'coach',
      M.sessionLog,
      log(ids.P2, {
        version: await versionOf('conversation_session', ids.P2),
        actions: [{ description: 'Too early', ownerId: staff.teacher, dueOn: day(-7) }],
      }),
      ['actions.0.dueOn'],
    );
  });

  it('sessionLog: evidence collected after the session (evidence.0.collectedOn), even on its UTC date', async () => {
    const version = await versionOf('conversation_session', ids.P2);
    for (const collectedOn of [day(-5), day(1)]) {
      await expectBadInput(
        'coach',
        M.sessionLog,
        log(ids.P2, {
          version,
          evidence: [
            { kind: 'ASSESSMENT', description: 'Before', collectedOn: day(-9) },
            { kind: 'ASSESSMENT', description: 'After', collectedOn },
          ],
        }),
        ['evidence.1.collectedOn'],
      );
    }
    await expectBadInput(
      'coach',
      M.sessionLog,
      log(ids.P2, {
        version,
        evidence: [{ kind: 'SURVEY', description: 'After', collectedOn: day(-5) }],
        actions: [{ description: 'Too early', ownerId: staff.teacher, dueOn: day(-9) }],
      }),
      ['evidence.0.collectedOn', 'actions.0.dueOn'],
    );
  });

  it('actionItemCreate and actionItemUpdate: due before the day of the session (dueOn)', async () => {
    await expectBadInput(
      'coach',
      M.actionItemCreate,
      {
        sessionId: ids.P1,
        description: 'Follow up',
        ownerId: staff.teacher,
        dueOn: day(-9),
      },
      ['dueOn'],
    );
    await expectBadInput(
      'coach',
      M.actionItemUpdate,
      {
        id: ids.teacherAction,
        version: await versionOf('action_item', ids.teacherAction),
        dueOn: day(-9),
      },
      ['dueOn'],
    );
  });

  it('sessionRate: a score outside 1-4 (ratings.N.score) and a retired criterion (ratings.0.criterionId)', async () => {
    for (const score of [0, 5, -1]) {
      await expectBadInput(
        'teacher',
        M.sessionRate,
        {
          sessionId: ids.P1,
          ratings: [{ criterionId: ids.criterion, score }],
        },
        ['ratings.0.score'],
      );
    }
    await expectBadInput(
      'teacher',
      M.sessionRate,
      {
        sessionId: ids.P1,
        ratings: [
          { criterionId: ids.criterion, score: 3 },
          { criterionId: ids.retiredCriterion, score: 9 },
        ],
      },
      ['ratings.1.criterionId', 'ratings.1.score'],
    );
    await expectBadInput(
      'teacher',
      M.sessionRate,
      {
        sessionId: ids.P1,
        ratings: [{ criterionId: ids.retiredCriterion, score: 3 }],
      },
      ['ratings.0.criterionId'],
    );
  });

  it('actionItemTransition: DONE -> DROPPED is not allowed (status)', async () => {
    await expectBadInput(
      'teacher',
      M.actionItemTransition,
      {
        id: ids.doneAction,
        version: await versionOf('action_item', ids.doneAction),
        status: 'DROPPED',
      },
      ['status'],
    );
    await expectBadInput(
      'jcarter',
      M.actionItemTransition,
      {
        id: ids.jcarterAction,
        version: await versionOf('action_item', ids.jcarterAction),
        status: 'OPEN',
      },
      ['status'],
    );
  });

  it('actionItemTransition: practiceChangeEvidence (or completedOn) on a transition other than DONE', async () => {
    const version = await versionOf('action_item', ids.jcarterAction);
    await expectBadInput(
      'jcarter',
      M.actionItemTransition,
      {
        id: ids.jcarterAction,
        version,
        status: 'IN_PROGRESS',
        practiceChangeEvidence: 'Students now annotate their work',
      },
      ['practiceChangeEvidence'],
    );
    await expectBadInput(
      'jcarter',
      M.actionItemTransition,
      {
        id: ids.jcarterAction,
        version,
        status: 'DROPPED',
        completedOn: day(-1),
      },
      ['completedOn'],
    );
  });

  describe('conversationCreate and conversationUpdate', () => {
    const valid = () => ({
      schoolId: ids.lincoln,
      title: 'Refused conversation',
      type: 'PLC',
      purpose: 'Never stored',
      durationMinutes: 45,
      facilitatorId: staff.coach,
      cadence: 'FREQ=WEEKLY;BYDAY=MO',
      firstStartsAt: `${day(3)}T15:30`,
      scheduleUntil: day(60),
    });

    it.each([
      ['an RRULE that does not parse', { cadence: 'every monday after school' }],
      ['a rule with an unknown part', { cadence: 'FREQ=WEEKLY;BYDAY=MO;FOO=1' }],
      ['FREQ=HOURLY', { cadence: 'FREQ=HOURLY' }],
      ['FREQ=MINUTELY', { cadence: 'FREQ=MINUTELY;INTERVAL=30' }],
      ['a rule that sets the hour itself', { cadence: 'FREQ=DAILY;BYHOUR=9,15' }],
    ])('cadence: %s', async (_label, patch) => {
      await expectBadInput('principal', M.conversationCreate, { ...valid(), ...patch }, ['cadence']);
    });

    it.each([
      ['a space for the T', `${day(3)} 15:30`],
      ['seconds', `${day(3)}T15:30:00`],
      ['hour 25', `${day(3)}T25:00`],
      ['the 30th of February', '2027-02-30T15:30'],
      ['a date only', day(3)],
      ['a UTC instant', `${day(3)}T15:30Z`],
    ])('firstStartsAt: %s', async (_label, firstStartsAt) => {
      await expectBadInput('principal', M.conversationCreate, { ...valid(), firstStartsAt }, ['firstStartsAt']);
    });

    it('scheduleUntil before the first session', async () => {
      await expectBadInput('principal', M.conversationCreate, { ...valid(), scheduleUntil: day(2) }, ['scheduleUntil']);
    });

    it('conversationUpdate: a cadence that does not parse, FREQ=HOURLY, a malformed start, a horizon before the start', async () => {
      const version = await versionOf('learning_conversation', ids.P);
      const update = (patch: Record<string, unknown>, fields: string[]) =>
        expectBadInput('principal', M.conversationUpdate, { id: ids.P, version, ...patch }, fields);
      await update({ cadence: 'FREQ=WEEKLY;BYDAY=MONDAY' }, ['cadence']);
      await update({ cadence: 'FREQ=HOURLY;INTERVAL=2' }, ['cadence']);
      await update({ firstStartsAt: '2026-1-5T15:30' }, ['firstStartsAt']);
      await update({ firstStartsAt: 'next Monday 15:30' }, ['firstStartsAt']);
      await update({ scheduleUntil: day(-11) }, ['scheduleUntil']);
    });
  });

  it('strategyCreate and strategyUpdate: endsOn before startsOn', async () => {
    await expectBadInput(
      'principal',
      M.strategyCreate,
      {
        schoolId: ids.lincoln,
        title: 'Backwards',
        goal: 'Never stored',
        kind: 'PLC',
        startsOn: day(10),
        endsOn: day(9),
      },
      ['endsOn'],
    );
    const version = await versionOf('improvement_strategy', ids.lincolnStrategy);
    await expectBadInput('principal', M.strategyUpdate, { id: ids.lincolnStrategy, version, endsOn: day(-61) }, [
      'endsOn',
    ]);
    await expectBadInput(
      'principal',
      M.strategyUpdate,
      {
        id: ids.lincolnStrategy,
        version,
        startsOn: day(30),
        endsOn: day(29),
      },
      ['endsOn'],
    );
  });

  it("conversationMappingCreate: another school's conversation for a school strategy (conversationId)", async () => {
    const input = {
      strategyId: ids.lincolnStrategy,
      conversationId: ids.Maple,
      dimension: 'PRACTICE',
      expectedChange: 'Never stored',
    };
    // The admin sees both and is told the rule; the principal cannot see Maple Grove's conversation at all.
    const res = await expectBadInput('admin', M.mappingCreate, input, ['conversationId']);
    expect(res.errors![0].extensions?.fields?.[0].message).toMatch(/own school/);
    await expectBadInput('principal', M.mappingCreate, input, ['conversationId']);
  });

  it('sessionLog of a CANCELLED session, and sessionCancel of a HELD one (id)', async () => {
    await expectBadInput(
      'coach',
      M.sessionLog,
      log(ids.P3, {
        version: await versionOf('conversation_session', ids.P3),
      }),
      ['id'],
    );
    await expectBadInput(
      'coach',
      M.sessionCancel,
      {
        id: ids.P1,
        version: await versionOf('conversation_session', ids.P1),
        reason: 'Too late',
      },
      ['id'],
    );
  });

  it("reflectionSave with an unknown prompt, or another district's (answers.0.promptId)", async () => {
    for (const promptId of [toGlobalId('ReflectionPrompt', randomUUID()), ids.southbrookPrompt, ids.criterion]) {
      await expectBadInput(
        'teacher',
        M.reflectionSave,
        {
          sessionId: ids.P1,
          answers: [{ promptId, answer: 'Never stored' }],
        },
        ['answers.0.promptId'],
      );
    }
  });
});

// ===============================================================================================================

describe('3. roles and boundaries', () => {
  const READ = `query($id: ID!) { session(id: $id) { id notes checkIn checkOut confidentialWithheld } }`;
  type Expect = 'reads' | 'withheld' | 'hidden';
  const cases: [string, string, Expect][] = [
    // PARTICIPANTS: the facilitator, the named participant and the attendees.
    ['P1', 'coach', 'reads'],
    ['P1', 'teacher', 'reads'],
    ['P1', 'jcarter', 'reads'],
    ['P1', 'principal', 'withheld'],
    ['P1', 'hpark', 'withheld'],
    ['P1', 'dual', 'withheld'],
    ['P1', 'admin', 'withheld'],
    ['P1', 'rdelgado', 'hidden'],
    ['P1', 'abenton', 'hidden'],
    // SCHOOL_LEADERS: plus the leaders of that school, not of another, not the district admin.
    ['S1', 'coach', 'reads'],
    ['S1', 'teacher', 'reads'],
    ['S1', 'jcarter', 'reads'],
    ['S1', 'principal', 'reads'],
    ['S1', 'hpark', 'reads'],
    ['S1', 'dual', 'withheld'],
    ['S1', 'rdelgado', 'hidden'],
    ['S1', 'admin', 'withheld'],
    ['S1', 'abenton', 'hidden'],
    // DISTRICT: plus the district admin.
    ['D1', 'coach', 'reads'],
    ['D1', 'jcarter', 'reads'],
    ['D1', 'principal', 'reads'],
    ['D1', 'hpark', 'reads'],
    ['D1', 'admin', 'reads'],
    ['D1', 'dual', 'withheld'],
    ['D1', 'rdelgado', 'hidden'],
    ['D1', 'tnguyen', 'hidden'],
  ];

  it.each(cases)('%s: %s %s the notes and check-in', async (key, who, expected) => {
    const s = ok(await call(who, READ, { id: ids[key] })).session;
    if (expected === 'hidden') return expect(s).toBeNull();
    if (expected === 'withheld')
      return expect(s).toEqual({
        id: ids[key],
        notes: null,
        checkIn: null,
        checkOut: null,
        confidentialWithheld: true,
      });
    expect(s).toMatchObject({ id: ids[key], notes: NOTES[key as keyof typeof NOTES], confidentialWithheld: false });
    expect(s.checkIn).toEqual(expect.stringMatching(/\S/));
  });

  const LIST = `query($c: ID!) { sessions(first: 100) { nodes { id } } byConversation: sessions(first: 100, filter: { conversationId: $c }) { totalCount }
    conversation(id: $c) { id } }`;

  it("a teacher cannot see another teacher's coaching sessions: null by id and absent from lists", async () => {
    const all = await sessionsOf(ids.P, 'teacher');
    expect(all.length).toBeGreaterThanOrEqual(15);
    for (const id of [ids.P1, ids.P2]) expect(ok(await call('abenton', READ, { id })).session).toBeNull();
    const seen = ok(await call('abenton', LIST, { c: ids.P }));
    expect(seen.byConversation.totalCount).toBe(0);
    expect(seen.conversation).toBeNull();
    const visible = new Set(seen.sessions.nodes.map((n: any) => n.id));
    expect(all.filter((s) => visible.has(s.id))).toEqual([]);
    // The teacher named in it sees them all.
    const mine = ok(await call('teacher', LIST, { c: ids.P }));
    expect(mine.byConversation.totalCount).toBe(all.length);
  });

  it('a teacher who takes part through a role (TEACHER at Lincoln) sees the session; a Maple Grove teacher does not', async () => {
    const s = ok(await call('abenton', READ, { id: ids.R1 })).session;
    expect(s).toMatchObject({ id: ids.R1, notes: NOTES.R1, confidentialWithheld: false });
    expect(ok(await call('abenton', LIST, { c: ids.R })).sessions.nodes.map((n: any) => n.id)).toContain(ids.R1);
    expect(ok(await call('tnguyen', READ, { id: ids.R1 })).session).toBeNull();
    expect(ok(await call('tnguyen', LIST, { c: ids.R })).byConversation.totalCount).toBe(0);
  });

  it("a principal cannot reach another school's strategy (null, NOT_FOUND) nor create one for it (FORBIDDEN)", async () => {
    const STRATEGY = `query($id: ID!) { strategy(id: $id) { id title } strategies(first: 100) { nodes { id } } }`;
    expect(ok(await call('rdelgado', STRATEGY, { id: ids.mapleStrategy })).strategy.title).toBe('Early literacy');
    const seen = ok(await call('principal', STRATEGY, { id: ids.mapleStrategy }));
    expect(seen.strategy).toBeNull();
    expect(seen.strategies.nodes.map((n: any) => n.id)).not.toContain(ids.mapleStrategy);
    expect(seen.strategies.nodes.map((n: any) => n.id)).toContain(ids.lincolnStrategy);
    const version = await versionOf('improvement_strategy', ids.mapleStrategy);
    await expectRefused(
      'principal',
      M.strategyUpdate,
      { i: { id: ids.mapleStrategy, version, title: 'Taken' } },
      'NOT_FOUND',
    );
    await expectRefused(
      'principal',
      M.strategyCreate,
      { i: { schoolId: ids.maple, title: 'Not mine', goal: 'x', kind: 'OTHER', startsOn: day(0) } },
      'FORBIDDEN',
    );
  });

  it('a coach cannot log a session of a conversation they do not facilitate (FORBIDDEN), but logs their own', async () => {
    const input = (id: string, version: number) => ({
      i: { id, version, heldAt: at[id], durationMinutes: 30, attendeeIds: [staff.coach, staff.teacher] },
    });
    // The coach can see H1 (a Lincoln session) but hpark facilitates it.
    expect(ok(await call('coach', READ, { id: ids.H1 })).session.id).toBe(ids.H1);
    await expectRefused(
      'coach',
      M.sessionLog,
      input(ids.H1, await versionOf('conversation_session', ids.H1)),
      'FORBIDDEN',
    );
    await expectRefused(
      'coach',
      M.sessionCancel,
      { i: { id: ids.H1, version: await versionOf('conversation_session', ids.H1), reason: 'x' } },
      'FORBIDDEN',
    );
    const own = ok(await call('coach', M.sessionLog, input(ids.P4, await versionOf('conversation_session', ids.P4))));
    expect(own.sessionLog.session.state).toBe('HELD');
  });

  it("a teacher moves their own action, not another's; nor edits its description or owner (FORBIDDEN)", async () => {
    const moved = ok(
      await call('teacher', M.actionItemTransition, {
        i: { id: ids.teacherAction, version: await versionOf('action_item', ids.teacherAction), status: 'IN_PROGRESS' },
      }),
    ).actionItemTransition.actionItem;
    expect(moved.status).toBe('IN_PROGRESS');
    const jcVersion = await versionOf('action_item', ids.jcarterAction);
    // Another teacher's action is not theirs to see, so it answers like a missing one.
    await expectRefused(
      'teacher',
      M.actionItemTransition,
      { i: { id: ids.jcarterAction, version: jcVersion, status: 'DROPPED' } },
      'NOT_FOUND',
    );
    expect(
      ok(await call('teacher', `query($id: ID!) { node(id: $id) { id } }`, { id: ids.jcarterAction })).node,
    ).toBeNull();
    // Someone who sees it (a coach at Lincoln) but neither owns it nor manages its session is FORBIDDEN.
    expect(
      ok(await call('dual', `query($id: ID!) { node(id: $id) { id } }`, { id: ids.jcarterAction })).node,
    ).not.toBeNull();
    await expectRefused(
      'dual',
      M.actionItemTransition,
      { i: { id: ids.jcarterAction, version: jcVersion, status: 'DROPPED' } },
      'FORBIDDEN',
    );
    const version = await versionOf('action_item', ids.teacherAction);
    await expectRefused(
      'teacher',
      M.actionItemUpdate,
      { i: { id: ids.teacherAction, version, description: 'Easier' } },
      'FORBIDDEN',
    );
    await expectRefused(
      'teacher',
      M.actionItemUpdate,
      { i: { id: ids.teacherAction, version, ownerId: staff.abenton } },
      'FORBIDDEN',
    );
    // The facilitator may.
    expect(
      ok(
        await call('coach', M.actionItemUpdate, {
          i: { id: ids.teacherAction, version, description: 'Number talks, three times' },
        }),
      ).actionItemUpdate.actionItem.description,
    ).toBe('Number talks, three times');
  });

  it('reflections: private ones reach only their author, shared ones only those inside the boundary', async () => {
    const REFLECTIONS = `query($id: ID!) { session(id: $id) { reflections { mine shared author { email } answers { answer } } } }`;
    const seen = async (who: string, key: string) => {
      const s = ok(await call(who, REFLECTIONS, { id: ids[key] })).session;
      return s === null ? null : s.reflections.map((r: any) => r.answers.map((a: any) => a.answer).join()).sort();
    };
    const sharedP1 = `Shared with the group ${MARK.sharedReflection}`;
    const privateP1 = `I assumed they were not ready ${MARK.privateReflection}`;
    expect(await seen('teacher', 'P1')).toEqual([privateP1, sharedP1].sort());
    expect(await seen('jcarter', 'P1')).toEqual([sharedP1]);
    expect(await seen('coach', 'P1')).toEqual([sharedP1]);
    for (const who of ['principal', 'hpark', 'admin', 'dual']) expect(await seen(who, 'P1')).toEqual([]);
    // S1 (school leaders): the leaders of Lincoln read the shared one; the admin and Maple's leader do not.
    expect(await seen('teacher', 'S1')).toEqual([`Private on S1 ${RUN}`, `Shared on S1 ${RUN}`].sort());
    for (const who of ['coach', 'jcarter', 'principal', 'hpark'])
      expect(await seen(who, 'S1')).toEqual([`Shared on S1 ${RUN}`]);
    for (const who of ['admin', 'dual']) expect(await seen(who, 'S1')).toEqual([]);
    const mine = ok(await call('teacher', REFLECTIONS, { id: ids.P1 })).session.reflections;
    expect(mine.map((r: any) => [r.mine, r.shared]).sort()).toEqual([
      [false, true],
      [true, false],
    ]);
  });

  it("Southbrook's admin gets null / NOT_FOUND for every Northfield domain id, exactly as for a random id", async () => {
    const random = (type: string) => toGlobalId(type, randomUUID());
    const real = {
      ImprovementStrategy: ids.lincolnStrategy,
      LearningConversation: ids.P,
      ConversationSession: ids.P1,
      ActionItem: ids.teacherAction,
      ConversationMapping: ids.mapping,
    };
    const READS = `query($s: ID!, $c: ID!, $x: ID!, $a: ID!, $m: ID!) {
      strategy(id: $s) { id } conversation(id: $c) { id } session(id: $x) { id }
      ns: node(id: $s) { id } nc: node(id: $c) { id } nx: node(id: $x) { id } na: node(id: $a) { id } nm: node(id: $m) { id }
      nodes(ids: [$s, $c, $x, $a, $m]) { id } }`;
    const vars = (v: typeof real) => ({
      s: v.ImprovementStrategy,
      c: v.LearningConversation,
      x: v.ConversationSession,
      a: v.ActionItem,
      m: v.ConversationMapping,
    });
    const fake = Object.fromEntries(Object.keys(real).map((t) => [t, random(t)])) as typeof real;
    const nothing = {
      strategy: null,
      conversation: null,
      session: null,
      ns: null,
      nc: null,
      nx: null,
      na: null,
      nm: null,
      nodes: [null, null, null, null, null],
    };
    expect(ok(await call('sbAdmin', READS, vars(real)))).toEqual(nothing);
    expect(ok(await call('sbAdmin', READS, vars(fake)))).toEqual(nothing);
    // Control: Northfield's admin sees them all.
    expect(ok(await call('admin', READS, vars(real))).nodes.every((n: any) => n !== null)).toBe(true);

    const lists = ok(
      await call(
        'sbAdmin',
        `{ strategies(first: 100) { nodes { id } } conversations(first: 100) { nodes { id } }
        sessions(first: 100) { nodes { id } } actionItems(first: 100) { nodes { id } } }`,
      ),
    );
    const listed = JSON.stringify(lists);
    for (const id of Object.values(real)) expect(listed).not.toContain(id);

    const writes: [string, (v: typeof real) => Record<string, unknown>][] = [
      [M.strategyUpdate, (v) => ({ id: v.ImprovementStrategy, version: 1, title: 'x' })],
      [M.conversationUpdate, (v) => ({ id: v.LearningConversation, version: 1, title: 'x' })],
      [M.mappingUpdate, (v) => ({ id: v.ConversationMapping, version: 1, expectedChange: 'x' })],
      [M.mappingDelete, (v) => ({ id: v.ConversationMapping })],
      [
        M.mappingCreate,
        (v) => ({
          strategyId: v.ImprovementStrategy,
          conversationId: v.LearningConversation,
          dimension: 'SKILL',
          expectedChange: 'x',
        }),
      ],
      [M.sessionSchedule, (v) => ({ conversationId: v.LearningConversation, scheduledAt: '2030-01-01T15:00:00Z' })],
      [
        M.sessionLog,
        (v) => ({
          id: v.ConversationSession,
          version: 1,
          heldAt: at[ids.P1],
          durationMinutes: 30,
          attendeeIds: [staff.coach],
        }),
      ],
      [M.sessionCancel, (v) => ({ id: v.ConversationSession, version: 1, reason: 'x' })],
      [
        M.sessionRate,
        (v) => ({ sessionId: v.ConversationSession, ratings: [{ criterionId: ids.criterion, score: 3 }] }),
      ],
      [
        M.reflectionSave,
        (v) => ({ sessionId: v.ConversationSession, answers: [{ promptId: ids.southbrookPrompt, answer: 'x' }] }),
      ],
      [
        M.actionItemCreate,
        (v) => ({ sessionId: v.ConversationSession, description: 'x', ownerId: staff.coach, dueOn: day(30) }),
      ],
      [M.actionItemUpdate, (v) => ({ id: v.ActionItem, version: 1, description: 'x' })],
      [M.actionItemTransition, (v) => ({ id: v.ActionItem, version: 1, status: 'DROPPED' })],
    ];
    for (const [mutation, input] of writes) {
      const onReal = await expectRefused('sbAdmin', mutation, { i: input(real) }, 'NOT_FOUND');
      const onFake = await expectRefused('sbAdmin', mutation, { i: input(fake) }, 'NOT_FOUND');
      const shape = (r: GraphQLResponse) =>
        r.errors!.map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path }));
      expect(shape(onReal)).toEqual(shape(onFake));
    }
  });
});

// ===============================================================================================================

describe('4. withheld text reaches no one outside the boundary', () => {
  const MARKERS = Object.values(MARK);
  const OUTSIDERS = ['principal', 'hpark', 'admin', 'dual', 'abenton', 'rdelgado', 'tnguyen', 'sbAdmin'];
  const CONFIDENTIAL = 'notes checkIn checkOut reflections { answers { answer } }';
  const EVERY_DOOR = `query($s: ID!, $c: ID!, $st: ID!, $m: String!) {
    session(id: $s) { ${CONFIDENTIAL} }
    node(id: $s) { ... on ConversationSession { ${CONFIDENTIAL} } }
    nodes(ids: [$s]) { ... on ConversationSession { ${CONFIDENTIAL} } }
    byConversation: sessions(first: 100, descending: true, filter: { conversationId: $c }) { nodes { id ${CONFIDENTIAL} } }
    held: sessions(first: 100, filter: { state: [HELD] }) { nodes { id ${CONFIDENTIAL} } }
    mine: sessions(first: 100, filter: { mine: true }) { nodes { id ${CONFIDENTIAL} } }
    conversation(id: $c) { recentSessions(limit: 20) { ${CONFIDENTIAL} } }
    strategy(id: $st) { mappings { conversation { recentSessions(limit: 20) { notes checkIn checkOut } } } }
    actionItems(first: 100) { nodes { session { notes checkIn checkOut } } }
    searched: conversations(filter: { search: $m }) { totalCount nodes { id } }
    strategies(filter: { search: $m }) { totalCount }
  }`;
  const doors = (who: string, marker = MARK.notes) =>
    call(who, EVERY_DOOR, { s: ids.P1, c: ids.P, st: ids.lincolnStrategy, m: marker });
  const leaked = (res: unknown) => MARKERS.filter((m) => JSON.stringify(res).includes(m));

  it('inside the boundary the marked text is there (so the checks below can fail)', async () => {
    const res = await doors('teacher');
    expect(res.errors).toBeUndefined();
    expect(leaked(res).sort()).toEqual(
      [MARK.notes, MARK.checkIn, MARK.checkOut, MARK.sharedReflection, MARK.privateReflection].sort(),
    );
    expect(leaked(await doors('coach')).sort()).toEqual(
      [MARK.notes, MARK.checkIn, MARK.checkOut, MARK.sharedReflection].sort(),
    );
  });

  it.each(OUTSIDERS)('%s gets no marker through any read: by id, node(s), lists, filters, nested', async (who) => {
    for (const marker of MARKERS) expect(leaked(await doors(who, marker))).toEqual([]);
  });

  it('conversations search matches title and purpose only: the marker finds nothing, for anyone', async () => {
    const SEARCH = `query($m: String!) { conversations(filter: { search: $m }) { totalCount nodes { id } }
      strategies(filter: { search: $m }) { totalCount } }`;
    for (const who of ['coach', 'teacher', 'jcarter', ...OUTSIDERS]) {
      for (const marker of MARKERS) {
        const found = ok(await call(who, SEARCH, { m: marker }));
        expect([found.conversations.totalCount, found.strategies.totalCount]).toEqual([0, 0]);
      }
    }
    // Control: the title is searchable, and the notes' ordinary words are not.
    const byTitle = ok(await call('coach', SEARCH, { m: 'evening coaching' }));
    expect(byTitle.conversations.nodes.map((n: any) => n.id)).toEqual([ids.P]);
    expect(ok(await call('coach', SEARCH, { m: 'equivalent ratios' })).conversations.totalCount).toBe(0);
  });

  it('sorting reveals nothing: sessions come in scheduled order whatever their notes, for insiders and outsiders alike', async () => {
    const ORDER = `query($c: ID!) { sessions(first: 100, descending: true, filter: { conversationId: $c }) { nodes { id scheduledAt } } }`;
    const inside = ok(await call('coach', ORDER, { c: ids.P })).sessions.nodes;
    const outside = ok(await call('principal', ORDER, { c: ids.P })).sessions.nodes;
    expect(outside).toEqual(inside);
    const times = inside.map((n: any) => Date.parse(n.scheduledAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('the audit log names the fields that were logged, never their text', async () => {
    const res = ok(
      await call(
        'admin',
        `query($id: ID!) { auditEvents(first: 100, filter: { entityId: $id }) { nodes { action fields entityId actor { email } } }
          all: auditEvents(first: 100, filter: { action: "reflection.save" }) { totalCount nodes { action fields entityType } } }`,
        { id: ids.P1 },
      ),
    );
    const logged = res.auditEvents.nodes.find((e: any) => e.action === 'session.log');
    expect(logged).toMatchObject({ entityId: ids.P1, actor: { email: 'coach@northfield.example' } });
    expect(logged.fields).toEqual([
      'actions',
      'attendeeIds',
      'checkIn',
      'checkOut',
      'durationMinutes',
      'evidence',
      'guestIds',
      'heldAt',
      // Fixed when the session was first held (session/rules/rating-window.ts).
      'minRaters',
      'notes',
      'ratingClosesAt',
    ]);
    expect(leaked(res)).toEqual([]);
    expect(res.all.totalCount).toBeGreaterThanOrEqual(4);
    expect(res.all.nodes.map((e: any) => e.fields)).toContainEqual(['answers', 'shared']);
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event a WHERE ${MARKERS.map((_, i) => `row_to_json(a)::text LIKE $${i + 1}`).join(' OR ')}`,
      MARKERS.map((m) => `%${m}%`),
    );
    expect(n).toBe(0);
  });

  it('error messages carry no marker: refused updates of that session, stale versions, foreign tenants', async () => {
    const version = await versionOf('conversation_session', ids.P1);
    // Those who rated or reflected stay attendees, so a log that would otherwise pass names them all.
    const everyone = [staff.coach, staff.teacher, staff.jcarter];
    const attempts: [string, string, Record<string, unknown>, string][] = [
      [
        'principal',
        M.sessionLog,
        {
          id: ids.P1,
          version,
          heldAt: at[ids.P1],
          durationMinutes: 30,
          attendeeIds: everyone,
          evidence: [{ kind: 'OTHER', description: 'x', collectedOn: day(1) }],
        },
        'BAD_USER_INPUT',
      ],
      ['principal', M.sessionCancel, { id: ids.P1, version, reason: 'x' }, 'BAD_USER_INPUT'],
      [
        'admin',
        M.sessionLog,
        { id: ids.P1, version: version + 7, heldAt: at[ids.P1], durationMinutes: 30, attendeeIds: everyone },
        'CONFLICT',
      ],
      [
        'coach',
        M.sessionLog,
        { id: ids.P1, version: version - 1, heldAt: at[ids.P1], durationMinutes: 30, attendeeIds: everyone },
        'CONFLICT',
      ],
      [
        'coach',
        M.sessionLog,
        {
          id: ids.P1,
          version,
          heldAt: at[ids.P1],
          durationMinutes: 30,
          attendeeIds: everyone,
          notes: 'x'.repeat(20001),
        },
        'BAD_USER_INPUT',
      ],
      [
        'abenton',
        M.sessionRate,
        { sessionId: ids.P1, ratings: [{ criterionId: ids.criterion, score: 3 }] },
        'NOT_FOUND',
      ],
      ['hpark', M.sessionRate, { sessionId: ids.P1, ratings: [{ criterionId: ids.criterion, score: 3 }] }, 'FORBIDDEN'],
      ['hpark', M.reflectionSave, { sessionId: ids.P1, answers: [{ promptId: ids.prompt, answer: 'x' }] }, 'FORBIDDEN'],
      [
        'sbAdmin',
        M.sessionLog,
        { id: ids.P1, version, heldAt: at[ids.P1], durationMinutes: 30, attendeeIds: [staff.coach] },
        'NOT_FOUND',
      ],
    ];
    for (const [who, mutation, input, code] of attempts) {
      const res = await expectRefused(who, mutation, { i: input }, code);
      expect(leaked(res)).toEqual([]);
    }
    // The notes are still the coach's, untouched by all of the above.
    expect(
      ok(await call('coach', `query($id: ID!) { session(id: $id) { notes } }`, { id: ids.P1 })).session.notes,
    ).toBe(NOTES.P1);
  });
});
