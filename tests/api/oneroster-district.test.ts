import { ZipFile } from 'yazl';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { BrowserAgent, startOidcProvider, type TestOidcProvider } from '../setup/oidc-provider';
import { unzipText } from '../support/zip';

/**
 * Issue 12 "done when", end to end over HTTP: a new district's admin signs in, sets the role mapping, uploads a
 * OneRoster zip of 3 schools and 40 staff (generated here), reads the dry run's counts and its browsable list of
 * changes page by page, applies it on the real job queue; the imported people sign in through a real OpenID provider
 * (oidc-provider on a loopback port) with the roles the mapping gave them; a second file with 5 leavers deactivates
 * exactly those 5 and ends their roles; a file with bad rows is refused with each row's line. Then the OneRoster
 * export (GET /exports/oneroster) and its round trip: importing a district's export back changes nothing.
 */

jest.setTimeout(180_000);

type Files = Record<string, string | Buffer>;

function zipOf(files: Files): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const DOMAIN = 'juniper.example';
const MANIFEST = [
  'propertyName,value',
  'manifest.version,1.0',
  'oneroster.version,1.2',
  'file.orgs,bulk',
  'file.users,bulk',
  'file.roles,bulk',
  'file.classes,absent',
  'file.enrollments,absent',
].join('\r\n');
const ORGS = [
  'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
  'jv-d,active,,Juniper Valley District,district,JV,',
  'jv-s1,active,,Juniper Elementary,school,JV-E,jv-d',
  'jv-s2,active,,Juniper Middle,school,JV-M,jv-d',
  'jv-s3,active,,Juniper High,school,JV-H,jv-d',
].join('\r\n');
const USERS_HEADER = 'sourcedId,status,dateLastModified,enabledUser,username,givenName,familyName,email';
const ROLES_HEADER = 'sourcedId,status,dateLastModified,userSourcedId,roleType,role,orgSourcedId';

interface Person {
  id: string;
  role: string;
  org: string;
  given: string;
  family: string;
  status?: string;
}

/** 40 staff: a district administrator, 3 principals, 4 aides, 2 counselors, 30 teachers; plus 2 students. */
function fixture(): Person[] {
  const people: Person[] = [
    { id: 'jv-admin', role: 'districtAdministrator', org: 'jv-d', given: 'Ada', family: 'Juniper' },
  ];
  for (let s = 1; s <= 3; s++)
    people.push({ id: `jv-p${s}`, role: 'principal', org: `jv-s${s}`, given: 'Pat', family: `Lead${s}` });
  for (let i = 1; i <= 4; i++)
    people.push({ id: `jv-a${i}`, role: 'aide', org: `jv-s${(i % 3) + 1}`, given: 'Al', family: `Aide${i}` });
  for (let i = 1; i <= 2; i++)
    people.push({ id: `jv-c${i}`, role: 'counselor', org: `jv-s${i}`, given: 'Cy', family: `Counsel${i}` });
  for (let i = 1; i <= 30; i++)
    people.push({ id: `jv-t${i}`, role: 'teacher', org: `jv-s${(i % 3) + 1}`, given: 'Tess', family: `Teach${i}` });
  people.push({ id: 'jv-kid1', role: 'student', org: 'jv-s1', given: 'Kim', family: 'Kid' });
  people.push({ id: 'jv-kid2', role: 'student', org: 'jv-s2', given: 'Kai', family: 'Kid' });
  return people;
}

const emailOf = (p: Person) => `${p.id}@${DOMAIN}`;

function rosterZip(people: Person[], extraUsers: string[] = []): Promise<Buffer> {
  const users = [
    USERS_HEADER,
    ...people.map((p) => `${p.id},${p.status ?? 'active'},,true,${p.id},${p.given},${p.family},${emailOf(p)}`),
    ...extraUsers,
  ];
  const roles = [ROLES_HEADER, ...people.map((p) => `r-${p.id},active,,${p.id},primary,${p.role},${p.org}`)];
  return zipOf({
    'manifest.csv': MANIFEST,
    'orgs.csv': ORGS,
    'users.csv': users.join('\r\n'),
    'roles.csv': roles.join('\r\n'),
  });
}

const COUNTS = `schoolsCreated schoolsUpdated schoolsClosed schoolsUnchanged staffCreated staffUpdated staffDeactivated
  staffUnchanged staffDeactivationsHeld workToHandOver roleAssignmentsAdded roleAssignmentsEnded usersSkipped`;
const IMPORT = `query($id: ID!) { rosterImport(id: $id) { id status version errorCount warningCount failure
  preview { ${COUNTS} } applied { ${COUNTS} } progress { applied total }
  problems(first: 100) { totalCount nodes { severity file line field message } } } }`;
const CHANGES = `query($id: ID!, $first: Int, $after: String, $entity: RosterChangeEntity, $action: RosterChangeAction) {
  rosterImport(id: $id) { changes(first: $first, after: $after, entity: $entity, action: $action) {
    totalCount pageInfo { hasNextPage endCursor } nodes { entity action sourcedId name detail file line } } } }`;
const MAPPING = `{ rosterRoleMapping { version rules { oneRosterRole orgType role defaultRole } } }`;
const MAPPING_UPDATE = `mutation($i: RosterRoleMappingUpdateInput!) { rosterRoleMappingUpdate(input: $i) {
  rosterRoleMapping { version rules { oneRosterRole orgType role } } } }`;

let server: TestServer;
let provider: TestOidcProvider;
let operator: string;
let admin: string;
let districtId: string;
let nfAdmin: string;
let nfTeacher: string;
let providerStart: string;

async function upload(body: Buffer, token: string, query = '') {
  const res = await fetch(`${server.url}/imports/oneroster${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', authorization: `Bearer ${token}` },
    body: new Uint8Array(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function waitFor(id: string, statuses: string[], token: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ri = ok(await server.gql<{ rosterImport: any }>(IMPORT, { id }, token)).rosterImport;
    if (statuses.includes(ri.status)) return ri;
    if (Date.now() > deadline) throw new Error(`import stayed ${ri.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function preview(body: Buffer, token = admin, query = '') {
  const up = await upload(body, token, query);
  expect(up.status).toBe(202);
  return waitFor(up.body.data.rosterImport.id, ['PREVIEW_READY', 'FAILED'], token);
}

async function apply(ri: { id: string; version: number }, token = admin) {
  ok(
    await server.gql(
      `mutation($i: RosterImportApplyInput!) { rosterImportApply(input: $i) { rosterImport { status } } }`,
      { i: { id: ri.id, version: ri.version } },
      token,
    ),
  );
  return waitFor(ri.id, ['APPLIED', 'FAILED'], token);
}

/** Every change of an import, read page by page (10 a page) as the portal does. */
async function allChanges(id: string, filter: Record<string, string> = {}, token = admin) {
  const nodes: any[] = [];
  let after: string | null = null;
  let pages = 0;
  let total: number;
  for (;;) {
    const res: any = ok(await server.gql(CHANGES, { id, first: 10, after, ...filter }, token));
    const page = res.rosterImport.changes;
    total = page.totalCount;
    nodes.push(...page.nodes);
    pages++;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { nodes, pages, total };
}

/** Through the test provider as `email`, then the portal's refresh: the access token, or the error code. */
async function ssoSignIn(email: string): Promise<{ token: string | null; error: string | null }> {
  const agent = new BrowserAgent();
  const url = await agent.throughProvider(`${server.url}${providerStart}`, email, server.url);
  if (!url.includes('/auth/sso/callback')) return { token: null, error: /sso_error=([A-Z_]+)/.exec(url)?.[1] ?? null };
  const res = await agent.request(url);
  const location = res.headers.get('location') ?? '';
  const error = /sso_error=([A-Z_]+)/.exec(location)?.[1] ?? null;
  if (error) return { token: null, error };
  const refreshed = await agent.request(`${server.url}/graphql`, {
    json: { query: `mutation { refreshSession(input: {}) { accessToken } }` },
  });
  const body = (await refreshed.json()) as GraphQLResponse<{ refreshSession: { accessToken: string } }>;
  return { token: body.data?.refreshSession?.accessToken ?? null, error: null };
}

async function rolesOf(token: string): Promise<string[]> {
  const data = ok(await server.gql(`{ me { roleAssignments { role school { name } } } }`, {}, token)) as {
    me: { roleAssignments: { role: string; school: { name: string } | null }[] };
  };
  return data.me.roleAssignments.map((r) => `${r.role}@${r.school?.name ?? 'district'}`).sort();
}

async function exportRoster(token: string) {
  const res = await fetch(`${server.url}/exports/oneroster`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

const snapshot = async (district: string) => {
  const [row] = await server.owner.query(
    `SELECT (SELECT count(*)::int FROM school WHERE district_id = $1) AS schools,
            (SELECT count(*)::int FROM staff_member WHERE district_id = $1) AS staff,
            (SELECT count(*)::int FROM staff_member WHERE district_id = $1 AND active) AS active,
            (SELECT count(*)::int FROM role_assignment WHERE district_id = $1 AND valid_to IS NULL) AS roles,
            (SELECT count(*)::int FROM role_assignment WHERE district_id = $1) AS role_rows,
            (SELECT coalesce(max(updated_at), 'epoch')::text FROM staff_member WHERE district_id = $1) AS staff_changed,
            (SELECT coalesce(max(updated_at), 'epoch')::text FROM school WHERE district_id = $1) AS schools_changed`,
    [district],
  );
  return row;
};

beforeAll(async () => {
  server = await startTestServer({ worker: true, demoDomain: true });
  provider = await startOidcProvider({ redirectUris: [`${server.url}/auth/sso/callback`] });
  operator = (await server.signIn('operator@throughline.example')).accessToken;
  nfAdmin = (await server.signIn('admin@northfield.example')).accessToken;
  nfTeacher = (await server.signIn('teacher@northfield.example')).accessToken;
});

afterAll(async () => {
  await provider?.close();
  await server?.close();
});

describe('a new district goes live from its roster (issue 12, done when)', () => {
  let first: any;
  const people = fixture();

  it('the admin of a new district signs in and connects the district to its OpenID provider', async () => {
    const created = ok(
      await server.gql<{ districtCreate: { district: { id: string } } }>(
        `mutation($i: DistrictCreateInput!) { districtCreate(input: $i) { district { id } } }`,
        {
          i: {
            name: 'Juniper Valley',
            slug: 'juniper-valley',
            timezone: 'America/Denver',
            firstAdmin: {
              givenName: 'Jo',
              familyName: 'Admin',
              email: `first-admin@${DOMAIN}`,
              password: 'juniper-first-admin-pw',
            },
          },
        },
        operator,
      ),
    );
    [{ id: districtId }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'juniper-valley'`);
    expect(created.districtCreate.district.id).toBeTruthy();
    admin = (await server.signIn(`first-admin@${DOMAIN}`, 'juniper-first-admin-pw')).accessToken;
    const idp = ok(
      await server.gql<{ identityProviderCreate: { identityProvider: { startUrl: string } } }>(
        `mutation($i: IdentityProviderCreateInput!) { identityProviderCreate(input: $i) { identityProvider { startUrl } } }`,
        {
          i: {
            name: 'Juniper SSO',
            preset: 'GENERIC',
            issuer: provider.issuer,
            clientId: provider.clientId,
            clientSecret: provider.clientSecret,
            allowedDomains: [DOMAIN],
          },
        },
        admin,
      ),
    );
    providerStart = idp.identityProviderCreate.identityProvider.startUrl;
  });

  it('the role mapping starts at its defaults, and the admin makes aides coaches', async () => {
    const before = ok(await server.gql<{ rosterRoleMapping: any }>(MAPPING, {}, admin)).rosterRoleMapping;
    expect(before.version).toBe(0);
    expect(before.rules).toHaveLength(18);
    expect(before.rules).toContainEqual({
      oneRosterRole: 'aide',
      orgType: 'SCHOOL',
      role: 'TEACHER',
      defaultRole: 'TEACHER',
    });
    expect(before.rules).toContainEqual({
      oneRosterRole: 'principal',
      orgType: 'SCHOOL',
      role: 'SCHOOL_LEADER',
      defaultRole: 'SCHOOL_LEADER',
    });
    const after = ok(
      await server.gql<{ rosterRoleMappingUpdate: any }>(
        MAPPING_UPDATE,
        { i: { version: 0, rules: [{ oneRosterRole: 'aide', orgType: 'SCHOOL', role: 'COACH' }] } },
        admin,
      ),
    ).rosterRoleMappingUpdate.rosterRoleMapping;
    expect(after.version).toBe(1);
    expect(after.rules).toContainEqual({ oneRosterRole: 'aide', orgType: 'SCHOOL', role: 'COACH' });
    expect(after.rules).toContainEqual({ oneRosterRole: 'teacher', orgType: 'SCHOOL', role: 'TEACHER' });
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE district_id = $1 AND action = 'rosterRoleMapping.update'
          AND fields = ARRAY['school.aide']`,
      [districtId],
    );
    expect(n).toBe(1);
  });

  it('the dry run of 3 schools and 40 staff lists every change, page by page, and writes nothing', async () => {
    const before = await snapshot(districtId);
    first = await preview(await rosterZip(people), admin, '?grantDistrictAdmin=true&fileName=juniper.zip');
    expect(first.status).toBe('PREVIEW_READY');
    expect(first.errorCount).toBe(0);
    expect(first.preview).toEqual({
      schoolsCreated: 3,
      schoolsUpdated: 0,
      schoolsClosed: 0,
      schoolsUnchanged: 0,
      staffCreated: 40,
      staffUpdated: 0,
      staffDeactivated: 0,
      staffUnchanged: 0,
      staffDeactivationsHeld: 0,
      workToHandOver: 0,
      roleAssignmentsAdded: 40,
      roleAssignmentsEnded: 0,
      usersSkipped: 2,
    });
    const { nodes, pages, total } = await allChanges(first.id);
    expect(total).toBe(3 + 40 + 40);
    expect(nodes).toHaveLength(total);
    expect(pages).toBe(9);
    expect(nodes.slice(0, 3).map((n) => [n.entity, n.action, n.name])).toEqual([
      ['SCHOOL', 'CREATE', 'Juniper Elementary'],
      ['SCHOOL', 'CREATE', 'Juniper Middle'],
      ['SCHOOL', 'CREATE', 'Juniper High'],
    ]);
    expect(nodes).toContainEqual({
      entity: 'STAFF',
      action: 'CREATE',
      sourcedId: 'jv-t1',
      name: `Tess Teach1 <jv-t1@${DOMAIN}>`,
      detail: null,
      file: 'users.csv',
      line: expect.any(Number),
    });
    expect(nodes).toContainEqual(
      expect.objectContaining({
        entity: 'ROLE_ASSIGNMENT',
        action: 'ADD',
        sourcedId: 'jv-a1',
        detail: 'COACH at Juniper Middle',
      }),
    );
    const adds = await allChanges(first.id, { entity: 'ROLE_ASSIGNMENT', action: 'ADD' });
    expect(adds.total).toBe(40);
    expect(await snapshot(districtId)).toEqual(before);
  });

  it('applying creates what the dry run said; the imported staff sign in through the OpenID provider with their mapped roles', async () => {
    const done = await apply(first);
    expect(done.status).toBe('APPLIED');
    expect(done.applied).toEqual(first.preview);
    const after = await snapshot(districtId);
    expect(after).toMatchObject({ schools: 3, staff: 41, active: 41, roles: 41 });

    const cases: [string, string[]][] = [
      ['jv-t1', ['TEACHER@Juniper Middle']],
      ['jv-a1', ['COACH@Juniper Middle']],
      ['jv-c2', ['TEACHER@Juniper Middle']],
      ['jv-p3', ['SCHOOL_LEADER@Juniper High']],
      ['jv-admin', ['DISTRICT_ADMIN@district']],
    ];
    for (const [id, roles] of cases) {
      const signed = await ssoSignIn(`${id}@${DOMAIN}`);
      expect(signed).toMatchObject({ error: null });
      expect(await rolesOf(signed.token!)).toEqual(roles);
    }
  });

  it('a second file with 5 leavers deactivates exactly those 5 and ends their roles; they can no longer sign in', async () => {
    const leavers = ['jv-t2', 'jv-t7', 'jv-a4', 'jv-c1', 'jv-p2'];
    // Three are missing from the bulk file; two are marked tobedeleted.
    const second = people
      .filter((p) => !['jv-t2', 'jv-t7', 'jv-a4'].includes(p.id))
      .map((p) => (['jv-c1', 'jv-p2'].includes(p.id) ? { ...p, status: 'tobedeleted' } : p));
    const before = await snapshot(districtId);
    const ri = await preview(await rosterZip(second));
    expect(ri.preview).toMatchObject({
      staffDeactivated: 5,
      staffDeactivationsHeld: 0,
      workToHandOver: 0,
      staffUnchanged: 35,
      staffCreated: 0,
      staffUpdated: 0,
      roleAssignmentsAdded: 0,
      roleAssignmentsEnded: 5,
    });
    const deactivations = await allChanges(ri.id, { action: 'DEACTIVATE' });
    expect(deactivations.nodes.map((n) => n.sourcedId).sort()).toEqual([...leavers].sort());
    expect(await snapshot(districtId)).toEqual(before);

    expect((await allChanges(ri.id, { action: 'HANDOVER' })).total).toBe(0);

    const appliedAt = Date.now();
    const done = await apply(ri);
    expect(done.applied).toEqual(ri.preview);
    // The progress the portal shows while applying ended at every change: 5 deactivations and 5 roles ended.
    expect(done.progress).toEqual({ applied: 10, total: 10 });
    const inactive: { roster_id: string }[] = await server.owner.query(
      `SELECT roster_id FROM staff_member WHERE district_id = $1 AND NOT active ORDER BY roster_id`,
      [districtId],
    );
    expect(inactive.map((r) => r.roster_id)).toEqual([...leavers].sort());
    const ended: { roster_id: string; valid_to: Date | null }[] = await server.owner.query(
      `SELECT sm.roster_id, ra.valid_to FROM role_assignment ra
         JOIN staff_member sm ON sm.district_id = ra.district_id AND sm.id = ra.staff_member_id
        WHERE ra.district_id = $1 AND sm.roster_id = ANY($2)`,
      [districtId, leavers],
    );
    // Each leaver's role row is kept (history), closed as of the import.
    expect(ended).toHaveLength(5);
    for (const row of ended) {
      expect(row.valid_to).not.toBeNull();
      expect(row.valid_to!.getTime()).toBeGreaterThanOrEqual(appliedAt - 5_000);
    }
    expect((await snapshot(districtId)).roles).toBe(before.roles - 5);
    expect(await ssoSignIn(`jv-t2@${DOMAIN}`)).toEqual({ token: null, error: 'STAFF_INACTIVE' });
    expect((await ssoSignIn(`jv-t3@${DOMAIN}`)).token).toBeTruthy();
  });

  it('every rejected row is reported with its file and line, and nothing is written', async () => {
    const before = await snapshot(districtId);
    const bad = [
      // Lines 44, 45 and 46 (the header, then 40 staff and 2 students on lines 2 to 43).
      'jv-x1,active,,true,jv-x1,Bad,Email,not-an-email',
      "jv-x2,active,,true,jv-x2,=cmd|' /C calc'!A0,Formula,jv-x2@juniper.example",
      'jv-x3,active,,true,jv-x3,No,Role,jv-x3@juniper.example',
    ];
    const body = await zipOf({
      'manifest.csv': MANIFEST,
      'orgs.csv': ORGS,
      'users.csv': [
        USERS_HEADER,
        ...people.map((p) => `${p.id},active,,true,${p.id},${p.given},${p.family},${emailOf(p)}`),
        ...bad,
      ].join('\r\n'),
      'roles.csv': [
        ROLES_HEADER,
        ...people.map((p) => `r-${p.id},active,,${p.id},primary,${p.role},${p.org}`),
        'r-x1,active,,jv-x1,primary,teacher,jv-s1',
        'r-x2,active,,jv-x2,primary,teacher,jv-s1',
        'r-x3,active,,jv-x3,primary,teacher,jv-s404',
        'r-x4,active,,jv-nobody,primary,teacher,jv-s1',
      ].join('\r\n'),
    });
    const ri = await preview(body);
    expect(ri.status).toBe('FAILED');
    const errors = ri.problems.nodes.filter((p: any) => p.severity === 'ERROR');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'roles.csv', line: 47, field: 'userSourcedId' }),
        expect.objectContaining({ file: 'users.csv', line: 44, field: 'email' }),
        expect.objectContaining({ file: 'users.csv', line: 45, field: 'givenName' }),
        expect.objectContaining({ file: 'roles.csv', line: 46, field: 'orgSourcedId' }),
      ]),
    );
    // Exactly those four rows: nothing else is blamed, and every row rejected has its line.
    expect(errors).toHaveLength(4);
    expect(await snapshot(districtId)).toEqual(before);
  });
});

describe('the role mapping setting', () => {
  it('refuses bad rules with each one named, a stale version, and anyone but a district admin', async () => {
    const bad = await server.gql(
      MAPPING_UPDATE,
      {
        i: {
          version: 1,
          rules: [
            { oneRosterRole: 'student', orgType: 'SCHOOL', role: 'TEACHER' },
            { oneRosterRole: 'teacher', orgType: 'SCHOOL', role: 'DISTRICT_ADMIN' },
            { oneRosterRole: 'aide', orgType: 'DISTRICT', role: 'COACH' },
          ],
        },
      },
      admin,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect((bad.errors![0].extensions as any).fields.map((f: any) => f.field)).toEqual([
      'rules.0.oneRosterRole',
      'rules.1.role',
      'rules.2.role',
    ]);
    const stale = await server.gql(
      MAPPING_UPDATE,
      { i: { version: 0, rules: [{ oneRosterRole: 'aide', orgType: 'SCHOOL', role: null }] } },
      admin,
    );
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(codeOf(await server.gql(MAPPING, {}, nfTeacher))).toBe('FORBIDDEN');
    expect(codeOf(await server.gql(MAPPING_UPDATE, { i: { version: 0, rules: [] } }, nfTeacher))).toBe('FORBIDDEN');
    // Another district's mapping is its own: Northfield still has the defaults.
    expect(ok(await server.gql<{ rosterRoleMapping: any }>(MAPPING, {}, nfAdmin)).rosterRoleMapping.version).toBe(0);
  });
});

describe('the OneRoster export', () => {
  it('writes the district as OneRoster 1.2 (orgs, users, roles) for district admins only, audited', async () => {
    const res = await exportRoster(nfAdmin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="oneroster-northfield-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const files = await unzipText(res.body);
    expect([...files.keys()].sort()).toEqual(['manifest.csv', 'orgs.csv', 'roles.csv', 'users.csv']);
    expect(files.get('manifest.csv')).toContain('oneroster.version,1.2');
    const [{ staff, roles }] = await server.owner.query(
      `SELECT (SELECT count(*)::int FROM staff_member s JOIN district d ON d.id = s.district_id WHERE d.slug = 'northfield') AS staff,
              (SELECT count(*)::int FROM role_assignment r JOIN district d ON d.id = r.district_id
                WHERE d.slug = 'northfield' AND r.valid_to IS NULL AND r.role <> 'COACH') AS roles`,
    );
    expect(files.get('users.csv')!.trim().split('\r\n')).toHaveLength(1 + staff);
    const roleLines = files.get('roles.csv')!.trim().split('\r\n');
    expect(roleLines).toHaveLength(1 + roles);
    expect(roleLines.join('\n')).toMatch(/,principal,/);
    expect(roleLines.join('\n')).toMatch(/,districtAdministrator,/);
    const [{ n }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM audit_event a JOIN district d ON d.id = a.district_id
        WHERE d.slug = 'northfield' AND a.action = 'roster.export'`,
    );
    expect(n).toBe(1);

    expect((await exportRoster(nfTeacher)).status).toBe(403);
    const anonymous = await fetch(`${server.url}/exports/oneroster`);
    expect(anonymous.status).toBe(401);
  });

  it('round trip: importing a district export back changes nothing (people and schools typed in by hand included)', async () => {
    for (const [token, district] of [
      [nfAdmin, 'northfield'],
      [admin, 'juniper-valley'],
    ] as const) {
      const [{ id }] = await server.owner.query(`SELECT id FROM district WHERE slug = $1`, [district]);
      const before = await snapshot(id);
      const exported = await exportRoster(token);
      const ri = await preview(exported.body, token);
      expect(ri.status).toBe('PREVIEW_READY');
      expect(ri.preview).toMatchObject({
        schoolsCreated: 0,
        schoolsUpdated: 0,
        schoolsClosed: 0,
        staffCreated: 0,
        staffUpdated: 0,
        staffDeactivated: 0,
        staffDeactivationsHeld: 0,
        roleAssignmentsAdded: 0,
        roleAssignmentsEnded: 0,
      });
      expect((await allChanges(ri.id, {}, token)).total).toBe(0);
      const done = await apply(ri, token);
      expect(done.status).toBe('APPLIED');
      expect(await snapshot(id)).toEqual(before);
    }
  });

  it('writes a name that starts like a formula inert, and never carries confidential text', async () => {
    const marker = 'CONFIDENTIAL-MARKER-7f3a';
    const [{ id: nf }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
    await server.owner.query(
      `UPDATE staff_member SET given_name = '=HYPERLINK("http://evil.example")' WHERE district_id = $1
          AND email = 'coach@northfield.example'`,
      [nf],
    );
    await server.owner.query(
      `UPDATE conversation_session SET notes = $2, check_in = $2, check_out = $2
        WHERE district_id = $1 AND id IN (SELECT id FROM conversation_session WHERE district_id = $1 LIMIT 5)`,
      [nf, marker],
    );
    await server.owner.query(`UPDATE reflection_answer SET answer = $2 WHERE district_id = $1`, [nf, marker]);
    const files = await unzipText((await exportRoster(nfAdmin)).body);
    const users = files.get('users.csv')!;
    expect(users).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(users).not.toMatch(/(^|,)=HYPERLINK/m);
    for (const text of files.values()) expect(text).not.toContain(marker);
  });

  it("a leaver's work flagged for a new owner names conversations and actions without their confidential text", async () => {
    const marker = 'CONFIDENTIAL-MARKER-91c4';
    const [{ id: nf }] = await server.owner.query(`SELECT id FROM district WHERE slug = 'northfield'`);
    const [teacher] = await server.owner.query(
      `SELECT id FROM staff_member WHERE district_id = $1 AND email = 'teacher@northfield.example'`,
      [nf],
    );
    await server.owner.query(
      `UPDATE conversation_session SET notes = $2, check_in = $2, check_out = $2 WHERE district_id = $1`,
      [nf, marker],
    );
    await server.owner.query(`UPDATE reflection_answer SET answer = $2 WHERE district_id = $1`, [nf, marker]);
    // An action's description is not copied either: it is named by its due date.
    await server.owner.query(
      `UPDATE action_item SET description = $3 WHERE district_id = $1 AND owner_id = $2 AND status IN ('OPEN', 'IN_PROGRESS')`,
      [nf, teacher.id, marker],
    );
    const [{ n: open }] = await server.owner.query(
      `SELECT count(*)::int AS n FROM action_item WHERE district_id = $1 AND owner_id = $2 AND status IN ('OPEN', 'IN_PROGRESS')`,
      [nf, teacher.id],
    );
    expect(open).toBeGreaterThan(0);
    // Throughline's own export, with the teacher marked as leaving.
    const files = await unzipText((await exportRoster(nfAdmin)).body);
    const users = files
      .get('users.csv')!
      .split(/\r?\n/)
      .map((line) =>
        line.includes('teacher@northfield.example') ? line.replace(/^([^,]*),active,/, '$1,tobedeleted,') : line,
      )
      .join('\r\n');
    expect(users).toContain(',tobedeleted,');
    const ri = await preview(await zipOf({ ...Object.fromEntries(files), 'users.csv': users }), nfAdmin);
    expect(ri.status).toBe('PREVIEW_READY');
    expect(ri.preview.workToHandOver).toBeGreaterThanOrEqual(open);
    const flagged = await allChanges(ri.id, { action: 'HANDOVER' }, nfAdmin);
    expect(flagged.nodes.filter((c) => c.entity === 'ACTION')).toHaveLength(open);
    expect(JSON.stringify((await allChanges(ri.id, {}, nfAdmin)).nodes)).not.toContain(marker);
    expect(JSON.stringify(ri)).not.toContain(marker);
    ok(
      await server.gql(
        `mutation($i: RosterImportIdInput!) { rosterImportDiscard(input: $i) { rosterImport { status } } }`,
        { i: { id: ri.id } },
        nfAdmin,
      ),
    );
  });
});
