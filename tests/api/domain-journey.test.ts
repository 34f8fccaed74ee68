import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';

/**
 * The improvement domain end to end, as its users work: a principal maps a strategy to two conversations whose
 * sessions get scheduled; the coach logs a held session with evidence and actions; attendees rate it; the teacher
 * completes an action with evidence of changed practice. Steps are numbered: each builds on the one before.
 */
let server: TestServer;
const token: Record<string, string> = {};
const ids: Record<string, string> = {};

/** The district's time zone (its local day is what day fields and "today" mean), read once the server is up. */
let districtZone = 'UTC';

/** The district-local day `days` from now (not the UTC day: the two differ for some hours of every day). */
function localDaysFromNow(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: districtZone }).format(new Date(Date.now() + days * 86_400_000));
}

async function staffId(email: string): Promise<string> {
  const [row] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  return toGlobalId('StaffMember', row.id);
}

beforeAll(async () => {
  server = await startTestServer();
  [{ timezone: districtZone }] = await server.owner.query(`SELECT timezone FROM district WHERE slug = 'northfield'`);
  for (const who of ['principal', 'coach', 'teacher', 'admin'])
    token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
  for (const who of ['abenton', 'jcarter']) token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
  const [lms] = await server.owner.query(`SELECT id FROM school WHERE code = 'NF-LMS'`);
  ids.lincoln = toGlobalId('School', lms.id);
  ids.coach = await staffId('coach@northfield.example');
  ids.teacher = await staffId('teacher@northfield.example');
  ids.abenton = await staffId('abenton@northfield.example');
  ids.jcarter = await staffId('jcarter@northfield.example');
});
afterAll(() => server.close());

describe('successful improvement journey', () => {
  it('1. the principal creates a strategy for their school', async () => {
    const res = await server.gql(
      `mutation($i: StrategyCreateInput!) { strategyCreate(input: $i) { strategy { id title status districtWide school { code } owner { email } } } }`,
      {
        i: {
          schoolId: ids.lincoln,
          title: 'Number sense in the middle grades',
          goal: 'Students explain their reasoning about fractions and ratios',
          kind: 'DATA_TEAMS',
          status: 'ACTIVE',
          startsOn: localDaysFromNow(-60),
          endsOn: localDaysFromNow(150),
          successMeasures: 'Common assessment growth of 10 points',
        },
      },
      token.principal,
    );
    const s = ok(res).strategyCreate.strategy;
    expect(s).toMatchObject({
      status: 'ACTIVE',
      districtWide: false,
      school: { code: 'NF-LMS' },
      owner: { email: 'principal@northfield.example' },
    });
    ids.strategy = s.id;
  });

  it('2. creates two learning conversations, whose sessions are scheduled from their cadence', async () => {
    // Both began weeks ago: their past sessions are asked for explicitly (by default only those from now on are).
    const create = `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) {
      sessionsScheduled conversation { id cadence cadenceDescription facilitator { email } participantRoles confidentiality } } }`;
    const dataTeam = ok(
      await server.gql(
        create,
        {
          i: {
            schoolId: ids.lincoln,
            title: 'Grade 7 data team',
            type: 'DATA_TEAM',
            purpose: 'Decide the next teaching move from the latest common assessment',
            cadence: 'FREQ=WEEKLY;BYDAY=TU',
            firstStartsAt: `${localDaysFromNow(-28)}T15:30`,
            durationMinutes: 45,
            facilitatorId: ids.coach,
            participantRoles: ['TEACHER'],
            protocol: 'DOUBLE_LOOP_REVIEW',
            confidentiality: 'SCHOOL_LEADERS',
            scheduleUntil: localDaysFromNow(60),
            includePastSessions: true,
          },
        },
        token.principal,
      ),
    ).conversationCreate;
    expect(dataTeam.sessionsScheduled).toBeGreaterThanOrEqual(12);
    expect(dataTeam.conversation.cadenceDescription).toMatch(/Tuesday/);
    ids.dataTeam = dataTeam.conversation.id;
    const debrief = ok(
      await server.gql(
        create,
        {
          i: {
            schoolId: ids.lincoln,
            title: 'Post-observation debrief',
            type: 'POST_OBSERVATION_DEBRIEF',
            purpose: 'Turn what was observed into one change in practice',
            cadence: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH',
            firstStartsAt: `${localDaysFromNow(-20)}T08:00`,
            durationMinutes: 30,
            facilitatorId: ids.coach,
            participantIds: [ids.teacher],
            scheduleUntil: localDaysFromNow(60),
            includePastSessions: true,
          },
        },
        token.principal,
      ),
    ).conversationCreate;
    expect(debrief.sessionsScheduled).toBeGreaterThanOrEqual(5);
    ids.debrief = debrief.conversation.id;
  });

  it('3. maps both conversations to the strategy with the change expected of each', async () => {
    const map = `mutation($i: ConversationMappingCreateInput!) { conversationMappingCreate(input: $i) { mapping { id dimension expectedChange } } }`;
    ok(
      await server.gql(
        map,
        {
          i: {
            strategyId: ids.strategy,
            conversationId: ids.dataTeam,
            dimension: 'PRACTICE',
            expectedChange: 'Teachers regroup students weekly from evidence',
          },
        },
        token.principal,
      ),
    );
    ok(
      await server.gql(
        map,
        {
          i: {
            strategyId: ids.strategy,
            conversationId: ids.debrief,
            dimension: 'SKILL',
            expectedChange: 'Teachers press for reasoning in discussion',
          },
        },
        token.principal,
      ),
    );
    const again = await server.gql(
      map,
      { i: { strategyId: ids.strategy, conversationId: ids.debrief, dimension: 'SKILL', expectedChange: 'twice' } },
      token.principal,
    );
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
  });

  it('4. reads the strategy page in one query: conversations, expected changes, recent and upcoming sessions', async () => {
    const page = ok(
      await server.gql(
        `query($id: ID!) { strategy(id: $id) { title mappings { dimension expectedChange conversation { title
            recentSessions(limit: 3) { id state scheduledAt } upcomingSessions(limit: 2) { scheduledAt state } } } } }`,
        { id: ids.strategy },
        token.principal,
      ),
    ).strategy;
    expect(page.mappings).toHaveLength(2);
    const dataTeam = page.mappings.find((m: any) => m.conversation.title === 'Grade 7 data team');
    expect(dataTeam.expectedChange).toBe('Teachers regroup students weekly from evidence');
    expect(dataTeam.conversation.recentSessions).toHaveLength(3);
    // Past and never logged: missed once due (45 minutes after the start plus 48 hours to log), else not yet.
    expect(dataTeam.conversation.recentSessions.map((s: any) => s.state)).toEqual(
      dataTeam.conversation.recentSessions.map((s: any) =>
        Date.parse(s.scheduledAt) + (45 * 60 + 48 * 3600) * 1000 < Date.now() ? 'MISSED' : 'SCHEDULED',
      ),
    );
    expect(dataTeam.conversation.upcomingSessions.every((s: any) => s.state === 'SCHEDULED')).toBe(true);
    ids.session = dataTeam.conversation.recentSessions[2].id;
  });

  it('5. the coach logs a held session with evidence and two actions', async () => {
    const [{ version }] = await server.owner.query(`SELECT version FROM conversation_session WHERE id = $1`, [
      Buffer.from(ids.session, 'base64url').toString().split(':')[1],
    ]);
    const session = ok(
      await server.gql(
        `mutation($i: SessionLogInput!) { sessionLog(input: $i) { session { id state durationMinutes notes attendees { email } evidence { kind collectedOn } actions { id description status owner { email } } } } }`,
        {
          i: {
            id: ids.session,
            version,
            heldAt: new Date(Date.now() - 20 * 86_400_000).toISOString(),
            durationMinutes: 50,
            attendeeIds: [ids.coach, ids.teacher, ids.abenton, ids.jcarter],
            evidence: [
              {
                kind: 'ASSESSMENT',
                description: 'Unit 2 common assessment, item analysis',
                collectedOn: localDaysFromNow(-23),
              },
            ],
            notes: 'Two students are stuck on equivalent ratios; plan small-group reteach.',
            checkIn: 'One word for how the unit is going',
            checkOut: 'My next move is...',
            actions: [
              {
                description: 'Reteach equivalent ratios to the small group',
                ownerId: ids.teacher,
                dueOn: localDaysFromNow(-15),
              },
              { description: 'Bring three student work samples', ownerId: ids.abenton, dueOn: localDaysFromNow(-12) },
            ],
          },
        },
        token.coach,
      ),
    ).sessionLog.session;
    expect(session.state).toBe('HELD');
    expect(session.attendees).toHaveLength(4);
    expect(session.evidence).toEqual([{ kind: 'ASSESSMENT', collectedOn: localDaysFromNow(-23) }]);
    expect(session.actions).toHaveLength(2);
    ids.action = session.actions.find((a: any) => a.owner.email === 'teacher@northfield.example').id;
  });

  it('6. attendees rate it; the aggregate appears once the rating window has closed on three raters, and each sees their own ratings', async () => {
    const criteria = await server.owner.query(
      `SELECT rc.id FROM rubric_criterion rc JOIN district d ON d.id = rc.district_id WHERE d.slug = 'northfield' ORDER BY rc.position LIMIT 3`,
    );
    // The session was held 20 days ago: its rating window, recorded when it was logged (14 days), is moved to close
    // tomorrow while they rate, then to now, which closes it (as if the days had passed).
    const ratingCloses = (when: string) =>
      server.owner.query(`UPDATE conversation_session SET rating_closes_at = ${when} WHERE id = $1`, [
        Buffer.from(ids.session, 'base64url').toString().split(':')[1],
      ]);
    await ratingCloses(`now() + interval '1 day'`);
    const rate = `mutation($i: SessionRateInput!) { sessionRate(input: $i) { session { quality { status overall raterCount } myRatings { score } } } }`;
    const ratings = (scores: number[]) =>
      criteria.map((c: any, i: number) => ({ criterionId: toGlobalId('RubricCriterion', c.id), score: scores[i] }));
    const first = ok(
      await server.gql(rate, { i: { sessionId: ids.session, ratings: ratings([4, 3, 3]) } }, token.teacher),
    ).sessionRate.session;
    expect(first.quality).toMatchObject({ status: 'RATING_OPEN', overall: null, raterCount: null });
    expect(first.myRatings.map((r: any) => r.score)).toEqual([4, 3, 3]);
    ok(await server.gql(rate, { i: { sessionId: ids.session, ratings: ratings([3, 3, 2]) } }, token.abenton));
    const third = ok(
      await server.gql(rate, { i: { sessionId: ids.session, ratings: ratings([2, 4, 3]) } }, token.jcarter),
    ).sessionRate.session;
    // Three raters, but the window is still open: nothing is published yet.
    expect(third.quality).toMatchObject({ status: 'RATING_OPEN', overall: null, raterCount: null });
    // Changing a rating replaces it rather than adding one.
    ok(await server.gql(rate, { i: { sessionId: ids.session, ratings: ratings([1, 3, 3]) } }, token.teacher));
    await ratingCloses('now()');
    const closed = ok(
      await server.gql(
        `query($id: ID!) { session(id: $id) { quality { status overall raterCount } } }`,
        { id: ids.session },
        token.teacher,
      ),
    ).session;
    // The mean of each rater's mean: (7/3 + 8/3 + 9/3) / 3.
    expect(closed.quality).toMatchObject({ status: 'PUBLISHED', raterCount: 3 });
    expect(closed.quality.overall).toBeCloseTo((1 + 3 + 3 + 3 + 3 + 2 + 2 + 4 + 3) / 9, 5);
  });

  it('7. the teacher completes their action (today, late) with evidence of what was done and of changed practice', async () => {
    const [{ version }] = await server.owner.query(`SELECT version FROM action_item WHERE id = $1`, [
      Buffer.from(ids.action, 'base64url').toString().split(':')[1],
    ]);
    const transition = `mutation($i: ActionItemTransitionInput!) { actionItemTransition(input: $i) { actionItem { status completedOn originalDueOn practiceChangeEvidence overdue } } }`;
    const input = {
      id: ids.action,
      version,
      status: 'DONE',
      completionEvidence: 'Retaught the group with double number lines',
      practiceChangeEvidence: 'All five students now explain equivalent ratios with a table',
    };
    // Marked done today, it cannot claim a day before its due date: the server records when it was marked done.
    const backdated = await server.gql(
      transition,
      { i: { ...input, completedOn: localDaysFromNow(-16) } },
      token.teacher,
    );
    expect(backdated.errors?.[0]?.extensions?.fields).toEqual([{ field: 'completedOn', message: expect.any(String) }]);
    const done = ok(await server.gql(transition, { i: input }, token.teacher)).actionItemTransition.actionItem;
    expect(done).toMatchObject({
      status: 'DONE',
      completedOn: localDaysFromNow(0),
      originalDueOn: localDaysFromNow(-15),
      overdue: false,
    });
  });
  it('8. the strategy funnel matches a hand count of everything above', async () => {
    const [{ due }] = await server.owner.query(
      `SELECT count(*)::int AS due FROM conversation_session s JOIN conversation_mapping m ON m.conversation_id = s.conversation_id
         JOIN learning_conversation c ON c.id = s.conversation_id
        WHERE m.strategy_id = $1 AND (s.status = 'HELD'
          OR (s.status = 'SCHEDULED' AND s.scheduled_at + make_interval(mins => c.duration_minutes, hours => 48) < now()))`,
      [Buffer.from(ids.strategy, 'base64url').toString().split(':')[1]],
    );
    const f = ok(
      await server.gql(
        `query($id: ID!, $w: DateWindowInput!) { strategy(id: $id) { funnel(window: $w) {
            due held missed heldRate quality qualityRaterCount evidenceGroundedRate actionRate actionsDue actionsDoneOnTime followThrough
            actionsDone actionsWithPracticeChange practiceChangeRate invited reached reach health } } }`,
        { id: ids.strategy, w: { from: localDaysFromNow(-40), to: localDaysFromNow(0) } },
        token.principal,
      ),
    ).strategy.funnel;
    // One session of the two conversations was held; every other one due (ended 48 hours ago or more) is missed.
    expect(f).toMatchObject({ due, held: 1, missed: due - 1, qualityRaterCount: 3 });
    expect(f.heldRate).toBeCloseTo(1 / due, 10);
    // Nine ratings after the teacher changed one: 1,3,3 + 3,3,2 + 2,4,3.
    expect(f.quality).toBeCloseTo(24 / 9, 10);
    // Its evidence was collected three days before; it produced actions.
    expect(f.evidenceGroundedRate).toBe(1);
    expect(f.actionRate).toBe(1);
    // Both actions have come due; the teacher's was done today, after its due date, the other is still open.
    expect(f).toMatchObject({
      actionsDue: 2,
      actionsDoneOnTime: 0,
      followThrough: 0,
      actionsDone: 1,
      actionsWithPracticeChange: 1,
      practiceChangeRate: 1,
    });
    // Invited: the data team's expected participants (Lincoln's three teachers, by role) and the debrief's (the
    // teacher); all three attended the held session. The coach facilitates: not invited.
    expect(f).toMatchObject({ invited: 3, reached: 3, reach: 1 });
    expect(f.health).toBe('OFF_TRACK');
  });
});

describe('confidentiality and roles along the way', () => {
  const NOTES = `query($id: ID!) { session(id: $id) { notes checkIn confidentialWithheld } }`;

  it('participants and the school leader read the notes (boundary: school leaders)', async () => {
    for (const who of ['coach', 'teacher', 'principal']) {
      expect(ok(await server.gql(NOTES, { id: ids.session }, token[who])).session.confidentialWithheld).toBe(false);
    }
    expect(ok(await server.gql(NOTES, { id: ids.session }, token.principal)).session.notes).toMatch(
      /equivalent ratios/,
    );
  });

  it('the district admin sees the session but not what was said', async () => {
    const s = ok(await server.gql(NOTES, { id: ids.session }, token.admin)).session;
    expect(s).toEqual({ notes: null, checkIn: null, confidentialWithheld: true });
  });

  it('a teacher is FORBIDDEN to create strategies; the coach may not create conversations', async () => {
    const res = await server.gql(
      `mutation { strategyCreate(input: { title: "x", goal: "y", kind: OTHER, startsOn: "2026-01-01" }) { strategy { id } } }`,
      {},
      token.teacher,
    );
    expect(codeOf(res)).toBe('FORBIDDEN');
  });

  it('rating twice the same criterion in one call, a score of 5, or rating a session one did not attend are refused', async () => {
    const [c] = await server.owner.query(
      `SELECT rc.id FROM rubric_criterion rc JOIN district d ON d.id = rc.district_id WHERE d.slug = 'northfield' LIMIT 1`,
    );
    const crit = toGlobalId('RubricCriterion', c.id);
    const rate = `mutation($i: SessionRateInput!) { sessionRate(input: $i) { session { id } } }`;
    const bad = await server.gql(
      rate,
      { i: { sessionId: ids.session, ratings: [{ criterionId: crit, score: 5 }] } },
      token.teacher,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    // The rating window has closed since step 6 (sessionId) as well.
    expect(bad.errors?.[0].extensions?.fields?.map((f) => f.field)).toEqual(['sessionId', 'ratings.0.score']);
    const notThere = await server.gql(
      rate,
      { i: { sessionId: ids.session, ratings: [{ criterionId: crit, score: 3 }] } },
      token.principal,
    );
    expect(codeOf(notThere)).toBe('FORBIDDEN');
  });
});

describe('fixed regressions', () => {
  it('a teacher sees the mappings of their school strategy (scope parameters of strategy and conversation no longer collide)', async () => {
    const res = ok(
      await server.gql(
        `query($id: ID!) { strategy(id: $id) { mappings { expectedChange } } }`,
        { id: ids.strategy },
        token.teacher,
      ),
    );
    expect(res.strategy.mappings).toHaveLength(2);
  });

  it('the platform operator can rename and suspend a district', async () => {
    const op = (await server.signIn('operator@throughline.example')).accessToken;
    const [d] = await server.owner.query(`SELECT id, version FROM district WHERE slug = 'southbrook'`);
    const res = await server.gql(
      `mutation($i: DistrictUpdateInput!) { districtUpdate(input: $i) { district { name status version } } }`,
      {
        i: {
          id: toGlobalId('District', d.id),
          version: d.version,
          name: 'Southbrook County Schools',
          status: 'SUSPENDED',
        },
      },
      op,
    );
    expect(ok(res).districtUpdate.district).toMatchObject({ name: 'Southbrook County Schools', status: 'SUSPENDED' });
  });
});

describe('an integrator listing strategies with their funnels', () => {
  it('a principal still gets the list when one strategy (district-wide) is outside their analytics: that funnel is null with FORBIDDEN', async () => {
    ok(
      await server.gql(
        `mutation { strategyCreate(input: { title: "District literacy", goal: "Reading", kind: CURRICULUM, startsOn: "${localDaysFromNow(-30)}" }) { strategy { id } } }`,
        {},
        token.admin,
      ),
    );
    const res = await server.gql(
      `query($w: DateWindowInput!) { strategies { nodes { title districtWide funnel(window: $w) { due } } } }`,
      { w: { from: localDaysFromNow(-40), to: localDaysFromNow(0) } },
      token.principal,
    );
    const nodes = res.data?.strategies.nodes as any[];
    expect(nodes.find((n) => !n.districtWide).funnel).not.toBeNull();
    expect(nodes.find((n) => n.districtWide).funnel).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
