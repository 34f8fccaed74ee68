/**
 * More rules of the improvement domain over real HTTP, on one server and one database for the file:
 * 1. closing a school cancels its future sessions and deactivates its conversations, and refuses new work there
 *    (conversations, strategies, roles, sessions); reopening it resurrects nothing;
 * 2. deactivating someone who facilitates active conversations or owns open actions or strategies needs a handover
 *    (handoverToId): refused with the counts without one, reassigned and audited with one;
 * 3. a district time-zone change keeps future sessions at their local wall-clock time (15:30 stays 15:30), and
 *    leaves past and held sessions where they were;
 * 4. a cadence that would schedule more sessions than the cap is refused naming the field and the cap, and the
 *    cadence preview says the same, instead of the series silently stopping.
 *
 * Expected instants are computed here with Intl, not by the scheduling engine under test. Days are local days
 * relative to today.
 */
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

let server: TestServer;
const token: Record<string, string> = {};
/** Global ids of people, by short name. */
const staff: Record<string, string> = {};
/** Global ids of schools, by code. */
const school: Record<string, string> = {};

const CAP = 400;

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
  const check = wallClock(t, timeZone);
  if (check.date !== date || check.time !== time) throw new Error(`${date} ${time} does not exist in ${timeZone}`);
  return new Date(t).toISOString();
}

const CHICAGO = 'America/Chicago';
const NEW_YORK = 'America/New_York';
const DENVER = 'America/Denver';
const today = (tz: string) => wallClock(Date.now(), tz).date;
/** A Chicago day relative to today (Northfield's zone). */
const day = (n: number) => addDays(today(CHICAGO), n);

// ---------------------------------------------------------------------------------------------------------------
// The API.

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
  schoolCreate: `mutation($i: SchoolCreateInput!) { schoolCreate(input: $i) { school { id version } } }`,
  schoolUpdate: `mutation($i: SchoolUpdateInput!) { schoolUpdate(input: $i) { sessionsCancelled conversationsDeactivated
    school { id status version } } }`,
  staffMemberCreate: `mutation($i: StaffMemberCreateInput!) { staffMemberCreate(input: $i) { staffMember { id version } } }`,
  staffMemberDeactivate: `mutation($i: StaffMemberActivationInput!) { staffMemberDeactivate(input: $i) {
    staffMember { id active version } } }`,
  roleAssignmentCreate: `mutation($i: RoleAssignmentCreateInput!) { roleAssignmentCreate(input: $i) { roleAssignment { id } } }`,
  districtUpdate: `mutation($i: DistrictUpdateInput!) { districtUpdate(input: $i) { sessionsMoved district { timezone version } } }`,
  conversationCreate: `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) { sessionsScheduled sessionsRemoved
    conversation { id version active } } }`,
  conversationUpdate: `mutation($i: ConversationUpdateInput!) { conversationUpdate(input: $i) { sessionsScheduled sessionsRemoved
    conversation { id version active } } }`,
  sessionLog: `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state actions { id description } } } }`,
  sessionCancel: `mutation($i: SessionCancelInput!) { sessionCancel(input: $i) { session { id state cancelReason } } }`,
  sessionSchedule: `mutation($i: SessionScheduleInput!) { sessionSchedule(input: $i) { session { id } } }`,
  actionItemTransition: `mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) { actionItem { id status } } }`,
  strategyCreate: `mutation($i: StrategyCreateInput!) { strategyCreate(input: $i) { strategy { id } } }`,
} as const;

interface SessionRow {
  id: string;
  status: string;
  at: string;
  cancelReason: string | null;
  heldAt: string | null;
}

/** Every session of a conversation, straight from the database, in time order. */
async function sessionRows(conversationId: string): Promise<SessionRow[]> {
  const rows = await server.owner.query(
    `SELECT id, status, scheduled_at, cancel_reason, held_at FROM conversation_session
      WHERE conversation_id = $1 ORDER BY scheduled_at`,
    [rawId(conversationId)],
  );
  return rows.map((r: any) => ({
    id: toGlobalId('ConversationSession', r.id),
    status: r.status,
    at: new Date(r.scheduled_at).toISOString(),
    cancelReason: r.cancel_reason,
    heldAt: r.held_at ? new Date(r.held_at).toISOString() : null,
  }));
}

async function logHeld(who: string, session: SessionRow, input: Record<string, unknown>): Promise<any> {
  return ok(
    await call(who, M.sessionLog, {
      i: {
        id: session.id,
        version: await versionOf('conversation_session', session.id),
        heldAt: session.at,
        durationMinutes: 40,
        ...input,
      },
    }),
  ).sessionLog.session;
}

async function createConversation(who: string, input: Record<string, unknown>): Promise<any> {
  return ok(
    await call(who, M.conversationCreate, {
      i: {
        type: 'COACHING',
        purpose: 'Turn what was seen into one change in practice',
        durationMinutes: 45,
        facilitatorId: staff.coach,
        ...input,
      },
    }),
  ).conversationCreate;
}

// ---------------------------------------------------------------------------------------------------------------
// What was written: the tables these rules touch, counted and digested through the owner connection.

const WATCHED = [
  'school',
  'staff_member',
  'role_assignment',
  'refresh_token',
  'district',
  'improvement_strategy',
  'learning_conversation',
  'conversation_participant',
  'conversation_session',
  'session_attendance',
  'action_item',
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

/** BAD_USER_INPUT naming exactly `fields`, no data, and not a row changed; returns the field messages. */
async function expectBadInput(
  who: string,
  query: string,
  input: Record<string, unknown>,
  fields: string[],
): Promise<Record<string, string>> {
  const before = await snapshot();
  const res = await call(who, query, { i: input });
  expect(await snapshot()).toEqual(before);
  expect(res.errors).toHaveLength(1);
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  const named = res.errors![0].extensions?.fields ?? [];
  expect(named.map((f) => f.field).sort()).toEqual([...fields].sort());
  expect(res.data ?? null).toBeNull();
  return Object.fromEntries(named.map((f) => [f.field, f.message]));
}

/** The audit rows written by `work`. */
async function auditOf<T>(
  work: () => Promise<T>,
): Promise<{ result: T; rows: { action: string; entity_id: string; fields: string[] }[] }> {
  const all = async () =>
    server.owner.query(`SELECT id, action, entity_id, fields FROM audit_event ORDER BY action, entity_id`);
  const before = new Set((await all()).map((r: any) => r.id));
  const result = await work();
  return { result, rows: (await all()).filter((r: any) => !before.has(r.id)) };
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
  staff.kmensah = await staffId('kmensah@southbrook.example');
  for (const code of ['NF-LMS', 'SB-CRE']) {
    const [row] = await server.owner.query(`SELECT id FROM school WHERE code = $1`, [code]);
    school[code] = toGlobalId('School', row.id);
  }
});
afterAll(() => server?.close());

// ===============================================================================================================

describe('1. a closed school stops its future sessions and takes no new work', () => {
  let closing: { id: string; version: number };
  let weekly: string;
  let oneOff: string;
  let before: SessionRow[];
  let held: SessionRow;

  beforeAll(async () => {
    closing = ok(
      await call('admin', M.schoolCreate, {
        i: { name: 'Orchard Street School', code: 'NF-OSS', gradeLow: 0, gradeHigh: 5 },
      }),
    ).schoolCreate.school;
    weekly = (
      await createConversation('admin', {
        schoolId: closing.id,
        title: 'Orchard weekly planning',
        cadence: 'FREQ=WEEKLY',
        firstStartsAt: `${day(-15)}T10:00`,
        scheduleUntil: day(40),
        includePastSessions: true,
      })
    ).conversation.id;
    oneOff = (
      await createConversation('admin', {
        schoolId: closing.id,
        title: 'Orchard one-off debrief',
        firstStartsAt: `${day(3)}T13:00`,
      })
    ).conversation.id;
    const rows = await sessionRows(weekly);
    held = rows[1];
    await logHeld('admin', held, { attendeeIds: [staff.coach] });
    before = await sessionRows(weekly);
  });

  it('closing cancels the future sessions with a reason, keeps the past and held ones, and deactivates', async () => {
    const now = Date.now();
    const future = before.filter((s) => Date.parse(s.at) >= now);
    const past = before.filter((s) => Date.parse(s.at) < now);
    expect(future.length).toBeGreaterThanOrEqual(5);
    expect(past.length).toBeGreaterThanOrEqual(2);

    const { result, rows } = await auditOf(async () =>
      ok(await call('admin', M.schoolUpdate, { i: { id: closing.id, version: closing.version, status: 'CLOSED' } })),
    );
    expect(result.schoolUpdate).toMatchObject({
      school: { status: 'CLOSED' },
      sessionsCancelled: future.length + 1,
      conversationsDeactivated: 2,
    });
    closing.version = result.schoolUpdate.school.version;

    const after = await sessionRows(weekly);
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
    for (const s of after.filter((x) => Date.parse(x.at) >= now)) {
      expect(s.status).toBe('CANCELLED');
      expect(s.cancelReason).toMatch(/school closed/i);
    }
    // The past stays as it was: held, or missed (still SCHEDULED, in the past).
    expect(after.filter((x) => Date.parse(x.at) < now)).toEqual(past);
    expect(after.find((s) => s.id === held.id)).toMatchObject({ status: 'HELD', heldAt: held.at });
    expect((await sessionRows(oneOff)).map((s) => s.status)).toEqual(['CANCELLED']);

    const active = await server.owner.query(
      `SELECT active FROM learning_conversation WHERE id = ANY($1) ORDER BY title`,
      [[rawId(weekly), rawId(oneOff)]],
    );
    expect(active.map((r: any) => r.active)).toEqual([false, false]);

    // Audited: the school, each conversation deactivated and each session cancelled.
    const count = (action: string) => rows.filter((r) => r.action === action).length;
    expect(count('school.update')).toBe(1);
    expect(count('conversation.update')).toBe(2);
    expect(count('session.cancel')).toBe(future.length + 1);
    expect(rows.find((r) => r.action === 'school.update')?.fields).toEqual(['status']);
  });

  it('conversationCreate at a closed school is BAD_USER_INPUT naming schoolId, and writes nothing', async () => {
    const messages = await expectBadInput(
      'admin',
      M.conversationCreate,
      {
        schoolId: closing.id,
        title: 'Too late',
        type: 'COACHING',
        purpose: 'Anything',
        durationMinutes: 30,
        facilitatorId: staff.coach,
        firstStartsAt: `${day(5)}T09:00`,
      },
      ['schoolId'],
    );
    expect(messages.schoolId).toMatch(/closed/i);
  });

  it('strategyCreate at a closed school is BAD_USER_INPUT naming schoolId', async () => {
    const messages = await expectBadInput(
      'admin',
      M.strategyCreate,
      { schoolId: closing.id, title: 'Too late', goal: 'Anything', kind: 'COACHING', startsOn: day(1) },
      ['schoolId'],
    );
    expect(messages.schoolId).toMatch(/closed/i);
  });

  it('roleAssignmentCreate at a closed school is BAD_USER_INPUT naming schoolId', async () => {
    const messages = await expectBadInput(
      'admin',
      M.roleAssignmentCreate,
      { staffMemberId: staff.teacher, role: 'COACH', schoolId: closing.id },
      ['schoolId'],
    );
    expect(messages.schoolId).toMatch(/closed/i);
  });

  it('sessionSchedule and reactivating a conversation of a closed school are refused too', async () => {
    const messages = await expectBadInput(
      'admin',
      M.sessionSchedule,
      { conversationId: weekly, scheduledAt: new Date(Date.now() + 5 * 86_400_000).toISOString() },
      ['conversationId'],
    );
    expect(messages.conversationId).toMatch(/closed/i);
    await expectBadInput(
      'admin',
      M.conversationUpdate,
      { id: weekly, version: await versionOf('learning_conversation', weekly), active: true },
      ['active'],
    );
  });

  it('reopening resurrects no session: they stay cancelled, even once the conversation is active again', async () => {
    const cancelled = await sessionRows(weekly);
    const reopened = ok(
      await call('admin', M.schoolUpdate, { i: { id: closing.id, version: closing.version, status: 'ACTIVE' } }),
    ).schoolUpdate;
    expect(reopened).toMatchObject({ school: { status: 'ACTIVE' }, sessionsCancelled: 0, conversationsDeactivated: 0 });
    expect(await sessionRows(weekly)).toEqual(cancelled);

    const res = ok(
      await call('admin', M.conversationUpdate, {
        i: { id: weekly, version: await versionOf('learning_conversation', weekly), active: true },
      }),
    ).conversationUpdate;
    expect(res).toMatchObject({ conversation: { active: true }, sessionsScheduled: 0, sessionsRemoved: 0 });
    expect(await sessionRows(weekly)).toEqual(cancelled);
  });
});

// ===============================================================================================================

describe('2. deactivating someone with work to hand over', () => {
  let fern: string;
  const conv: Record<string, string> = {};
  const action: Record<string, string> = {};
  const strategy: Record<string, string> = {};

  beforeAll(async () => {
    const person = async (email: string) =>
      ok(await call('admin', M.staffMemberCreate, { i: { email, givenName: 'Fern', familyName: email.split('@')[0] } }))
        .staffMemberCreate.staffMember.id;
    fern = await person('fern.leaving@northfield.example');
    staff.idle = await person('ivy.idle@northfield.example');
    staff.gone = await person('gus.gone@northfield.example');
    ok(
      await call('admin', M.staffMemberDeactivate, {
        i: { id: staff.gone, version: await versionOf('staff_member', staff.gone) },
      }),
    );

    const lincoln = { schoolId: school['NF-LMS'], facilitatorId: fern };
    conv.A = (
      await createConversation('principal', {
        ...lincoln,
        title: 'Fern weekly coaching',
        cadence: 'FREQ=WEEKLY',
        firstStartsAt: `${day(-10)}T14:00`,
        scheduleUntil: day(30),
        includePastSessions: true,
      })
    ).conversation.id;
    conv.B = (
      await createConversation('principal', { ...lincoln, title: 'Fern one-off', firstStartsAt: `${day(6)}T09:00` })
    ).conversation.id;
    const ended = (
      await createConversation('principal', { ...lincoln, title: 'Fern ended', firstStartsAt: `${day(8)}T09:00` })
    ).conversation;
    ok(await call('principal', M.conversationUpdate, { i: { id: ended.id, version: ended.version, active: false } }));
    conv.ended = ended.id;

    // Four actions for Fern from a held session (one moves to IN_PROGRESS, one is DONE), one for the teacher.
    const [past] = await sessionRows(conv.A);
    const logged = await logHeld('principal', past, {
      attendeeIds: [fern],
      actions: ['open 1', 'in progress', 'open 2', 'done', 'teacher'].map((description) => ({
        description,
        ownerId: description === 'teacher' ? staff.teacher : fern,
        dueOn: day(10),
      })),
    });
    for (const a of logged.actions) action[a.description] = a.id;
    for (const [name, status] of [
      ['in progress', 'IN_PROGRESS'],
      ['done', 'DONE'],
    ]) {
      ok(
        await call('principal', M.actionItemTransition, {
          i: {
            id: action[name],
            version: await versionOf('action_item', action[name]),
            status,
            ...(status === 'DONE' ? { completionEvidence: 'Done as agreed' } : {}),
          },
        }),
      );
    }
    const strat = async (title: string, status: string) =>
      ok(
        await call('principal', M.strategyCreate, {
          i: {
            schoolId: school['NF-LMS'],
            title,
            goal: 'Reasoning',
            kind: 'COACHING',
            startsOn: day(-30),
            status,
            ownerId: fern,
          },
        }),
      ).strategyCreate.strategy.id;
    strategy.open = await strat('Fern open strategy', 'ACTIVE');
    strategy.completed = await strat('Fern completed strategy', 'COMPLETED');
  });

  const deactivate = async (extra: Record<string, unknown> = {}) => ({
    id: fern,
    version: await versionOf('staff_member', fern),
    ...extra,
  });

  it('without handoverToId: BAD_USER_INPUT naming handoverToId with what needs a new owner, and nothing written', async () => {
    const messages = await expectBadInput('admin', M.staffMemberDeactivate, await deactivate(), ['handoverToId']);
    expect(messages.handoverToId).toMatch(/2 active conversations/);
    expect(messages.handoverToId).toMatch(/3 open actions/);
    expect(messages.handoverToId).toMatch(/1 open strategy/);
    expect(messages.handoverToId).toMatch(/handoverToId/);
  });

  it.each([
    ['the person leaving', () => fern],
    ['an inactive person', () => staff.gone],
    ["another district's person", () => staff.kmensah],
    ['a malformed id', () => 'not-an-id'],
  ])('handoverToId naming %s is BAD_USER_INPUT naming handoverToId', async (_label, to) => {
    await expectBadInput('admin', M.staffMemberDeactivate, await deactivate({ handoverToId: to() }), ['handoverToId']);
  });

  it('someone with nothing to hand over is deactivated without one', async () => {
    const res = ok(
      await call('admin', M.staffMemberDeactivate, {
        i: { id: staff.idle, version: await versionOf('staff_member', staff.idle) },
      }),
    );
    expect(res.staffMemberDeactivate.staffMember.active).toBe(false);
  });

  it('with handoverToId: facilitation of future sessions and open actions and strategies move, audited', async () => {
    const futureOfA = (await sessionRows(conv.A)).filter(
      (s) => s.status === 'SCHEDULED' && Date.parse(s.at) > Date.now(),
    );
    expect(futureOfA.length).toBeGreaterThanOrEqual(3);
    // The coach facilitates nothing of Fern's yet: she may not cancel its sessions.
    const cancel = async () =>
      call('coach', M.sessionCancel, {
        i: { id: futureOfA[0].id, version: await versionOf('conversation_session', futureOfA[0].id), reason: 'Moved' },
      });
    expect(codeOf(await cancel())).toBe('FORBIDDEN');

    const { result, rows } = await auditOf(async () =>
      ok(await call('admin', M.staffMemberDeactivate, { i: await deactivate({ handoverToId: staff.coach }) })),
    );
    expect(result.staffMemberDeactivate.staffMember.active).toBe(false);

    const facilitators = ok(
      await call(
        'admin',
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on LearningConversation { facilitator { id } } } }`,
        { ids: [conv.A, conv.B, conv.ended] },
      ),
    ).nodes;
    expect(facilitators.map((c: any) => c.facilitator.id)).toEqual([staff.coach, staff.coach, fern]);
    // The future sessions are the coach's to run now: she cancels one.
    expect(ok(await cancel()).sessionCancel.session.state).toBe('CANCELLED');

    const owners = ok(
      await call(
        'admin',
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ActionItem { description owner { id } }
          ... on ImprovementStrategy { title owner { id } } } }`,
        {
          ids: [
            action['open 1'],
            action['in progress'],
            action['open 2'],
            action.done,
            action.teacher,
            strategy.open,
            strategy.completed,
          ],
        },
      ),
    ).nodes;
    expect(owners.map((n: any) => n.owner.id)).toEqual([
      staff.coach,
      staff.coach,
      staff.coach,
      fern,
      staff.teacher,
      staff.coach,
      fern,
    ]);

    const audited = rows.map((r) => [r.action, r.entity_id, r.fields]);
    expect(audited).toEqual(
      expect.arrayContaining([
        ['staffMember.deactivate', rawId(fern), ['active', 'handoverToId']],
        ['conversation.update', rawId(conv.A), ['facilitatorId']],
        ['conversation.update', rawId(conv.B), ['facilitatorId']],
        ['actionItem.update', rawId(action['open 1']), ['ownerId']],
        ['actionItem.update', rawId(action['in progress']), ['ownerId']],
        ['actionItem.update', rawId(action['open 2']), ['ownerId']],
        ['strategy.update', rawId(strategy.open), ['ownerId']],
      ]),
    );
    expect(rows).toHaveLength(7);
  });
});

// ===============================================================================================================

describe('3. a district time-zone change keeps sessions at their local time', () => {
  it('15:30 in New York stays 15:30 in Denver for future sessions; past and held ones stay where they were', async () => {
    const ny = (n: number) => addDays(today(NEW_YORK), n);
    const created = ok(
      await call('sbAdmin', M.conversationCreate, {
        i: {
          schoolId: school['SB-CRE'],
          title: 'Cedar Ridge data team',
          type: 'DATA_TEAM',
          purpose: 'Read the week’s exit tickets together',
          durationMinutes: 50,
          facilitatorId: staff.sbAdmin,
          cadence: 'FREQ=WEEKLY',
          firstStartsAt: `${ny(-20)}T15:30`,
          scheduleUntil: ny(35),
          includePastSessions: true,
        },
      }),
    ).conversationCreate.conversation.id;
    const dates = [-20, -13, -6, 1, 8, 15, 22, 29].map(ny);
    const before = await sessionRows(created);
    expect(before.map((s) => s.at)).toEqual(dates.map((d) => zoned(d, '15:30', NEW_YORK)));
    // One past session held, one future one cancelled.
    await logHeld('sbAdmin', before[1], { attendeeIds: [staff.sbAdmin] });
    ok(
      await call('sbAdmin', M.sessionCancel, {
        i: { id: before[4].id, version: await versionOf('conversation_session', before[4].id), reason: 'Field trip' },
      }),
    );
    const [district] = await server.owner.query(`SELECT id, version FROM district WHERE slug = 'southbrook'`);

    const res = ok(
      await call('sbAdmin', M.districtUpdate, {
        i: { id: toGlobalId('District', district.id), version: district.version, timezone: DENVER },
      }),
    ).districtUpdate;
    expect(res.district.timezone).toBe(DENVER);
    expect(res.sessionsMoved).toBe(5);

    const after = await sessionRows(created);
    expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
    // The past (missed and held) is exactly where it was: still 15:30 New York time.
    expect(after.slice(0, 3).map((s) => s.at)).toEqual(dates.slice(0, 3).map((d) => zoned(d, '15:30', NEW_YORK)));
    expect(after[1]).toMatchObject({ status: 'HELD', heldAt: before[1].at });
    // The future keeps its days and its 15:30, now on Denver's clock (13:30 had been the bug).
    expect(after.slice(3).map((s) => s.at)).toEqual(dates.slice(3).map((d) => zoned(d, '15:30', DENVER)));
    expect(after.slice(3).map((s) => wallClock(s.at, DENVER))).toEqual(
      dates.slice(3).map((date) => ({ date, time: '15:30' })),
    );
    expect(after.map((s) => s.status)).toEqual([
      'SCHEDULED',
      'HELD',
      'SCHEDULED',
      'SCHEDULED',
      'CANCELLED',
      'SCHEDULED',
      'SCHEDULED',
      'SCHEDULED',
    ]);
    expect(after[4].cancelReason).toBe('Field trip');

    // A later cadence edit schedules on the same clock and does not bring the cancelled session back.
    const extended = ok(
      await call('sbAdmin', M.conversationUpdate, {
        i: { id: created, version: await versionOf('learning_conversation', created), scheduleUntil: ny(42) },
      }),
    ).conversationUpdate;
    expect(extended.sessionsScheduled - extended.sessionsRemoved).toBe(1);
    const extendedRows = await sessionRows(created);
    expect(extendedRows.map((s) => s.at)).toEqual([
      ...dates.slice(0, 3).map((d) => zoned(d, '15:30', NEW_YORK)),
      ...[...dates.slice(3), ny(36)].map((d) => zoned(d, '15:30', DENVER)),
    ]);
    expect(extendedRows[4]).toMatchObject({ id: before[4].id, status: 'CANCELLED' });
  });
});

// ===============================================================================================================

describe('4. a cadence over the session cap is refused, not cut short', () => {
  const daily = (until: string) => ({
    schoolId: school['NF-LMS'],
    title: 'Daily check-in',
    type: 'COACHING',
    purpose: 'A short daily check-in',
    durationMinutes: 15,
    facilitatorId: staff.coach,
    cadence: 'FREQ=DAILY',
    firstStartsAt: `${day(1)}T09:00`,
    scheduleUntil: until,
  });

  it(`conversationCreate: exactly ${CAP} sessions are scheduled; one more is BAD_USER_INPUT naming scheduleUntil`, async () => {
    const messages = await expectBadInput('principal', M.conversationCreate, daily(day(CAP + 1)), ['scheduleUntil']);
    expect(messages.scheduleUntil).toContain(String(CAP));
    const created = ok(await call('principal', M.conversationCreate, { i: daily(day(CAP)) })).conversationCreate;
    expect(created.sessionsScheduled).toBe(CAP);

    const update = async (patch: Record<string, unknown>) => ({
      id: created.conversation.id,
      version: await versionOf('learning_conversation', created.conversation.id),
      ...patch,
    });
    const longer = await expectBadInput(
      'principal',
      M.conversationUpdate,
      await update({ scheduleUntil: day(CAP + 30) }),
      ['scheduleUntil'],
    );
    expect(longer.scheduleUntil).toContain(String(CAP));
  });

  it('conversationUpdate: a cadence made more frequent over a long horizon is BAD_USER_INPUT naming cadence', async () => {
    const created = (
      await createConversation('principal', {
        schoolId: school['NF-LMS'],
        title: 'Weekly for three years',
        cadence: 'FREQ=WEEKLY',
        firstStartsAt: `${day(2)}T09:00`,
        scheduleUntil: day(3 * 365),
      })
    ).conversation;
    const messages = await expectBadInput(
      'principal',
      M.conversationUpdate,
      { id: created.id, version: created.version, cadence: 'FREQ=DAILY' },
      ['cadence'],
    );
    expect(messages.cadence).toContain(String(CAP));
  });

  it('cadencePreview says the same for the horizon it is given', async () => {
    const PREVIEW = `query($c: String, $s: String!, $u: LocalDate) { cadencePreview(cadence: $c, firstStartsAt: $s, scheduleUntil: $u) {
      valid error } }`;
    const preview = async (u: string | null) =>
      ok(await call('principal', PREVIEW, { c: 'FREQ=DAILY', s: `${day(1)}T09:00`, u })).cadencePreview;
    expect(await preview(day(CAP))).toEqual({ valid: true, error: null });
    expect(await preview(null)).toEqual({ valid: true, error: null });
    const over = await preview(day(CAP + 1));
    expect(over.valid).toBe(false);
    expect(over.error).toContain(String(CAP));
  });
});
