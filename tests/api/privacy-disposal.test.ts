import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { createLogger } from '../../packages/api/src/logger';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS } from '../../packages/api/src/jobs/queue';
import { disposeDue } from '../../packages/api/src/modules/privacy/disposal.service';
import { runExport } from '../../packages/api/src/modules/privacy/export.service';
import { fromGlobalId } from '../../packages/api/src/graphql/global-id';

/**
 * Issue 16, district disposal: an admin's confirmed request, the operator's schedule (grace period, cancellable), the
 * cron task that carries it out, and its certificate. The proof is the catalog itself: after disposal, no table with
 * a district_id column holds a row of the district; the other district is untouched.
 */

let server: TestServer;
const token: Record<string, string> = {};
let sb: string;
let nf: string;

const DISPOSAL = `id status districtSlug dueAt graceDays cancelledAt disposedAt lastError`;
const REQUEST = `mutation($input: DistrictDisposalRequestInput!) { districtDisposalRequest(input: $input) { disposal { ${DISPOSAL} } } }`;
const SCHEDULE = `mutation($input: DistrictDisposalScheduleInput!) { districtDisposalSchedule(input: $input) { disposal { ${DISPOSAL} } } }`;
const CANCEL = `mutation($input: DistrictDisposalCancelInput!) { districtDisposalCancel(input: $input) { disposal { ${DISPOSAL} } } }`;

function deps() {
  return {
    dataSource: server.app,
    logger: createLogger('silent'),
    webhooks: DEFAULT_WEBHOOK_SETTINGS,
    mail: DEFAULT_MAIL_SETTINGS,
  };
}

function runDue(): Promise<void> {
  return disposeDue(undefined, { deps: deps(), abortSignal: new AbortController().signal, attempts: 1 });
}

/** Rows per table with a district_id column, for one district (as the owner: every table of the catalog). */
async function rowsOf(districtId: string): Promise<Record<string, number>> {
  const tables: { table: string }[] = await server.owner.query(
    `SELECT c.relname AS table FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  const out: Record<string, number> = {};
  for (const { table } of tables) {
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM "${table}" WHERE district_id = $1`, [
      districtId,
    ]);
    out[table] = n;
  }
  return out;
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  for (const [who, email] of [
    ['sbAdmin', 'admin@southbrook.example'],
    ['nfAdmin', 'admin@northfield.example'],
    ['sbTeacher', ''],
    ['operator', 'operator@throughline.example'],
  ]) {
    if (email) token[who] = (await server.signIn(email)).accessToken;
  }
  const [d] = await server.owner.query(
    `SELECT (SELECT id FROM district WHERE slug = 'southbrook') AS sb, (SELECT id FROM district WHERE slug = 'northfield') AS nf`,
  );
  ({ sb, nf } = d);
  const [teacher] = await server.owner.query(
    `SELECT p.email FROM staff_member p JOIN role_assignment ra ON ra.district_id = p.district_id AND ra.staff_member_id = p.id
      WHERE p.district_id = $1 AND ra.role = 'TEACHER' AND NOT EXISTS (
        SELECT 1 FROM role_assignment x WHERE x.district_id = p.district_id AND x.staff_member_id = p.id AND x.role = 'DISTRICT_ADMIN')
      LIMIT 1`,
    [sb],
  );
  token.sbTeacher = (await server.signIn(teacher.email)).accessToken;
});
afterAll(() => server?.close());

describe('asking for disposal', () => {
  it('needs the slug typed exactly, and a district admin', async () => {
    const wrong = await server.gql(REQUEST, { input: { confirmSlug: 'southbrok' } }, token.sbAdmin);
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0].extensions!.fields).toEqual([{ field: 'confirmSlug', message: expect.any(String) }]);
    expect(codeOf(await server.gql(REQUEST, { input: { confirmSlug: 'southbrook' } }, token.sbTeacher))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await server.gql(REQUEST, { input: { confirmSlug: 'southbrook' } }, token.operator))).toBe(
      'FORBIDDEN',
    );
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM district_disposal`);
    expect(n).toBe(0);
  });
});

describe('scheduling and cancelling', () => {
  let requestId: string;

  it('an admin asks; a second open request is a CONFLICT', async () => {
    const res = ok(await server.gql(REQUEST, { input: { confirmSlug: 'southbrook' } }, token.sbAdmin));
    expect(res.districtDisposalRequest.disposal).toMatchObject({ status: 'REQUESTED', districtSlug: 'southbrook' });
    requestId = res.districtDisposalRequest.disposal.id;
    expect(codeOf(await server.gql(REQUEST, { input: { confirmSlug: 'southbrook' } }, token.sbAdmin))).toBe('CONFLICT');
  });

  it('only the operator schedules it (a district admin cannot), with a grace period of 0-365 days', async () => {
    expect(codeOf(await server.gql(SCHEDULE, { input: { id: requestId } }, token.sbAdmin))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(SCHEDULE, { input: { id: requestId } }, token.nfAdmin))).toBe('FORBIDDEN');
    const bad = await server.gql(SCHEDULE, { input: { id: requestId, graceDays: 1000 } }, token.operator);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions!.fields).toEqual([{ field: 'graceDays', message: expect.any(String) }]);
    const scheduled = ok(await server.gql(SCHEDULE, { input: { id: requestId } }, token.operator))
      .districtDisposalSchedule.disposal;
    expect(scheduled.status).toBe('SCHEDULED');
    expect(scheduled.graceDays).toBe(30);
    const days = (new Date(scheduled.dueAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it('cancelled within the grace period, nothing is disposed of', async () => {
    const cancelled = ok(await server.gql(CANCEL, { input: { id: requestId } }, token.operator)).districtDisposalCancel
      .disposal;
    expect(cancelled.status).toBe('CANCELLED');
    // Even were it due now, a cancelled disposal is never carried out.
    await server.owner.query(`UPDATE district_disposal SET due_at = now() - interval '1 day' WHERE id = $1`, [
      fromGlobalId(requestId)!.id,
    ]);
    await runDue();
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM district WHERE id = $1`, [sb]);
    expect(n).toBe(1);
    expect(codeOf(await server.gql(CANCEL, { input: { id: requestId } }, token.operator))).toBe('CONFLICT');
    const [{ certificates }] = await server.owner.query(
      `SELECT count(*)::int AS certificates FROM disposal_certificate`,
    );
    expect(certificates).toBe(0);
  });
});

describe('carrying it out', () => {
  let disposalId: string;
  let before: Record<string, number>;
  let northfieldBefore: Record<string, number>;

  it('waits for an export of the district that is running', async () => {
    const requested = ok(await server.gql(REQUEST, { input: { confirmSlug: 'southbrook' } }, token.sbAdmin))
      .districtDisposalRequest.disposal;
    disposalId = requested.id;
    // An export runs (the worker is off, so it stays RUNNING): scheduling is refused.
    const started = ok(
      await server.gql(`mutation { districtExportStart(input: {}) { export { id } } }`, {}, token.sbAdmin),
    ).districtExportStart.export;
    expect(codeOf(await server.gql(SCHEDULE, { input: { id: disposalId, graceDays: 0 } }, token.operator))).toBe(
      'CONFLICT',
    );
    // Once the export completes, the operator schedules it (due at once), and the due run carries it out.
    await runExport(
      { districtId: sb, exportId: fromGlobalId(started.id)!.id },
      { deps: deps(), abortSignal: new AbortController().signal, attempts: 1 },
    );
    const scheduled = ok(await server.gql(SCHEDULE, { input: { id: disposalId, graceDays: 0 } }, token.operator))
      .districtDisposalSchedule.disposal;
    expect(scheduled.status).toBe('SCHEDULED');
    // An export started after scheduling makes the run wait, and say why.
    const again = ok(
      await server.gql(`mutation { districtExportStart(input: {}) { export { id } } }`, {}, token.sbAdmin),
    ).districtExportStart.export;
    await runDue();
    const [waiting] = await server.owner.query(`SELECT status, last_error FROM district_disposal WHERE id = $1`, [
      fromGlobalId(disposalId)!.id,
    ]);
    expect(waiting.status).toBe('SCHEDULED');
    expect(waiting.last_error).toMatch(/export/);
    await runExport(
      { districtId: sb, exportId: fromGlobalId(again.id)!.id },
      { deps: deps(), abortSignal: new AbortController().signal, attempts: 1 },
    );
  });

  it('deletes every row of the district from every table with a district_id, its queued jobs and the district', async () => {
    // A queued job that names the district (payloads carry ids only).
    await server.owner.query(
      `SELECT graphile_worker.add_job('privacy.export', json_build_object('districtId', $1::text, 'exportId', gen_random_uuid()),
                                      run_at => now() + interval '1 day')`,
      [sb],
    );
    before = await rowsOf(sb);
    northfieldBefore = await rowsOf(nf);
    expect(before.school).toBeGreaterThan(0);
    expect(before.audit_event).toBeGreaterThan(0);
    expect(before.district_export_chunk).toBeGreaterThan(0);
    await runDue();
    const after = await rowsOf(sb);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    const [{ districts }] = await server.owner.query(`SELECT count(*)::int AS districts FROM district WHERE id = $1`, [
      sb,
    ]);
    expect(districts).toBe(0);
    const [{ jobs }] = await server.owner.query(
      `SELECT count(*)::int AS jobs FROM graphile_worker._private_jobs WHERE payload::text LIKE '%' || $1 || '%'`,
      [sb],
    );
    expect(jobs).toBe(0);
    // The other district is untouched.
    expect(await rowsOf(nf)).toEqual(northfieldBefore);
  });

  it('leaves a certificate outside the district, shown to the operator only', async () => {
    const res = ok(
      await server.gql(
        `{ disposalCertificates { districtSlug disposedAt scheduledBy totalRows jobsDeleted counts { table rows } } }`,
        {},
        token.operator,
      ),
    );
    const [certificate] = res.disposalCertificates;
    expect(certificate.districtSlug).toBe('southbrook');
    expect(certificate.scheduledBy).toBe('Platform Operator');
    expect(certificate.jobsDeleted).toBeGreaterThanOrEqual(1);
    const counts = Object.fromEntries(certificate.counts.map((c: any) => [c.table, c.rows]));
    const expected = Object.fromEntries(Object.entries(before).filter(([, n]) => n > 0));
    expect(counts).toEqual({ ...expected, district: 1 });
    expect(certificate.totalRows).toBe(Object.values(expected).reduce((a, b) => a + b, 0) + 1);
    expect(codeOf(await server.gql(`{ disposalCertificates { id } }`, {}, token.nfAdmin))).toBe('FORBIDDEN');
    const listed = ok(await server.gql(`{ districtDisposals { id status } }`, {}, token.operator)).districtDisposals;
    expect(listed.find((d: any) => d.id === disposalId).status).toBe('DISPOSED');
  });
});
