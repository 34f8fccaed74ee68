import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { TenantTransaction } from '../../packages/api/src/db/transaction';
import type { RequestContext } from '../../packages/api/src/graphql/context';
import { noteConfidentialRead } from '../../packages/api/src/modules/audit/read-audit';

/**
 * Issue 16, read audit: every read of confidential text by someone other than its author is recorded (reader, record,
 * field, when; never the text), batched per request; the author sees who read; district admins search and download.
 */

const MARKER = 'READ-AUDIT-MARKER-93c1';
let server: TestServer;
const token: Record<string, string> = {};
const id: Record<string, string> = {};
let sessionRaw: string;
let reflectionRaw: string;
let PRINCIPAL: string;

const SESSION = `query($id: ID!) { session(id: $id) { id notes checkIn
  reflections { id mine answers { answer } readEvents { readerName field recordType } } readEvents { field readerName } } }`;

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  for (const who of ['admin', 'principal', 'coach', 'teacher']) {
    token[who] = (await server.signIn(`${who}@northfield.example`)).accessToken;
  }
  const [people] = await server.owner.query(
    `SELECT (SELECT id FROM staff_member WHERE email = 'teacher@northfield.example') AS teacher,
            (SELECT id FROM staff_member WHERE email = 'principal@northfield.example') AS principal,
            (SELECT id FROM staff_member WHERE email = 'coach@northfield.example') AS coach`,
  );
  Object.assign(id, people);
  [{ name: PRINCIPAL }] = await server.owner.query(
    `SELECT given_name || ' ' || family_name AS name FROM staff_member WHERE id = $1`,
    [id.principal],
  );
  // A session at Lincoln Middle (the principal's school) facilitated by the coach, the teacher attending, with the
  // boundary open to school leaders; notes that the coach "logged", and the teacher's shared reflection.
  const [conv] = await server.owner.query(
    `SELECT c.id, c.district_id FROM learning_conversation c JOIN school s ON s.id = c.school_id
      WHERE s.code = 'NF-LMS' AND c.facilitator_id = $1 ORDER BY c.id LIMIT 1`,
    [id.coach],
  );
  await server.owner.query(`UPDATE learning_conversation SET confidentiality = 'SCHOOL_LEADERS' WHERE id = $1`, [
    conv.id,
  ]);
  [{ id: sessionRaw }] = await server.owner.query(
    `INSERT INTO conversation_session (district_id, conversation_id, scheduled_at, status, held_at, duration_minutes, notes, check_in)
     VALUES ($1, $2, now() - interval '2 days', 'HELD', now() - interval '2 days', 45, $3, $4) RETURNING id`,
    [conv.district_id, conv.id, `notes ${MARKER}`, `=HYPERLINK("x") ${MARKER}`],
  );
  await server.owner.query(
    `INSERT INTO session_attendance (district_id, session_id, staff_member_id) VALUES ($1, $2, $3), ($1, $2, $4)`,
    [conv.district_id, sessionRaw, id.teacher, id.coach],
  );
  await server.owner.query(
    `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id, fields)
     VALUES ($1, 'STAFF', $2, 'session.log', 'ConversationSession', $3, '{notes}')`,
    [conv.district_id, id.coach, sessionRaw],
  );
  [{ id: reflectionRaw }] = await server.owner.query(
    `INSERT INTO reflection (district_id, session_id, author_id, shared) VALUES ($1, $2, $3, true) RETURNING id`,
    [conv.district_id, sessionRaw, id.teacher],
  );
  await server.owner.query(
    `INSERT INTO reflection_answer (district_id, reflection_id, prompt_id, answer)
     SELECT $1, $2, p.id, $3 FROM reflection_prompt p WHERE p.district_id = $1 ORDER BY p.position LIMIT 1`,
    [conv.district_id, reflectionRaw, `I learned ${MARKER}`],
  );
});

afterAll(async () => {
  await server?.close();
});

const reads = () =>
  server.owner.query(
    `SELECT cr.*, r.email AS reader_email FROM confidential_read cr JOIN staff_member r ON r.id = cr.reader_id
      WHERE cr.record_id = ANY($1) ORDER BY cr.read_at, cr.field`,
    [[sessionRaw, reflectionRaw]],
  );

describe('read audit', () => {
  it("the author's own reads are not logged", async () => {
    const gid = toGlobalId('ConversationSession', sessionRaw);
    const asTeacher = ok(await server.gql(SESSION, { id: gid }, token.teacher));
    const mine = asTeacher.session.reflections.find((r: any) => r.mine);
    expect(mine.answers[0].answer).toContain(MARKER);
    // The coach logged the notes: reading them is the author reading.
    const asCoach = ok(await server.gql(SESSION, { id: gid }, token.coach));
    expect(asCoach.session.notes).toContain(MARKER);
    const rows = await reads();
    // The teacher read the coach's notes (an attendee inside the boundary): recorded. The coach read the teacher's
    // shared reflection: recorded. Neither's own text.
    expect(rows.map((r: any) => [r.reader_email, r.record_type, r.field]).sort()).toEqual(
      [
        ['coach@northfield.example', 'Reflection', 'answers'],
        ['teacher@northfield.example', 'ConversationSession', 'checkIn'],
        ['teacher@northfield.example', 'ConversationSession', 'notes'],
      ].sort(),
    );
    expect(rows.filter((r: any) => r.reader_id === r.author_id)).toEqual([]);
  });

  it('a teacher sees that their principal read their shared reflection; one INSERT per request', async () => {
    const gid = toGlobalId('ConversationSession', sessionRaw);
    const before = (await reads()).length;
    const asPrincipal = ok(await server.gql(SESSION, { id: gid }, token.principal));
    expect(asPrincipal.session.reflections[0].answers[0].answer).toContain(MARKER);
    expect(asPrincipal.session.notes).toContain(MARKER);
    // Not the principal's to see who read the teacher's reflection.
    expect(asPrincipal.session.reflections[0].readEvents).toEqual([]);
    const rows = await reads();
    const added = rows.slice(before);
    expect(added.map((r: any) => r.field).sort()).toEqual(['answers', 'checkIn', 'notes']);
    // Batched: every read of the request carries the same request id (written by one statement at its end).
    expect(new Set(added.map((r: any) => r.request_id)).size).toBe(1);

    const asTeacher = ok(await server.gql(SESSION, { id: gid }, token.teacher));
    const mine = asTeacher.session.reflections.find((r: any) => r.mine);
    expect(mine.readEvents).toEqual(
      expect.arrayContaining([{ readerName: PRINCIPAL, field: 'answers', recordType: 'Reflection' }]),
    );
    const list = ok(
      await server.gql(
        `{ myConfidentialReads(first: 20) { totalCount nodes { field recordType readerName } } }`,
        {},
        token.teacher,
      ),
    ).myConfidentialReads;
    expect(list.nodes).toEqual(
      expect.arrayContaining([{ field: 'answers', recordType: 'Reflection', readerName: PRINCIPAL }]),
    );
    // The coach, who logged the notes, sees the principal among their readers.
    const asCoach = ok(await server.gql(SESSION, { id: gid }, token.coach));
    expect(asCoach.session.readEvents).toEqual(expect.arrayContaining([{ field: 'notes', readerName: PRINCIPAL }]));
  });

  it('a district admin searches read events, and downloads them as CSV; no marker anywhere', async () => {
    const res = ok(
      await server.gql(
        `query($f: ConfidentialReadFilter) { confidentialReads(first: 50, filter: $f) { totalCount nodes { field recordId reader { email } author { email } } } }`,
        { f: { readerId: toGlobalId('StaffMember', id.principal), authorId: toGlobalId('StaffMember', id.teacher) } },
        token.admin,
      ),
    ).confidentialReads;
    expect(res.nodes).toEqual([
      {
        field: 'answers',
        recordId: toGlobalId('Reflection', reflectionRaw),
        reader: { email: 'principal@northfield.example' },
        author: { email: 'teacher@northfield.example' },
      },
    ]);
    const bad = await server.gql(`{ confidentialReads(filter: { recordId: "nope" }) { totalCount } }`, {}, token.admin);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(codeOf(await server.gql(`{ confidentialReads { totalCount } }`, {}, token.principal))).toBe('FORBIDDEN');

    const csv = ok(
      await server.gql(`{ auditLogCsv(input: { log: READS }) { filename csv rowCount truncated } }`, {}, token.admin),
    ).auditLogCsv;
    expect(csv.rowCount).toBeGreaterThanOrEqual(6);
    expect(csv.csv.split('\r\n')[0]).toBe('read_at,reader_id,author_id,record_type,record_id,field,request_id');
    const events = ok(
      await server.gql(`{ auditLogCsv(input: { log: EVENTS }) { csv rowCount } }`, {}, token.admin),
    ).auditLogCsv;
    expect(events.csv).toContain('auditLog.export');
    expect(codeOf(await server.gql(`{ auditLogCsv(input: { log: READS }) { csv } }`, {}, token.teacher))).toBe(
      'FORBIDDEN',
    );

    const everything = JSON.stringify(await server.owner.query(`SELECT * FROM confidential_read`));
    const audit = JSON.stringify(await server.owner.query(`SELECT * FROM audit_event`));
    for (const text of [everything, audit, csv.csv, events.csv, JSON.stringify(res)]) {
      expect(text).not.toContain(MARKER);
    }
  });

  it('reads of a request that rolls back are recorded all the same, its writes are not', async () => {
    // A request whose root field failed rolls back (db/transaction.ts); the text of a sibling root field may still
    // have reached the client, so its reads are replayed after the rollback, alone.
    const [{ district_id: districtId }] = await server.owner.query(
      `SELECT district_id FROM conversation_session WHERE id = $1`,
      [sessionRaw],
    );
    const claims = { districtId, staffMemberId: id.principal };
    const tx = new TenantTransaction(server.app, claims);
    const ctx = {
      requestId: 'rolled-back-request',
      tx,
      principal: { kind: 'staff', districtId, staffMemberId: id.principal },
    } as unknown as RequestContext;
    const m = await tx.manager();
    await m.query(
      `INSERT INTO audit_event (district_id, actor_kind, actor_id, action, entity_type, entity_id, fields, request_id)
       VALUES ($1, 'STAFF', $2, 'probe.write', 'District', $1, '{}', 'rolled-back-request')`,
      [districtId, id.principal],
    );
    noteConfidentialRead(ctx, 'ConversationSession', sessionRaw, ['notes', 'checkOut']);
    noteConfidentialRead(ctx, 'ConversationSession', sessionRaw, ['notes']);
    tx.fail();
    await tx.finish();
    const rows = await server.owner.query(
      `SELECT field FROM confidential_read WHERE request_id = 'rolled-back-request'`,
    );
    expect(rows.map((r: any) => r.field).sort()).toEqual(['checkOut', 'notes']);
    const writes = await server.owner.query(`SELECT 1 FROM audit_event WHERE request_id = 'rolled-back-request'`);
    expect(writes).toEqual([]);
  });

  it('the CSV neutralises spreadsheet formulas', async () => {
    const { csvCell } = await import('../../packages/api/src/modules/privacy/csv');
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell(null)).toBe('');
  });
});
