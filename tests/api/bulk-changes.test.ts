/**
 * Bulk changes that save work (issue 15), over real HTTP on the demo district: a leader gives several actions one
 * owner, and cancels several sessions with one reason. Each item is checked as its single-record mutation checks it;
 * the change is all or nothing: one refused item (not the caller's to change, stale, or in a state that refuses it)
 * fails the whole request with BAD_USER_INPUT naming every refused id, and nothing is written.
 */
import { codeOf, ownSchoolId, ok, startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let principal = '';
let teacher = '';
let principalSchool = '';

interface Ref {
  id: string;
  version: number;
}
interface Action extends Ref {
  owner: { id: string } | null;
}
interface Upcoming extends Ref {
  scheduledAt: string;
  conversation: { school: { name: string } | null };
}

const uuid = (id: string) => Buffer.from(id, 'base64url').toString('utf8').split(':')[1];

const ASSIGN = `mutation($i: ActionItemsAssignInput!) {
  actionItemsAssign(input: $i) { actionItems { id version owner { id } } } }`;
const CANCEL_ALL = `mutation($i: ConversationSessionsCancelInput!) {
  sessionsCancel(input: $i) { sessions { id version state cancelReason } } }`;

/**
 * Open actions of the principal's own school (Lincoln Middle School), theirs to manage: they may also see actions of
 * the district's own conversations (those they own), which are not.
 */
async function openActions(): Promise<Action[]> {
  const r = await server.gql<{ actionItems: { nodes: Action[] } }>(
    `query($school: ID!) { actionItems(first: 50, filter: { status: [OPEN, IN_PROGRESS], schoolId: $school }) {
      nodes { id version owner { id } } } }`,
    { school: principalSchool },
    principal,
  );
  return ok(r).actionItems.nodes;
}

async function upcoming(): Promise<Upcoming[]> {
  const r = await server.gql<{ sessions: { nodes: Upcoming[] } }>(
    `{ sessions(first: 50, filter: { state: [SCHEDULED] }) {
      nodes { id version scheduledAt conversation { school { name } } } } }`,
    {},
    principal,
  );
  // The principal leads Lincoln Middle School: its sessions are theirs to cancel (district-wide ones are not).
  return ok(r).sessions.nodes.filter(
    (s) =>
      s.conversation.school?.name === 'Lincoln Middle School' &&
      Date.parse(s.scheduledAt) > Date.now() + 2 * 86_400_000,
  );
}

async function ownersOf(ids: string[]): Promise<Record<string, string>> {
  const rows: { id: string; owner_id: string }[] = await server.owner.query(
    `SELECT id, owner_id FROM action_item WHERE id = ANY($1::uuid[])`,
    [ids.map(uuid)],
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.owner_id]));
}

async function statusesOf(ids: string[]): Promise<Record<string, string>> {
  const rows: { id: string; status: string }[] = await server.owner.query(
    `SELECT id, status FROM conversation_session WHERE id = ANY($1::uuid[])`,
    [ids.map(uuid)],
  );
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  principal = (await server.signIn('principal@northfield.example')).accessToken;
  teacher = (await server.signIn('teacher@northfield.example')).accessToken;
  principalSchool = await ownSchoolId(server, principal);
}, 300_000);

afterAll(async () => {
  await server?.close();
});

describe('actionItemsAssign', () => {
  it('gives every listed action the one owner, each audited as an update', async () => {
    const actions = (await openActions()).slice(0, 3);
    expect(actions.length).toBe(3);
    const me = ok(
      await server.gql<{ me: { staffMember: { id: string } } }>(`{ me { staffMember { id } } }`, {}, teacher),
    );
    const to = me.me.staffMember.id;
    const r = await server.gql<{ actionItemsAssign: { actionItems: Action[] } }>(
      ASSIGN,
      { i: { items: actions.map(({ id, version }) => ({ id, version })), ownerId: to } },
      principal,
    );
    const changed = ok(r).actionItemsAssign.actionItems;
    expect(changed.map((a) => a.id)).toEqual(actions.map((a) => a.id));
    for (const a of changed) expect(a.owner?.id).toBe(to);
    expect(Object.values(await ownersOf(actions.map((a) => a.id)))).toEqual([uuid(to), uuid(to), uuid(to)]);
    const audit = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'actionItem.update' AND entity_id = ANY($1::uuid[])`,
      [actions.map((a) => uuid(a.id))],
    );
    expect(audit[0].n).toBeGreaterThanOrEqual(3);
  });

  it('refuses the whole change when one action is stale, naming it, and changes none', async () => {
    const [a, b] = await openActions();
    const before = await ownersOf([a.id, b.id]);
    const other = ok(
      await server.gql<{ staffMembers: { nodes: { id: string }[] } }>(
        `{ staffMembers(first: 20) { nodes { id } } }`,
        {},
        principal,
      ),
    ).staffMembers.nodes.find((s) => uuid(s.id) !== before[uuid(a.id)])!;
    const r = await server.gql(
      ASSIGN,
      {
        i: {
          items: [
            { id: a.id, version: a.version },
            { id: b.id, version: b.version + 7 },
          ],
          ownerId: other.id,
        },
      },
      principal,
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toContain(b.id);
    expect(r.errors![0].message).not.toContain(a.id);
    expect(r.errors![0].extensions!.refused).toEqual([{ id: b.id, code: 'CONFLICT', message: expect.any(String) }]);
    expect(r.errors![0].extensions!.fields).toEqual([{ field: 'items.1.id', message: expect.stringContaining(b.id) }]);
    expect(await ownersOf([a.id, b.id])).toEqual(before);
  });

  it('refuses actions the caller may not manage, an empty list and one listing an action twice', async () => {
    const [a] = await openActions();
    const forbidden = await server.gql(
      ASSIGN,
      { i: { items: [{ id: a.id, version: a.version }], ownerId: a.owner!.id } },
      teacher,
    );
    expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain(codeOf(forbidden));
    if (codeOf(forbidden) === 'BAD_USER_INPUT') expect(forbidden.errors![0].message).toContain(a.id);
    const empty = await server.gql(ASSIGN, { i: { items: [], ownerId: a.owner!.id } }, principal);
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(empty.errors![0].extensions!.fields).toEqual([{ field: 'items', message: 'Choose at least one' }]);
    const twice = await server.gql(
      ASSIGN,
      {
        i: {
          items: [
            { id: a.id, version: a.version },
            { id: a.id, version: a.version },
          ],
          ownerId: a.owner!.id,
        },
      },
      principal,
    );
    expect(codeOf(twice)).toBe('BAD_USER_INPUT');
    expect(twice.errors![0].message).toContain('items');
  });
});

describe('sessionsCancel', () => {
  it('cancels every listed session with the one reason', async () => {
    const [s1, s2] = await upcoming();
    const r = await server.gql<{ sessionsCancel: { sessions: { id: string; state: string; cancelReason: string }[] } }>(
      CANCEL_ALL,
      { i: { items: [s1, s2].map(({ id, version }) => ({ id, version })), reason: '  Staff training day  ' } },
      principal,
    );
    const done = ok(r).sessionsCancel.sessions;
    expect(done.map((s) => [s.id, s.state, s.cancelReason])).toEqual([
      [s1.id, 'CANCELLED', 'Staff training day'],
      [s2.id, 'CANCELLED', 'Staff training day'],
    ]);
    expect(Object.values(await statusesOf([s1.id, s2.id]))).toEqual(['CANCELLED', 'CANCELLED']);
    const events = await server.owner.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'session.cancelled' AND subject_id = ANY($1::uuid[])`,
      [[s1.id, s2.id].map(uuid)],
    );
    expect(events[0].n).toBe(2);
  });

  it('refuses the whole change when one session cannot be cancelled, naming it; nothing is cancelled or announced', async () => {
    const [s1] = await upcoming();
    const held = ok(
      await server.gql<{ sessions: { nodes: Ref[] } }>(
        `{ sessions(first: 1, descending: true, filter: { state: [HELD] }) { nodes { id version } } }`,
        {},
        principal,
      ),
    ).sessions.nodes[0];
    const r = await server.gql(
      CANCEL_ALL,
      { i: { items: [s1, held].map(({ id, version }) => ({ id, version })), reason: 'Snow day' } },
      principal,
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].message).toBe(`Nothing was changed: 1 of 2 refused (${held.id})`);
    expect(r.errors![0].extensions!.refused).toEqual([
      { id: held.id, code: 'BAD_USER_INPUT', message: expect.any(String) },
    ]);
    expect((await statusesOf([s1.id]))[uuid(s1.id)]).toBe('SCHEDULED');
    const events = await server.owner.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'session.cancelled' AND subject_id = $1`,
      [uuid(s1.id)],
    );
    expect(events[0].n).toBe(0);
  });

  it('checks each session as sessionCancel does: a district-wide one the principal does not lead is named FORBIDDEN', async () => {
    const [mine] = await upcoming();
    const all = ok(
      await server.gql<{ sessions: { nodes: Upcoming[] } }>(
        `{ sessions(first: 100, filter: { state: [SCHEDULED] }) {
          nodes { id version scheduledAt conversation { school { name } } } } }`,
        {},
        principal,
      ),
    ).sessions.nodes;
    const districtWide = all.find((x) => x.conversation.school === null && Date.parse(x.scheduledAt) > Date.now());
    expect(districtWide).toBeDefined();
    const r = await server.gql(
      CANCEL_ALL,
      { i: { items: [mine, districtWide!].map(({ id, version }) => ({ id, version })), reason: 'Half day' } },
      principal,
    );
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions!.refused).toEqual([
      { id: districtWide!.id, code: 'FORBIDDEN', message: expect.any(String) },
    ]);
    expect(Object.values(await statusesOf([mine.id, districtWide!.id]))).toEqual(['SCHEDULED', 'SCHEDULED']);
  });

  it('refuses a blank reason once, and a teacher cancelling sessions they do not lead', async () => {
    const [s1] = await upcoming();
    const blank = await server.gql(
      CANCEL_ALL,
      { i: { items: [{ id: s1.id, version: s1.version }], reason: '   ' } },
      principal,
    );
    expect(codeOf(blank)).toBe('BAD_USER_INPUT');
    expect(blank.errors![0].extensions!.fields).toEqual([{ field: 'reason', message: 'Required' }]);
    const byTeacher = await server.gql(
      CANCEL_ALL,
      { i: { items: [{ id: s1.id, version: s1.version }], reason: 'Not mine to cancel' } },
      teacher,
    );
    expect(['FORBIDDEN', 'BAD_USER_INPUT']).toContain(codeOf(byTeacher));
    expect((await statusesOf([s1.id]))[uuid(s1.id)]).toBe('SCHEDULED');
  });
});

describe('confidential text never leaves through a bulk change', () => {
  it("a marker in a held session's notes and check-in reaches neither a refusal, a success, nor the event it announces", async () => {
    const MARK = 'BULK-CONFIDENTIAL-MARKER-5X';
    const held = ok(
      await server.gql<{ sessions: { nodes: Ref[] } }>(
        `{ sessions(first: 1, descending: true, filter: { state: [HELD] }) { nodes { id version } } }`,
        {},
        principal,
      ),
    ).sessions.nodes[0];
    await server.owner.query(`UPDATE conversation_session SET notes = $2, check_in = $2 WHERE id = $1`, [
      uuid(held.id),
      MARK,
    ]);
    const [s1] = await upcoming();
    // Refused: the held session is named, its text is not.
    const refused = await server.gql(
      CANCEL_ALL,
      { i: { items: [s1, held].map(({ id, version }) => ({ id, version })), reason: 'Snow day' } },
      principal,
    );
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(refused)).not.toContain(MARK);
    // Done: the cancelled session and its announcement carry no one's notes either.
    const fresh = (await upcoming()).find((s) => s.id === s1.id)!;
    const done = await server.gql(
      CANCEL_ALL,
      { i: { items: [fresh].map(({ id, version }) => ({ id, version })), reason: 'Snow day' } },
      principal,
    );
    ok(done);
    expect(JSON.stringify(done)).not.toContain(MARK);
    const events: { payload: unknown }[] = await server.owner.query(`SELECT payload FROM outbox_event`);
    expect(JSON.stringify(events)).not.toContain(MARK);
  });
});
