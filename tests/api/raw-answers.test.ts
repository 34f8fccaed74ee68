import { ok, startTestServer, type TestServer } from '../support/server';
import { rawAnswersSpliced } from '../../packages/api/src/graphql/raw-json';

/**
 * A strategy page's mappings written as the answer's text where their rows arrive (graphql/raw-json.ts) must read
 * exactly as the same selection executed field by field: the same keys in the same order, aliases, __typename, ids,
 * timestamps, enums and dates as their serializers write them. A fragment spread makes the same selection ineligible,
 * so the records are built and executed: the two answers are compared whole, as text.
 */
let server: TestServer;
let admin: string;
let teacher: string;

const FIELDS = `__typename id dimension version
  conversation { id title type durationMinutes active
    facilitator { id displayName givenName }
    recentSessions(limit: 3) { __typename id when: scheduledAt heldAt durationMinutes cancelReason recordingConsent version createdAt
      actions { id status dueOn description completedOn } } }`;
const RAW = `{ strategies(first: 50) { nodes { id title mappings { ${FIELDS} } } } }`;
const EXECUTED = `{ strategies(first: 50) { nodes { id title mappings { ...M } } } }
  fragment M on ConversationMapping { ${FIELDS} }`;

/** The answer's text, and how many raw texts were put in it. */
async function answer(query: string, token: string): Promise<{ text: string; spliced: number }> {
  const before = rawAnswersSpliced();
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  expect({ status: res.status, text: res.status === 200 ? '' : text }).toEqual({ status: 200, text: '' });
  return { text, spliced: rawAnswersSpliced() - before };
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  admin = (await server.signIn('admin@southbrook.example')).accessToken;
  teacher = (await server.signIn('kmensah@southbrook.example')).accessToken;
});
afterAll(() => server.close());

describe("a strategy page's mappings written as text where their rows arrive", () => {
  it('reads exactly as the same selection executed field by field, byte for byte', async () => {
    const raw = await answer(RAW, admin);
    const executed = await answer(EXECUTED, admin);
    const data = ok<any>(JSON.parse(raw.text));
    const strategies = data.strategies.nodes;
    // The page is not trivial: mappings, conversations, sessions and their actions were all written.
    const sessions = strategies.flatMap((s: any) => s.mappings.flatMap((m: any) => m.conversation.recentSessions));
    expect(sessions.length).toBeGreaterThan(3);
    expect(sessions.some((s: any) => s.actions.length > 0)).toBe(true);
    expect(sessions[0].when).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(raw.spliced).toBe(strategies.length);
    expect(executed.spliced).toBe(0);
    expect(raw.text).toBe(executed.text);
  });

  it("as a teacher, reads what the teacher's scopes reach, as executed", async () => {
    const raw = await answer(RAW, teacher);
    const executed = await answer(EXECUTED, teacher);
    expect(executed.spliced).toBe(0);
    expect(raw.text).toBe(executed.text);
  });

  it('leaves to the resolvers what they compute or guard (a session state, its notes): nothing written as text', async () => {
    const query = `{ strategies(first: 50) { nodes { mappings { conversation { recentSessions(limit: 3) { id state } } } } } }`;
    const { text, spliced } = await answer(query, admin);
    expect(spliced).toBe(0);
    const sessions = ok<any>(JSON.parse(text)).strategies.nodes.flatMap((s: any) =>
      s.mappings.flatMap((m: any) => m.conversation.recentSessions),
    );
    expect(sessions.length).toBeGreaterThan(3);
    expect(sessions.every((s: any) => typeof s.state === 'string')).toBe(true);
  });

  it('never writes confidential text: a marker in every session note stays out of the answer', async () => {
    const marker = `RAW-MARKER-${Date.now()}`;
    await server.owner.query(`UPDATE conversation_session SET notes = $1, check_in = $1, check_out = $1`, [marker]);
    const { text, spliced } = await answer(RAW, admin);
    expect(spliced).toBeGreaterThan(0);
    expect(text).not.toContain(marker);
  });
});

describe("a list of sessions' nodes written as text where their rows arrive", () => {
  const NODE = `__typename id at: scheduledAt heldAt durationMinutes cancelReason cancelledAt recordingConsent version
    createdAt updatedAt conversation { id title type facilitator { id displayName givenName familyName } }`;
  const LIST = `{ sessions(first: 100) { totalCount pageInfo { hasNextPage endCursor } list: nodes { ${NODE} } } }`;
  const LIST_EXECUTED = `{ sessions(first: 100) { totalCount pageInfo { hasNextPage endCursor } ...L } }
    fragment L on ConversationSessionConnection { list: nodes { ${NODE} } }`;

  it('reads exactly as the same selection executed field by field, with the page around it', async () => {
    const raw = await answer(LIST, admin);
    const executed = await answer(LIST_EXECUTED, admin);
    const sessions = ok<any>(JSON.parse(raw.text)).sessions;
    expect(sessions.list.length).toBeGreaterThan(20);
    expect(sessions.list.some((s: any) => s.heldAt !== null)).toBe(true);
    expect(sessions.pageInfo.endCursor).toEqual(expect.any(String));
    expect(raw.spliced).toBe(1);
    expect(executed.spliced).toBe(0);
    expect(raw.text).toBe(executed.text);
  });

  it("as a teacher, reads the teacher's sessions and the conversations they may open, as executed", async () => {
    const raw = await answer(LIST, teacher);
    const executed = await answer(LIST_EXECUTED, teacher);
    expect(ok<any>(JSON.parse(raw.text)).sessions.list.length).toBeGreaterThan(0);
    expect(raw.spliced).toBe(1);
    expect(raw.text).toBe(executed.text);
  });

  it('builds the records when edges are asked too, or a node field is computed or guarded', async () => {
    for (const query of [
      `{ sessions(first: 20) { edges { cursor } nodes { id } } }`,
      `{ sessions(first: 20) { nodes { id state } } }`,
      `{ sessions(first: 20) { nodes { id notes } } }`,
      `{ sessions(first: 20) { nodes { id } again: nodes { id } } }`,
    ]) {
      const { text, spliced } = await answer(query, admin);
      expect(spliced).toBe(0);
      expect(ok<any>(JSON.parse(text)).sessions.nodes.length).toBe(20);
    }
  });

  it('never writes confidential text: a marker in every session note stays out of the list', async () => {
    const marker = `RAW-LIST-MARKER-${Date.now()}`;
    await server.owner.query(`UPDATE conversation_session SET notes = $1, check_in = $1, check_out = $1`, [marker]);
    const { text, spliced } = await answer(LIST, admin);
    expect(spliced).toBe(1);
    expect(text).not.toContain(marker);
  });
});
