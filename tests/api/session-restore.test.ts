/**
 * Restoring a cancelled session (issue 15), over real HTTP on the demo district: those who manage its conversation
 * bring it back at its old time or a new one, it is scheduled again without its reason, the change is audited and
 * announced; anything but a cancelled session, a time in the past, a time taken by another session, a stale version
 * or a teacher is refused with a code and the field, writing nothing.
 */
import { codeOf, ownSchoolId, startTestServer, type TestServer } from '../support/server';

let server: TestServer;
let principal = '';
let teacher = '';
/** The principal's school: they manage its conversations, and may read (not manage) the district's own. */
let principalSchool = '';

interface Upcoming {
  id: string;
  version: number;
  scheduledAt: string;
  conversation: { id: string };
}

const UPCOMING = `query($school: ID!, $from: DateTimeISO!) {
  sessions(first: 20, filter: { state: [SCHEDULED], schoolId: $school, from: $from }) {
    nodes { id version scheduledAt conversation { id } } } }`;
const CANCEL = `mutation($i: SessionCancelInput!) { sessionCancel(input: $i) { session { id version state } } }`;
const RESTORE = `mutation($i: SessionRestoreInput!) {
  sessionRestore(input: $i) { session { id version state scheduledAt cancelReason } } }`;

async function upcoming(): Promise<Upcoming[]> {
  const from = new Date(Date.now() + 86_400_000).toISOString();
  const r = await server.gql<{ sessions: { nodes: Upcoming[] } }>(
    UPCOMING,
    { school: principalSchool, from },
    principal,
  );
  expect(r.errors).toBeUndefined();
  return r.data!.sessions.nodes;
}

async function cancel(s: Upcoming): Promise<number> {
  const r = await server.gql<{ sessionCancel: { session: { version: number; state: string } } }>(
    CANCEL,
    { i: { id: s.id, version: s.version, reason: 'Fire drill moved to this slot' } },
    principal,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data!.sessionCancel.session.state).toBe('CANCELLED');
  return r.data!.sessionCancel.session.version;
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

describe('sessionRestore', () => {
  it('brings a cancelled upcoming session back at its old time: scheduled again, no reason, audited and announced', async () => {
    const [s] = await upcoming();
    const version = await cancel(s);
    const r = await server.gql(RESTORE, { i: { id: s.id, version } }, principal);
    expect(r.errors).toBeUndefined();
    expect(r.data!.sessionRestore.session).toMatchObject({
      id: s.id,
      state: 'SCHEDULED',
      cancelReason: null,
      scheduledAt: new Date(s.scheduledAt).toISOString(),
    });
    const [row] = await server.owner.query(
      `SELECT status, cancel_reason, cancelled_at FROM conversation_session WHERE id = $1`,
      [Buffer.from(s.id, 'base64url').toString('utf8').split(':')[1]],
    );
    expect(row).toEqual({ status: 'SCHEDULED', cancel_reason: null, cancelled_at: null });
    const uuid = Buffer.from(s.id, 'base64url').toString('utf8').split(':')[1];
    const audit = await server.owner.query(
      `SELECT action, fields FROM audit_event WHERE entity_id = $1 AND action = 'session.restore'`,
      [uuid],
    );
    expect(audit).toEqual([{ action: 'session.restore', fields: ['cancelReason', 'status'] }]);
    const events = await server.owner.query(
      `SELECT count(*)::int AS n FROM outbox_event WHERE subject_id = $1 AND type = 'session.scheduled'`,
      [uuid],
    );
    expect(events[0].n).toBe(1);
  });

  it('restores at a new time when one is given, and refuses a time another session of the conversation has', async () => {
    const [a, b] = await upcoming();
    expect(b).toBeDefined();
    const version = await cancel(a);
    const sameConversation = (await upcoming()).find((s) => s.conversation.id === a.conversation.id && s.id !== a.id);
    if (sameConversation) {
      const taken = await server.gql(
        RESTORE,
        { i: { id: a.id, version, scheduledAt: sameConversation.scheduledAt } },
        principal,
      );
      expect(codeOf(taken)).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(taken.errors)).toContain('scheduledAt');
    }
    const later = new Date(Date.parse(a.scheduledAt) + 3 * 3_600_000 + 7 * 60_000).toISOString();
    const r = await server.gql(RESTORE, { i: { id: a.id, version, scheduledAt: later } }, principal);
    expect(r.errors).toBeUndefined();
    expect(r.data!.sessionRestore.session).toMatchObject({ state: 'SCHEDULED', scheduledAt: later });
  });

  it('refuses a session that is not cancelled, a time in the past, a stale version and a teacher, writing nothing', async () => {
    const [, , s] = await upcoming();
    const notCancelled = await server.gql(RESTORE, { i: { id: s.id, version: s.version } }, principal);
    expect(codeOf(notCancelled)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(notCancelled.errors)).toContain('Only a cancelled session can be restored');

    const version = await cancel(s);
    const past = await server.gql(
      RESTORE,
      { i: { id: s.id, version, scheduledAt: new Date(Date.now() - 3_600_000).toISOString() } },
      principal,
    );
    expect(codeOf(past)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(past.errors)).toContain('scheduledAt');

    const stale = await server.gql(RESTORE, { i: { id: s.id, version: version - 1 } }, principal);
    expect(codeOf(stale)).toBe('CONFLICT');

    const byTeacher = await server.gql(RESTORE, { i: { id: s.id, version } }, teacher);
    expect(codeOf(byTeacher)).toBe('FORBIDDEN');

    const uuid = Buffer.from(s.id, 'base64url').toString('utf8').split(':')[1];
    const [row] = await server.owner.query(`SELECT status FROM conversation_session WHERE id = $1`, [uuid]);
    expect(row.status).toBe('CANCELLED');
    const audit = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'session.restore'`,
      [uuid],
    );
    expect(audit[0].n).toBe(0);
  });
});
