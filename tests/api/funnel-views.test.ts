import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { ok, startTestServer, type TestServer } from '../support/server';

/**
 * What a funnel shows beside its figures, as a leader reads it: the overdue list is what needs chasing today,
 * whatever window is on screen; a strategy's health is graded only over the days the strategy ran.
 *
 * On the demo district (Northfield), as its principal, over Lincoln Middle School and one of its strategies whose
 * dates the test sets.
 */
const DAY_MS = 86_400_000;

let server: TestServer;
let token: string;
let tz: string;
let lincoln: string;
let strategy: { id: string; gid: string };

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}
const today = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
const day = (n: number) => addDays(today(), n);

const STRATEGY_FUNNEL = `query($id: ID!, $from: LocalDate!, $to: LocalDate!) {
  funnel(scope: { kind: STRATEGY, id: $id }, window: { from: $from, to: $to }) {
    due heldRate quality followThrough health healthWindow { from to }
  }
}`;

async function strategyFunnel(from: string, to: string) {
  return ok(await server.gql(STRATEGY_FUNNEL, { id: strategy.gid, from, to }, token)).funnel;
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  token = (await server.signIn('principal@northfield.example')).accessToken;
  const [district] = await server.owner.query(`SELECT timezone FROM district WHERE slug = 'northfield'`);
  tz = district.timezone;
  const [school] = await server.owner.query(`SELECT id FROM school WHERE code = 'NF-LMS'`);
  lincoln = school.id;
  // The Lincoln strategy with the most due sessions behind it over the last year.
  const [row] = await server.owner.query(
    `SELECT st.id
       FROM improvement_strategy st
       JOIN conversation_mapping m ON m.district_id = st.district_id AND m.strategy_id = st.id
       JOIN conversation_session s ON s.district_id = m.district_id AND s.conversation_id = m.conversation_id
      WHERE st.school_id = $1 AND s.status = 'HELD'
      GROUP BY st.id ORDER BY count(*) DESC, st.id LIMIT 1`,
    [lincoln],
  );
  strategy = { id: row.id, gid: toGlobalId('ImprovementStrategy', row.id) };
}, 120_000);

afterAll(async () => {
  await server?.close();
});

describe("a strategy's health is graded over its own dates", () => {
  test('a window before the strategy started has figures but no grade', async () => {
    await server.owner.query(`UPDATE improvement_strategy SET starts_on = $2, ends_on = NULL WHERE id = $1`, [
      strategy.id,
      day(-30),
    ]);
    const f = await strategyFunnel(day(-200), day(-31));
    // The window has held sessions, so the old rule would have graded it.
    expect(f.due).toBeGreaterThan(0);
    expect(f.heldRate).not.toBeNull();
    expect(f).toMatchObject({ health: 'NOT_ENOUGH_DATA', healthWindow: null });
  });

  test('a window reaching before the start is graded from the start only, as that clipped window grades', async () => {
    const wide = await strategyFunnel(day(-200), day(0));
    expect(wide.healthWindow).toEqual({ from: day(-30), to: day(0) });
    const clipped = await strategyFunnel(day(-30), day(0));
    expect(clipped.healthWindow).toEqual({ from: day(-30), to: day(0) });
    expect(wide.health).toBe(clipped.health);
  });

  test('an ended strategy is graded up to its end', async () => {
    await server.owner.query(`UPDATE improvement_strategy SET starts_on = $2, ends_on = $3 WHERE id = $1`, [
      strategy.id,
      day(-60),
      day(-10),
    ]);
    const f = await strategyFunnel(day(-90), day(0));
    expect(f.healthWindow).toEqual({ from: day(-60), to: day(-10) });
    expect(f.health).toBe((await strategyFunnel(day(-60), day(-10))).health);
  });
});

describe('the overdue list is as of today, whatever the window', () => {
  test("a future window still lists the school's overdue actions, all of them counted", async () => {
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n
         FROM action_item a
         JOIN conversation_session s ON s.district_id = a.district_id AND s.id = a.session_id
         JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
        WHERE c.school_id = $1 AND a.status IN ('OPEN', 'IN_PROGRESS') AND a.due_on < (now() AT TIME ZONE $2)::date`,
      [lincoln, tz],
    );
    expect(n).toBeGreaterThan(0);
    const f = ok(
      await server.gql(
        `query($id: ID!, $from: LocalDate!, $to: LocalDate!) {
          funnel(scope: { kind: SCHOOL, id: $id }, window: { from: $from, to: $to }) {
            actionsDue overdueActionsCount overdueActions { dueOn status }
          }
        }`,
        { id: toGlobalId('School', lincoln), from: day(30), to: day(60) },
        token,
      ),
    ).funnel;
    expect(f.actionsDue).toBe(0);
    expect(f.overdueActionsCount).toBe(n);
    expect(f.overdueActions).toHaveLength(Math.min(n, 100));
    for (const a of f.overdueActions) {
      expect(['OPEN', 'IN_PROGRESS']).toContain(a.status);
      expect(a.dueOn < today()).toBe(true);
    }
    const dues = f.overdueActions.map((a: { dueOn: string }) => a.dueOn);
    expect(dues).toEqual([...dues].sort());
  });
});

describe("a school leader's strategy funnel counts only what the leader may open", () => {
  test("a district-wide conversation mapped to the school's strategy is counted apart, never in the figures", async () => {
    await server.owner.query(`UPDATE improvement_strategy SET starts_on = $2, ends_on = NULL WHERE id = $1`, [
      strategy.id,
      day(-200),
    ]);
    const window = { from: day(-90), to: day(0) };
    const before = await strategyFunnel(window.from, window.to);
    // A district-wide conversation with weekly sessions over the last ten weeks, which the principal takes no part
    // in: the district admin plans it (past occurrences included) and the admin maps it to the school's strategy.
    const admin = (await server.signIn('admin@northfield.example')).accessToken;
    const [adminRow] = await server.owner.query(`SELECT id FROM staff_member WHERE email = 'admin@northfield.example'`);
    const created = ok(
      await server.gql(
        `mutation($i: ConversationCreateInput!) { conversationCreate(input: $i) { conversation { id } } }`,
        {
          i: {
            type: 'PLC',
            title: 'District math leads',
            purpose: 'Look at student work across schools',
            durationMinutes: 45,
            facilitatorId: toGlobalId('StaffMember', adminRow.id),
            cadence: 'FREQ=WEEKLY',
            firstStartsAt: `${day(-70)}T15:00`,
            scheduleUntil: day(14),
            includePastSessions: true,
          },
        },
        admin,
      ),
    ).conversationCreate.conversation;
    const [wide] = await server.owner.query(`SELECT id, district_id FROM learning_conversation WHERE title = $1`, [
      'District math leads',
    ]);
    expect(created.id).toBe(toGlobalId('LearningConversation', wide.id));
    ok(
      await server.gql(
        `mutation($i: ConversationMappingCreateInput!) { conversationMappingCreate(input: $i) { __typename } }`,
        {
          i: {
            strategyId: strategy.gid,
            conversationId: created.id,
            dimension: 'PRACTICE',
            expectedChange: 'Leads bring the same tasks back to their schools.',
          },
        },
        admin,
      ),
    );
    const query = `query($id: ID!, $from: LocalDate!, $to: LocalDate!) {
      funnel(scope: { kind: STRATEGY, id: $id }, window: { from: $from, to: $to }) {
        due held missedSessions { id } sessionsOutsideView
      }
    }`;
    const asPrincipal = ok(await server.gql(query, { id: strategy.gid, ...window }, token)).funnel;
    const asAdmin = ok(await server.gql(query, { id: strategy.gid, ...window }, admin)).funnel;
    // The admin may open everything: nothing is outside their view, and the new conversation adds to the figures.
    expect(asAdmin.sessionsOutsideView).toBe(0);
    expect(asAdmin.due).toBeGreaterThan(before.due);
    // The principal's figures are those from before the mapping; the difference is counted, not listed.
    expect(asPrincipal.due).toBe(before.due);
    expect(asPrincipal.sessionsOutsideView).toBe(asAdmin.due - before.due);
    const listed = new Set(asAdmin.missedSessions.map((m: { id: string }) => m.id));
    for (const m of asPrincipal.missedSessions) expect(listed.has(m.id)).toBe(true);
    expect(asPrincipal.missedSessions.length).toBeLessThanOrEqual(asAdmin.missedSessions.length);
  });
});
