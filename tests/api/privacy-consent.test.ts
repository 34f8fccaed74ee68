import { randomBytes } from 'node:crypto';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { createLogger } from '../../packages/api/src/logger';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS } from '../../packages/api/src/jobs/queue';
import { PURGED, runRetention } from '../../packages/api/src/modules/privacy/retention.service';
import { WITHDRAWN } from '../../packages/api/src/modules/privacy/consent.service';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { unzip } from '../support/zip';

/**
 * Issue 16, the consent register of learning partnership conversations (seed 004): a learner's consent to a
 * recording (the guardian's where the district asks, the scope of use, when, who recorded it), learners kept
 * pseudonymous (labels; student ids only where the district allows them), withdrawal purging the recording reference
 * and the session's text derived from it, and the label, student id and recording reference held like every other
 * confidential text: inside the boundary only, each read audited, never in an error, an audit row, a log line, the
 * change feed or an export outside the boundary (planted markers).
 *
 * Southbrook's "Student learning partnerships" (Cedar Ridge): facilitated by Kofi Mensah (a teacher), with Laura
 * Svensson (a teacher) taking part; its boundary is the participants. Daniel Reyes leads the school; the district
 * admin is outside the boundary.
 */

const MARKER = `CONSENT-${randomBytes(4).toString('hex')}`;
const LABEL = `Learner ${MARKER}`;
const REFERENCE = `drive/recordings/${MARKER}.m4a`;
const NOTES = `notes ${MARKER}`;
const ANSWER = `answer ${MARKER}`;

let server: TestServer;
const token: Record<string, string> = {};
const staff: Record<string, string> = {};
let sb: string;
let session: string;
let otherSession: string;
let plcSession: string;
let consentId: string;
const logged: string[] = [];
const restore: (() => void)[] = [];

const RECORD = `mutation($input: LearnerConsentRecordInput!) { learnerConsentRecord(input: $input) {
  consent { id version scope consentedAt guardianRelationship learnerLabel studentId recordingReference withdrawn
    confidentialWithheld recordedBy { email } session { id } } } }`;
const WITHDRAW = `mutation($input: LearnerConsentWithdrawInput!) { learnerConsentWithdraw(input: $input) {
  consent { id version withdrawn withdrawnAt textsPurged recordingReference studentId withdrawnBy { email } } } }`;
const SETTINGS = `mutation($input: ConsentSettingsUpdateInput!) { consentSettingsUpdate(input: $input) {
  consentSettings { guardianRequired studentIdsAllowed version } } }`;
const REGISTER = `query($f: LearnerConsentFilter) { learnerConsents(first: 50, filter: $f) { totalCount nodes {
  id learnerLabel studentId recordingReference confidentialWithheld guardianRelationship withdrawn withdrawnAt scope
  session { id } } } }`;

function gid(type: string, id: string): string {
  return toGlobalId(type, id);
}

async function count(table: string): Promise<number> {
  const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM ${table} WHERE district_id = $1`, [sb]);
  return n;
}

function record(who: string, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return server.gql(RECORD, { input: { sessionId: gid('ConversationSession', session), ...input } }, token[who]);
}

const valid = () => ({
  learnerLabel: LABEL,
  guardianRelationship: 'Parent',
  consentedAt: new Date(Date.now() - 3_600_000).toISOString(),
  recordingReference: REFERENCE,
});

async function exportAs(who: string): Promise<Map<string, Buffer>> {
  const started = ok(await server.gql(`mutation { districtExportStart(input: {}) { export { id } } }`, {}, token[who]))
    .districtExportStart.export;
  const end = Date.now() + 60_000;
  for (;;) {
    const done = ok(
      await server.gql(`{ districtExports { id status downloadUrl } }`, {}, token[who]),
    ).districtExports.find((e: any) => e.id === started.id && e.status === 'COMPLETED');
    if (done) {
      const res = await fetch(`${server.url}${done.downloadUrl}`);
      expect(res.status).toBe(200);
      return unzip(Buffer.from(await res.arrayBuffer()));
    }
    if (Date.now() > end) throw new Error('the export did not complete');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  // Capture what the API logs, at its most talkative, to prove the register's text never reaches it.
  process.env.TEST_LOG_LEVEL = 'debug';
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (original as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original as typeof stream.write));
  }
  server = await startTestServer({ demoDomain: true });
  for (const [who, email] of [
    ['kofi', 'kmensah@southbrook.example'],
    ['laura', 'lsvensson@southbrook.example'],
    ['principal', 'dreyes@southbrook.example'],
    ['otherPrincipal', 'fali@southbrook.example'],
    ['admin', 'admin@southbrook.example'],
    ['nfAdmin', 'admin@northfield.example'],
  ]) {
    token[who] = (await server.signIn(email)).accessToken;
    [{ id: staff[who] }] = await server.owner.query(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  }
  [{ id: sb }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'southbrook'`);
  // Two held sessions of the learning partnership conversation, and a session of another kind of conversation.
  const sessions: { id: string }[] = await server.owner.query(
    `SELECT s.id FROM conversation_session s
       JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
      WHERE s.district_id = $1 AND c.type = 'LEARNING_PARTNERSHIP' AND s.status = 'HELD'
      ORDER BY s.held_at DESC LIMIT 2`,
    [sb],
  );
  expect(sessions).toHaveLength(2);
  [session, otherSession] = sessions.map((s) => s.id);
  [{ id: plcSession }] = await server.owner
    .query(
      `SELECT s.id FROM conversation_session s
       JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
      WHERE s.district_id = $1 AND c.type <> 'LEARNING_PARTNERSHIP' AND c.protocol <> 'LEARNING_PARTNERSHIP'
        AND c.facilitator_id = $2 LIMIT 1`,
      [sb, staff.kofi],
    )
    .then((rows: { id: string }[]) =>
      rows.length
        ? rows
        : server.owner.query(
            `SELECT s.id FROM conversation_session s
             JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
            WHERE s.district_id = $1 AND c.type <> 'LEARNING_PARTNERSHIP' AND c.protocol <> 'LEARNING_PARTNERSHIP'
            LIMIT 1`,
            [sb],
          ),
    );
  // What was said in the session: notes, a check-in line and a reflection answer, each with the marker.
  await server.owner.query(
    `UPDATE conversation_session SET notes = $2, check_in = $2, check_out = NULL, recording_consent = true WHERE id = $1`,
    [session, NOTES],
  );
  const [reflection] = await server.owner.query(
    `INSERT INTO reflection (district_id, session_id, author_id, shared) VALUES ($1, $2, $3, true) RETURNING id`,
    [sb, session, staff.kofi],
  );
  const [prompt] = await server.owner.query(`SELECT id FROM reflection_prompt WHERE district_id = $1 LIMIT 1`, [sb]);
  await server.owner.query(
    `INSERT INTO reflection_answer (district_id, reflection_id, prompt_id, answer) VALUES ($1, $2, $3, $4)`,
    [sb, reflection.id, prompt.id, ANSWER],
  );
});

afterAll(async () => {
  await server?.close();
  for (const r of restore) r();
  delete process.env.TEST_LOG_LEVEL;
});

describe('recording a consent', () => {
  it('refuses bad input naming every field, echoing none of it, and writes nothing', async () => {
    const res = await record('kofi', {
      learnerLabel: `${MARKER}@school.example`,
      studentId: `S-${MARKER}`,
      consentedAt: new Date(Date.now() + 86_400_000).toISOString(),
      recordingReference: `${MARKER}${'x'.repeat(500)}`,
    });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.fields!.map((f) => f.field).sort()).toEqual([
      'consentedAt',
      'guardianRelationship',
      'learnerLabel',
      'recordingReference',
      'studentId',
    ]);
    expect(JSON.stringify(res)).not.toContain(MARKER);
    // A label that reads as a student number, and a session of a conversation that is no learning partnership.
    const number = await record('kofi', { ...valid(), learnerLabel: '2031 4477' });
    expect(number.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['learnerLabel']);
    const plc = await server.gql(
      RECORD,
      { input: { ...valid(), sessionId: gid('ConversationSession', plcSession) } },
      token.admin,
    );
    expect(codeOf(plc)).toBe('BAD_USER_INPUT');
    expect(plc.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['sessionId']);
    expect(await count('learner_consent')).toBe(0);
  });

  it('is NOT_FOUND from another district or school, and FORBIDDEN to a participant who does not run it', async () => {
    expect(codeOf(await record('nfAdmin', valid()))).toBe('NOT_FOUND');
    expect(codeOf(await record('otherPrincipal', valid()))).toBe('NOT_FOUND');
    expect(codeOf(await record('laura', valid()))).toBe('FORBIDDEN');
    expect(await count('learner_consent')).toBe(0);
  });

  it('the facilitator records it: the scope of use, the guardian, who recorded it; the same learner twice is refused', async () => {
    const consent = ok(await record('kofi', valid())).learnerConsentRecord.consent;
    expect(consent).toMatchObject({
      scope: 'REMEMBER_AND_REFLECT',
      guardianRelationship: 'Parent',
      learnerLabel: LABEL,
      studentId: null,
      recordingReference: REFERENCE,
      withdrawn: false,
      confidentialWithheld: false,
      recordedBy: { email: 'kmensah@southbrook.example' },
      session: { id: gid('ConversationSession', session) },
    });
    consentId = consent.id;
    const again = await record('kofi', { ...valid(), learnerLabel: LABEL.toUpperCase() });
    expect(again.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['learnerLabel']);
    expect(JSON.stringify(again)).not.toContain(MARKER);
    // A leader of the school may record one too (for the other session).
    ok(
      await server.gql(
        RECORD,
        { input: { ...valid(), learnerLabel: 'R.', sessionId: gid('ConversationSession', otherSession) } },
        token.principal,
      ),
    );
    expect(await count('learner_consent')).toBe(2);
  });
});

describe('the district’s consent settings', () => {
  it('student ids only once the district allows them; turning them off clears them; teachers may not change it', async () => {
    expect(codeOf(await server.gql(SETTINGS, { input: { version: 0, studentIdsAllowed: true } }, token.kofi))).toBe(
      'FORBIDDEN',
    );
    expect(
      ok(await server.gql(`{ consentSettings { guardianRequired studentIdsAllowed version } }`, {}, token.kofi))
        .consentSettings,
    ).toEqual({ guardianRequired: true, studentIdsAllowed: false, version: 0 });
    const on = ok(
      await server.gql(
        SETTINGS,
        { input: { version: 0, studentIdsAllowed: true, guardianRequired: false } },
        token.admin,
      ),
    ).consentSettingsUpdate.consentSettings;
    expect(on).toEqual({ guardianRequired: false, studentIdsAllowed: true, version: 1 });
    expect(codeOf(await server.gql(SETTINGS, { input: { version: 0, guardianRequired: true } }, token.admin))).toBe(
      'CONFLICT',
    );
    const withId = ok(
      await server.gql(
        RECORD,
        {
          input: {
            sessionId: gid('ConversationSession', otherSession),
            learnerLabel: 'M.',
            studentId: `S-${MARKER}`,
            consentedAt: new Date().toISOString(),
          },
        },
        token.kofi,
      ),
    ).learnerConsentRecord.consent;
    expect(withId).toMatchObject({ studentId: `S-${MARKER}`, guardianRelationship: null });
    ok(await server.gql(SETTINGS, { input: { version: 1, studentIdsAllowed: false } }, token.admin));
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM learner_consent WHERE district_id = $1 AND student_id IS NOT NULL`,
      [sb],
    );
    expect(n).toBe(0);
    // Back to the defaults for what follows.
    ok(await server.gql(SETTINGS, { input: { version: 2, guardianRequired: true } }, token.admin));
    const without = await record('kofi', { learnerLabel: 'N.', consentedAt: new Date().toISOString() });
    expect(without.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(['guardianRelationship']);
  });
});

describe('who reads the register', () => {
  it('outside the boundary the register shows the consent but withholds the label and the recording reference', async () => {
    for (const who of ['admin', 'principal']) {
      const res = ok(
        await server.gql(REGISTER, { f: { sessionId: gid('ConversationSession', session) } }, token[who]),
      ).learnerConsents;
      const mine = res.nodes.find((n: any) => n.id === consentId);
      expect(mine).toMatchObject({
        learnerLabel: null,
        recordingReference: null,
        confidentialWithheld: true,
        guardianRelationship: 'Parent',
        withdrawn: false,
      });
      expect(JSON.stringify(res)).not.toContain(MARKER);
    }
    // The session page of someone who may not read the session at all shows nothing.
    expect(
      ok(await server.gql(REGISTER, { f: { sessionId: gid('ConversationSession', session) } }, token.otherPrincipal))
        .learnerConsents.totalCount,
    ).toBe(0);
  });

  it('a participant reads it on the session; the read is audited (never the text) and the recorder sees who read it', async () => {
    const res = ok(
      await server.gql(
        `query($id: ID!) { session(id: $id) { learnerConsents { id learnerLabel recordingReference confidentialWithheld } } }`,
        { id: gid('ConversationSession', session) },
        token.laura,
      ),
    ).session.learnerConsents;
    expect(res.find((c: any) => c.id === consentId)).toMatchObject({
      learnerLabel: LABEL,
      recordingReference: REFERENCE,
      confidentialWithheld: false,
    });
    const reads = await server.owner.query(
      `SELECT field, author_id FROM confidential_read WHERE district_id = $1 AND reader_id = $2 AND record_id = $3 ORDER BY field`,
      [sb, staff.laura, session],
    );
    expect(reads).toEqual([
      { field: 'learnerLabel', author_id: staff.kofi },
      { field: 'recordingReference', author_id: staff.kofi },
    ]);
    const mine = ok(
      await server.gql(
        `{ myConfidentialReads(first: 20) { nodes { readerName field recordType recordId } } }`,
        {},
        token.kofi,
      ),
    ).myConfidentialReads.nodes;
    expect(mine).toEqual(
      expect.arrayContaining([
        {
          readerName: 'Laura Svensson',
          field: 'learnerLabel',
          recordType: 'ConversationSession',
          recordId: gid('ConversationSession', session),
        },
      ]),
    );
    // The recorder's own reads are not audited.
    ok(await server.gql(REGISTER, { f: { sessionId: gid('ConversationSession', session) } }, token.kofi));
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM confidential_read WHERE district_id = $1 AND reader_id = $2`,
      [sb, staff.kofi],
    );
    expect(n).toBe(0);
  });

  it('an export by the district admin withholds the label, student id and reference; inside the boundary it holds them', async () => {
    await server.startWorker();
    try {
      const outside = await exportAs('admin');
      const everything = [...outside.values()].map((b) => b.toString('utf8')).join('\n');
      expect(everything).not.toContain(MARKER);
      const rows = outside
        .get('tables/learner_consent.jsonl')!
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(rows.find((r) => r.learner_label === LABEL)).toBeUndefined();
      const row = rows.find((r) => r.session_id === session && r.guardian_relationship === 'Parent');
      expect(row).toMatchObject({ learner_label: '[withheld]', recording_reference: '[withheld]' });
      expect(outside.get('codebook.md')!.toString('utf8')).toContain('## learner_consent');
      // Once the boundary is the district, the admin's export holds them (and records the reads).
      await server.owner.query(
        `UPDATE learning_conversation SET confidentiality = 'DISTRICT'
          WHERE id = (SELECT conversation_id FROM conversation_session WHERE id = $1)`,
        [session],
      );
      const inside = await exportAs('admin');
      const insideRows = inside
        .get('tables/learner_consent.jsonl')!
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(insideRows.find((r) => r.learner_label === LABEL)).toMatchObject({ recording_reference: REFERENCE });
      const [{ n }] = await server.owner.query(
        `SELECT count(*)::int AS n FROM confidential_read
          WHERE district_id = $1 AND reader_id = $2 AND record_id = $3 AND field = 'learnerLabel'`,
        [sb, staff.admin, session],
      );
      expect(n).toBeGreaterThanOrEqual(1);
    } finally {
      await server.owner.query(
        `UPDATE learning_conversation SET confidentiality = 'PARTICIPANTS'
          WHERE id = (SELECT conversation_id FROM conversation_session WHERE id = $1)`,
        [session],
      );
      await server.stopWorker();
    }
  });
});

describe('withdrawing a consent', () => {
  it('is FORBIDDEN to a participant who does not run it, and a stale version is a CONFLICT', async () => {
    expect(codeOf(await server.gql(WITHDRAW, { input: { id: consentId, version: 1 } }, token.laura))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(WITHDRAW, { input: { id: consentId, version: 7 } }, token.kofi))).toBe('CONFLICT');
    const [{ notes }] = await server.owner.query(`SELECT notes FROM conversation_session WHERE id = $1`, [session]);
    expect(notes).toBe(NOTES);
  });

  it('purges the recording reference and the text derived from the conversation, keeps the register and the counts', async () => {
    const [{ answers: answerCount }] = await server.owner.query(
      `SELECT count(*)::int AS answers FROM reflection_answer a
         JOIN reflection r ON r.district_id = a.district_id AND r.id = a.reflection_id WHERE r.session_id = $1`,
      [session],
    );
    const before = await Promise.all(
      ['conversation_session', 'reflection', 'reflection_answer', 'session_attendance', 'quality_rating'].map(count),
    );
    const res = ok(await server.gql(WITHDRAW, { input: { id: consentId, version: 1 } }, token.kofi))
      .learnerConsentWithdraw.consent;
    expect(res).toMatchObject({
      withdrawn: true,
      recordingReference: null,
      studentId: null,
      // Notes and check-in, and every reflection answer on the session.
      textsPurged: 2 + answerCount,
      withdrawnBy: { email: 'kmensah@southbrook.example' },
    });
    expect(res.withdrawnAt).toBeTruthy();
    const [s] = await server.owner.query(
      `SELECT notes, check_in, check_out, recording_consent FROM conversation_session WHERE id = $1`,
      [session],
    );
    expect(s).toEqual({ notes: WITHDRAWN, check_in: WITHDRAWN, check_out: null, recording_consent: false });
    const answers = await server.owner.query(
      `SELECT a.answer FROM reflection_answer a JOIN reflection r ON r.district_id = a.district_id AND r.id = a.reflection_id
        WHERE r.session_id = $1`,
      [session],
    );
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a.answer).toBe(WITHDRAWN);
    expect(
      await Promise.all(
        ['conversation_session', 'reflection', 'reflection_answer', 'session_attendance', 'quality_rating'].map(count),
      ),
    ).toEqual(before);
    // Still in the register (who agreed, when, withdrawn when), for the admin too.
    const register = ok(await server.gql(REGISTER, { f: { withdrawn: true } }, token.admin)).learnerConsents;
    expect(register.nodes.map((n: any) => n.id)).toContain(consentId);
    // The label stays with whoever may read it; the reference is gone for everyone.
    const laura = ok(
      await server.gql(
        `query($id: ID!) { session(id: $id) { notes learnerConsents { id learnerLabel recordingReference withdrawn } } }`,
        { id: gid('ConversationSession', session) },
        token.laura,
      ),
    ).session;
    expect(laura.notes).toBe(WITHDRAWN);
    expect(laura.learnerConsents.find((c: any) => c.id === consentId)).toMatchObject({
      learnerLabel: LABEL,
      recordingReference: null,
      withdrawn: true,
    });
    const twice = await server.gql(WITHDRAW, { input: { id: consentId, version: 2 } }, token.kofi);
    expect(codeOf(twice)).toBe('BAD_USER_INPUT');
  });

  it('leaves the marker in no audit row, change feed entry, outbox event or log line', async () => {
    const rows = await server.owner.query(
      `SELECT (SELECT coalesce(json_agg(e), '[]')::text FROM audit_event e WHERE e.district_id = $1) AS audit,
              (SELECT coalesce(json_agg(c), '[]')::text FROM change_log c WHERE c.district_id = $1) AS changes,
              (SELECT coalesce(json_agg(o), '[]')::text FROM outbox_event o WHERE o.district_id = $1) AS outbox,
              (SELECT coalesce(json_agg(r), '[]')::text FROM confidential_read r WHERE r.district_id = $1) AS reads`,
      [sb],
    );
    const { audit, changes, outbox, reads } = rows[0];
    expect(audit).toContain('learnerConsent.withdraw');
    expect(audit).toContain('learnerConsent.record');
    for (const text of [audit, changes, outbox, reads]) expect(text).not.toContain(MARKER);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((line) => line.includes(MARKER))).toEqual([]);
  });
});

describe('retention', () => {
  it("purges the label, student id and reference of consents past the district's limit, and counts them", async () => {
    await server.owner.query(
      `UPDATE conversation_session SET held_at = now() - interval '3 years', scheduled_at = now() - interval '3 years'
        WHERE id = $1`,
      [otherSession],
    );
    ok(
      await server.gql(
        `mutation { retentionSettingsUpdate(input: { version: 0, confidentialTextYears: 2 }) { retentionSettings { version } } }`,
        {},
        token.admin,
      ),
    );
    await runRetention(undefined, {
      deps: {
        dataSource: server.app,
        logger: createLogger('silent'),
        webhooks: DEFAULT_WEBHOOK_SETTINGS,
        mail: DEFAULT_MAIL_SETTINGS,
      },
      abortSignal: new AbortController().signal,
      attempts: 1,
    });
    const consents = await server.owner.query(
      `SELECT session_id, learner_label, recording_reference FROM learner_consent WHERE district_id = $1`,
      [sb],
    );
    for (const c of consents) {
      if (c.session_id === otherSession) expect(c).toMatchObject({ learner_label: PURGED, recording_reference: null });
      else expect(c.learner_label).not.toBe(PURGED);
    }
    const runs = ok(await server.gql(`{ retentionRuns { consentsPurged } }`, {}, token.admin)).retentionRuns;
    expect(runs[0].consentsPurged).toBe(consents.filter((c: any) => c.session_id === otherSession).length);
  });
});
