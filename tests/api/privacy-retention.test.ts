import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { createLogger } from '../../packages/api/src/logger';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS } from '../../packages/api/src/jobs/queue';
import { PURGED, runRetention } from '../../packages/api/src/modules/privacy/retention.service';

/**
 * Issue 16, retention: a district's limits (1-50 years; 0 or 1000 refused naming the field), applied by the daily
 * job, which purges exactly the confidential text of sessions past the limit (backdated rows on either side of it),
 * pseudonymises people deactivated long enough ago, keeps every count and rating, and records what it did.
 */

let server: TestServer;
const token: Record<string, string> = {};
let nf: string;
const OLD = 'RETENTION-OLD-4d1a';
const NEW = 'RETENTION-NEW-8e2b';
let oldSession: string;
let newSession: string;
let gone: string;
let kept: string;

const UPDATE = `mutation($input: RetentionSettingsUpdateInput!) { retentionSettingsUpdate(input: $input) {
  retentionSettings { confidentialTextYears deactivatedStaffYears version } } }`;

function run(): Promise<void> {
  return runRetention(undefined, {
    deps: {
      dataSource: server.app,
      logger: createLogger('silent'),
      webhooks: DEFAULT_WEBHOOK_SETTINGS,
      mail: DEFAULT_MAIL_SETTINGS,
    },
    abortSignal: new AbortController().signal,
    attempts: 1,
  });
}

/** What the funnel and dashboards count: none of it may change with a purge. */
async function aggregates(): Promise<Record<string, unknown>> {
  const [row] = await server.owner.query(
    `SELECT (SELECT count(*)::int FROM conversation_session WHERE district_id = $1) AS sessions,
            (SELECT count(*)::int FROM conversation_session WHERE district_id = $1 AND status = 'HELD') AS held,
            (SELECT count(*)::int FROM conversation_session WHERE district_id = $1 AND notes IS NOT NULL) AS with_notes,
            (SELECT count(*)::int FROM session_attendance WHERE district_id = $1) AS attendance,
            (SELECT count(*)::int FROM quality_rating WHERE district_id = $1) AS ratings,
            (SELECT round(avg(score), 6)::text FROM quality_rating WHERE district_id = $1) AS mean_score,
            (SELECT count(*)::int FROM reflection WHERE district_id = $1) AS reflections,
            (SELECT count(*)::int FROM reflection_answer WHERE district_id = $1) AS answers,
            (SELECT count(*)::int FROM action_item WHERE district_id = $1) AS actions,
            (SELECT count(*)::int FROM action_item WHERE district_id = $1 AND practice_change_evidence IS NOT NULL) AS changed,
            (SELECT count(*)::int FROM staff_member WHERE district_id = $1) AS staff`,
    [nf],
  );
  return row;
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  token.admin = (await server.signIn('admin@northfield.example')).accessToken;
  token.teacher = (await server.signIn('teacher@northfield.example')).accessToken;
  [{ id: nf }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
  // Two held sessions with reflections: one backdated just past two years, one just inside.
  const sessions: { id: string }[] = await server.owner.query(
    `SELECT s.id FROM conversation_session s
      WHERE s.district_id = $1 AND s.status = 'HELD'
        AND EXISTS (SELECT 1 FROM reflection r JOIN reflection_answer a ON a.district_id = r.district_id AND a.reflection_id = r.id
                     WHERE r.district_id = s.district_id AND r.session_id = s.id)
      ORDER BY s.id LIMIT 2`,
    [nf],
  );
  expect(sessions).toHaveLength(2);
  [oldSession, newSession] = sessions.map((s) => s.id);
  await server.owner.query(
    `UPDATE conversation_session SET held_at = now() - interval '2 years 1 day', scheduled_at = now() - interval '2 years 1 day',
            notes = $2, check_out = $2 WHERE id = $1`,
    [oldSession, `notes ${OLD}`],
  );
  await server.owner.query(
    `UPDATE conversation_session SET held_at = now() - interval '2 years' + interval '1 day',
            scheduled_at = now() - interval '2 years' + interval '1 day', notes = $2 WHERE id = $1`,
    [newSession, `notes ${NEW}`],
  );
  await server.owner.query(
    `UPDATE reflection_answer a SET answer = $2 FROM reflection r
      WHERE r.district_id = a.district_id AND r.id = a.reflection_id AND r.session_id = $1`,
    [oldSession, `answer ${OLD}`],
  );
  await server.owner.query(
    `UPDATE reflection_answer a SET answer = $2 FROM reflection r
      WHERE r.district_id = a.district_id AND r.id = a.reflection_id AND r.session_id = $1`,
    [newSession, `answer ${NEW}`],
  );
  // Two people deactivated: one three years and a day ago, one a year ago.
  const people: { id: string }[] = await server.owner.query(
    `SELECT p.id FROM staff_member p WHERE p.district_id = $1 AND p.email NOT IN ('admin@northfield.example', 'teacher@northfield.example')
      ORDER BY p.id LIMIT 2`,
    [nf],
  );
  [gone, kept] = people.map((p) => p.id);
  await server.owner.query(
    `UPDATE staff_member SET active = false, deactivated_at = now() - interval '3 years 1 day' WHERE id = $1`,
    [gone],
  );
  await server.owner.query(
    `UPDATE staff_member SET active = false, deactivated_at = now() - interval '1 year' WHERE id = $1`,
    [kept],
  );
});
afterAll(() => server?.close());

describe('retention settings', () => {
  it.each([
    [{ confidentialTextYears: 0 }, ['confidentialTextYears']],
    [{ deactivatedStaffYears: 1000 }, ['deactivatedStaffYears']],
    [{ confidentialTextYears: 1000, deactivatedStaffYears: 0 }, ['confidentialTextYears', 'deactivatedStaffYears']],
  ])('refuses %j naming the field, and writes nothing', async (values, fields) => {
    const res = await server.gql(UPDATE, { input: { version: 0, ...values } }, token.admin);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions!.fields!.map((f) => f.field)).toEqual(fields);
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM retention_setting`);
    expect(n).toBe(0);
  });

  it('is FORBIDDEN to a teacher; an admin sets it; a stale version is a CONFLICT', async () => {
    expect(codeOf(await server.gql(UPDATE, { input: { version: 0, confidentialTextYears: 2 } }, token.teacher))).toBe(
      'FORBIDDEN',
    );
    const set = ok(
      await server.gql(
        UPDATE,
        { input: { version: 0, confidentialTextYears: 2, deactivatedStaffYears: 3 } },
        token.admin,
      ),
    ).retentionSettingsUpdate.retentionSettings;
    expect(set).toEqual({ confidentialTextYears: 2, deactivatedStaffYears: 3, version: 1 });
    expect(codeOf(await server.gql(UPDATE, { input: { version: 0, confidentialTextYears: 5 } }, token.admin))).toBe(
      'CONFLICT',
    );
    const read = ok(
      await server.gql(
        `{ retentionSettings { confidentialTextYears deactivatedStaffYears version } }`,
        {},
        token.admin,
      ),
    );
    expect(read.retentionSettings).toEqual(set);
  });
});

describe('a retention run', () => {
  let before: Record<string, unknown>;

  beforeAll(async () => {
    before = await aggregates();
    await run();
  });

  it('purges exactly the confidential text past the limit', async () => {
    const [oldRow] = await server.owner.query(`SELECT notes, check_out FROM conversation_session WHERE id = $1`, [
      oldSession,
    ]);
    expect(oldRow).toEqual({ notes: PURGED, check_out: PURGED });
    const [newRow] = await server.owner.query(`SELECT notes FROM conversation_session WHERE id = $1`, [newSession]);
    expect(newRow.notes).toBe(`notes ${NEW}`);
    const answers = await server.owner.query(
      `SELECT r.session_id, a.answer FROM reflection_answer a JOIN reflection r ON r.district_id = a.district_id AND r.id = a.reflection_id
        WHERE r.session_id = ANY($1::uuid[])`,
      [[oldSession, newSession]],
    );
    for (const a of answers) expect(a.answer).toBe(a.session_id === oldSession ? PURGED : `answer ${NEW}`);
    const [{ left }] = await server.owner.query(
      `SELECT count(*)::int AS left FROM (
         SELECT notes AS t FROM conversation_session WHERE district_id = $1 UNION ALL
         SELECT check_out FROM conversation_session WHERE district_id = $1 UNION ALL
         SELECT answer FROM reflection_answer WHERE district_id = $1) x WHERE t LIKE '%' || $2 || '%'`,
      [nf, OLD],
    );
    expect(left).toBe(0);
  });

  it('pseudonymises only the person deactivated long enough ago, and removes their password', async () => {
    const [g] = await server.owner.query(
      `SELECT given_name, family_name, email, roster_id FROM staff_member WHERE id = $1`,
      [gone],
    );
    expect(g).toEqual({
      given_name: 'Former',
      family_name: 'staff member',
      email: `former-${gone}@pseudonymised.invalid`,
      roster_id: null,
    });
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM credential WHERE staff_member_id = $1`, [
      gone,
    ]);
    expect(n).toBe(0);
    const [k] = await server.owner.query(`SELECT given_name, email FROM staff_member WHERE id = $1`, [kept]);
    expect(k.email).not.toMatch(/pseudonymised/);
  });

  it('keeps the aggregate history: counts and ratings read the same', async () => {
    expect(await aggregates()).toEqual(before);
  });

  it('records what it did, and a second run finds nothing more to do', async () => {
    const runs = ok(
      await server.gql(
        `{ retentionRuns { sessionsPurged reflectionAnswersPurged actionTextsPurged staffPseudonymised confidentialTextYears } }`,
        {},
        token.admin,
      ),
    ).retentionRuns;
    expect(runs).toHaveLength(1);
    const [{ answers }] = await server.owner.query(
      `SELECT count(*)::int AS answers FROM reflection_answer a JOIN reflection r ON r.district_id = a.district_id AND r.id = a.reflection_id
        WHERE r.session_id = $1`,
      [oldSession],
    );
    expect(runs[0]).toMatchObject({
      sessionsPurged: 1,
      reflectionAnswersPurged: answers,
      staffPseudonymised: 1,
      confidentialTextYears: 2,
    });
    await run();
    const again = ok(
      await server.gql(
        `{ retentionRuns { sessionsPurged reflectionAnswersPurged actionTextsPurged staffPseudonymised } }`,
        {},
        token.admin,
      ),
    ).retentionRuns;
    expect(again).toHaveLength(2);
    expect(again[0]).toEqual({
      sessionsPurged: 0,
      reflectionAnswersPurged: 0,
      actionTextsPurged: 0,
      staffPseudonymised: 0,
    });
    // A district without settings is left alone, and records nothing.
    const [{ runsElsewhere }] = await server.owner.query(
      `SELECT count(*)::int AS "runsElsewhere" FROM retention_run WHERE district_id <> $1`,
      [nf],
    );
    expect(runsElsewhere).toBe(0);
  });
});
