import { createHash, randomBytes } from 'node:crypto';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { createLogger } from '../../packages/api/src/logger';
import { DEFAULT_MAIL_SETTINGS, DEFAULT_WEBHOOK_SETTINGS } from '../../packages/api/src/jobs/queue';
import { runExport } from '../../packages/api/src/modules/privacy/export.service';
import { EXCLUDED_TABLES } from '../../packages/api/src/modules/privacy/catalog';
import { fromGlobalId } from '../../packages/api/src/graphql/global-id';
import { unzip } from '../support/zip';

/**
 * Issue 16, district export: the archive (zip: every table as JSON Lines and CSV, codebook, OneRoster roster,
 * manifest with counts and SHA-256) against the database itself; confidential text only inside the requester's
 * boundary ("[withheld]" otherwise, proven with planted markers); one export at a time; the signed link and its
 * expiry; who may start one; an interrupted job that runs again and completes.
 */

const HIDDEN = `EXPORT-HIDDEN-${randomBytes(4).toString('hex')}`;
const SHOWN = `EXPORT-SHOWN-${randomBytes(4).toString('hex')}`;

let server: TestServer;
const token: Record<string, string> = {};
let nf: { id: string; globalId: string };
let sb: { id: string };
let hiddenSession: string;
let shownSession: string;

const EXPORT_FIELDS = `id status requestedByKind completedAt expiresAt byteSize sha256 withheldCount downloadUrl
  files { name rows bytes sha256 }`;

function rawId(globalId: string): string {
  return fromGlobalId(globalId)!.id;
}

async function exportsAs(who: string, districtId?: string): Promise<any[]> {
  const res = await server.gql(
    `query($d: ID) { districtExports(districtId: $d) { ${EXPORT_FIELDS} } }`,
    { d: districtId ?? null },
    token[who],
  );
  return ok(res).districtExports;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function start(who: string, districtId?: string) {
  return server.gql(
    `mutation($input: DistrictExportStartInput!) { districtExportStart(input: $input) { export { ${EXPORT_FIELDS} } } }`,
    { input: districtId ? { districtId } : {} },
    token[who],
  );
}

beforeAll(async () => {
  server = await startTestServer({ demoDomain: true });
  for (const [who, email] of [
    ['admin', 'admin@northfield.example'],
    ['teacher', 'teacher@northfield.example'],
    ['principal', 'principal@northfield.example'],
    ['sbAdmin', 'admin@southbrook.example'],
    ['operator', 'operator@throughline.example'],
  ]) {
    token[who] = (await server.signIn(email)).accessToken;
  }
  const [d] = await server.owner.query(
    `SELECT (SELECT id FROM district WHERE slug = 'northfield') AS nf, (SELECT id FROM district WHERE slug = 'southbrook') AS sb`,
  );
  nf = { id: d.nf, globalId: ok(await server.gql(`{ currentDistrict { id } }`, {}, token.admin)).currentDistrict.id };
  sb = { id: d.sb };
  // Two sessions of conversations the admin takes no part in: one whose boundary is the participants (the admin may
  // not read it), one whose boundary is the district (the admin may).
  const candidates: { session: string; conversation: string }[] = await server.owner.query(
    `SELECT DISTINCT ON (c.id) s.id AS session, c.id AS conversation
       FROM conversation_session s
       JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
       JOIN staff_member a ON a.district_id = c.district_id AND a.email = 'admin@northfield.example'
      WHERE s.district_id = $1 AND c.facilitator_id IS DISTINCT FROM a.id
        AND NOT EXISTS (SELECT 1 FROM conversation_participant cp WHERE cp.district_id = c.district_id AND cp.conversation_id = c.id AND cp.staff_member_id = a.id)
        AND NOT EXISTS (SELECT 1 FROM conversation_participant_role r WHERE r.district_id = c.district_id AND r.conversation_id = c.id AND r.role = 'DISTRICT_ADMIN')
        AND NOT EXISTS (SELECT 1 FROM conversation_session s2 JOIN session_attendance sa ON sa.district_id = s2.district_id AND sa.session_id = s2.id
                         WHERE s2.district_id = c.district_id AND s2.conversation_id = c.id AND sa.staff_member_id = a.id)
      ORDER BY c.id, s.id LIMIT 2`,
    [nf.id],
  );
  expect(candidates).toHaveLength(2);
  [hiddenSession, shownSession] = candidates.map((c) => c.session);
  await server.owner.query(`UPDATE learning_conversation SET confidentiality = 'PARTICIPANTS' WHERE id = $1`, [
    candidates[0].conversation,
  ]);
  await server.owner.query(`UPDATE learning_conversation SET confidentiality = 'DISTRICT' WHERE id = $1`, [
    candidates[1].conversation,
  ]);
  await server.owner.query(`UPDATE conversation_session SET notes = $2, check_in = $3 WHERE id = $1`, [
    hiddenSession,
    `notes ${HIDDEN}`,
    `=cmd() ${HIDDEN}`,
  ]);
  await server.owner.query(`UPDATE conversation_session SET notes = $2 WHERE id = $1`, [
    shownSession,
    `notes ${SHOWN}`,
  ]);
});
afterAll(() => server?.close());

describe('who may export', () => {
  it('a teacher and a school leader are FORBIDDEN, and nothing is written', async () => {
    expect(codeOf(await start('teacher'))).toBe('FORBIDDEN');
    expect(codeOf(await start('principal'))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(`{ districtExports { id } }`, {}, token.teacher))).toBe('FORBIDDEN');
    const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM district_export`);
    expect(n).toBe(0);
  });
});

describe('an interrupted export', () => {
  it('leaves nothing behind and completes when the worker runs it again', async () => {
    const started = ok(await start('sbAdmin')).districtExportStart.export;
    expect(started.status).toBe('RUNNING');
    const exportId = rawId(started.id);
    // The worker is stopped mid-run: its abort signal fires while the archive is being written.
    const aborted = new AbortController();
    aborted.abort();
    const deps = {
      dataSource: server.app,
      logger: createLogger('silent'),
      webhooks: DEFAULT_WEBHOOK_SETTINGS,
      mail: DEFAULT_MAIL_SETTINGS,
    };
    await expect(
      runExport({ districtId: sb.id, exportId }, { deps, abortSignal: aborted.signal, attempts: 1 }),
    ).rejects.toThrow(/interrupted/);
    const [after] = await server.owner.query(
      `SELECT status, (SELECT count(*)::int FROM district_export_chunk WHERE export_id = $1) AS chunks
         FROM district_export WHERE id = $1`,
      [exportId],
    );
    expect(after).toEqual({ status: 'RUNNING', chunks: 0 });
    // Meanwhile a second start is refused.
    expect(codeOf(await start('sbAdmin'))).toBe('CONFLICT');
    await server.startWorker();
    const done = await until('the Southbrook export', async () =>
      (await exportsAs('sbAdmin')).find((e) => e.id === started.id && e.status === 'COMPLETED'),
    );
    expect(done.byteSize).toBeGreaterThan(0);
  });
});

describe('an admin exports the district', () => {
  let exported: any;
  let files: Map<string, Buffer>;
  let manifest: any;

  beforeAll(async () => {
    // The worker is off while it is queued: a second start, and the operator's, are a CONFLICT.
    await server.stopWorker();
    const started = ok(await start('admin')).districtExportStart.export;
    expect(codeOf(await start('admin'))).toBe('CONFLICT');
    expect(codeOf(await start('operator', nf.globalId))).toBe('CONFLICT');
    await server.startWorker();
    exported = await until('the Northfield export', async () =>
      (await exportsAs('admin')).find((e) => e.id === started.id && e.status === 'COMPLETED'),
    );
    const res = await fetch(`${server.url}${exported.downloadUrl}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(exported.byteSize);
    expect(createHash('sha256').update(body).digest('hex')).toBe(exported.sha256);
    files = await unzip(body);
    manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
  });

  it('has a manifest whose checksums and sizes match every file', () => {
    expect(manifest.district.slug).toBe('northfield');
    for (const f of manifest.files) {
      const data = files.get(f.name);
      expect({ name: f.name, present: Boolean(data) }).toEqual({ name: f.name, present: true });
      expect({ name: f.name, sha256: createHash('sha256').update(data!).digest('hex'), bytes: data!.length }).toEqual({
        name: f.name,
        sha256: f.sha256,
        bytes: f.bytes,
      });
    }
    expect(new Set(files.keys())).toEqual(new Set([...manifest.files.map((f: any) => f.name), 'manifest.json']));
    expect(exported.files).toEqual(manifest.files);
  });

  it('holds every table of the catalog with a district_id (but the documented exclusions), with the database’s counts', async () => {
    const tables: { table: string }[] = await server.owner.query(
      `SELECT c.relname AS table FROM pg_class c
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'district_id' AND NOT a.attisdropped
        WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY 1`,
    );
    const byName = new Map(manifest.files.map((f: any) => [f.name, f]));
    const exportId = rawId(exported.id);
    for (const { table } of tables) {
      if (table in EXCLUDED_TABLES) {
        expect(byName.has(`tables/${table}.jsonl`)).toBe(false);
        continue;
      }
      // Written after the archive's snapshot: the download's audit event, and the export's own read audit.
      const after =
        table === 'audit_event'
          ? ` AND NOT (action = 'district.export.download' AND entity_id = '${exportId}')`
          : table === 'confidential_read'
            ? ` AND request_id IS DISTINCT FROM 'export:${exportId}'`
            : '';
      const [{ n }] = await server.owner.query(
        `SELECT count(*)::int AS n FROM "${table}" WHERE district_id = $1${after}`,
        [nf.id],
      );
      const jsonl = byName.get(`tables/${table}.jsonl`) as any;
      const csv = byName.get(`tables/${table}.csv`) as any;
      expect({ table, jsonl: jsonl?.rows, csv: csv?.rows }).toEqual({ table, jsonl: n, csv: n });
      const lines = files.get(`tables/${table}.jsonl`)!.toString('utf8').split('\n').filter(Boolean);
      expect(lines).toHaveLength(n);
      for (const line of lines.slice(0, 5)) expect(JSON.parse(line).district_id).toBe(nf.id);
    }
    expect(byName.has('tables/school.csv')).toBe(true);
    expect(byName.has('tables/conversation_session.jsonl')).toBe(true);
  });

  it('withholds text outside the admin’s boundary and includes text inside it', () => {
    const everything = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    expect(everything).not.toContain(HIDDEN);
    expect(everything).toContain(SHOWN);
    const sessions = files
      .get('tables/conversation_session.jsonl')!
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const hidden = sessions.find((s) => s.id === hiddenSession);
    expect(hidden.notes).toBe('[withheld]');
    expect(hidden.check_in).toBe('[withheld]');
    expect(sessions.find((s) => s.id === shownSession).notes).toBe(`notes ${SHOWN}`);
    expect(manifest.withheldCells).toBeGreaterThanOrEqual(2);
  });

  it('never exports a secret column', () => {
    const credentialHeader = files.get('tables/credential.csv')!.toString('utf8').split('\r\n')[0];
    expect(credentialHeader).not.toMatch(/password_hash/);
    expect(files.get('tables/refresh_token.csv')?.toString('utf8') ?? '').not.toMatch(/token_hash/);
  });

  it('holds the roster in OneRoster 1.2 CSV (with each role), and a codebook of every table', async () => {
    for (const name of ['oneroster/manifest.csv', 'oneroster/orgs.csv', 'oneroster/users.csv', 'oneroster/roles.csv']) {
      expect(files.has(name)).toBe(true);
    }
    expect(files.get('oneroster/manifest.csv')!.toString('utf8')).toContain('oneroster.version,1.2');
    const [{ schools, staff }] = await server.owner.query(
      `SELECT (SELECT count(*)::int FROM school WHERE district_id = $1) AS schools,
              (SELECT count(*)::int FROM staff_member WHERE district_id = $1) AS staff`,
      [nf.id],
    );
    const orgs = files.get('oneroster/orgs.csv')!.toString('utf8').trim().split('\r\n');
    expect(orgs[0]).toBe('sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId');
    expect(orgs).toHaveLength(1 + 1 + schools);
    const users = files.get('oneroster/users.csv')!.toString('utf8').trim().split('\r\n');
    expect(users[0].startsWith('sourcedId,status,dateLastModified,enabledUser,username')).toBe(true);
    const roles = files.get('oneroster/roles.csv')!.toString('utf8').trim().split('\r\n');
    expect(roles[0]).toBe(
      'sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId',
    );
    expect(roles.length).toBeGreaterThan(1);
    expect(users).toHaveLength(1 + staff);
    expect(users.join('\n')).toContain('admin@northfield.example');
    const codebook = files.get('codebook.md')!.toString('utf8');
    for (const f of manifest.files.filter((x: any) => x.name.startsWith('tables/') && x.name.endsWith('.jsonl'))) {
      expect(codebook).toContain(`## ${f.name.slice('tables/'.length, -'.jsonl'.length)}`);
    }
  });

  it('audits the start, the download, and each included confidential record as read by the admin', async () => {
    const exportId = rawId(exported.id);
    const audit = await server.owner.query(
      `SELECT action FROM audit_event WHERE district_id = $1 AND entity_id = $2 ORDER BY occurred_at`,
      [nf.id, exportId],
    );
    expect(audit.map((a: any) => a.action)).toEqual(['district.export.start', 'district.export.download']);
    const reads = await server.owner.query(
      `SELECT record_id, field FROM confidential_read WHERE district_id = $1 AND request_id = $2`,
      [nf.id, `export:${exportId}`],
    );
    expect(reads).toEqual(expect.arrayContaining([{ record_id: shownSession, field: 'notes' }]));
    expect(reads.some((r: any) => r.record_id === hiddenSession)).toBe(false);
  });

  it('refuses a tampered link, and an expired export (410), and then offers no link', async () => {
    const url = new URL(`${server.url}${exported.downloadUrl}`);
    const t = url.searchParams.get('token')!;
    const tampered = new URL(url);
    tampered.searchParams.set('token', t.slice(0, -2) + (t.endsWith('AA') ? 'BB' : 'AA'));
    expect((await fetch(tampered)).status).toBe(403);
    const otherExport = new URL(
      url.toString().replace(/exports\/[0-9a-f-]+/, `exports/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`),
    );
    expect((await fetch(otherExport)).status).toBe(403);
    const exportId = rawId(exported.id);
    await server.owner.query(`UPDATE district_export SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      exportId,
    ]);
    expect((await fetch(url)).status).toBe(410);
    const listed = (await exportsAs('admin')).find((e) => e.id === exported.id);
    expect(listed.downloadUrl).toBeNull();
  });

  it('the operator’s export withholds every confidential text, and only the operator gets its link', async () => {
    const started = ok(await start('operator', nf.globalId)).districtExportStart.export;
    expect(started.requestedByKind).toBe('OPERATOR');
    const done = await until('the operator export', async () =>
      (await exportsAs('operator', nf.globalId)).find((e) => e.id === started.id && e.status === 'COMPLETED'),
    );
    const adminView = (await exportsAs('admin')).find((e) => e.id === started.id);
    expect(adminView.downloadUrl).toBeNull();
    const body = Buffer.from(await (await fetch(`${server.url}${done.downloadUrl}`)).arrayBuffer());
    const all = [...(await unzip(body)).values()].map((b) => b.toString('utf8')).join('\n');
    expect(all).not.toContain(HIDDEN);
    expect(all).not.toContain(SHOWN);
    expect(all).toContain('[withheld]');
  });
});
