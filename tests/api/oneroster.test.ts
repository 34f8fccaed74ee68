import { ZipFile } from 'yazl';
import { codeOf, ok, startTestServer, type TestServer } from '../support/server';
import { idOf } from '../../packages/api/src/graphql/global-id';

/**
 * OneRoster CSV import end to end: real zips (built here with yazl), uploaded over HTTP to POST /imports/oneroster,
 * validated and applied by the real job worker, read back through GraphQL and checked in the database.
 */

jest.setTimeout(120_000);

type Files = Record<string, string | Buffer>;

function zipOf(files: Files, options: { compress?: boolean } = {}): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name, {
      compress: options.compress ?? true,
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const MANIFEST = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.1',
  'file.academicSessions,absent',
  'file.classes,absent',
  'file.enrollments,absent',
  'file.orgs,bulk',
  'file.users,bulk',
].join('\n');

const ORGS_HEADER = 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId';
const USERS_HEADER =
  'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password';

interface User {
  id: string;
  role: string;
  orgs: string;
  given: string;
  family: string;
  email?: string;
  status?: string;
}

function usersCsv(users: User[]): string {
  return [
    USERS_HEADER,
    ...users.map(
      (u) =>
        `${u.id},${u.status ?? 'active'},,true,"${u.orgs}",${u.role},${u.id},,${u.given},${u.family},,,${u.email ?? `${u.id}@roster.example`},,,,,`,
    ),
  ].join('\r\n');
}

const ORGS = [
  ORGS_HEADER,
  'dist-1,active,,Roster District,district,RD,',
  'sch-1,active,,Aspen Elementary,school,RS-ASPEN,dist-1',
  'sch-2,active,,Birch Middle,school,RS-BIRCH,dist-1',
  'sch-3,active,,Cedar High,school,RS-CEDAR,dist-1',
].join('\n');

function baseUsers(): User[] {
  const users: User[] = [
    { id: 'u-admin', role: 'administrator', orgs: 'dist-1', given: 'Dana', family: 'Districtson' },
    { id: 'u-p1', role: 'administrator', orgs: 'sch-1', given: 'Pat', family: 'Aspen' },
    { id: 'u-p2', role: 'administrator', orgs: 'sch-2', given: 'Pia', family: 'Birch' },
    { id: 'u-aide', role: 'aide', orgs: 'sch-3', given: 'Al', family: 'Aide' },
    { id: 'u-s1', role: 'student', orgs: 'sch-1', given: 'Sam', family: 'Student' },
    { id: 'u-s2', role: 'student', orgs: 'sch-2', given: 'Sue', family: 'Student' },
  ];
  for (let i = 1; i <= 8; i++) {
    users.push({
      id: `u-t${i}`,
      role: 'teacher',
      orgs: i === 8 ? 'sch-1,sch-2' : `sch-${(i % 3) + 1}`,
      given: `Teacher${i}`,
      family: `Rostered`,
    });
  }
  return users;
}

async function validFile(users = baseUsers(), orgs = ORGS): Promise<Buffer> {
  return zipOf({ 'manifest.csv': MANIFEST, 'orgs.csv': orgs, 'users.csv': usersCsv(users) });
}

const IMPORT = `query($id: ID!) { rosterImport(id: $id) { id status version errorCount warningCount failure
  preview { schoolsCreated schoolsUpdated schoolsClosed schoolsUnchanged staffCreated staffUpdated staffDeactivated
            staffUnchanged staffDeactivationsHeld workToHandOver roleAssignmentsAdded roleAssignmentsEnded usersSkipped }
  applied { schoolsCreated schoolsUpdated schoolsClosed schoolsUnchanged staffCreated staffUpdated staffDeactivated
            staffUnchanged staffDeactivationsHeld workToHandOver roleAssignmentsAdded roleAssignmentsEnded usersSkipped }
  progress { applied total }
  problems(first: 100) { totalCount nodes { severity file line field message } } } }`;

describe('OneRoster import', () => {
  let server: TestServer;
  const token: Record<string, string> = {};
  let northId: string;

  beforeAll(async () => {
    server = await startTestServer({ worker: true, demoDomain: true });
    token.admin = (await server.signIn('admin@northfield.example')).accessToken;
    token.teacher = (await server.signIn('teacher@northfield.example')).accessToken;
    token.south = (await server.signIn('admin@southbrook.example')).accessToken;
    [{ id: northId }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
  });
  afterAll(() => server?.close());

  async function upload(body: Buffer, who = token.admin, query = '') {
    const res = await fetch(`${server.url}/imports/oneroster${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/zip', ...(who ? { authorization: `Bearer ${who}` } : {}) },
      body: new Uint8Array(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  async function waitFor(id: string, statuses: string[], who = token.admin) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await server.gql<{ rosterImport: any }>(IMPORT, { id }, who);
      const ri = ok(res).rosterImport;
      if (statuses.includes(ri.status)) return ri;
      if (Date.now() > deadline) throw new Error(`import stayed ${ri.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function uploadAndPreview(body: Buffer, query = '') {
    const up = await upload(body, token.admin, query);
    expect(up.status).toBe(202);
    return waitFor(up.body.data.rosterImport.id, ['PREVIEW_READY', 'FAILED']);
  }

  async function apply(ri: { id: string; version: number }) {
    ok(
      await server.gql(
        `mutation($i: RosterImportApplyInput!) { rosterImportApply(input: $i) { rosterImport { status } } }`,
        { i: { id: ri.id, version: ri.version } },
        token.admin,
      ),
    );
    return waitFor(ri.id, ['APPLIED', 'FAILED']);
  }

  const snapshot = async () => {
    const [row] = await server.owner.query(
      `SELECT (SELECT count(*)::int FROM school WHERE district_id = $1) AS schools,
              (SELECT count(*)::int FROM staff_member WHERE district_id = $1) AS staff,
              (SELECT count(*)::int FROM role_assignment WHERE district_id = $1 AND valid_to IS NULL) AS roles,
              (SELECT coalesce(max(updated_at), 'epoch')::text FROM staff_member WHERE district_id = $1) AS staff_changed,
              (SELECT coalesce(max(updated_at), 'epoch')::text FROM school WHERE district_id = $1) AS schools_changed`,
      [northId],
    );
    return row;
  };

  it('a valid district file: the preview writes nothing, applying creates exactly what it said, audited', async () => {
    const before = await snapshot();
    const ri = await uploadAndPreview(await validFile(), '?fileName=district.zip');
    expect(ri.status).toBe('PREVIEW_READY');
    expect(ri.errorCount).toBe(0);
    expect(ri.preview).toEqual({
      schoolsCreated: 3,
      schoolsUpdated: 0,
      schoolsClosed: 0,
      schoolsUnchanged: 0,
      staffCreated: 12,
      staffUpdated: 0,
      staffDeactivated: 0,
      staffUnchanged: 0,
      staffDeactivationsHeld: 0,
      workToHandOver: 0,
      // 2 principals, 1 aide, 8 teachers (one at two schools); the district administrator gets none unticked.
      roleAssignmentsAdded: 12,
      roleAssignmentsEnded: 0,
      usersSkipped: 2,
    });
    expect(ri.problems.nodes).toContainEqual(
      expect.objectContaining({ severity: 'WARNING', file: 'users.csv', line: 2, field: 'role' }),
    );
    expect(await snapshot()).toEqual(before);
    expect(ri.progress).toBeNull();

    const done = await apply(ri);
    expect(done.status).toBe('APPLIED');
    expect(done.applied).toEqual(ri.preview);
    // Progress, recorded batch by batch while applying, reached every change: 3 schools, 12 people, 12 roles.
    expect(done.progress).toEqual({ applied: 27, total: 27 });
    const after = await snapshot();
    expect(after.schools - before.schools).toBe(3);
    expect(after.staff - before.staff).toBe(12);
    expect(after.roles - before.roles).toBe(12);
    const roles = await server.owner.query(
      `SELECT sm.roster_id, ra.role, s.roster_id AS school FROM role_assignment ra
         JOIN staff_member sm ON sm.district_id = ra.district_id AND sm.id = ra.staff_member_id
         LEFT JOIN school s ON s.district_id = ra.district_id AND s.id = ra.school_id
        WHERE ra.district_id = $1 AND sm.roster_id IN ('u-p1', 'u-aide', 'u-t8', 'u-admin') ORDER BY 1, 3`,
      [northId],
    );
    expect(roles).toEqual([
      { roster_id: 'u-aide', role: 'TEACHER', school: 'sch-3' },
      { roster_id: 'u-p1', role: 'SCHOOL_LEADER', school: 'sch-1' },
      { roster_id: 'u-t8', role: 'TEACHER', school: 'sch-1' },
      { roster_id: 'u-t8', role: 'TEACHER', school: 'sch-2' },
    ]);
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE district_id = $1 AND request_id = $2`,
      [northId, `roster-import:${idOf(ri.id, 'RosterImport')}`],
    );
    expect(n).toBe(3 + 12 + 12);
  });

  it('importing the same file again changes nothing', async () => {
    const before = await snapshot();
    const ri = await uploadAndPreview(await validFile());
    expect(ri.preview).toMatchObject({
      schoolsCreated: 0,
      schoolsUpdated: 0,
      schoolsUnchanged: 3,
      staffCreated: 0,
      staffUpdated: 0,
      staffDeactivated: 0,
      staffUnchanged: 12,
      roleAssignmentsAdded: 0,
      roleAssignmentsEnded: 0,
    });
    const done = await apply(ri);
    expect(done.applied).toEqual(ri.preview);
    expect(await snapshot()).toEqual(before);
  });

  it('a changed file updates, moves and deactivates; someone with work to hand over is deactivated and their work flagged for a new owner', async () => {
    // The demo teacher came from the roster too, and owns open actions: a bulk file without them deactivates them,
    // and lists each conversation, action and strategy they still carry as needing a new owner (never moved, never
    // deleted).
    await server.owner.query(
      `UPDATE staff_member SET roster_id = 'u-demo-teacher' WHERE district_id = $1 AND email = 'teacher@northfield.example'`,
      [northId],
    );
    const [teacher] = await server.owner.query(
      `SELECT id FROM staff_member WHERE district_id = $1 AND roster_id = 'u-demo-teacher'`,
      [northId],
    );
    // They facilitate an active conversation and own an open action (given to them here, given back at the end).
    const [lent] = await server.owner.query(
      `SELECT (SELECT id FROM learning_conversation WHERE district_id = $1 AND active ORDER BY id LIMIT 1) AS conversation,
              (SELECT facilitator_id FROM learning_conversation WHERE district_id = $1 AND active ORDER BY id LIMIT 1)
                AS facilitator,
              (SELECT id FROM action_item WHERE district_id = $1 AND status IN ('OPEN', 'IN_PROGRESS') ORDER BY id LIMIT 1)
                AS action,
              (SELECT owner_id FROM action_item WHERE district_id = $1 AND status IN ('OPEN', 'IN_PROGRESS')
                ORDER BY id LIMIT 1) AS owner`,
      [northId],
    );
    await server.owner.query(`UPDATE learning_conversation SET facilitator_id = $2 WHERE id = $1`, [
      lent.conversation,
      teacher.id,
    ]);
    await server.owner.query(`UPDATE action_item SET owner_id = $2 WHERE id = $1`, [lent.action, teacher.id]);
    const work: { id: string; kind: string }[] = await server.owner.query(
      `SELECT id, 'CONVERSATION' AS kind FROM learning_conversation WHERE district_id = $1 AND active AND facilitator_id = $2
       UNION ALL SELECT id, 'ACTION' FROM action_item
        WHERE district_id = $1 AND status IN ('OPEN', 'IN_PROGRESS') AND owner_id = $2
       UNION ALL SELECT id, 'STRATEGY' FROM improvement_strategy
        WHERE district_id = $1 AND status IN ('DRAFT', 'ACTIVE') AND owner_id = $2`,
      [northId, teacher.id],
    );
    expect(work.map((w) => w.kind)).toEqual(expect.arrayContaining(['CONVERSATION', 'ACTION']));
    const teacherRoles: { id: string }[] = await server.owner.query(
      `SELECT id FROM role_assignment WHERE district_id = $1 AND staff_member_id = $2 AND valid_to IS NULL`,
      [northId, teacher.id],
    );
    const users = baseUsers()
      .filter((u) => u.id !== 'u-t2') // left the district (missing from a bulk file)
      .map((u) =>
        u.id === 'u-t1'
          ? { ...u, family: 'Renamed' }
          : u.id === 'u-t3'
            ? { ...u, status: 'tobedeleted' }
            : u.id === 'u-t4'
              ? { ...u, orgs: 'sch-3' } // moved school (was sch-2)
              : u,
      );
    const orgs = ORGS.replace('Cedar High', 'Cedar High School');
    const before = await snapshot();
    const ri = await uploadAndPreview(await validFile(users, orgs));
    expect(ri.status).toBe('PREVIEW_READY');
    expect(ri.preview).toMatchObject({
      schoolsUpdated: 1,
      schoolsUnchanged: 2,
      staffUpdated: 1,
      staffDeactivated: 3,
      staffDeactivationsHeld: 0,
      workToHandOver: work.length,
      roleAssignmentsAdded: 1,
      // t4's old school, and the roles of the three who leave.
      roleAssignmentsEnded: 3 + teacherRoles.length,
    });
    // The dry run says the teacher will be deactivated and their work flagged, and lists that work, each record
    // by its id.
    const handovers = async (id: string) =>
      ok(
        await server.gql<{ rosterImport: { changes: { totalCount: number; nodes: any[] } } }>(
          `query($id: ID!) { rosterImport(id: $id) { changes(first: 100, action: HANDOVER) {
             totalCount nodes { entity action sourcedId name detail targetId } } } }`,
          { id },
          token.admin,
        ),
      ).rosterImport.changes;
    const deactivation = ok(
      await server.gql<{ rosterImport: { changes: { nodes: any[] } } }>(
        `query($id: ID!) { rosterImport(id: $id) { changes(first: 100, action: DEACTIVATE) { nodes { sourcedId detail } } } }`,
        { id: ri.id },
        token.admin,
      ),
    ).rosterImport.changes.nodes.find((c: any) => c.sourcedId === 'u-demo-teacher');
    expect(deactivation.detail).toMatch(/flagged for a new owner/);
    const planned = await handovers(ri.id);
    expect(planned.totalCount).toBe(work.length);
    const targetType = { CONVERSATION: 'LearningConversation', ACTION: 'ActionItem', STRATEGY: 'ImprovementStrategy' };
    expect(
      planned.nodes
        .map((c) => `${c.entity}:${idOf(c.targetId, targetType[c.entity as keyof typeof targetType])}`)
        .sort(),
    ).toEqual(work.map((w) => `${w.kind}:${w.id}`).sort());
    for (const c of planned.nodes) {
      expect(c).toMatchObject({
        action: 'HANDOVER',
        sourcedId: 'u-demo-teacher',
        detail: expect.stringMatching(/needs a new owner/),
      });
    }
    expect(ri.problems.nodes).toContainEqual(
      expect.objectContaining({
        severity: 'WARNING',
        file: 'users.csv',
        line: null,
        field: 'status',
        message: expect.stringMatching(/deactivated/),
      }),
    );
    expect(await snapshot()).toEqual(before);
    const done = await apply(ri);
    expect(done.applied).toEqual(ri.preview);
    expect((await handovers(ri.id)).totalCount).toBe(work.length);
    // Deactivation never deletes and never moves the work: it is still theirs, waiting for a new owner.
    const [still] = await server.owner.query(
      `SELECT (SELECT count(*)::int FROM action_item WHERE district_id = $1 AND owner_id = $2
                 AND status IN ('OPEN', 'IN_PROGRESS')) AS actions,
              (SELECT count(*)::int FROM role_assignment WHERE district_id = $1 AND staff_member_id = $2
                 AND valid_to IS NULL) AS roles`,
      [northId, teacher.id],
    );
    expect(still).toEqual({ actions: work.filter((w) => w.kind === 'ACTION').length, roles: 0 });
    const people = await server.owner.query(
      `SELECT roster_id, family_name, active FROM staff_member WHERE district_id = $1
          AND roster_id IN ('u-t1', 'u-t2', 'u-t3', 'u-demo-teacher') ORDER BY roster_id`,
      [northId],
    );
    expect(people).toEqual([
      { roster_id: 'u-demo-teacher', family_name: expect.any(String), active: false },
      { roster_id: 'u-t1', family_name: 'Renamed', active: true },
      { roster_id: 'u-t2', family_name: 'Rostered', active: false },
      { roster_id: 'u-t3', family_name: 'Rostered', active: false },
    ]);
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM role_assignment ra JOIN staff_member sm ON sm.id = ra.staff_member_id
        WHERE ra.district_id = $1 AND sm.roster_id IN ('u-t2', 'u-t3') AND ra.valid_to IS NULL`,
      [northId],
    );
    expect(n).toBe(0);
    // And again: nothing more to do.
    const again = await uploadAndPreview(await validFile(users, orgs));
    expect(again.preview).toMatchObject({
      schoolsUpdated: 0,
      staffUpdated: 0,
      staffDeactivated: 0,
      roleAssignmentsAdded: 0,
      roleAssignmentsEnded: 0,
    });
    await server.gql(
      `mutation($i: RosterImportIdInput!) { rosterImportDiscard(input: $i) { rosterImport { status } } }`,
      { i: { id: again.id } },
      token.admin,
    );
    // The demo teacher back as they were (typed in by hand, active, their roles), for the tests that follow.
    await server.owner.query(
      `UPDATE staff_member SET roster_id = NULL, active = true, deactivated_at = NULL WHERE district_id = $1 AND id = $2`,
      [northId, teacher.id],
    );
    await server.owner.query(
      `INSERT INTO role_assignment (district_id, staff_member_id, role, school_id)
       SELECT district_id, staff_member_id, role, school_id FROM role_assignment WHERE id = ANY($1::uuid[])`,
      [teacherRoles.map((r) => r.id)],
    );
    await server.owner.query(`UPDATE learning_conversation SET facilitator_id = $2 WHERE id = $1`, [
      lent.conversation,
      lent.facilitator,
    ]);
    await server.owner.query(`UPDATE action_item SET owner_id = $2 WHERE id = $1`, [lent.action, lent.owner]);
    token.teacher = (await server.signIn('teacher@northfield.example')).accessToken;
  });

  describe('malformed files are refused with their file, line and field, and nothing is written', () => {
    const cases: [string, () => Promise<Buffer>, Record<string, unknown>][] = [
      [
        'missing users.csv',
        () => zipOf({ 'manifest.csv': MANIFEST, 'orgs.csv': ORGS }),
        { file: 'users.csv', line: null },
      ],
      [
        'a bad header',
        () =>
          zipOf({
            'manifest.csv': MANIFEST,
            'orgs.csv': ORGS.replace('name,type', 'name,kind'),
            'users.csv': usersCsv(baseUsers()),
          }),
        { file: 'orgs.csv', line: 1, field: 'type' },
      ],
      [
        'a duplicate sourcedId',
        () =>
          validFile([
            ...baseUsers(),
            { id: 'u-t5', role: 'teacher', orgs: 'sch-1', given: 'Twin', family: 'Five', email: 'twin@roster.example' },
          ]),
        { file: 'users.csv', line: 16, field: 'sourcedId' },
      ],
      [
        'an unknown org reference',
        () =>
          validFile([
            ...baseUsers(),
            { id: 'u-x', role: 'teacher', orgs: 'sch-404', given: 'Lost', family: 'Teacher' },
          ]),
        { file: 'users.csv', line: 16, field: 'orgSourcedIds' },
      ],
      [
        'an unknown role',
        () => validFile([...baseUsers(), { id: 'u-x', role: 'wizard', orgs: 'sch-1', given: 'Odd', family: 'Role' }]),
        { file: 'users.csv', line: 16, field: 'role' },
      ],
      [
        'a NUL byte',
        () =>
          zipOf({
            'manifest.csv': MANIFEST,
            'orgs.csv': ORGS,
            'users.csv': Buffer.concat([
              Buffer.from(usersCsv(baseUsers())),
              Buffer.from('\r\nu-nul,active,,true,sch-1,teacher,x,,A\0b,C,,,n@r.example,,,,,'),
            ]),
          }),
        { file: 'users.csv', line: 16 },
      ],
      [
        'a zip bomb (a file far larger uncompressed than allowed)',
        () =>
          zipOf({
            'manifest.csv': MANIFEST,
            'orgs.csv': ORGS,
            'users.csv': Buffer.concat([Buffer.from(USERS_HEADER + '\n'), Buffer.alloc(65 * 1024 * 1024, 0x20)]),
          }),
        { file: 'users.csv', line: null },
      ],
      ['not a zip at all', async () => Buffer.from('sourcedId,name\n1,2\n'), { file: null, line: null }],
    ];
    it.each(cases)('%s', async (_name, build, where) => {
      const before = await snapshot();
      const ri = await uploadAndPreview(await build());
      expect(ri.status).toBe('FAILED');
      expect(ri.preview).toBeNull();
      expect(ri.errorCount).toBeGreaterThan(0);
      expect(ri.problems.nodes).toContainEqual(expect.objectContaining({ severity: 'ERROR', ...where }));
      expect(await snapshot()).toEqual(before);
      const res = await server.gql(
        `mutation($i: RosterImportApplyInput!) { rosterImportApply(input: $i) { rosterImport { status } } }`,
        { i: { id: ri.id, version: ri.version } },
        token.admin,
      );
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
    });
  });

  it('an upload over 50 MB is refused before it is stored', async () => {
    const res = await upload(Buffer.alloc(50 * 1024 * 1024 + 1, 1));
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a teacher cannot import (FORBIDDEN); without a token, UNAUTHENTICATED', async () => {
    const res = await upload(await validFile(), token.teacher);
    expect(res.status).toBe(403);
    expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(`{ rosterImports { totalCount } }`, {}, token.teacher))).toBe('FORBIDDEN');
    expect((await upload(await validFile(), '')).status).toBe(401);
  });

  it("another district's import is invisible (NOT_FOUND), and cannot be applied or discarded", async () => {
    const up = await upload(await validFile());
    const id = up.body.data.rosterImport.id;
    await waitFor(id, ['PREVIEW_READY']);
    expect(codeOf(await server.gql(IMPORT, { id }, token.south))).toBe('NOT_FOUND');
    const list = ok(
      await server.gql<{ rosterImports: { nodes: { id: string }[] } }>(
        `{ rosterImports(first: 100) { nodes { id } } }`,
        {},
        token.south,
      ),
    );
    expect(list.rosterImports.nodes.map((n) => n.id)).not.toContain(id);
    const res = await server.gql(
      `mutation($i: RosterImportApplyInput!) { rosterImportApply(input: $i) { rosterImport { status } } }`,
      { i: { id, version: 1 } },
      token.south,
    );
    expect(codeOf(res)).toBe('NOT_FOUND');
    const discarded = ok(
      await server.gql<{ rosterImportDiscard: { rosterImport: { status: string } } }>(
        `mutation($i: RosterImportIdInput!) { rosterImportDiscard(input: $i) { rosterImport { status } } }`,
        { i: { id } },
        token.admin,
      ),
    );
    expect(discarded.rosterImportDiscard.rosterImport.status).toBe('DISCARDED');
  });

  it('the job survives a worker restart: an upload made while no worker runs is validated once one starts', async () => {
    await server.stopWorker();
    try {
      const up = await upload(await validFile());
      const id = up.body.data.rosterImport.id;
      await new Promise((r) => setTimeout(r, 500));
      expect(
        ok(await server.gql<{ rosterImport: { status: string } }>(IMPORT, { id }, token.admin)).rosterImport.status,
      ).toBe('UPLOADED');
      await server.startWorker();
      const ri = await waitFor(id, ['PREVIEW_READY', 'FAILED']);
      expect(ri.status).toBe('PREVIEW_READY');
    } finally {
      await server.startWorker();
    }
  });
});
