/**
 * Bad input is refused cleanly and writes nothing (audit included); optimistic versions and audit events work.
 *
 * The tests of this file run in order and share one server: the refusals and the pagination run first, on the
 * untouched demo data; the successful mutations come after.
 */
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';

let server: TestServer;
let admin: string;
let operator: string;

/** Raw uuids of the demo records the tests act on. */
const raw = {
  northfield: '',
  southbrook: '',
  adminStaff: '',
  adminAssignment: '',
  teacherStaff: '',
  lincoln: '',
  southbrookSchool: '',
  southbrookStaff: '',
  southbrookAssignment: '',
  operator: '',
};
const gid = {
  northfield: () => toGlobalId('District', raw.northfield),
  adminStaff: () => toGlobalId('StaffMember', raw.adminStaff),
  adminAssignment: () => toGlobalId('RoleAssignment', raw.adminAssignment),
  teacherStaff: () => toGlobalId('StaffMember', raw.teacherStaff),
  lincoln: () => toGlobalId('School', raw.lincoln),
};

const M = {
  districtCreate: `mutation($input: DistrictCreateInput!) {
    districtCreate(input: $input) { district { id name slug timezone academicYearStartMonth version } } }`,
  districtUpdate: `mutation($input: DistrictUpdateInput!) {
    districtUpdate(input: $input) { district { id name timezone academicYearStartMonth status version } } }`,
  schoolCreate: `mutation($input: SchoolCreateInput!) {
    schoolCreate(input: $input) { school { id name code gradeLow gradeHigh version } } }`,
  schoolUpdate: `mutation($input: SchoolUpdateInput!) {
    schoolUpdate(input: $input) { school { id name code gradeLow gradeHigh status version } } }`,
  staffMemberCreate: `mutation($input: StaffMemberCreateInput!) {
    staffMemberCreate(input: $input) { staffMember { id email givenName familyName title version active } } }`,
  staffMemberUpdate: `mutation($input: StaffMemberUpdateInput!) {
    staffMemberUpdate(input: $input) { staffMember { id email givenName familyName title version } } }`,
  staffMemberDeactivate: `mutation($input: StaffMemberActivationInput!) {
    staffMemberDeactivate(input: $input) { staffMember { id active version } } }`,
  staffMemberReactivate: `mutation($input: StaffMemberActivationInput!) {
    staffMemberReactivate(input: $input) { staffMember { id active version } } }`,
  staffMemberSetPassword: `mutation($input: StaffMemberSetPasswordInput!) {
    staffMemberSetPassword(input: $input) { staffMember { id } } }`,
  roleAssignmentCreate: `mutation($input: RoleAssignmentCreateInput!) {
    roleAssignmentCreate(input: $input) { roleAssignment { id role scope school { id } staffMember { id } } } }`,
  roleAssignmentDelete: `mutation($input: RoleAssignmentDeleteInput!) {
    roleAssignmentDelete(input: $input) { deletedId } }`,
} as const;
type MutationName = keyof typeof M;

// ---------------------------------------------------------------------------------------------------------------
// What was written: every table, counted and digested, straight from the database (the owner bypasses the API).

const TABLES = [
  'district',
  'school',
  'staff_member',
  'credential',
  'role_assignment',
  'refresh_token',
  'audit_event',
  'platform_operator',
  'operator_refresh_token',
] as const;

interface Snapshot {
  counts: Record<string, number>;
  digests: Record<string, string>;
}

async function snapshot(): Promise<Snapshot> {
  const rows: { t: string; n: number; h: string }[] = await server.owner.query(
    TABLES.map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::int AS n,
                md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY row_to_json(x)::text), '')) AS h
           FROM ${t} x`,
    ).join(' UNION ALL '),
  );
  return {
    counts: Object.fromEntries(rows.map((r) => [r.t, r.n])),
    digests: Object.fromEntries(rows.map((r) => [r.t, r.h])),
  };
}

async function count(table: string): Promise<number> {
  const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

interface AuditRow {
  id: string;
  district_id: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  fields: string[];
  text: string;
}

async function auditIds(): Promise<Set<string>> {
  const rows: { id: string }[] = await server.owner.query('SELECT id FROM audit_event');
  return new Set(rows.map((r) => r.id));
}

/** Runs `work` and returns the audit rows it added, each with the text of the whole row. */
async function newAudit<T>(work: () => Promise<T>): Promise<{ result: T; rows: AuditRow[] }> {
  const before = await auditIds();
  const result = await work();
  const rows: AuditRow[] = await server.owner.query(
    `SELECT a.id, a.district_id, a.actor_kind, a.actor_id, a.action, a.entity_type, a.entity_id, a.fields,
            row_to_json(a)::text AS text
       FROM audit_event a ORDER BY a.occurred_at, a.action`,
  );
  return { result, rows: rows.filter((r) => !before.has(r.id)) };
}

// ---------------------------------------------------------------------------------------------------------------
// What an error may say: a code from our list, field names, plain messages; nothing of the server.

const LEAK =
  /\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b|constraint|violat|duplicate key|_key\b|_fkey|_check\b|relation "|column "|syntax error|QueryFailed|typeorm|postgres|node_modules|\.ts:\d+|\bat \w+ \(/i;
const allErrors: NonNullable<GraphQLResponse['errors']> = [];

function expectNoLeak(res: GraphQLResponse): void {
  for (const error of res.errors ?? []) {
    allErrors.push(error);
    expect(error.extensions?.code).toEqual(expect.any(String));
    expect(error.extensions).not.toHaveProperty('stacktrace');
    expect(error.extensions).not.toHaveProperty('exception');
    expect(error.extensions).not.toHaveProperty('validationErrors');
    expect(error.message).not.toMatch(LEAK);
    for (const f of error.extensions?.fields ?? []) expect(f.message).not.toMatch(LEAK);
  }
}

/** Asserts a BAD_USER_INPUT naming exactly `fields`, and that the database is exactly as it was. */
async function expectRefused(
  mutation: MutationName,
  input: Record<string, unknown>,
  token: string,
  fields: string[],
): Promise<GraphQLResponse> {
  const before = await snapshot();
  const res = await server.gql(M[mutation], { input }, token);
  expectNoLeak(res);
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect({ code: error.extensions?.code, path: error.path }).toEqual({ code: 'BAD_USER_INPUT', path: [mutation] });
  const named = error.extensions?.fields;
  expect(Array.isArray(named)).toBe(true);
  expect(named!.map((f) => f.field).sort()).toEqual([...fields].sort());
  for (const f of named!) {
    expect(Object.keys(f).sort()).toEqual(['field', 'message']);
    expect(f.message).toEqual(expect.stringMatching(/\S/));
  }
  expect(res.data ?? null).toBeNull();
  const after = await snapshot();
  expect(after.counts).toEqual(before.counts);
  expect(after.digests).toEqual(before.digests);
  return res;
}

/** Asserts an error of `code` (not BAD_USER_INPUT) and that nothing was written. */
async function expectErrorCode(
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
  code: string | string[],
): Promise<GraphQLResponse> {
  const before = await snapshot();
  const res = await server.gql(query, variables, token);
  expectNoLeak(res);
  expect(res.errors?.length).toBeGreaterThan(0);
  expect([code].flat()).toContain(codeOf(res));
  const after = await snapshot();
  expect(after.counts).toEqual(before.counts);
  expect(after.digests).toEqual(before.digests);
  return res;
}

async function versionOf(table: 'district' | 'school' | 'staff_member', id: string): Promise<number> {
  const [{ version }] = await server.owner.query(`SELECT version FROM ${table} WHERE id = $1`, [id]);
  return version;
}

function rawIdOf(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
}

const long = (n: number) => 'x'.repeat(n);

beforeAll(async () => {
  server = await startTestServer();
  admin = (await server.signIn('admin@northfield.example')).accessToken;
  operator = (await server.signIn('operator@throughline.example')).accessToken;
  const one = async (sql: string, params: unknown[] = []): Promise<string> =>
    (await server.owner.query(sql, params))[0].id;
  raw.northfield = await one(`SELECT id FROM district WHERE slug = 'northfield'`);
  raw.southbrook = await one(`SELECT id FROM district WHERE slug = 'southbrook'`);
  raw.adminStaff = await one(`SELECT id FROM staff_member WHERE email = 'admin@northfield.example'`);
  raw.teacherStaff = await one(`SELECT id FROM staff_member WHERE email = 'teacher@northfield.example'`);
  raw.southbrookStaff = await one(`SELECT id FROM staff_member WHERE email = 'kmensah@southbrook.example'`);
  raw.adminAssignment = await one(
    `SELECT id FROM role_assignment WHERE staff_member_id = $1 AND role = 'DISTRICT_ADMIN'`,
    [raw.adminStaff],
  );
  raw.southbrookAssignment = await one(`SELECT id FROM role_assignment WHERE staff_member_id = $1`, [
    raw.southbrookStaff,
  ]);
  raw.lincoln = await one(`SELECT id FROM school WHERE code = 'NF-LMS'`);
  raw.southbrookSchool = await one(`SELECT id FROM school WHERE code = 'SB-CRE'`);
  raw.operator = await one(`SELECT id FROM platform_operator WHERE email = 'operator@throughline.example'`);
});
afterAll(() => server.close());

// ---------------------------------------------------------------------------------------------------------------

it('the owner connection sees every row of every district (so the snapshots below prove something)', async () => {
  const { counts } = await snapshot();
  expect(counts).toMatchObject({ district: 2, school: 7, staff_member: 27, role_assignment: 29, platform_operator: 1 });
  expect(counts.credential).toBeGreaterThan(0);
  expect(counts.refresh_token).toBeGreaterThan(0);
});

describe('bad input is refused with BAD_USER_INPUT naming exactly the offending fields, and writes nothing', () => {
  describe('districtCreate (platform operator)', () => {
    const valid = () => ({
      name: 'Westlake Public Schools',
      timezone: 'America/Denver',
      academicYearStartMonth: 8,
      firstAdmin: {
        givenName: 'Wendy',
        familyName: 'Larsen',
        email: 'admin@westlake.example',
        password: 'a-long-enough-password',
      },
    });
    const cases: [string, (i: ReturnType<typeof valid>) => unknown, string[]][] = [
      ['an empty name', (i) => (i.name = ''), ['name']],
      ['a blank name', (i) => (i.name = '   '), ['name']],
      ['a name over 120 characters', (i) => (i.name = long(121)), ['name']],
      ['a malformed slug', (i) => Object.assign(i, { slug: 'not a slug!' }), ['slug']],
      ['the slug of an existing district', (i) => Object.assign(i, { slug: 'northfield' }), ['slug']],
      ['a name whose derived slug is taken', (i) => (i.name = 'Northfield'), ['slug']],
      ['an unknown time zone', (i) => (i.timezone = 'Mars/Olympus_Mons'), ['timezone']],
      ['an empty time zone', (i) => (i.timezone = ''), ['timezone']],
      ['month 13', (i) => (i.academicYearStartMonth = 13), ['academicYearStartMonth']],
      ['month 0', (i) => (i.academicYearStartMonth = 0), ['academicYearStartMonth']],
      ['a malformed admin email', (i) => (i.firstAdmin.email = 'not-an-email'), ['firstAdmin.email']],
      ['an admin password of 11 characters', (i) => (i.firstAdmin.password = long(11)), ['firstAdmin.password']],
      [
        'empty admin names',
        (i) => Object.assign(i.firstAdmin, { givenName: '', familyName: ' ' }),
        ['firstAdmin.givenName', 'firstAdmin.familyName'],
      ],
      [
        'everything wrong at once',
        (i) =>
          Object.assign(i, {
            name: '',
            timezone: 'Nowhere',
            academicYearStartMonth: 13,
            firstAdmin: { givenName: '', familyName: '', email: 'x@', password: 'short' },
          }),
        [
          'name',
          'timezone',
          'academicYearStartMonth',
          'firstAdmin.givenName',
          'firstAdmin.familyName',
          'firstAdmin.email',
          'firstAdmin.password',
        ],
      ],
    ];
    it.each(cases)('%s', async (_label, change, fields) => {
      const input = valid();
      change(input);
      await expectRefused('districtCreate', input, operator, fields);
    });
  });

  describe('districtUpdate (district admin)', () => {
    const base = async () => ({ id: gid.northfield(), version: await versionOf('district', raw.northfield) });
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an empty name', { name: '' }, ['name']],
      ['a cleared name', { name: null }, ['name']],
      ['a name over 120 characters', { name: long(121) }, ['name']],
      ['an unknown time zone', { timezone: 'Europe/Atlantis' }, ['timezone']],
      ['month 13', { academicYearStartMonth: 13 }, ['academicYearStartMonth']],
      ['a status change by a district admin', { status: 'SUSPENDED' }, ['status']],
      [
        'everything wrong at once',
        { name: ' ', timezone: 'Nowhere', academicYearStartMonth: -1, status: 'SUSPENDED' },
        ['name', 'timezone', 'academicYearStartMonth', 'status'],
      ],
    ];
    it.each(cases)('%s', async (_label, patch, fields) => {
      await expectRefused('districtUpdate', { ...(await base()), ...patch }, admin, fields);
    });
  });

  describe('schoolCreate', () => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an empty name and an empty code, both at once', { name: '', code: '' }, ['name', 'code']],
      ['a name over 120 characters', { name: long(121), code: 'NF-NEW' }, ['name']],
      ['a code over 40 characters', { name: 'New School', code: long(41) }, ['code']],
      ['gradeLow above gradeHigh', { name: 'New School', code: 'NF-NEW', gradeLow: 5, gradeHigh: 3 }, ['gradeHigh']],
      ['a grade below pre-K', { name: 'New School', code: 'NF-NEW', gradeLow: -2 }, ['gradeLow']],
      ['a grade above 12', { name: 'New School', code: 'NF-NEW', gradeHigh: 13 }, ['gradeHigh']],
      ['the code of another school in the district', { name: 'Lincoln Again', code: 'NF-LMS' }, ['code']],
      [
        'both grades out of range (each named once)',
        { name: 'New School', code: 'NF-NEW', gradeLow: 13, gradeHigh: -2 },
        ['gradeLow', 'gradeHigh'],
      ],
      [
        'everything wrong at once',
        { name: ' ', code: long(41), gradeLow: -2, gradeHigh: 13 },
        ['name', 'code', 'gradeLow', 'gradeHigh'],
      ],
    ];
    it.each(cases)('%s', async (_label, input, fields) => {
      await expectRefused('schoolCreate', input, admin, fields);
    });
  });

  describe('variables graphql-js refuses before any resolver (wrong type, missing or unknown field)', () => {
    const MARK = 'VARIABLE-MARKER-7Q2';
    const cases: [string, Record<string, unknown>, string][] = [
      ['a missing required field', { code: MARK }, 'input.name'],
      ['a number where a string goes', { name: 5, code: MARK }, 'input.name'],
      ['a field the input does not have', { name: 'New School', code: 'NF-NEW', motto: MARK }, 'input.motto'],
    ];
    it.each(cases)(
      '%s: BAD_USER_INPUT naming the field, without echoing the value, nothing written',
      async (_l, input, field) => {
        const before = await snapshot();
        const res = await server.gql(M.schoolCreate, { input }, admin);
        expect(res.errors).toHaveLength(1);
        const [error] = res.errors!;
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.extensions?.fields).toEqual([{ field, message: expect.stringMatching(/\S/) }]);
        expect(JSON.stringify(res)).not.toContain(MARK);
        expect(await snapshot()).toEqual(before);
      },
    );
  });

  describe('schoolUpdate (Lincoln Middle School, grades 6-8)', () => {
    const base = async () => ({ id: gid.lincoln(), version: await versionOf('school', raw.lincoln) });
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an empty name', { name: '' }, ['name']],
      ['a cleared name', { name: null }, ['name']],
      ['a code over 40 characters', { code: long(41) }, ['code']],
      ['the code of another school in the district', { code: 'NF-MGE' }, ['code']],
      ['gradeLow above the stored gradeHigh', { gradeLow: 9 }, ['gradeHigh']],
      ['gradeHigh below the stored gradeLow', { gradeHigh: 5 }, ['gradeHigh']],
      ['gradeLow above gradeHigh, both given', { gradeLow: 4, gradeHigh: 2 }, ['gradeHigh']],
      ['everything wrong at once', { name: '', code: '', gradeLow: -2 }, ['name', 'code', 'gradeLow']],
    ];
    it.each(cases)('%s', async (_label, patch, fields) => {
      await expectRefused('schoolUpdate', { ...(await base()), ...patch }, admin, fields);
    });
  });

  describe('staffMemberCreate', () => {
    const valid = { givenName: 'Iris', familyName: 'Novak', email: 'inovak@northfield.example' };
    const cases: [string, Record<string, unknown>, string[]][] = [
      [
        'empty names and email, all at once',
        { givenName: '', familyName: '', email: '' },
        ['givenName', 'familyName', 'email'],
      ],
      ['a malformed email', { email: 'inovak-at-northfield' }, ['email']],
      ['an email without a domain dot', { email: 'inovak@northfield' }, ['email']],
      ['the email of another person, in other case', { email: 'ADMIN@Northfield.EXAMPLE' }, ['email']],
      ['a password of 11 characters', { password: 'elevenchars' }, ['password']],
      ['a title over 200 characters', { title: long(201) }, ['title']],
      ['a roster id over 40 characters', { rosterId: long(41) }, ['rosterId']],
      [
        'everything wrong at once',
        { givenName: ' ', familyName: long(121), email: 'nope', password: 'short', title: long(201) },
        ['givenName', 'familyName', 'email', 'password', 'title'],
      ],
    ];
    it.each(cases)('%s', async (_label, patch, fields) => {
      await expectRefused('staffMemberCreate', { ...valid, ...patch }, admin, fields);
    });
  });

  describe('staffMemberUpdate (a teacher)', () => {
    const base = async () => ({ id: gid.teacherStaff(), version: await versionOf('staff_member', raw.teacherStaff) });
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an empty given name', { givenName: '' }, ['givenName']],
      ['a cleared family name', { familyName: null }, ['familyName']],
      ['a malformed email', { email: 'sam.ortiz' }, ['email']],
      ['a cleared email', { email: null }, ['email']],
      ['the email of another person, in other case', { email: 'Coach@NORTHFIELD.example' }, ['email']],
      ['a title over 200 characters', { title: long(201) }, ['title']],
      [
        'everything wrong at once',
        { givenName: '', familyName: '', email: 'x', title: long(201), rosterId: long(41) },
        ['givenName', 'familyName', 'email', 'title', 'rosterId'],
      ],
    ];
    it.each(cases)('%s', async (_label, patch, fields) => {
      await expectRefused('staffMemberUpdate', { ...(await base()), ...patch }, admin, fields);
    });
  });

  it('staffMemberDeactivate: deactivating yourself names id', async () => {
    const input = { id: gid.adminStaff(), version: await versionOf('staff_member', raw.adminStaff) };
    await expectRefused('staffMemberDeactivate', input, admin, ['id']);
  });

  describe('staffMemberSetPassword', () => {
    it.each([
      ['an empty password', ''],
      ['a password of 11 characters', 'elevenchars'],
      ['a password over 200 characters', long(201)],
    ])('%s names password', async (_label, password) => {
      await expectRefused('staffMemberSetPassword', { id: gid.teacherStaff(), password }, admin, ['password']);
    });
  });

  describe('roleAssignmentCreate', () => {
    const cases: [string, () => Record<string, unknown>, string[]][] = [
      ['a TEACHER without a school', () => ({ staffMemberId: gid.adminStaff(), role: 'TEACHER' }), ['schoolId']],
      [
        'a DISTRICT_ADMIN with a school',
        () => ({ staffMemberId: gid.teacherStaff(), role: 'DISTRICT_ADMIN', schoolId: gid.lincoln() }),
        ['schoolId'],
      ],
      [
        'a duplicate of an existing assignment',
        () => ({ staffMemberId: gid.teacherStaff(), role: 'TEACHER', schoolId: gid.lincoln() }),
        ['role'],
      ],
      [
        'a duplicate district-wide assignment',
        () => ({ staffMemberId: gid.adminStaff(), role: 'DISTRICT_ADMIN' }),
        ['role'],
      ],
      ['a malformed staffMemberId', () => ({ staffMemberId: 'not-an-id', role: 'COACH' }), ['staffMemberId']],
      [
        'a malformed schoolId',
        () => ({ staffMemberId: gid.teacherStaff(), role: 'COACH', schoolId: '%%%' }),
        ['schoolId'],
      ],
      [
        'ids of the wrong type, both at once',
        () => ({ staffMemberId: gid.lincoln(), role: 'COACH', schoolId: gid.teacherStaff() }),
        ['staffMemberId', 'schoolId'],
      ],
      [
        'a person of another district',
        () => ({ staffMemberId: toGlobalId('StaffMember', raw.southbrookStaff), role: 'COACH' }),
        ['staffMemberId'],
      ],
      [
        'a school of another district',
        () => ({
          staffMemberId: gid.teacherStaff(),
          role: 'COACH',
          schoolId: toGlobalId('School', raw.southbrookSchool),
        }),
        ['schoolId'],
      ],
    ];
    it.each(cases)('%s', async (_label, input, fields) => {
      await expectRefused('roleAssignmentCreate', input(), admin, fields);
    });
  });

  it("roleAssignmentDelete: removing the district's last admin assignment names id", async () => {
    await expectRefused('roleAssignmentDelete', { id: gid.adminAssignment() }, admin, ['id']);
  });

  describe('the id of the record acted on: malformed, or of another district, is NOT_FOUND and writes nothing', () => {
    const bad = ['not-an-id', toGlobalId('School', '00000000-0000-4000-8000-000000000000')];
    const cases: [MutationName, (id: string) => Record<string, unknown>][] = [
      ['districtUpdate', (id) => ({ id, version: 1, name: 'X' })],
      ['schoolUpdate', (id) => ({ id, version: 1, name: 'X' })],
      ['staffMemberUpdate', (id) => ({ id, version: 1, givenName: 'X' })],
      ['staffMemberDeactivate', (id) => ({ id, version: 1 })],
      ['staffMemberReactivate', (id) => ({ id, version: 1 })],
      ['staffMemberSetPassword', (id) => ({ id, password: 'a-long-enough-password' })],
      ['roleAssignmentDelete', (id) => ({ id })],
    ];
    it.each(cases)('%s', async (mutation, input) => {
      for (const id of bad) await expectErrorCode(M[mutation], { input: input(id) }, admin, 'NOT_FOUND');
      const other: Record<string, string> = {
        districtUpdate: toGlobalId('District', raw.southbrook),
        schoolUpdate: toGlobalId('School', raw.southbrookSchool),
        roleAssignmentDelete: toGlobalId('RoleAssignment', raw.southbrookAssignment),
      };
      await expectErrorCode(
        M[mutation],
        { input: input(other[mutation] ?? toGlobalId('StaffMember', raw.southbrookStaff)) },
        admin,
        'NOT_FOUND',
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('GraphQL-level type errors are refused before any resolver runs, and write nothing', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    [
      'a required input field missing (literal)',
      `mutation { schoolCreate(input: { name: "A" }) { school { id } } }`,
      {},
    ],
    ['a required input field missing (variables)', M.schoolCreate, { input: { name: 'A' } }],
    [
      'a string for an Int (literal)',
      `mutation { schoolCreate(input: { name: "A", code: "NF-A", gradeLow: "one" }) { school { id } } }`,
      {},
    ],
    ['a string for an Int (variables)', M.schoolCreate, { input: { name: 'A', code: 'NF-A', gradeLow: 'one' } }],
    ['a fraction for an Int', M.schoolUpdate, { input: { id: 'x', version: 1.5 } }],
    ['a number for a String', M.staffMemberCreate, { input: { givenName: 1, familyName: 'B', email: 'b@c.de' } }],
    ['an unknown enum value', M.roleAssignmentCreate, { input: { staffMemberId: 'x', role: 'JANITOR' } }],
    ['an unknown input field', M.districtUpdate, { input: { id: 'x', version: 1, colour: 'red' } }],
    ['no input at all', M.staffMemberReactivate, {}],
    ['a null required field', M.staffMemberReactivate, { input: { id: null, version: 1 } }],
    ['a string version for staffMemberReactivate', M.staffMemberReactivate, { input: { id: 'x', version: 'one' } }],
  ];
  it.each(cases)('%s', async (_label, query, variables) => {
    const res = await expectErrorCode(query, variables, admin, ['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']);
    expect(res.data ?? null).toBeNull();
  });

  it('as the operator too (districtCreate without firstAdmin)', async () => {
    await expectErrorCode(M.districtCreate, { input: { name: 'Nowhere', timezone: 'UTC' } }, operator, [
      'BAD_USER_INPUT',
      'GRAPHQL_VALIDATION_FAILED',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('pagination arguments', () => {
  const SCHOOLS = `query($first: Int, $after: String, $last: Int, $before: String) {
    schools(first: $first, after: $after, last: $last, before: $before) {
      totalCount
      edges { cursor node { name } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    } }`;
  const NAMES = ['Lincoln Middle School', 'Maple Grove Elementary', 'Northfield High School', 'Riverside Elementary'];

  async function refusedArgument(variables: Record<string, unknown>, field: string) {
    const res = await server.gql(SCHOOLS, variables, admin);
    expectNoLeak(res);
    expect(res.errors).toHaveLength(1);
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions?.fields?.map((f) => f.field)).toEqual([field]);
  }

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ first: 2, last: 2 }, 'last'],
    [{ first: 2, after: 'garbage' }, 'after'],
    [{ first: 2, after: Buffer.from('["a"]').toString('base64url') }, 'after'],
    [{ first: 2, after: Buffer.from('["a","not-a-uuid"]').toString('base64url') }, 'after'],
    [{ last: 2, before: '!!!' }, 'before'],
  ])('%j is BAD_USER_INPUT naming %s', async (variables, field) => {
    await refusedArgument(variables, field);
  });

  it('a cursor whose value is not a timestamp, on a list sorted by time, is BAD_USER_INPUT naming after', async () => {
    const cursor = Buffer.from(JSON.stringify(['not a time', '00000000-0000-4000-8000-000000000000'])).toString(
      'base64url',
    );
    for (const query of [
      `query($after: String) { schools(first: 2, after: $after, orderBy: { field: CREATED_AT }) { totalCount } }`,
      `query($after: String) { auditEvents(first: 2, after: $after) { totalCount } }`,
    ]) {
      const res = await server.gql(query, { after: cursor }, admin);
      expectNoLeak(res);
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.fields?.map((f) => f.field)).toEqual(['after']);
    }
  });

  it('paging by creation time with real cursors walks every school once', async () => {
    const query = `query($after: String) { schools(first: 3, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) { edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`;
    const first = ok(await server.gql(query, {}, admin)).schools;
    const second = ok(await server.gql(query, { after: first.pageInfo.endCursor }, admin)).schools;
    const codes = [...first.edges, ...second.edges].map((e: any) => e.node.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(second.pageInfo.hasNextPage).toBe(false);
  });

  it('first 100 is allowed', async () => {
    expect(ok(await server.gql(SCHOOLS, { first: 100 }, admin)).schools.edges).toHaveLength(4);
  });

  it('pages forward with first/after through every school exactly once, in name order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { schools }: any = ok(await server.gql(SCHOOLS, { first: 2, after }, admin));
      expect(schools.totalCount).toBe(4);
      seen.push(...schools.edges.map((e: any) => e.node.name));
      expect(schools.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!schools.pageInfo.hasNextPage) break;
      after = schools.pageInfo.endCursor;
    }
    expect(seen).toEqual(NAMES);

    const { schools: past }: any = ok(await server.gql(SCHOOLS, { first: 2, after: after }, admin));
    expect(past.edges.map((e: any) => e.node.name)).toEqual(NAMES.slice(2));
    const end = past.pageInfo.endCursor;
    const { schools: beyond }: any = ok(await server.gql(SCHOOLS, { first: 2, after: end }, admin));
    expect(beyond.edges).toEqual([]);
    expect(beyond.pageInfo.hasNextPage).toBe(false);
    expect(beyond.totalCount).toBe(4);
  });

  it('pages backward with last/before, each page still in name order', async () => {
    const { schools: tail }: any = ok(await server.gql(SCHOOLS, { last: 2 }, admin));
    expect(tail.totalCount).toBe(4);
    expect(tail.edges.map((e: any) => e.node.name)).toEqual(NAMES.slice(2));
    expect(tail.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });

    const { schools: head }: any = ok(await server.gql(SCHOOLS, { last: 2, before: tail.pageInfo.startCursor }, admin));
    expect(head.totalCount).toBe(4);
    expect(head.edges.map((e: any) => e.node.name)).toEqual(NAMES.slice(0, 2));
    expect(head.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });

    const { schools: one }: any = ok(await server.gql(SCHOOLS, { last: 1, before: tail.pageInfo.endCursor }, admin));
    expect(one.edges.map((e: any) => e.node.name)).toEqual([NAMES[2]]);
    expect(one.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    // Forward cursors and backward cursors are the same cursors.
    const { schools: fwd }: any = ok(await server.gql(SCHOOLS, { first: 1, after: head.pageInfo.endCursor }, admin));
    expect(fwd.edges.map((e: any) => e.node.name)).toEqual([NAMES[2]]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('optimistic versions', () => {
  it('schoolUpdate: the current version succeeds and returns version+1; the old one is a CONFLICT', async () => {
    const v = await versionOf('school', raw.lincoln);
    const { school } = ok(
      await server.gql(M.schoolUpdate, { input: { id: gid.lincoln(), version: v, name: 'Lincoln Middle' } }, admin),
    ).schoolUpdate;
    expect(school).toMatchObject({ name: 'Lincoln Middle', version: v + 1 });
    const row = await server.owner.query(`SELECT * FROM school WHERE id = $1`, [raw.lincoln]);
    const auditBefore = await count('audit_event');
    const res = await expectErrorCode(
      M.schoolUpdate,
      { input: { id: gid.lincoln(), version: v, name: 'Stale Lincoln' } },
      admin,
      'CONFLICT',
    );
    expect(res.data ?? null).toBeNull();
    expect(await server.owner.query(`SELECT * FROM school WHERE id = $1`, [raw.lincoln])).toEqual(row);
    expect(row[0]).toMatchObject({ name: 'Lincoln Middle', version: v + 1 });
    expect(await count('audit_event')).toBe(auditBefore);
  });

  it('staffMemberUpdate: the same', async () => {
    const v = await versionOf('staff_member', raw.teacherStaff);
    const input = { id: gid.teacherStaff(), version: v, title: 'Grade 7 and 8 Mathematics Teacher' };
    const { staffMember } = ok(await server.gql(M.staffMemberUpdate, { input }, admin)).staffMemberUpdate;
    expect(staffMember).toMatchObject({ title: input.title, version: v + 1 });
    const row = await server.owner.query(`SELECT * FROM staff_member WHERE id = $1`, [raw.teacherStaff]);
    await expectErrorCode(M.staffMemberUpdate, { input: { ...input, title: 'Stale' } }, admin, 'CONFLICT');
    expect(await server.owner.query(`SELECT * FROM staff_member WHERE id = $1`, [raw.teacherStaff])).toEqual(row);
    expect(row[0]).toMatchObject({ title: input.title, version: v + 1 });
  });

  it('districtUpdate: the same', async () => {
    const v = await versionOf('district', raw.northfield);
    const input = { id: gid.northfield(), version: v, academicYearStartMonth: 9 };
    const { district } = ok(await server.gql(M.districtUpdate, { input }, admin)).districtUpdate;
    expect(district).toMatchObject({ academicYearStartMonth: 9, version: v + 1 });
    const row = await server.owner.query(`SELECT * FROM district WHERE id = $1`, [raw.northfield]);
    await expectErrorCode(M.districtUpdate, { input: { ...input, academicYearStartMonth: 7 } }, admin, 'CONFLICT');
    expect(await server.owner.query(`SELECT * FROM district WHERE id = $1`, [raw.northfield])).toEqual(row);
    expect(row[0]).toMatchObject({ academic_year_start_month: 9, version: v + 1 });
  });

  it('a version from the future is a CONFLICT too', async () => {
    const v = await versionOf('school', raw.lincoln);
    await expectErrorCode(
      M.schoolUpdate,
      { input: { id: gid.lincoln(), version: v + 1, name: 'X' } },
      admin,
      'CONFLICT',
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('audit events', () => {
  const PASSWORD = 'Correct-Horse-Battery-42';
  let schoolId = '';
  let staffId = '';
  let assignmentId = '';

  /** One audit row by the Northfield admin, in Northfield, about the entity. */
  function expectStaffAudit(rows: AuditRow[], action: string, entityType: string, entityId: string, fields: string[]) {
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      district_id: raw.northfield,
      actor_kind: 'STAFF',
      actor_id: raw.adminStaff,
      action,
      entity_type: entityType,
      entity_id: entityId,
    });
    expect([...rows[0].fields].sort()).toEqual([...fields].sort());
  }

  /** The whole row as text: no secret, no value, no 'password' (the action name setPassword has a capital P). */
  function expectNoSecrets(rows: AuditRow[], secrets: string[]) {
    for (const row of rows) {
      expect(row.text).not.toContain('password');
      expect(row.text).not.toMatch(/scrypt/i);
      for (const secret of secrets) expect(row.text).not.toContain(secret);
      for (const f of row.fields) expect(f).not.toMatch(/password|hash|secret|token/i);
    }
  }

  it('schoolCreate writes one school.create event listing the fields set', async () => {
    const input = { name: 'Oak Hollow Academy', code: 'NF-OHA', gradeLow: 0, gradeHigh: 8 };
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.schoolCreate, { input }, admin)));
    schoolId = result.schoolCreate.school.id;
    expect(result.schoolCreate.school).toMatchObject({ ...input, version: 1 });
    expectStaffAudit(rows, 'school.create', 'School', rawIdOf(schoolId), ['code', 'gradeHigh', 'gradeLow', 'name']);
    expectNoSecrets(rows, ['Oak Hollow', 'NF-OHA']);
  });

  it('schoolUpdate writes one school.update event listing only the changed fields', async () => {
    const input = { id: schoolId, version: 1, gradeHigh: 9 };
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.schoolUpdate, { input }, admin)));
    expect(result.schoolUpdate.school).toMatchObject({ gradeLow: 0, gradeHigh: 9, version: 2 });
    expectStaffAudit(rows, 'school.update', 'School', rawIdOf(schoolId), ['gradeHigh']);
  });

  it('staffMemberCreate with a password writes one event, with neither the password nor any value', async () => {
    const input = {
      givenName: 'Quentin',
      familyName: 'Abernathy',
      email: 'qabernathy@northfield.example',
      title: 'Grade 4 Teacher',
      password: PASSWORD,
    };
    const credentialsBefore = await count('credential');
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.staffMemberCreate, { input }, admin)));
    staffId = result.staffMemberCreate.staffMember.id;
    expect(await count('credential')).toBe(credentialsBefore + 1);
    // The fields the person was created with: those given, perhaps with the optional ones left empty.
    expectStaffAudit(rows, 'staffMember.create', 'StaffMember', rawIdOf(staffId), rows[0]?.fields ?? []);
    expect(rows[0].fields).toEqual(expect.arrayContaining(['email', 'familyName', 'givenName', 'title']));
    for (const f of rows[0].fields) expect(['email', 'familyName', 'givenName', 'rosterId', 'title']).toContain(f);
    const [{ password_hash: hash }] = await server.owner.query(
      `SELECT password_hash FROM credential WHERE staff_member_id = $1`,
      [rawIdOf(staffId)],
    );
    expectNoSecrets(rows, [
      PASSWORD,
      hash,
      ...hash.split('$').slice(4),
      'Quentin',
      'Abernathy',
      'qabernathy',
      'Grade 4',
    ]);
    // ... and the new person can sign in with it.
    await server.signIn(input.email, PASSWORD);
  });

  it('staffMemberUpdate writes one staffMember.update event listing only the changed fields', async () => {
    const input = { id: staffId, version: 1, familyName: 'Abernathy-Cole', rosterId: 'R-1001' };
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.staffMemberUpdate, { input }, admin)));
    expect(result.staffMemberUpdate.staffMember.version).toBe(2);
    expectStaffAudit(rows, 'staffMember.update', 'StaffMember', rawIdOf(staffId), ['familyName', 'rosterId']);
    expectNoSecrets(rows, ['Abernathy', 'R-1001']);
  });

  it('staffMemberSetPassword writes one event, with neither the password nor its hash', async () => {
    const next = 'Another-Long-Passphrase-7';
    const { rows } = await newAudit(async () =>
      ok(await server.gql(M.staffMemberSetPassword, { input: { id: staffId, password: next } }, admin)),
    );
    expectStaffAudit(rows, 'staffMember.setPassword', 'StaffMember', rawIdOf(staffId), ['credential']);
    const [{ password_hash: hash }] = await server.owner.query(
      `SELECT password_hash FROM credential WHERE staff_member_id = $1`,
      [rawIdOf(staffId)],
    );
    expectNoSecrets(rows, [next, PASSWORD, hash, ...hash.split('$').slice(4)]);
    await server.signIn('qabernathy@northfield.example', next);
  });

  it('roleAssignmentCreate writes one roleAssignment.create event', async () => {
    const input = { staffMemberId: staffId, role: 'TEACHER', schoolId };
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.roleAssignmentCreate, { input }, admin)));
    assignmentId = result.roleAssignmentCreate.roleAssignment.id;
    expect(result.roleAssignmentCreate.roleAssignment).toMatchObject({
      role: 'TEACHER',
      scope: 'SCHOOL',
      school: { id: schoolId },
      staffMember: { id: staffId },
    });
    expectStaffAudit(rows, 'roleAssignment.create', 'RoleAssignment', rawIdOf(assignmentId), [
      'role',
      'schoolId',
      'staffMemberId',
    ]);
  });

  it('roleAssignmentDelete writes one roleAssignment.delete event', async () => {
    const { result, rows } = await newAudit(async () =>
      ok(await server.gql(M.roleAssignmentDelete, { input: { id: assignmentId } }, admin)),
    );
    expect(result.roleAssignmentDelete.deletedId).toBe(assignmentId);
    // Ended, not deleted: the row is kept with its end (db/effective-dated.ts).
    expect(
      await server.owner.query(`SELECT valid_to IS NOT NULL AS ended FROM role_assignment WHERE id = $1`, [
        rawIdOf(assignmentId),
      ]),
    ).toEqual([{ ended: true }]);
    expectStaffAudit(rows, 'roleAssignment.delete', 'RoleAssignment', rawIdOf(assignmentId), [
      'role',
      'schoolId',
      'staffMemberId',
    ]);
  });

  it('staffMemberDeactivate and staffMemberReactivate write one event each', async () => {
    let v = await versionOf('staff_member', rawIdOf(staffId));
    const off = await newAudit(async () =>
      ok(await server.gql(M.staffMemberDeactivate, { input: { id: staffId, version: v } }, admin)),
    );
    expect(off.result.staffMemberDeactivate.staffMember).toMatchObject({ active: false, version: v + 1 });
    expectStaffAudit(off.rows, 'staffMember.deactivate', 'StaffMember', rawIdOf(staffId), ['active']);

    v += 1;
    const on = await newAudit(async () =>
      ok(await server.gql(M.staffMemberReactivate, { input: { id: staffId, version: v } }, admin)),
    );
    expect(on.result.staffMemberReactivate.staffMember).toMatchObject({ active: true, version: v + 1 });
    expectStaffAudit(on.rows, 'staffMember.reactivate', 'StaffMember', rawIdOf(staffId), ['active']);

    // A stale version on either is a CONFLICT that writes nothing.
    await expectErrorCode(M.staffMemberDeactivate, { input: { id: staffId, version: v } }, admin, 'CONFLICT');
  });

  it('districtUpdate writes one district.update event in the district, listing only the changed fields', async () => {
    const v = await versionOf('district', raw.northfield);
    const input = { id: gid.northfield(), version: v, timezone: 'America/Denver' };
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.districtUpdate, { input }, admin)));
    expect(result.districtUpdate.district).toMatchObject({ timezone: 'America/Denver', version: v + 1 });
    expectStaffAudit(rows, 'district.update', 'District', raw.northfield, ['timezone']);
    expectNoSecrets(rows, ['America/Denver']);
  });

  it('districtCreate writes three events in the new district, by the operator, with no password or value', async () => {
    const input = {
      name: 'Westlake Public Schools',
      timezone: 'America/Los_Angeles',
      firstAdmin: {
        givenName: 'Wendy',
        familyName: 'Larsen',
        email: 'admin@westlake.example',
        password: PASSWORD,
      },
    };
    const { result, rows } = await newAudit(async () => ok(await server.gql(M.districtCreate, { input }, operator)));
    const district = result.districtCreate.district;
    expect(district).toMatchObject({ name: input.name, slug: 'westlake-public-schools', academicYearStartMonth: 8 });
    const districtId = rawIdOf(district.id);
    const [{ id: firstAdmin }] = await server.owner.query(`SELECT id FROM staff_member WHERE district_id = $1`, [
      districtId,
    ]);
    const [{ id: assignment }] = await server.owner.query(`SELECT id FROM role_assignment WHERE district_id = $1`, [
      districtId,
    ]);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({ district_id: districtId, actor_kind: 'OPERATOR', actor_id: raw.operator });
    }
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
    expect(Object.keys(byAction).sort()).toEqual(['district.create', 'roleAssignment.create', 'staffMember.create']);
    expect(byAction['district.create']).toMatchObject({ entity_type: 'District', entity_id: districtId });
    expect(byAction['staffMember.create']).toMatchObject({ entity_type: 'StaffMember', entity_id: firstAdmin });
    expect(byAction['staffMember.create'].fields.sort()).toEqual(['email', 'familyName', 'givenName']);
    expect(byAction['roleAssignment.create']).toMatchObject({ entity_type: 'RoleAssignment', entity_id: assignment });
    const [{ password_hash: hash }] = await server.owner.query(
      `SELECT password_hash FROM credential WHERE district_id = $1`,
      [districtId],
    );
    expectNoSecrets(rows, [PASSWORD, hash, ...hash.split('$').slice(4), 'Westlake', 'Wendy', 'Larsen', 'westlake']);
    // The new admin signs in with the first password.
    await server.signIn('admin@westlake.example', PASSWORD);
  });

  it('a failed mutation leaves zero new audit rows', async () => {
    const { rows } = await newAudit(() =>
      server.gql(M.schoolCreate, { input: { name: 'Oak Hollow Again', code: 'NF-OHA' } }, admin),
    );
    expect(rows).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('one operation, several mutations', () => {
  // Mutation fields are non-null, so one failure nulls `data` whole. Each second mutation below fails only
  // because the first one ran (a clash with what it wrote): the first was written, then rolled back.

  async function expectRolledBack(query: string, variables: Record<string, unknown>, failing: string, code: string) {
    const before = await snapshot();
    const res = await server.gql(query, variables, admin);
    expectNoLeak(res);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: [failing], extensions: { code } });
    const after = await snapshot();
    expect(after.counts).toEqual(before.counts);
    expect(after.digests).toEqual(before.digests);
    return res;
  }

  it('a school created, then a second one refused for clashing with it: neither is written', async () => {
    const res = await expectRolledBack(
      `mutation {
        first: schoolCreate(input: { name: "Birch Lane Elementary", code: "NF-BLE" }) { school { id } }
        second: schoolCreate(input: { name: "Birch Lane Annex", code: "NF-BLE" }) { school { id } }
      }`,
      {},
      'second',
      'BAD_USER_INPUT',
    );
    expect(res.errors![0].extensions?.fields?.map((f) => f.field)).toEqual(['code']);
    expect(await server.owner.query(`SELECT id FROM school WHERE code = 'NF-BLE'`)).toEqual([]);
  });

  it('a person created and a school renamed, then a duplicate of that email refused: nothing is written', async () => {
    const res = await expectRolledBack(
      `mutation($a: StaffMemberCreateInput!, $s: SchoolUpdateInput!, $b: StaffMemberCreateInput!) {
        a: staffMemberCreate(input: $a) { staffMember { id } }
        s: schoolUpdate(input: $s) { school { version } }
        b: staffMemberCreate(input: $b) { staffMember { id } }
      }`,
      {
        a: {
          givenName: 'Ada',
          familyName: 'Byron',
          email: 'abyron@northfield.example',
          password: 'batch-password-123',
        },
        s: { id: gid.lincoln(), version: await versionOf('school', raw.lincoln), name: 'Lincoln Renamed' },
        b: { givenName: 'Ada', familyName: 'Again', email: 'ABYRON@northfield.example' },
      },
      'b',
      'BAD_USER_INPUT',
    );
    expect(res.errors![0].extensions?.fields?.map((f) => f.field)).toEqual(['email']);
    expect(
      await server.owner.query(`SELECT id FROM staff_member WHERE lower(email) = 'abyron@northfield.example'`),
    ).toEqual([]);
  });

  it('an update, then the same update with the version it read: CONFLICT, and neither is written', async () => {
    const v = await versionOf('school', raw.lincoln);
    await expectRolledBack(
      `mutation($a: SchoolUpdateInput!, $b: SchoolUpdateInput!) {
        a: schoolUpdate(input: $a) { school { version } }
        b: schoolUpdate(input: $b) { school { version } }
      }`,
      {
        a: { id: gid.lincoln(), version: v, name: 'Lincoln A' },
        b: { id: gid.lincoln(), version: v, name: 'Lincoln B' },
      },
      'b',
      'CONFLICT',
    );
    expect(await versionOf('school', raw.lincoln)).toBe(v);
  });
});
// ---------------------------------------------------------------------------------------------------------------

describe('errors never leak internals', () => {
  it('no error of this file carried a stack trace, SQL, or a constraint name', () => {
    expect(allErrors.length).toBeGreaterThan(50);
    const codes = new Set(allErrors.map((e) => e.extensions?.code));
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(['BAD_USER_INPUT', 'CONFLICT', 'GRAPHQL_VALIDATION_FAILED', 'NOT_FOUND']),
    );
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    for (const error of allErrors) {
      const text = JSON.stringify(error);
      expect(text).not.toMatch(/stacktrace|"exception"|validationErrors/);
      expect(text).not.toMatch(LEAK);
    }
  });
});
