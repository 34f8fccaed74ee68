import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { addPeople } from '../support/district-fixture';

/**
 * Follow-through and practice change that cannot be gamed (modules/action/rules; docs/metrics.md, "Actions"):
 * - the server records when an action is marked done; its day may be at most completionCorrectionDays earlier and
 *   corrected only within that many days (old and new day kept, audited): a 3-month-overdue action cannot be closed
 *   "on time";
 * - follow-through is measured against the original due date: moving a past due date keeps the action counted;
 * - DONE needs evidence of what was done;
 * - practice change: self-reported -> corroborated by a second person (never the owner) -> sustained, re-checked at
 *   least sustainedAfterDays after the corroboration;
 * - the evidence and the verifiers' notes are confidential: in no audit row, error or log line, and null for a
 *   reader outside the conversation's boundary.
 *
 * A district of its own (Eastlake, America/Chicago, default settings: 7 days to correct, 42 days to sustained),
 * built through the owner connection; every change under test goes through the API. School A:
 *
 *  PLC  facilitator leader; participants t1 t2 coachOwn; PARTICIPANTS boundary; s1 held 120 days ago
 *  FUN  the same people; f1 held 30 days ago (the hand-counted funnel's actions, alone in their conversation)
 *  people: admin (district), leader, coach, coachOwn (coaches of A; coachOwn takes part), t1 t2 (teachers of A),
 *          coachB (coach of school B)
 */
const TZ = 'America/Chicago';
const DAY_MS = 86_400_000;
const MARKER = 'ZEBRA-7731-Ms-Ortega-student-Jaylen';

let server: TestServer;
const token: Record<string, string> = {};
const id: Record<string, string> = {};
const gid: Record<string, string> = {};
/** Every line the API process wrote to stdout or stderr while the suite ran. */
const logged: string[] = [];
const restore: (() => void)[] = [];

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

/** A held session of a conversation, `daysAgo` days back at 15:00 local, attended by its people. */
async function heldSession(key: string, conversation: string, daysAgo: number): Promise<void> {
  id[key] = await one(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes)
     VALUES ($1, $2, ($3::date + time '15:00') AT TIME ZONE $4, 'HELD', ($3::date + time '15:00') AT TIME ZONE $4, 45)`,
    [id.district, id[conversation], day(-daysAgo), TZ],
  );
  for (const who of ['leader', 't1', 't2', 'coachOwn'])
    await server.owner.query(
      `INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3)`,
      [id.district, id[key], id[who]],
    );
}

interface ActionRow {
  session: string;
  owner: string;
  dueOn: string;
  status?: string;
  completedOn?: string;
  evidence?: string;
  /** Days ago it was corroborated (by coach), and confirmed sustained (by leader). */
  corroborated?: number;
  sustained?: number;
}

/** An action arranged in the database (the facts under test are changed through the API). */
async function action(key: string, a: ActionRow): Promise<void> {
  const done = a.status === 'DONE';
  id[key] = await one(
    `INSERT INTO action_item (district_id, session_id, owner_id, description, due_on, status, completed_on, completed_at,
       completion_evidence, practice_change_evidence, corroborated_by, corroborated_at, corroboration_kind, corroboration_note,
       sustained_by, sustained_at, sustained_kind, sustained_note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $6 = 'DONE' THEN ($7::date + time '16:00') AT TIME ZONE $8 END,
       CASE WHEN $6 = 'DONE' THEN 'Retaught the group' END, $9,
       CASE WHEN $10::int IS NOT NULL THEN $11::uuid END, now() - make_interval(days => $10::int),
       CASE WHEN $10::int IS NOT NULL THEN 'WALKTHROUGH_NOTE' END, CASE WHEN $10::int IS NOT NULL THEN 'Seen in a walkthrough' END,
       CASE WHEN $12::int IS NOT NULL THEN $13::uuid END, now() - make_interval(days => $12::int),
       CASE WHEN $12::int IS NOT NULL THEN 'STUDENT_WORK' END, CASE WHEN $12::int IS NOT NULL THEN 'Still there' END)`,
    [
      id.district,
      id[a.session],
      id[a.owner],
      `Action ${key}`,
      a.dueOn,
      a.status ?? 'OPEN',
      done ? (a.completedOn ?? null) : null,
      TZ,
      a.evidence ?? null,
      a.corroborated ?? null,
      id.coach,
      a.sustained ?? null,
      id.leader,
    ],
  );
  gid[key] = toGlobalId('ActionItem', id[key]);
}

async function arrange(): Promise<void> {
  const q = (sql: string, params: unknown[]) => server.owner.query(sql, params);
  const d = await one(`INSERT INTO district (name, slug, timezone) VALUES ('Eastlake Schools', 'eastlake', $1)`, [TZ]);
  id.district = d;
  await q(`INSERT INTO district_setting (district_id) VALUES ($1)`, [d]);
  id.schoolA = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Eastlake Middle', 'EL-A')`, [d]);
  id.schoolB = await one(`INSERT INTO school (district_id, name, code) VALUES ($1, 'Eastlake Elementary', 'EL-B')`, [
    d,
  ]);
  gid.schoolA = toGlobalId('School', id.schoolA);
  const people: [string, string, string | null][] = [
    ['admin', 'DISTRICT_ADMIN', null],
    ['leader', 'SCHOOL_LEADER', id.schoolA],
    ['coach', 'COACH', id.schoolA],
    ['coachOwn', 'COACH', id.schoolA],
    ['t1', 'TEACHER', id.schoolA],
    ['t2', 'TEACHER', id.schoolA],
    ['coachB', 'COACH', id.schoolB],
  ];
  await addPeople(server.owner, d, people, { family: 'Eastlake', domain: 'eastlake.example' }, id, gid);
  for (const key of ['PLC', 'FUN']) {
    id[key] = await one(
      `INSERT INTO learning_conversation (district_id, school_id, title, type, purpose, first_starts_at, duration_minutes,
         facilitator_id, confidentiality, schedule_until)
       VALUES ($1, $2, $3, 'PLC', 'Decide the next move', $4, 45, $5, 'PARTICIPANTS', $6)`,
      [d, id.schoolA, key, `${day(-130)}T15:00`, id.leader, day(60)],
    );
    gid[key] = toGlobalId('LearningConversation', id[key]);
    for (const who of ['t1', 't2', 'coachOwn'])
      await q(
        `INSERT INTO conversation_participant (district_id, conversation_id, staff_member_id) VALUES ($1, $2, $3)`,
        [d, id[key], id[who]],
      );
  }
  await heldSession('s1', 'PLC', 120);
  await heldSession('f1', 'FUN', 30);
}

const call = (who: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> =>
  server.gql(query, variables, token[who]);

const ACTION_FIELDS = `id status dueOn originalDueOn dueDateChanged completedOn completedAt completionEvidence
  practiceChangeEvidence practiceChangeStatus version
  dueOnHistory { oldValue newValue changedBy { id } }
  completedOnCorrections { oldValue newValue }
  corroboration { evidenceKind checkedAt note checkedBy { id } }
  sustained { evidenceKind note }`;
const M = {
  transition: `mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) { actionItem { ${ACTION_FIELDS} } } }`,
  correct: `mutation($i: ActionItemCompletionCorrectInput!) { actionItemCompletionCorrect(input: $i) { actionItem { ${ACTION_FIELDS} } } }`,
  update: `mutation($i: ActionItemUpdateInput!) { actionItemUpdate(input: $i) { actionItem { ${ACTION_FIELDS} } } }`,
  corroborate: `mutation($i: PracticeChangeCheckInput!) { practiceChangeCorroborate(input: $i) { actionItem { ${ACTION_FIELDS} } } }`,
  sustained: `mutation($i: PracticeChangeCheckInput!) { practiceChangeConfirmSustained(input: $i) { actionItem { ${ACTION_FIELDS} } } }`,
};
const READ = `query($id: ID!) { node(id: $id) { ... on ActionItem { ${ACTION_FIELDS} } } }`;

async function read(who: string, key: string): Promise<any> {
  return ok(await call(who, READ, { id: gid[key] })).node;
}

/** The action's row as stored: what a refused write must leave alone. */
async function stored(key: string): Promise<string> {
  const [row] = await server.owner.query(`SELECT row_to_json(a)::text AS row FROM action_item a WHERE a.id = $1`, [
    id[key],
  ]);
  return row.row;
}
async function versionOf(key: string): Promise<number> {
  const [row] = await server.owner.query(`SELECT version FROM action_item WHERE id = $1`, [id[key]]);
  return row.version;
}
async function auditOf(key: string): Promise<{ action: string; fields: string[] }[]> {
  return server.owner.query(
    `SELECT action, fields FROM audit_event WHERE district_id = $1 AND entity_id = $2 ORDER BY occurred_at, id`,
    [id.district, id[key]],
  );
}

/** BAD_USER_INPUT naming exactly `fields`, with the action and its audit trail as they were. */
async function expectRefused(key: string, work: () => Promise<GraphQLResponse>, fields: string[]): Promise<void> {
  const before = [await stored(key), await auditOf(key)];
  const res = await work();
  expect(codeOf(res)).toBe('BAD_USER_INPUT');
  expect(res.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual([...fields].sort());
  expect([await stored(key), await auditOf(key)]).toEqual(before);
}

const FUNNEL = `query($scope: FunnelScopeInput!, $window: DateWindowInput!) {
  funnel(scope: $scope, window: $window) {
    actionsDue actionsDoneOnTime followThrough actionsDone actionsWithPracticeChange practiceChangeRate
    actionsWithCorroboratedChange corroboratedChangeRate actionsWithSustainedChange sustainedChangeRate
  }
}`;
async function funnel(scope: Record<string, unknown>, from: number, to: number): Promise<any> {
  return ok(await call('leader', FUNNEL, { scope, window: { from: day(from), to: day(to) } })).funnel;
}
const schoolScope = () => ({ kind: 'SCHOOL', id: gid.schoolA });

beforeAll(async () => {
  // Capture what the API logs, at its most talkative, to prove confidential text never reaches it.
  process.env.TEST_LOG_LEVEL = 'debug';
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original as typeof stream.write));
  }
  server = await startTestServer();
  await arrange();
  for (const who of ['admin', 'leader', 'coach', 'coachOwn', 't1', 't2', 'coachB']) {
    token[who] = (await server.signIn(`${who.toLowerCase()}@eastlake.example`)).accessToken;
  }
});

afterAll(async () => {
  await server?.close();
  for (const r of restore) r();
  delete process.env.TEST_LOG_LEVEL;
});

describe('completion recorded by the server', () => {
  it('a 3-month-overdue action cannot be closed "on time": refused, and the school’s follow-through is unchanged', async () => {
    await action('late', { session: 's1', owner: 't1', dueOn: day(-90) });
    const before = await funnel(schoolScope(), -100, -80);
    expect(before).toMatchObject({ actionsDue: 1, actionsDoneOnTime: 0, followThrough: 0 });

    await expectRefused(
      'late',
      async () =>
        call('t1', M.transition, {
          i: {
            id: gid.late,
            version: await versionOf('late'),
            status: 'DONE',
            completedOn: day(-91),
            completionEvidence: 'Retaught it',
          },
        }),
      ['completedOn'],
    );
    // Marked done today, as it was: late.
    const done = ok(
      await call('t1', M.transition, {
        i: { id: gid.late, version: await versionOf('late'), status: 'DONE', completionEvidence: 'Retaught it' },
      }),
    ).actionItemTransition.actionItem;
    expect(done).toMatchObject({ status: 'DONE', completedOn: day(0), originalDueOn: day(-90) });
    expect(Date.now() - Date.parse(done.completedAt)).toBeLessThan(60_000);
    // Nor afterwards through a correction: the earliest day is 7 days before it was marked done.
    await expectRefused(
      'late',
      async () =>
        call('t1', M.correct, { i: { id: gid.late, version: await versionOf('late'), completedOn: day(-91) } }),
      ['completedOn'],
    );
    expect(await funnel(schoolScope(), -100, -80)).toEqual(before);
  });

  it('a correction within completionCorrectionDays works, keeps old and new day, and is audited', async () => {
    await action('corr', { session: 's1', owner: 't1', dueOn: day(-2) });
    const done = ok(
      await call('t1', M.transition, {
        i: {
          id: gid.corr,
          version: await versionOf('corr'),
          status: 'DONE',
          completionEvidence: 'Shared the template',
        },
      }),
    ).actionItemTransition.actionItem;
    expect(done.completedOn).toBe(day(0));
    const corrected = ok(
      await call('t1', M.correct, { i: { id: gid.corr, version: done.version, completedOn: day(-3) } }),
    ).actionItemCompletionCorrect.actionItem;
    expect(corrected).toMatchObject({
      completedOn: day(-3),
      completedAt: done.completedAt,
      completedOnCorrections: [{ oldValue: day(0), newValue: day(-3) }],
    });
    expect(await auditOf('corr')).toEqual([
      { action: 'actionItem.transition', fields: ['completedOn', 'completionEvidence', 'status'] },
      { action: 'actionItem.correctCompletion', fields: ['completedOn'] },
    ]);
    // Not further back than 7 days before it was marked done, nor into the future.
    for (const completedOn of [day(-8), day(1)])
      await expectRefused(
        'corr',
        async () => call('t1', M.correct, { i: { id: gid.corr, version: await versionOf('corr'), completedOn } }),
        ['completedOn'],
      );
  });

  it('after completionCorrectionDays the completion day can no longer be corrected', async () => {
    await action('old', {
      session: 's1',
      owner: 't1',
      dueOn: day(-12),
      status: 'DONE',
      completedOn: day(-9),
    });
    await expectRefused(
      'old',
      async () => call('t1', M.correct, { i: { id: gid.old, version: await versionOf('old'), completedOn: day(-10) } }),
      ['completedOn'],
    );
  });
});

describe('follow-through against the original due date', () => {
  it('moving a past due date keeps the action counted against its original date, and shows the change', async () => {
    await action('moved', { session: 's1', owner: 't2', dueOn: day(-60) });
    const before = await funnel(schoolScope(), -65, -55);
    expect(before).toMatchObject({ actionsDue: 1, actionsDoneOnTime: 0 });
    const moved = ok(
      await call('leader', M.update, { i: { id: gid.moved, version: await versionOf('moved'), dueOn: day(5) } }),
    ).actionItemUpdate.actionItem;
    expect(moved).toMatchObject({
      dueOn: day(5),
      originalDueOn: day(-60),
      dueDateChanged: true,
      dueOnHistory: [{ oldValue: day(-60), newValue: day(5), changedBy: { id: gid.leader } }],
    });
    expect(await funnel(schoolScope(), -65, -55)).toEqual(before);
    // Done now, before the moved date: still late against the original one.
    ok(
      await call('t2', M.transition, {
        i: { id: gid.moved, version: await versionOf('moved'), status: 'DONE', completionEvidence: 'Done' },
      }),
    );
    expect(await funnel(schoolScope(), -65, -55)).toMatchObject({ actionsDue: 1, actionsDoneOnTime: 0 });
    // The database refuses to rewrite the original due date, whoever asks.
    await expect(
      server.owner.query(`UPDATE action_item SET original_due_on = due_on WHERE id = $1`, [id.moved]),
    ).rejects.toThrow(/original_due_on never changes/);
  });
});

describe('DONE needs evidence', () => {
  it('is refused without evidence of what was done (missing or blank), naming the field, writing nothing', async () => {
    await action('bare', { session: 's1', owner: 't1', dueOn: day(3) });
    for (const completionEvidence of [undefined, '   '])
      await expectRefused(
        'bare',
        async () =>
          call('t1', M.transition, {
            i: { id: gid.bare, version: await versionOf('bare'), status: 'DONE', completionEvidence },
          }),
        ['completionEvidence'],
      );
    await expectRefused(
      'bare',
      async () =>
        call('t1', M.transition, {
          i: { id: gid.bare, version: await versionOf('bare'), status: 'IN_PROGRESS', completionEvidence: 'x' },
        }),
      ['completionEvidence'],
    );
  });
});

describe('practice change: self-reported -> corroborated -> sustained', () => {
  const check = async (key: string, note = 'Saw talk roles held in period 3') => ({
    i: { actionItemId: gid[key], version: await versionOf(key), evidenceKind: 'WALKTHROUGH_NOTE', note },
  });

  it('corroboration: refused for the owner, a teacher and a coach of another school; a coach of the school may', async () => {
    await action('own', {
      session: 's1',
      owner: 'coachOwn',
      dueOn: day(-20),
      status: 'DONE',
      completedOn: day(-21),
      evidence: 'My group now explains with tables',
    });
    await expectRefused('own', async () => call('coachOwn', M.corroborate, await check('own')), ['actionItemId']);

    await action('pc', {
      session: 's1',
      owner: 't1',
      dueOn: day(-20),
      status: 'DONE',
      completedOn: day(-21),
      evidence: 'Talk roles held all lesson',
    });
    const before = await stored('pc');
    expect(codeOf(await call('t2', M.corroborate, await check('pc')))).toBe('FORBIDDEN');
    expect(codeOf(await call('coachB', M.corroborate, await check('pc')))).toBe('NOT_FOUND');
    await expectRefused('pc', async () => call('coach', M.corroborate, await check('pc', '  ')), ['note']);
    expect(await stored('pc')).toBe(before);

    const corroborated = ok(await call('coach', M.corroborate, await check('pc'))).practiceChangeCorroborate.actionItem;
    expect(corroborated).toMatchObject({
      practiceChangeStatus: 'CORROBORATED',
      corroboration: { evidenceKind: 'WALKTHROUGH_NOTE', checkedBy: { id: gid.coach } },
    });
    expect(Date.now() - Date.parse(corroborated.corroboration.checkedAt)).toBeLessThan(60_000);
    expect((await auditOf('pc')).at(-1)).toEqual({
      action: 'practiceChange.corroborate',
      fields: ['corroboratedBy', 'corroborationKind', 'corroborationNote'],
    });
    // Once only; and a DONE action without a self-reported change has nothing to corroborate.
    await expectRefused('pc', async () => call('leader', M.corroborate, await check('pc')), ['actionItemId']);
    await action('nochange', { session: 's1', owner: 't1', dueOn: day(-20), status: 'DONE', completedOn: day(-21) });
    await expectRefused('nochange', async () => call('coach', M.corroborate, await check('nochange')), [
      'actionItemId',
    ]);
  });

  it('sustained: refused before sustainedAfterDays (42) after corroboration, and for the owner; works after', async () => {
    await action('sus', {
      session: 's1',
      owner: 't1',
      dueOn: day(-80),
      status: 'DONE',
      completedOn: day(-81),
      evidence: 'Exit tickets sorted within a day',
      corroborated: 41,
    });
    await expectRefused('sus', async () => call('leader', M.sustained, await check('sus')), ['actionItemId']);
    await server.owner.query(`UPDATE action_item SET corroborated_at = now() - interval '43 days' WHERE id = $1`, [
      id.sus,
    ]);
    // A pair of eyes other than the owner's: t1 has no verify permission at all.
    expect(codeOf(await call('t1', M.sustained, await check('sus')))).toBe('FORBIDDEN');
    const sustained = ok(await call('leader', M.sustained, await check('sus', 'Still sorting on Thursdays')))
      .practiceChangeConfirmSustained.actionItem;
    expect(sustained).toMatchObject({
      practiceChangeStatus: 'SUSTAINED',
      sustained: { evidenceKind: 'WALKTHROUGH_NOTE' },
    });
    // A practice change not yet corroborated cannot be sustained.
    await expectRefused('own', async () => call('leader', M.sustained, await check('own')), ['actionItemId']);
  });
});

describe('the funnel’s actions part, by hand', () => {
  /*
   * Session f1 of FUN (held 30 days ago), CONVERSATION scope, window [-25, -1]:
   *   a  due -20  DONE -21  change, corroborated, sustained   -> due, on time, done, self, corr, sust
   *   b  due -20  DONE -15  change, corroborated              -> due, late,    done, self, corr
   *   c  due -18  DONE -18  change                            -> due, on time, done, self
   *   d  due -18  DONE -17  no change                         -> due, late,    done
   *   e  due -10  OPEN                                        -> due
   *   f  due -12, moved to +10 through the API, OPEN          -> due (original date)
   *   g  due +5   OPEN                                        -> nothing
   * actionsDue 6, on time 2 (1/3); done 4; self-reported 3 (0.75); corroborated 2 (0.5); sustained 1 (0.25).
   */
  it('counts follow-through on the original due date and each verification stage', async () => {
    await action('fa', {
      session: 'f1',
      owner: 't1',
      dueOn: day(-20),
      status: 'DONE',
      completedOn: day(-21),
      evidence: 'a',
      corroborated: 20,
      sustained: 1,
    });
    await action('fb', {
      session: 'f1',
      owner: 't2',
      dueOn: day(-20),
      status: 'DONE',
      completedOn: day(-15),
      evidence: 'b',
      corroborated: 10,
    });
    await action('fc', {
      session: 'f1',
      owner: 't1',
      dueOn: day(-18),
      status: 'DONE',
      completedOn: day(-18),
      evidence: 'c',
    });
    await action('fd', { session: 'f1', owner: 't2', dueOn: day(-18), status: 'DONE', completedOn: day(-17) });
    await action('fe', { session: 'f1', owner: 't1', dueOn: day(-10) });
    await action('ff', { session: 'f1', owner: 't2', dueOn: day(-12) });
    await action('fg', { session: 'f1', owner: 't1', dueOn: day(5) });
    ok(await call('leader', M.update, { i: { id: gid.ff, version: await versionOf('ff'), dueOn: day(10) } }));
    const f = await funnel({ kind: 'CONVERSATION', id: gid.FUN }, -25, -1);
    expect(f).toMatchObject({
      actionsDue: 6,
      actionsDoneOnTime: 2,
      actionsDone: 4,
      actionsWithPracticeChange: 3,
      practiceChangeRate: 0.75,
      actionsWithCorroboratedChange: 2,
      corroboratedChangeRate: 0.5,
      actionsWithSustainedChange: 1,
      sustainedChangeRate: 0.25,
    });
    expect(f.followThrough).toBeCloseTo(2 / 6, 10);
  });
});

describe('confidential evidence and notes', () => {
  it('a marker in the completion evidence and a corroboration note is in no audit row, error or log line, and hidden outside the boundary', async () => {
    await action('secret', { session: 's1', owner: 't1', dueOn: day(-1) });
    // Refused first, with the marker in the input: the error must not echo it.
    const refusals: GraphQLResponse[] = [
      await call('t1', M.transition, {
        i: {
          id: gid.secret,
          version: await versionOf('secret'),
          status: 'DONE',
          completionEvidence: `${MARKER} ${'x'.repeat(2001)}`,
          practiceChangeEvidence: `${MARKER} ${'y'.repeat(2001)}`,
        },
      }),
    ];
    ok(
      await call('t1', M.transition, {
        i: {
          id: gid.secret,
          version: await versionOf('secret'),
          status: 'DONE',
          completionEvidence: `Worked with ${MARKER} on ratios`,
          practiceChangeEvidence: `${MARKER} now explains with a table`,
        },
      }),
    );
    refusals.push(await call('coach', M.corroborate, await check('secret', `${MARKER} ${'z'.repeat(2001)}`)));
    refusals.push(await call('t1', M.corroborate, await check('secret', MARKER)));
    ok(await call('coach', M.corroborate, await check('secret', `Watched ${MARKER} explain it`)));
    for (const r of refusals) {
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(r)).not.toContain(MARKER);
    }

    const audit = await server.owner.query(
      `SELECT row_to_json(e)::text AS row FROM audit_event e WHERE district_id = $1`,
      [id.district],
    );
    expect(audit.length).toBeGreaterThan(0);
    for (const { row } of audit) expect(row).not.toContain(MARKER);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((line) => line.includes(MARKER))).toEqual([]);

    // Inside the boundary: the owner, and the facilitator; outside: the district admin (participants-only).
    expect(await read('t1', 'secret')).toMatchObject({
      completionEvidence: `Worked with ${MARKER} on ratios`,
      practiceChangeEvidence: `${MARKER} now explains with a table`,
      corroboration: { note: `Watched ${MARKER} explain it` },
    });
    expect((await read('leader', 'secret')).corroboration.note).toContain(MARKER);
    const outside = await read('admin', 'secret');
    expect(outside).toMatchObject({
      status: 'DONE',
      practiceChangeStatus: 'CORROBORATED',
      completionEvidence: null,
      practiceChangeEvidence: null,
      corroboration: { evidenceKind: 'ARTIFACT', note: null },
    });
    expect(JSON.stringify(outside)).not.toContain(MARKER);
  });

  const check = async (key: string, note: string) => ({
    i: { actionItemId: gid[key], version: await versionOf(key), evidenceKind: 'ARTIFACT', note },
  });
});
