import { ROLE_PERMISSIONS } from '@throughline/shared';
/**
 * Per-role authorization over real HTTP: what each demo role may read and change, and that nothing of one district
 * is reachable from another. Runs against the real API on a fresh database seeded with the demo districts.
 */
import { randomUUID } from 'node:crypto';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { DEMO_DISTRICTS, DEMO_OPERATOR } from '../../packages/api/src/demo/demo-data';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/** The only root fields anyone may call without signing in. */
const PUBLIC_FIELDS = ['signIn', 'refreshSession', 'signOut', 'signInOptions'];
/**
 * Mutations of the improvement domain, whose per-role rules (school leaders and coaches may use several) are proven
 * in the domain suites; here they only prove that operators and anonymous callers are turned away.
 */
const DOMAIN_MUTATIONS = [
  'strategyCreate',
  'strategyUpdate',
  'conversationMappingCreate',
  'conversationMappingUpdate',
  'conversationMappingDelete',
  'conversationCreate',
  'conversationUpdate',
  'sessionLog',
  'sessionCancel',
  'sessionSchedule',
  'sessionRestore',
  'sessionRate',
  'actionItemCreate',
  'actionItemUpdate',
  'actionItemTransition',
  'actionItemCompletionCorrect',
  'practiceChangeCorroborate',
  'practiceChangeConfirmSustained',
  'reflectionSave',
  // Each person's own calendar feeds and mail preferences (tests/api/calendar-feeds.test.ts, mail.test.ts).
  'calendarFeedCreate',
  'calendarFeedRevoke',
  'mailPreferencesSet',
  // A learning partnership's consent register, kept by whoever may log the session (tests/api/privacy-consent.test.ts).
  'learnerConsentRecord',
  'learnerConsentRecordingSet',
  'learnerConsentWithdraw',
  // Moving a session is a conversation manager's domain work; each person's own mail profile (mail-preferences).
  'sessionReschedule',
  'mailProfileSet',
  // Bulk forms of actionItemUpdate and sessionCancel, item by item under the same rules (tests/api/bulk-changes.test.ts).
  'actionItemsAssign',
  'sessionsCancel',
];
/** Mutations the platform operator is meant to use; every other non-public mutation is the districts' own. */
const OPERATOR_MUTATIONS = [
  'districtCreate',
  'districtUpdate',
  // Privacy operations (tests/api/privacy-*.test.ts): an export on the district's written request, disposals.
  'districtExportStart',
  'districtDisposalSchedule',
  'districtDisposalCancel',
];

const NORTHFIELD = DEMO_DISTRICTS.find((d) => d.slug === 'northfield')!;
const SOUTHBROOK = DEMO_DISTRICTS.find((d) => d.slug === 'southbrook')!;

const EMAIL = {
  operator: DEMO_OPERATOR.email,
  nfAdmin: 'admin@northfield.example',
  principal: 'principal@northfield.example',
  coach: 'coach@northfield.example',
  teacher: 'teacher@northfield.example',
  sbAdmin: 'admin@southbrook.example',
};
type Who = keyof typeof EMAIL;

/** Demo people of Northfield who hold any role at one of these schools, sorted. */
function northfieldPeopleAt(...codes: string[]): string[] {
  return NORTHFIELD.people
    .filter((p) => p.roles.some(([, code]) => code !== null && codes.includes(code)))
    .map((p) => p.email)
    .sort();
}

const sorted = (values: string[]): string[] => [...values].sort();

interface Row {
  id: string;
  version: number;
}
interface Fixtures {
  districtId: string;
  districtVersion: number;
  schools: Record<string, Row & { name: string }>;
  staff: Record<string, Row>;
  /** Role assignment ids by "email role code" (code '-' for district-wide). */
  assignments: Record<string, string>;
  /** The first item of each library, by query name. */
  library: Record<string, Row>;
  settingsVersion: number;
  /** A non-school day of the district calendar, where there is one. */
  calendarDay?: Row;
}

let server: TestServer;
let schema: GraphQLSchema;
const tokens = {} as Record<Who, { accessToken: string; refreshToken: string }>;
let nf: Fixtures;
let sb: Fixtures;

function gqlAs(who: Who | null, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse> {
  return server.gql(query, variables, who ? tokens[who].accessToken : null);
}

async function fixturesOf(who: Who): Promise<Fixtures> {
  const data = ok(
    await gqlAs(
      who,
      `{
        currentDistrict { id version }
        schools(first: 100) { nodes { id code name version } }
        staffMembers(first: 100) { nodes { id email version } }
        roleAssignments(first: 100) { nodes { id role school { code } staffMember { email } } }
        norms(first: 1) { nodes { id version } }
        rubricCriteria(first: 1) { nodes { id version } }
        questionBankItems(first: 1) { nodes { id version } }
        reflectionPrompts(first: 1) { nodes { id version } }
        skills(first: 1) { nodes { id version } }
        districtSettings { version }
        nonSchoolDays(first: 1) { nodes { id version } }
      }`,
    ),
  );
  return {
    districtId: data.currentDistrict.id,
    districtVersion: data.currentDistrict.version,
    schools: Object.fromEntries(data.schools.nodes.map((s: any) => [s.code, s])),
    staff: Object.fromEntries(data.staffMembers.nodes.map((s: any) => [s.email, s])),
    assignments: Object.fromEntries(
      data.roleAssignments.nodes.map((a: any) => [`${a.staffMember.email} ${a.role} ${a.school?.code ?? '-'}`, a.id]),
    ),
    library: Object.fromEntries(
      ['norms', 'rubricCriteria', 'questionBankItems', 'reflectionPrompts', 'skills'].map((k) => [k, data[k].nodes[0]]),
    ),
    settingsVersion: data.districtSettings.version,
    calendarDay: data.nonSchoolDays.nodes[0],
  };
}

/** Runs SQL as the database owner with the claims of a district, so it works whether or not the owner bypasses RLS. */
async function asOwner(districtSlug: string, sql: string, params: unknown[] = []): Promise<any[]> {
  return server.owner.transaction(async (m) => {
    await m.query(`SELECT set_config('app.platform_operator', 'on', true)`);
    const [district] = await m.query(`SELECT id FROM district WHERE slug = $1`, [districtSlug]);
    await m.query(`SELECT set_config('app.district_id', $1, true)`, [district.id]);
    return m.query(sql, [district.id, ...params]);
  });
}

/** The mutation document for a root mutation, typed from the live schema, selecting only __typename. */
function mutationDoc(name: string): string {
  const field = schema.getMutationType()!.getFields()[name];
  if (!field) throw new Error(`no mutation ${name} in the schema`);
  const input = field.args.find((a) => a.name === 'input');
  if (!input) throw new Error(`mutation ${name} takes no input`);
  return `mutation Probe($input: ${String(input.type)}) { ${name}(input: $input) { __typename } }`;
}

function mutate(who: Who | null, name: string, input: Record<string, unknown>): Promise<GraphQLResponse> {
  return gqlAs(who, mutationDoc(name), { input });
}

/** The organisation and library mutations: district admins only. */
function organisationMutations(): string[] {
  return guardedMutations().filter((name) => !DOMAIN_MUTATIONS.includes(name));
}

/** Every non-public mutation of the live schema. */
function guardedMutations(): string[] {
  return Object.keys(schema.getMutationType()!.getFields())
    .filter((name) => !PUBLIC_FIELDS.includes(name))
    .sort();
}

/**
 * Well-formed inputs that aim at real Northfield records, so that a FORBIDDEN answer cannot be a NOT_FOUND or a
 * validation error in disguise. Throws for a mutation it does not know, so a new mutation must be added here.
 */
function realInputs(): Record<string, Record<string, unknown>> {
  const lms = nf.schools['NF-LMS'];
  const tom = nf.staff['tnguyen@northfield.example'];
  const inputs: Record<string, Record<string, unknown>> = {
    districtCreate: {
      name: 'Unwanted District',
      timezone: 'America/Chicago',
      firstAdmin: {
        email: 'admin@unwanted.example',
        givenName: 'Un',
        familyName: 'Wanted',
        password: 'unwanted-password-1',
      },
    },
    districtUpdate: { id: nf.districtId, version: nf.districtVersion, name: 'Renamed District' },
    schoolCreate: { name: 'Unwanted School', code: 'NF-UNW', gradeLow: 0, gradeHigh: 5 },
    schoolUpdate: { id: lms.id, version: lms.version, name: 'Renamed School' },
    staffMemberCreate: {
      email: 'unwanted@northfield.example',
      givenName: 'Un',
      familyName: 'Wanted',
      password: 'unwanted-password-1',
    },
    staffMemberUpdate: { id: tom.id, version: tom.version, title: 'Renamed title' },
    staffMemberDeactivate: { id: tom.id, version: tom.version },
    staffMemberReactivate: { id: tom.id, version: tom.version },
    staffMemberSetPassword: { id: tom.id, password: 'another-password-1' },
    roleAssignmentCreate: { staffMemberId: tom.id, schoolId: lms.id, role: 'TEACHER' },
    roleAssignmentDelete: { id: nf.assignments['tnguyen@northfield.example TEACHER NF-MGE'] },
    normCreate: { title: 'Unwanted norm' },
    normUpdate: { id: nf.library.norms.id, version: nf.library.norms.version, active: false },
    rubricCriterionCreate: { name: 'Unwanted criterion' },
    rubricCriterionUpdate: {
      id: nf.library.rubricCriteria.id,
      version: nf.library.rubricCriteria.version,
      active: false,
    },
    questionBankItemCreate: { text: 'Unwanted question?' },
    questionBankItemUpdate: {
      id: nf.library.questionBankItems.id,
      version: nf.library.questionBankItems.version,
      active: false,
    },
    reflectionPromptCreate: { text: 'Unwanted prompt?' },
    reflectionPromptUpdate: {
      id: nf.library.reflectionPrompts.id,
      version: nf.library.reflectionPrompts.version,
      active: false,
    },
    skillCreate: { name: 'Unwanted skill' },
    skillUpdate: { id: nf.library.skills.id, version: nf.library.skills.version, active: false },
    skillTrainingRecord: { skillId: nf.library.skills.id, staffMemberId: tom.id, trainedOn: '2025-01-15' },
    skillTrainingRemove: { skillId: nf.library.skills.id, staffMemberId: tom.id },
    districtSettingsUpdate: { version: nf.settingsVersion, recentEvidenceDays: 60 },
    // Refused before any lookup, so a client that does not exist serves (tests/api/oauth-clients covers the rest).
    apiClientCreate: { name: 'Unwanted client', scopes: ['analytics:read'] },
    apiClientUpdate: { id: toGlobalId('ApiClient', randomUUID()), version: 1, name: 'Renamed client' },
    apiClientRotateSecret: { id: toGlobalId('ApiClient', randomUUID()), graceHours: 0 },
    apiClientRevoke: { id: toGlobalId('ApiClient', randomUUID()) },
    // Refused before any lookup (tests/api/webhooks.test.ts covers the rest).
    webhookEndpointCreate: { url: 'https://hooks.example.org/x', eventTypes: ['session.held'] },
    webhookEndpointUpdate: { id: toGlobalId('WebhookEndpoint', randomUUID()), version: 1, enabled: false },
    webhookEndpointRotateSecret: { id: toGlobalId('WebhookEndpoint', randomUUID()) },
    webhookEndpointDelete: { id: toGlobalId('WebhookEndpoint', randomUUID()) },
    webhookRedeliver: { deliveryId: toGlobalId('WebhookDelivery', randomUUID()) },
    nonSchoolDayCreate: { startsOn: '2031-07-05', name: 'Unwanted day', kind: 'HOLIDAY' },
    nonSchoolDayUpdate: { id: nf.calendarDay!.id, version: nf.calendarDay!.version, name: 'Renamed day' },
    nonSchoolDayDelete: { id: nf.calendarDay!.id },
    // Refused before any lookup (tests/api/sso.test.ts covers the rest).
    identityProviderCreate: {
      name: 'Unwanted provider',
      preset: 'GOOGLE',
      clientId: 'unwanted.apps.googleusercontent.com',
      allowedDomains: ['northfield.example'],
    },
    identityProviderUpdate: { id: toGlobalId('IdentityProvider', randomUUID()), version: 1, name: 'Renamed' },
    identityProviderDelete: { id: toGlobalId('IdentityProvider', randomUUID()) },
    signInSettingsUpdate: { passwordSignIn: true },
    mailSettingsUpdate: { version: 0, reminderLeadHours: 12 },
    // Refused before any lookup (tests/api/privacy-*.test.ts cover the rest).
    districtExportStart: {},
    districtDisposalRequest: { confirmSlug: 'northfield' },
    districtDisposalSchedule: { id: toGlobalId('DistrictDisposal', randomUUID()) },
    districtDisposalCancel: { id: toGlobalId('DistrictDisposal', randomUUID()) },
    retentionSettingsUpdate: { version: 0, confidentialTextYears: 7 },
    consentSettingsUpdate: { version: 0, guardianRequired: true },
    rosterRoleMappingUpdate: { version: 0, rules: [{ oneRosterRole: 'aide', orgType: 'SCHOOL', role: 'COACH' }] },
    // Refused before any lookup (tests/api/oneroster.test.ts covers the rest).
    rosterImportApply: { id: toGlobalId('RosterImport', randomUUID()), version: 1 },
    rosterImportDiscard: { id: toGlobalId('RosterImport', randomUUID()) },
    nonSchoolDaysImport: {
      icalendar:
        'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:unwanted\r\nDTSTART;VALUE=DATE:20310706\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    },
  };
  for (const name of guardedMutations()) {
    if (!inputs[name] && !DOMAIN_MUTATIONS.includes(name)) {
      throw new Error(
        `the test does not know the new mutation ${name}: add a real input, or list it in DOMAIN_MUTATIONS`,
      );
    }
  }
  return inputs;
}

/** Calls each named mutation with a real input and returns the error code each answered with. */
async function codesOf(who: Who, names: string[]): Promise<Record<string, string | undefined>> {
  const inputs = realInputs();
  const result: Record<string, string | undefined> = {};
  for (const name of names) {
    const res = await mutate(who, name, inputs[name] ?? sampleInput(name));
    result[name] = codeOf(res);
  }
  return result;
}

const all = (names: string[], code: string) => Object.fromEntries(names.map((n) => [n, code]));

function expectCode(res: GraphQLResponse, code: string): void {
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
}

/** Snapshot of everything Northfield holds that another district must not be able to change. */
async function northfieldRows(): Promise<Record<string, unknown[]>> {
  return {
    district: await asOwner('northfield', `SELECT * FROM district WHERE id = $1`),
    schools: await asOwner('northfield', `SELECT * FROM school WHERE district_id = $1 ORDER BY id`),
    staff: await asOwner('northfield', `SELECT * FROM staff_member WHERE district_id = $1 ORDER BY id`),
    assignments: await asOwner('northfield', `SELECT * FROM role_assignment WHERE district_id = $1 ORDER BY id`),
    credentials: await asOwner(
      'northfield',
      `SELECT staff_member_id, password_hash FROM credential WHERE district_id = $1 ORDER BY staff_member_id`,
    ),
    audit: await asOwner('northfield', `SELECT id FROM audit_event WHERE district_id = $1 ORDER BY id`),
  };
}

beforeAll(async () => {
  server = await startTestServer();
  const introspection = await server.gql(getIntrospectionQuery());
  schema = buildClientSchema(ok(introspection) as unknown as IntrospectionQuery);
  await Promise.all(
    (Object.keys(EMAIL) as Who[]).map(async (who) => {
      tokens[who] = await server.signIn(EMAIL[who]);
    }),
  );
  // A real Northfield non-school day for the calendar mutations to aim at.
  ok(
    await gqlAs(
      'nfAdmin',
      `mutation { nonSchoolDayCreate(input: { startsOn: "2031-07-04", name: "Roles probe", kind: HOLIDAY }) { __typename } }`,
    ),
  );
  [nf, sb] = await Promise.all([fixturesOf('nfAdmin'), fixturesOf('sbAdmin')]);
});
afterAll(() => server?.close());

/** A value the field's type accepts: required fields only, ids well formed. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, sample(f.type)]),
    );
  }
  if (isEnumType(type)) return type.getValues()[0].name;
  switch (type.name) {
    case 'ID':
      return toGlobalId('School', randomUUID());
    case 'String':
      return 'probe-value-123456';
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTimeISO':
      return new Date().toISOString();
    case 'LocalDate':
      return '2025-01-15';
    default:
      throw new Error(`no sample value for scalar ${type.name}: teach the test`);
  }
}

/** A well-formed input for a mutation, from the live schema: for callers who must be turned away before it is read. */
function sampleInput(name: string): Record<string, unknown> {
  const field = schema.getMutationType()!.getFields()[name];
  const input = field.args.find((a) => a.name === 'input')!;
  return sample(input.type) as Record<string, unknown>;
}

describe('anonymous callers', () => {
  it('get UNAUTHENTICATED from every Query and Mutation root field except signIn, refreshSession and signOut', async () => {
    const codes: Record<string, string | undefined> = {};
    for (const [operation, root] of [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ] as const) {
      for (const field of Object.values(root.getFields())) {
        if (PUBLIC_FIELDS.includes(field.name)) continue;
        const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
        const decl = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
        const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
        const selection = isLeafType(getNamedType(field.type)) ? '' : '{ __typename }';
        const doc = `${operation} Probe${decl ? `(${decl})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`;
        const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
        const res = await server.gql(doc, variables, null);
        codes[`${operation} ${field.name}`] = res.errors?.length === 1 ? codeOf(res) : JSON.stringify(res.errors);
        expect(res.data?.[field.name] ?? null).toBeNull();
      }
    }
    const probed = Object.keys(codes);
    // The probe really covered the API (and the public fields exist, so the exemption is not stale).
    expect(probed).toEqual(
      expect.arrayContaining(['query me', 'query node', 'query schools', 'query auditEvents', 'mutation schoolCreate']),
    );
    expect([
      ...Object.keys(schema.getMutationType()!.getFields()),
      ...Object.keys(schema.getQueryType()!.getFields()),
    ]).toEqual(expect.arrayContaining(PUBLIC_FIELDS));
    expect(codes).toEqual(all(probed, 'UNAUTHENTICATED'));
  });
});

describe('platform operator', () => {
  const newAdmin = { email: 'first.admin@eastwood.example', password: 'eastwood-admin-pass-1' };

  it('lists both demo districts', async () => {
    const data = ok(await gqlAs('operator', `{ districts(first: 100) { totalCount nodes { slug name } } }`));
    expect(data.districts.nodes.map((d: any) => d.slug)).toEqual(
      expect.arrayContaining([NORTHFIELD.slug, SOUTHBROOK.slug]),
    );
    expect(data.districts.totalCount).toBe(2);
  });

  it('provisions a district whose first admin signs in and sees zero schools', async () => {
    const res = await mutate('operator', 'districtCreate', {
      name: 'Eastwood Schools',
      timezone: 'America/Denver',
      firstAdmin: { email: newAdmin.email, givenName: 'Erin', familyName: 'East', password: newAdmin.password },
    });
    expect(res.errors).toBeUndefined();
    const listed = ok(await gqlAs('operator', `{ districts(first: 100) { nodes { slug } } }`));
    expect(listed.districts.nodes.map((d: any) => d.slug)).toContain('eastwood-schools');

    const session = await server.signIn(newAdmin.email, newAdmin.password);
    const data = ok(
      await server.gql(
        `{ me { district { slug } roleAssignments { role scope } } schools { totalCount nodes { id } } }`,
        {},
        session.accessToken,
      ),
    );
    expect(data.me.district.slug).toBe('eastwood-schools');
    expect(data.me.roleAssignments).toEqual([{ role: 'DISTRICT_ADMIN', scope: 'DISTRICT' }]);
    expect(data.schools).toEqual({ totalCount: 0, nodes: [] });
  });

  it.each([
    ['schools', `{ schools { totalCount } }`],
    ['staffMembers', `{ staffMembers { totalCount } }`],
    ['roleAssignments', `{ roleAssignments { totalCount } }`],
    ['auditEvents', `{ auditEvents { totalCount } }`],
  ])('is FORBIDDEN to read %s', async (_name, query) => {
    const res = await gqlAs('operator', query);
    expectCode(res, 'FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('is FORBIDDEN every mutation inside a district (schoolCreate, staff, role assignments)', async () => {
    const names = guardedMutations().filter((n) => !OPERATOR_MUTATIONS.includes(n));
    expect(names).toContain('schoolCreate');
    expect(await codesOf('operator', names)).toEqual(all(names, 'FORBIDDEN'));
  });

  it('gets null from node(id:) for a Northfield school', async () => {
    const res = await gqlAs('operator', `query($id: ID!) { node(id: $id) { id } }`, {
      id: nf.schools['NF-LMS'].id,
    });
    expect(res).toEqual({ status: 200, data: { node: null } });
  });
});

describe('district admin', () => {
  const created = {
    school: { code: 'NF-TST', name: 'Test Academy', renamed: 'Test Academy of Science' },
    person: {
      email: 'new.leader@northfield.example',
      password: 'new-leader-password-1',
      title: 'Assistant principal',
      newTitle: 'Principal',
    },
  };
  let school: Row;
  let person: Row;
  let assignmentId: string;
  let personSession: { accessToken: string; refreshToken: string };

  it('reads all 4 Northfield schools and all 15 staff', async () => {
    const data = ok(
      await gqlAs(
        'nfAdmin',
        `{ schools(first: 100) { totalCount nodes { code } } staffMembers(first: 100) { totalCount nodes { email } } }`,
      ),
    );
    expect(data.schools.totalCount).toBe(4);
    expect(sorted(data.schools.nodes.map((s: any) => s.code))).toEqual(sorted(NORTHFIELD.schools.map((s) => s.code)));
    expect(data.staffMembers.totalCount).toBe(15);
    expect(sorted(data.staffMembers.nodes.map((s: any) => s.email))).toEqual(
      sorted(NORTHFIELD.people.map((p) => p.email)),
    );
  });

  it('is FORBIDDEN to list districts or provision one', async () => {
    const res = await gqlAs('nfAdmin', `{ districts { totalCount } }`);
    expectCode(res, 'FORBIDDEN');
    expect(await codesOf('nfAdmin', ['districtCreate'])).toEqual({ districtCreate: 'FORBIDDEN' });
  });

  it('creates and updates a school', async () => {
    const res = ok(
      await gqlAs(
        'nfAdmin',
        `mutation($input: SchoolCreateInput!) { schoolCreate(input: $input) { school { id code version } } }`,
        { input: { name: created.school.name, code: created.school.code, gradeLow: 6, gradeHigh: 12 } },
      ),
    );
    school = res.schoolCreate.school;
    expect(res.schoolCreate.school).toMatchObject({ code: created.school.code, version: 1 });
    const updated = ok(
      await gqlAs(
        'nfAdmin',
        `mutation($input: SchoolUpdateInput!) { schoolUpdate(input: $input) { school { id name version } } }`,
        { input: { id: school.id, version: school.version, name: created.school.renamed } },
      ),
    );
    expect(updated.schoolUpdate.school).toEqual({ id: school.id, name: created.school.renamed, version: 2 });
    school.version = 2;
  });

  it('creates and updates a staff member', async () => {
    const res = ok(
      await gqlAs(
        'nfAdmin',
        `mutation($input: StaffMemberCreateInput!) { staffMemberCreate(input: $input) { staffMember { id version active } } }`,
        {
          input: {
            email: created.person.email,
            givenName: 'Nora',
            familyName: 'Leader',
            title: created.person.title,
            password: created.person.password,
          },
        },
      ),
    );
    person = res.staffMemberCreate.staffMember;
    expect(res.staffMemberCreate.staffMember.active).toBe(true);
    const updated = ok(
      await gqlAs(
        'nfAdmin',
        `mutation($input: StaffMemberUpdateInput!) { staffMemberUpdate(input: $input) { staffMember { title version } } }`,
        { input: { id: person.id, version: person.version, title: created.person.newTitle } },
      ),
    );
    expect(updated.staffMemberUpdate.staffMember).toEqual({
      title: created.person.newTitle,
      version: person.version + 1,
    });
    person.version += 1;
  });

  it('makes the new person SCHOOL_LEADER of the new school, which they then see (and only it)', async () => {
    const res = ok(
      await gqlAs(
        'nfAdmin',
        `mutation($input: RoleAssignmentCreateInput!) {
          roleAssignmentCreate(input: $input) { roleAssignment { id role scope school { id } staffMember { id } } }
        }`,
        { input: { staffMemberId: person.id, schoolId: school.id, role: 'SCHOOL_LEADER' } },
      ),
    );
    const ra = res.roleAssignmentCreate.roleAssignment;
    expect(ra).toMatchObject({
      role: 'SCHOOL_LEADER',
      scope: 'SCHOOL',
      school: { id: school.id },
      staffMember: { id: person.id },
    });
    assignmentId = ra.id;

    personSession = await server.signIn(created.person.email, created.person.password);
    const seen = ok(await server.gql(`{ schools { nodes { id } } }`, {}, personSession.accessToken));
    expect(seen.schools.nodes).toEqual([{ id: school.id }]);
  });

  describe('deactivating a person', () => {
    const activation = (name: string) =>
      `mutation($input: StaffMemberActivationInput!) { ${name}(input: $input) { staffMember { active version } } }`;

    it('turns their existing access token away with 401 UNAUTHENTICATED and stops them signing in', async () => {
      const before = await server.gql(`{ me { staffMember { email } } }`, {}, personSession.accessToken);
      expect(ok(before).me.staffMember.email).toBe(created.person.email);

      const res = ok(
        await gqlAs('nfAdmin', activation('staffMemberDeactivate'), {
          input: { id: person.id, version: person.version },
        }),
      );
      expect(res.staffMemberDeactivate.staffMember).toEqual({ active: false, version: person.version + 1 });
      person.version += 1;

      const after = await server.gql(`{ me { staffMember { email } } }`, {}, personSession.accessToken);
      expect(after.status).toBe(401);
      expect(codeOf(after)).toBe('UNAUTHENTICATED');
      expect(after.data).toBeUndefined();

      const signIn = await server.gql(
        `mutation($input: SignInInput!) { signIn(input: $input) { accessToken } }`,
        { input: { email: created.person.email, password: created.person.password } },
        null,
      );
      expect(codeOf(signIn)).toBe('UNAUTHENTICATED');
      expect(signIn.data).toBeNull();

      const refresh = await server.gql(
        `mutation($input: RefreshSessionInput!) { refreshSession(input: $input) { accessToken } }`,
        { input: { refreshToken: personSession.refreshToken } },
        null,
      );
      expect(codeOf(refresh)).toBe('UNAUTHENTICATED');
    });

    it('lets them sign in again after staffMemberReactivate', async () => {
      const res = ok(
        await gqlAs('nfAdmin', activation('staffMemberReactivate'), {
          input: { id: person.id, version: person.version },
        }),
      );
      expect(res.staffMemberReactivate.staffMember).toEqual({ active: true, version: person.version + 1 });
      person.version += 1;
      personSession = await server.signIn(created.person.email, created.person.password);
      const me = ok(await server.gql(`{ me { staffMember { email active } } }`, {}, personSession.accessToken));
      expect(me.me.staffMember).toEqual({ email: created.person.email, active: true });
    });
  });

  it('removes the role assignment, and the person loses that access at once', async () => {
    const res = ok(
      await gqlAs(
        'nfAdmin',
        `mutation($input: RoleAssignmentDeleteInput!) { roleAssignmentDelete(input: $input) { deletedId } }`,
        { input: { id: assignmentId } },
      ),
    );
    expect(res.roleAssignmentDelete.deletedId).toBe(assignmentId);
    const seen = await server.gql(`{ schools { nodes { id } } }`, {}, personSession.accessToken);
    expectCode(seen, 'FORBIDDEN');
  });

  it('reads the audit events of those changes, which carry field names and never values', async () => {
    const data = ok(
      await gqlAs(
        'nfAdmin',
        `{ auditEvents(first: 100) { nodes { action entityType entityId actorKind actorId fields client } } }`,
      ),
    );
    const events: any[] = data.auditEvents.nodes;
    const adminId = nf.staff[EMAIL.nfAdmin].id;
    const find = (action: string, entityId: string) =>
      events.filter((e) => e.action === action && e.entityId === entityId);

    expect(find('school.create', school.id)).toEqual([
      expect.objectContaining({
        actorKind: 'STAFF',
        actorId: adminId,
        fields: ['code', 'gradeHigh', 'gradeLow', 'name'],
      }),
    ]);
    expect(find('school.update', school.id)).toEqual([expect.objectContaining({ actorId: adminId, fields: ['name'] })]);
    expect(find('staffMember.create', person.id)).toEqual([
      expect.objectContaining({
        actorId: adminId,
        fields: expect.arrayContaining(['email', 'familyName', 'givenName', 'title']),
      }),
    ]);
    expect(find('staffMember.update', person.id)).toEqual([
      expect.objectContaining({ actorId: adminId, fields: ['title'] }),
    ]);
    expect(find('staffMember.deactivate', person.id)).toEqual([
      expect.objectContaining({ actorId: adminId, fields: ['active'] }),
    ]);
    expect(find('staffMember.reactivate', person.id)).toEqual([
      expect.objectContaining({ actorId: adminId, fields: ['active'] }),
    ]);
    expect(find('roleAssignment.create', assignmentId)).toEqual([
      expect.objectContaining({ actorId: adminId, fields: ['role', 'schoolId', 'staffMemberId'] }),
    ]);
    expect(find('roleAssignment.delete', assignmentId)).toEqual([
      expect.objectContaining({ actorId: adminId, fields: ['role', 'schoolId', 'staffMemberId'] }),
    ]);

    for (const event of events) {
      for (const field of event.fields) expect(field).toMatch(/^[A-Za-z][A-Za-z.]*$/);
      expect(event.fields).not.toContain('password');
    }
    const text = JSON.stringify(events);
    for (const value of [
      created.school.name,
      created.school.renamed,
      created.person.email,
      created.person.password,
      created.person.title,
      created.person.newTitle,
      'Nora',
    ]) {
      expect(text).not.toContain(value);
    }
  });
});

describe('school leader (principal of Lincoln Middle School)', () => {
  it('lists only Lincoln Middle School', async () => {
    const data = ok(await gqlAs('principal', `{ schools(first: 100) { totalCount nodes { code } } }`));
    expect(data.schools).toEqual({ totalCount: 1, nodes: [{ code: 'NF-LMS' }] });
  });

  it('lists exactly the people who hold a role at Lincoln Middle', async () => {
    const data = ok(await gqlAs('principal', `{ staffMembers(first: 100) { totalCount nodes { email } } }`));
    const expected = northfieldPeopleAt('NF-LMS');
    expect(expected).toHaveLength(6);
    expect(sorted(data.staffMembers.nodes.map((s: any) => s.email))).toEqual(expected);
    expect(data.staffMembers.totalCount).toBe(expected.length);
  });

  it('gets null for Maple Grove Elementary by school(id:) and node(id:), but sees its own school', async () => {
    const doc = `query($id: ID!) { school(id: $id) { code } node(id: $id) { id } }`;
    const other = await gqlAs('principal', doc, { id: nf.schools['NF-MGE'].id });
    expect(other).toEqual({ status: 200, data: { school: null, node: null } });
    const own = ok(await gqlAs('principal', doc, { id: nf.schools['NF-LMS'].id }));
    expect(own).toEqual({ school: { code: 'NF-LMS' }, node: { id: nf.schools['NF-LMS'].id } });
  });

  it('gets null for a Maple-only teacher by staffMember(id:) and node(id:), but sees its own teacher', async () => {
    const doc = `query($id: ID!) { staffMember(id: $id) { email } node(id: $id) { id } }`;
    const other = await gqlAs('principal', doc, { id: nf.staff['tnguyen@northfield.example'].id });
    expect(other).toEqual({ status: 200, data: { staffMember: null, node: null } });
    const own = ok(await gqlAs('principal', doc, { id: nf.staff[EMAIL.teacher].id }));
    expect(own.staffMember).toEqual({ email: EMAIL.teacher });
  });

  it('is FORBIDDEN schoolCreate, schoolUpdate of its own school, staffMemberCreate, roleAssignmentCreate and every other organisation mutation', async () => {
    const names = organisationMutations();
    expect(names).toEqual(
      expect.arrayContaining(['schoolCreate', 'schoolUpdate', 'staffMemberCreate', 'roleAssignmentCreate']),
    );
    expect(await codesOf('principal', names)).toEqual(all(names, 'FORBIDDEN'));
    const [lms] = await asOwner('northfield', `SELECT name, version FROM school WHERE district_id = $1 AND code = $2`, [
      'NF-LMS',
    ]);
    expect(lms).toEqual({ name: 'Lincoln Middle School', version: nf.schools['NF-LMS'].version });
  });

  it('is FORBIDDEN auditEvents', async () => {
    expectCode(await gqlAs('principal', `{ auditEvents { totalCount } }`), 'FORBIDDEN');
  });
});

describe('coach (at Lincoln Middle and Maple Grove)', () => {
  it('lists those two schools only', async () => {
    const data = ok(await gqlAs('coach', `{ schools(first: 100) { totalCount nodes { code } } }`));
    expect(data.schools.totalCount).toBe(2);
    expect(sorted(data.schools.nodes.map((s: any) => s.code))).toEqual(['NF-LMS', 'NF-MGE']);
  });

  it('lists exactly the people who hold a role at those two schools', async () => {
    const data = ok(await gqlAs('coach', `{ staffMembers(first: 100) { nodes { email } } }`));
    expect(sorted(data.staffMembers.nodes.map((s: any) => s.email))).toEqual(northfieldPeopleAt('NF-LMS', 'NF-MGE'));
  });

  it('is FORBIDDEN every organisation mutation', async () => {
    const names = organisationMutations();
    expect(await codesOf('coach', names)).toEqual(all(names, 'FORBIDDEN'));
  });
});

describe('teacher', () => {
  it('lists exactly themself as staff', async () => {
    const data = ok(await gqlAs('teacher', `{ staffMembers(first: 100) { totalCount nodes { email } } }`));
    expect(data.staffMembers).toEqual({ totalCount: 1, nodes: [{ email: EMAIL.teacher }] });
    const colleague = await gqlAs('teacher', `query($id: ID!) { staffMember(id: $id) { email } }`, {
      id: nf.staff['abenton@northfield.example'].id,
    });
    expect(colleague).toEqual({ status: 200, data: { staffMember: null } });
  });

  it('lists only Lincoln Middle School', async () => {
    const data = ok(await gqlAs('teacher', `{ schools(first: 100) { totalCount nodes { code } } }`));
    expect(data.schools).toEqual({ totalCount: 1, nodes: [{ code: 'NF-LMS' }] });
  });

  it('sees in me its TEACHER role and permissions without STAFF_MANAGE', async () => {
    const data = ok(
      await gqlAs(
        'teacher',
        `{ me { kind staffMember { email } roleAssignments { role scope school { code } }
                permissions { permission districtWide own schoolIds } } }`,
      ),
    );
    expect(data.me.kind).toBe('STAFF');
    expect(data.me.staffMember.email).toBe(EMAIL.teacher);
    expect(data.me.roleAssignments).toEqual([{ role: 'TEACHER', scope: 'SCHOOL', school: { code: 'NF-LMS' } }]);
    const permissions = data.me.permissions.map((p: any) => p.permission);
    expect(permissions).not.toContain('STAFF_MANAGE');
    // Exactly what the shared matrix grants a teacher: nothing that manages people, schools or strategies.
    expect(sorted(permissions)).toEqual(sorted(Object.keys(ROLE_PERMISSIONS.TEACHER)));
    for (const p of [
      'STAFF_MANAGE',
      'SCHOOL_MANAGE',
      'STRATEGY_MANAGE',
      'CONVERSATION_MANAGE',
      'SESSION_LOG',
      'LIBRARY_MANAGE',
    ]) {
      expect(permissions).not.toContain(p);
    }
    expect(data.me.permissions.find((p: any) => p.permission === 'SCHOOL_READ')).toEqual({
      permission: 'SCHOOL_READ',
      districtWide: false,
      own: true,
      schoolIds: [nf.schools['NF-LMS'].id],
    });
    expect(data.me.permissions.find((p: any) => p.permission === 'STAFF_READ')).toEqual({
      permission: 'STAFF_READ',
      districtWide: false,
      own: true,
      schoolIds: [],
    });
  });

  it('is FORBIDDEN every organisation mutation', async () => {
    const names = organisationMutations();
    expect(await codesOf('teacher', names)).toEqual(all(names, 'FORBIDDEN'));
  });
});

describe("another district's admin (Southbrook) and Northfield's records", () => {
  const random = {
    School: toGlobalId('School', randomUUID()),
    StaffMember: toGlobalId('StaffMember', randomUUID()),
    RoleAssignment: toGlobalId('RoleAssignment', randomUUID()),
    District: toGlobalId('District', randomUUID()),
  };
  let target: typeof random;
  let before: Record<string, unknown[]>;

  beforeAll(async () => {
    target = {
      School: nf.schools['NF-LMS'].id,
      StaffMember: nf.staff[EMAIL.teacher].id,
      RoleAssignment: nf.assignments[`${EMAIL.teacher} TEACHER NF-LMS`],
      District: nf.districtId,
    };
    expect(Object.values(target).every(Boolean)).toBe(true);
    before = await northfieldRows();
  });

  /** Sends the same document with a Northfield id and with a random id of the same type; returns both answers. */
  async function both(doc: string, vars: (id: string) => Record<string, unknown>, type: keyof typeof random) {
    const real = await gqlAs('sbAdmin', doc, vars(target[type]));
    const fake = await gqlAs('sbAdmin', doc, vars(random[type]));
    return { real, fake };
  }

  it.each([
    ['school', 'School'],
    ['staffMember', 'StaffMember'],
  ] as const)('gets null from %s(id:), exactly as for a nonexistent id', async (field, type) => {
    const { real, fake } = await both(`query($id: ID!) { ${field}(id: $id) { id } }`, (id) => ({ id }), type);
    expect(real).toEqual({ status: 200, data: { [field]: null } });
    expect(real).toEqual(fake);
  });

  it.each(['School', 'StaffMember', 'RoleAssignment', 'District'] as const)(
    'gets null from node(id:) for a Northfield %s, exactly as for a nonexistent id',
    async (type) => {
      const { real, fake } = await both(`query($id: ID!) { node(id: $id) { id } }`, (id) => ({ id }), type);
      expect(real).toEqual({ status: 200, data: { node: null } });
      expect(real).toEqual(fake);
    },
  );

  it('gets only nulls from nodes(ids:) for Northfield records', async () => {
    const res = await gqlAs('sbAdmin', `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: Object.values(target),
    });
    expect(res).toEqual({ status: 200, data: { nodes: [null, null, null, null] } });
  });

  it.each([
    ['schoolUpdate', 'School', (id: string) => ({ id, version: nf.schools['NF-LMS'].version, name: 'Taken Over' })],
    [
      'staffMemberUpdate',
      'StaffMember',
      (id: string) => ({ id, version: nf.staff[EMAIL.teacher].version, title: 'Taken over' }),
    ],
    ['staffMemberDeactivate', 'StaffMember', (id: string) => ({ id, version: nf.staff[EMAIL.teacher].version })],
    ['staffMemberReactivate', 'StaffMember', (id: string) => ({ id, version: nf.staff[EMAIL.teacher].version })],
    ['staffMemberSetPassword', 'StaffMember', (id: string) => ({ id, password: 'taken-over-password-1' })],
    ['roleAssignmentDelete', 'RoleAssignment', (id: string) => ({ id })],
    ['districtUpdate', 'District', (id: string) => ({ id, version: nf.districtVersion, name: 'Taken Over' })],
  ] as const)(
    '%s with a Northfield id answers NOT_FOUND, with the same message as for a nonexistent id',
    async (name, type, input) => {
      const { real, fake } = await both(mutationDoc(name), (id) => ({ input: input(id) }), type);
      expectCode(real, 'NOT_FOUND');
      expect(real.errors![0].message).toBe(`${type} not found`);
      expect(real.data).toBeNull();
      expect(real).toEqual(fake);
    },
  );

  it.each([
    [
      'schoolId',
      'School',
      (id: string) => ({ role: 'TEACHER', schoolId: id, staffMemberId: sb.staff['kmensah@southbrook.example'].id }),
    ],
    [
      'staffMemberId',
      'StaffMember',
      (id: string) => ({ role: 'TEACHER', schoolId: sb.schools['SB-CRE'].id, staffMemberId: id }),
    ],
  ] as const)(
    'roleAssignmentCreate pointing at a Northfield record answers BAD_USER_INPUT naming %s, as for a nonexistent id',
    async (field, type, input) => {
      const { real, fake } = await both(mutationDoc('roleAssignmentCreate'), (id) => ({ input: input(id) }), type);
      expectCode(real, 'BAD_USER_INPUT');
      expect(real.errors![0].extensions?.fields?.map((f) => f.field)).toEqual([field]);
      expect(real.data).toBeNull();
      expect(real).toEqual(fake);
    },
  );

  it('leaves every Northfield row unchanged', async () => {
    const after = await northfieldRows();
    expect(after.schools).toHaveLength(5);
    expect(after.staff).toHaveLength(16);
    expect(after).toEqual(before);
  });
});
