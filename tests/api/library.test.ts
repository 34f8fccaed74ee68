/**
 * The district libraries (norms, rubric criteria, question bank, reflection prompts, skills), skill trainings and
 * district settings, over real HTTP on a fresh database seeded with the demo districts.
 *
 * The tests of this file run in order and share one server: reads and refusals run first, on the untouched
 * defaults; the successful changes come after.
 */
import { codeOf, ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import {
  DEFAULT_NORMS,
  DEFAULT_PROMPTS,
  DEFAULT_QUESTIONS,
  DEFAULT_RUBRIC,
  DEFAULT_SKILLS,
} from '../../packages/api/src/modules/library/library-defaults';

let server: TestServer;
const EMAIL = {
  admin: 'admin@northfield.example',
  principal: 'principal@northfield.example',
  coach: 'coach@northfield.example',
  teacher: 'teacher@northfield.example',
  sbAdmin: 'admin@southbrook.example',
  operator: 'operator@throughline.example',
};
type Who = keyof typeof EMAIL;
const token = {} as Record<Who, string>;

function gqlAs(who: Who, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse> {
  return server.gql(query, variables, token[who]);
}

// ---------------------------------------------------------------------------------------------------------------
// The five libraries, described once so that every test covers all of them.

interface Kind {
  key: string;
  list: string;
  type: string;
  table: string;
  /** The required text, unique in the district. */
  name: string;
  max: number;
  /** The optional text, if the kind has one. */
  other?: { field: string; max: number };
  defaults: string[];
}

const KINDS: Kind[] = [
  {
    key: 'norm',
    list: 'norms',
    type: 'Norm',
    table: 'norm',
    name: 'title',
    max: 200,
    other: { field: 'description', max: 2000 },
    defaults: DEFAULT_NORMS.map(([t]) => t),
  },
  {
    key: 'rubricCriterion',
    list: 'rubricCriteria',
    type: 'RubricCriterion',
    table: 'rubric_criterion',
    name: 'name',
    max: 200,
    other: { field: 'description', max: 2000 },
    defaults: DEFAULT_RUBRIC.map(([n]) => n),
  },
  {
    key: 'questionBankItem',
    list: 'questionBankItems',
    type: 'QuestionBankItem',
    table: 'question_bank_item',
    name: 'text',
    max: 500,
    other: { field: 'purpose', max: 200 },
    defaults: DEFAULT_QUESTIONS.map(([t]) => t),
  },
  {
    key: 'reflectionPrompt',
    list: 'reflectionPrompts',
    type: 'ReflectionPrompt',
    table: 'reflection_prompt',
    name: 'text',
    max: 500,
    defaults: DEFAULT_PROMPTS,
  },
  {
    key: 'skill',
    list: 'skills',
    type: 'Skill',
    table: 'skill',
    name: 'name',
    max: 200,
    other: { field: 'description', max: 2000 },
    defaults: DEFAULT_SKILLS.map(([n]) => n),
  },
];
const byKey = (key: string) => KINDS.find((k) => k.key === key)!;
const Cap = (s: string) => s[0].toUpperCase() + s.slice(1);
const selection = (k: Kind) =>
  ['id', k.name, k.other?.field, 'position', 'active', 'version', 'createdAt', 'updatedAt'].filter(Boolean).join(' ');

const Q = {
  list: (k: Kind) => `query($filter: LibraryFilter, $first: Int, $after: String, $last: Int, $before: String) {
    ${k.list}(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { ${selection(k)} } } }`,
  create: (k: Kind) => `mutation($input: ${Cap(k.key)}CreateInput!) {
    ${k.key}Create(input: $input) { ${k.key} { ${selection(k)} } } }`,
  update: (k: Kind) => `mutation($input: ${Cap(k.key)}UpdateInput!) {
    ${k.key}Update(input: $input) { ${k.key} { ${selection(k)} } } }`,
  node: `query($id: ID!) { node(id: $id) { __typename id ... on Norm { title active } ... on Skill { name active } } }`,
  settings: `{ districtSettings { recentEvidenceDays onTrackHeldRate atRiskHeldRate onTrackQuality atRiskQuality
    onTrackFollowThrough atRiskFollowThrough version } }`,
  settingsUpdate: `mutation($input: DistrictSettingsUpdateInput!) { districtSettingsUpdate(input: $input) {
    districtSettings { recentEvidenceDays onTrackHeldRate atRiskHeldRate onTrackQuality atRiskQuality
      onTrackFollowThrough atRiskFollowThrough version } } }`,
  trainingRecord: `mutation($input: SkillTrainingRecordInput!) { skillTrainingRecord(input: $input) {
    skillTraining { trainedOn skill { id name } staffMember { id email } } } }`,
  trainingRemove: `mutation($input: SkillTrainingRemoveInput!) { skillTrainingRemove(input: $input) {
    skillTraining { trainedOn skill { id } staffMember { id } } } }`,
  trainings: `query($filter: SkillTrainingFilter, $first: Int, $after: String) {
    skillTrainings(filter: $filter, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { trainedOn skill { name } staffMember { email } } } }`,
  trainedStaff: `query($filter: LibraryFilter) { skills(filter: $filter, first: 100) {
    nodes { name trainedStaff { trainedOn staffMember { email } } } } }`,
};

// ---------------------------------------------------------------------------------------------------------------
// What was written, straight from the database (the owner connection bypasses the API).

const TABLES = [...KINDS.map((k) => k.table), 'skill_training', 'district_setting', 'audit_event'];

async function snapshot(): Promise<Record<string, { n: number; h: string }>> {
  const rows: { t: string; n: number; h: string }[] = await server.owner.query(
    TABLES.map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::int AS n,
                md5(coalesce(string_agg(row_to_json(x)::text, '|' ORDER BY row_to_json(x)::text), '')) AS h
           FROM ${t} x`,
    ).join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.t, { n: r.n, h: r.h }]));
}

/** Runs `work` and asserts that it wrote nothing at all, audit included. */
async function writesNothing<T>(work: () => Promise<T>): Promise<T> {
  const before = await snapshot();
  const result = await work();
  expect(await snapshot()).toEqual(before);
  return result;
}

/** Asserts an error of `code`, and that nothing was written. */
async function expectError(who: Who, query: string, variables: Record<string, unknown>, code: string) {
  const res = await writesNothing(() => gqlAs(who, query, variables));
  expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  return res;
}

/** Asserts BAD_USER_INPUT naming exactly `fields`, and that nothing was written. */
async function expectRefused(who: Who, query: string, input: Record<string, unknown>, fields: string[]) {
  const res = await expectError(who, query, { input }, 'BAD_USER_INPUT');
  expect(res.errors![0].extensions?.fields?.map((f) => f.field).sort()).toEqual([...fields].sort());
  expect(res.data ?? null).toBeNull();
  return res;
}

interface AuditRow {
  id: string;
  district_id: string;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  fields: string[];
  text: string;
}

/** Runs `work` and returns the audit rows it added, each with the text of the whole row. */
async function newAudit<T>(work: () => Promise<T>): Promise<{ result: T; rows: AuditRow[] }> {
  const before = new Set((await server.owner.query('SELECT id FROM audit_event')).map((r: { id: string }) => r.id));
  const result = await work();
  const rows: AuditRow[] = await server.owner.query(
    `SELECT a.id, a.district_id, a.actor_id, a.action, a.entity_type, a.entity_id, a.fields,
            row_to_json(a)::text AS text
       FROM audit_event a ORDER BY a.occurred_at`,
  );
  return { result, rows: rows.filter((r) => !before.has(r.id)) };
}

/** Exactly one audit event, by the Northfield admin, with field names and none of the values. */
function expectAudit(
  rows: AuditRow[],
  expected: Omit<Partial<AuditRow>, 'fields'>,
  fields: string[],
  values: string[],
) {
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ district_id: raw.northfield, actor_id: raw.admin, ...expected });
  expect([...rows[0].fields].sort()).toEqual([...fields].sort());
  for (const value of values) expect(rows[0].text).not.toContain(value);
}

const rawIdOf = (globalId: string) => {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
};
const long = (n: number) => 'x'.repeat(n);

/** Raw uuids of demo records. */
const raw = { northfield: '', southbrook: '', admin: '', teacher: '', coach: '', sbTeacher: '' };
const staffId = (key: 'teacher' | 'coach' | 'sbTeacher') => toGlobalId('StaffMember', raw[key]);

/** The global id of a Northfield item of a library, by its unique text. */
async function itemId(k: Kind, text: string, district = raw.northfield): Promise<string> {
  const [row] = await server.owner.query(`SELECT id FROM ${k.table} WHERE district_id = $1 AND ${k.name} = $2`, [
    district,
    text,
  ]);
  return toGlobalId(k.type, row.id);
}

beforeAll(async () => {
  server = await startTestServer();
  await Promise.all(
    (Object.keys(EMAIL) as Who[]).map(async (who) => {
      token[who] = (await server.signIn(EMAIL[who])).accessToken;
    }),
  );
  const one = async (sql: string, params: unknown[]): Promise<string> => (await server.owner.query(sql, params))[0].id;
  raw.northfield = await one(`SELECT id FROM district WHERE slug = $1`, ['northfield']);
  raw.southbrook = await one(`SELECT id FROM district WHERE slug = $1`, ['southbrook']);
  const staff = (email: string) => one(`SELECT id FROM staff_member WHERE email = $1`, [email]);
  raw.admin = await staff(EMAIL.admin);
  raw.teacher = await staff(EMAIL.teacher);
  raw.coach = await staff(EMAIL.coach);
  raw.sbTeacher = await staff('kmensah@southbrook.example');
});
afterAll(() => server?.close());

// ---------------------------------------------------------------------------------------------------------------

describe('reading the libraries', () => {
  it.each(KINDS.map((k) => [k.list, k] as const))(
    'the teacher reads the default %s, in order, all offered',
    async (_, k) => {
      const data = ok(await gqlAs('teacher', Q.list(k), { first: 100 }));
      const list = data[k.list];
      expect(list.totalCount).toBe(k.defaults.length);
      expect(list.nodes.map((n: any) => n[k.name])).toEqual(k.defaults);
      expect(list.nodes.map((n: any) => n.position)).toEqual(k.defaults.map((_d, i) => i + 1));
      expect(list.nodes.every((n: any) => n.active === true && n.version === 1)).toBe(true);
      expect(list.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    },
  );

  it('has the counts of library-defaults.ts: 4 norms, 10 criteria, 6 questions, 6 prompts, 6 skills', () => {
    expect(Object.fromEntries(KINDS.map((k) => [k.list, k.defaults.length]))).toEqual({
      norms: 4,
      rubricCriteria: 10,
      questionBankItems: 6,
      reflectionPrompts: 6,
      skills: 6,
    });
  });

  it('pages forward and backward by position', async () => {
    const k = byKey('rubricCriterion');
    const first = ok(await gqlAs('teacher', Q.list(k), { first: 4 })).rubricCriteria;
    expect(first.nodes.map((n: any) => n.name)).toEqual(k.defaults.slice(0, 4));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = ok(await gqlAs('teacher', Q.list(k), { first: 4, after: first.pageInfo.endCursor })).rubricCriteria;
    expect(second.nodes.map((n: any) => n.name)).toEqual(k.defaults.slice(4, 8));
    const back = ok(await gqlAs('teacher', Q.list(k), { last: 2, before: second.pageInfo.startCursor })).rubricCriteria;
    expect(back.nodes.map((n: any) => n.name)).toEqual(k.defaults.slice(2, 4));
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('refuses a cursor that is not from the list, naming the argument', async () => {
    const res = await gqlAs('teacher', Q.list(byKey('norm')), { after: 'bm90LWEtY3Vyc29y' });
    expect(codeOf(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].extensions?.fields).toEqual([{ field: 'after', message: expect.any(String) }]);
  });

  it('filters by text (ignoring case) and by active', async () => {
    const skills = byKey('skill');
    const found = ok(await gqlAs('teacher', Q.list(skills), { filter: { search: 'LISTEN' } })).skills;
    expect(found.nodes.map((n: any) => n.name)).toEqual(['Listening']);
    const questions = byKey('questionBankItem');
    const byPurpose = ok(await gqlAs('teacher', Q.list(questions), { filter: { search: 'evidence' } }));
    expect(byPurpose.questionBankItems.nodes.map((n: any) => n.purpose)).toEqual(['Evidence']);
    const retired = ok(await gqlAs('teacher', Q.list(skills), { filter: { active: false } })).skills;
    expect(retired.totalCount).toBe(0);
  });

  it('node(id:) refetches an item for any staff member', async () => {
    const id = await itemId(byKey('norm'), 'Confidentiality');
    for (const who of ['teacher', 'coach', 'principal', 'admin'] as const) {
      expect(ok(await gqlAs(who, Q.node, { id })).node).toEqual({
        __typename: 'Norm',
        id,
        title: 'Confidentiality',
        active: true,
      });
    }
  });

  it('the teacher reads the default district settings', async () => {
    expect(ok(await gqlAs('teacher', Q.settings)).districtSettings).toEqual({
      recentEvidenceDays: 30,
      onTrackHeldRate: 0.8,
      atRiskHeldRate: 0.6,
      onTrackQuality: 3,
      atRiskQuality: 2.5,
      onTrackFollowThrough: 0.7,
      atRiskFollowThrough: 0.5,
      version: 1,
    });
  });

  it('a district the operator provisions starts with the same defaults', async () => {
    const password = 'westlake-admin-password';
    ok(
      await gqlAs(
        'operator',
        `mutation($input: DistrictCreateInput!) { districtCreate(input: $input) { district { id } } }`,
        {
          input: {
            name: 'Westlake Public Schools',
            timezone: 'America/Denver',
            firstAdmin: { givenName: 'Wendy', familyName: 'Larsen', email: 'admin@westlake.example', password },
          },
        },
      ),
    );
    const { accessToken } = await server.signIn('admin@westlake.example', password);
    const data = ok(
      await server.gql(
        `{ norms { totalCount } rubricCriteria { totalCount } questionBankItems { totalCount }
           reflectionPrompts { totalCount } skills { totalCount } districtSettings { version recentEvidenceDays } }`,
        {},
        accessToken,
      ),
    );
    expect(data).toEqual({
      norms: { totalCount: 4 },
      rubricCriteria: { totalCount: 10 },
      questionBankItems: { totalCount: 6 },
      reflectionPrompts: { totalCount: 6 },
      skills: { totalCount: 6 },
      districtSettings: { version: 1, recentEvidenceDays: 30 },
    });
  });
});

describe('only district admins change libraries and settings', () => {
  /** Every library mutation with an input that would succeed for the admin. */
  async function inputs(): Promise<[string, string, Record<string, unknown>][]> {
    const calls: [string, string, Record<string, unknown>][] = [];
    for (const k of KINDS) {
      const id = await itemId(k, k.defaults[0]);
      calls.push([`${k.key}Create`, Q.create(k), { [k.name]: `Probe ${k.key}` }]);
      calls.push([`${k.key}Update`, Q.update(k), { id, version: 1, active: false }]);
    }
    const skillId = await itemId(byKey('skill'), 'Listening');
    const training = { skillId, staffMemberId: staffId('teacher') };
    calls.push(['skillTrainingRecord', Q.trainingRecord, { ...training, trainedOn: '2025-01-15' }]);
    calls.push(['skillTrainingRemove', Q.trainingRemove, training]);
    calls.push(['districtSettingsUpdate', Q.settingsUpdate, { version: 1, recentEvidenceDays: 60 }]);
    return calls;
  }

  it.each(['teacher', 'principal', 'coach', 'operator'] as const)(
    'the %s gets FORBIDDEN from every library mutation, and nothing is written',
    async (who) => {
      const calls = await inputs();
      expect(calls).toHaveLength(13);
      const codes: Record<string, string | undefined> = {};
      await writesNothing(async () => {
        for (const [name, query, input] of calls) {
          const res = await gqlAs(who, query, { input });
          codes[name] = res.errors?.length === 1 ? codeOf(res) : JSON.stringify(res.errors);
          expect(res.data ?? null).toBeNull();
        }
      });
      expect(codes).toEqual(Object.fromEntries(calls.map(([name]) => [name, 'FORBIDDEN'])));
    },
  );
});

describe('bad input is refused with BAD_USER_INPUT naming the fields, and writes nothing', () => {
  describe.each(KINDS.map((k) => [k.key, k] as const))('%sCreate', (_, k) => {
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['an empty name', { [k.name]: '' }, [k.name]],
      ['a blank name', { [k.name]: '   ' }, [k.name]],
      [`a name over ${k.max} characters`, { [k.name]: long(k.max + 1) }, [k.name]],
      ['a negative position', { [k.name]: 'Fine text', position: -1 }, ['position']],
      ['a huge position', { [k.name]: 'Fine text', position: 2_000_000 }, ['position']],
      ['the name of a default item, in other case', { [k.name]: k.defaults[1].toUpperCase() }, [k.name]],
      ['the name of a default item, padded', { [k.name]: `  ${k.defaults[1]} ` }, [k.name]],
    ];
    if (k.other) {
      const other = k.other;
      cases.push([
        `a ${other.field} over ${other.max}`,
        { [k.name]: 'Fine', [other.field]: long(other.max + 1) },
        [other.field],
      ]);
      cases.push([
        'several problems at once',
        { [k.name]: '', [other.field]: long(other.max + 1), position: -5 },
        [k.name, other.field, 'position'],
      ]);
    }
    it.each(cases)('%s', async (_case, input, fields) => {
      await expectRefused('admin', Q.create(k), input, fields);
    });
  });

  describe.each(KINDS.map((k) => [k.key, k] as const))('%sUpdate', (_, k) => {
    it('refuses cleared, empty, too long and duplicate values', async () => {
      const id = await itemId(k, k.defaults[0]);
      await expectRefused('admin', Q.update(k), { id, version: 1, [k.name]: null }, [k.name]);
      await expectRefused('admin', Q.update(k), { id, version: 1, [k.name]: ' ' }, [k.name]);
      await expectRefused('admin', Q.update(k), { id, version: 1, [k.name]: long(k.max + 1) }, [k.name]);
      await expectRefused('admin', Q.update(k), { id, version: 1, [k.name]: k.defaults[1] }, [k.name]);
      await expectRefused('admin', Q.update(k), { id, version: 1, position: null, active: null }, [
        'position',
        'active',
      ]);
      if (k.other) {
        const input = { id, version: 1, [k.other.field]: long(k.other.max + 1) };
        await expectRefused('admin', Q.update(k), input, [k.other.field]);
      }
    });

    it('answers NOT_FOUND for a malformed id, an id of another type and an unknown id', async () => {
      const otherType = k.type === 'Norm' ? 'Skill' : 'Norm';
      const wrongType = toGlobalId(otherType, rawIdOf(await itemId(k, k.defaults[0])));
      for (const id of ['not-an-id', wrongType, toGlobalId(k.type, '00000000-0000-4000-8000-000000000000')]) {
        await expectError('admin', Q.update(k), { input: { id, version: 1, active: false } }, 'NOT_FOUND');
      }
    });
  });
});

describe('the district admin creates, updates and retires items', () => {
  const created: Record<string, string> = {};

  it.each(KINDS.map((k) => [k.key, k] as const))('%s: create lands at the end, audited by field name', async (_, k) => {
    const text = `A new ${k.key} for Northfield`;
    const input = { [k.name]: `  ${text}  `, ...(k.other ? { [k.other.field]: 'Why it matters' } : {}) };
    const { result, rows } = await newAudit(async () => ok(await gqlAs('admin', Q.create(k), { input })));
    const item = result[`${k.key}Create`][k.key];
    created[k.key] = item.id;
    expect(item).toMatchObject({
      [k.name]: text,
      position: k.defaults.length + 1,
      active: true,
      version: 1,
      ...(k.other ? { [k.other.field]: 'Why it matters' } : {}),
    });
    const fields = [k.name, ...(k.other ? [k.other.field] : [])];
    expectAudit(rows, { action: `${k.key}.create`, entity_type: k.type, entity_id: rawIdOf(item.id) }, fields, [
      text,
      'Why it matters',
    ]);
    const list = ok(await gqlAs('teacher', Q.list(k), { first: 100 }))[k.list];
    expect(list.nodes.map((n: any) => n[k.name])).toEqual([...k.defaults, text]);
  });

  it.each(KINDS.map((k) => [k.key, k] as const))('%s: update changes only what is given', async (_, k) => {
    const id = created[k.key];
    const text = `A renamed ${k.key}`;
    const input = { id, version: 1, [k.name]: text, position: 0 };
    const { result, rows } = await newAudit(async () => ok(await gqlAs('admin', Q.update(k), { input })));
    const item = result[`${k.key}Update`][k.key];
    expect(item).toMatchObject({ id, [k.name]: text, position: 0, active: true, version: 2 });
    if (k.other) expect(item[k.other.field]).toBe('Why it matters');
    expectAudit(
      rows,
      { action: `${k.key}.update`, entity_type: k.type, entity_id: rawIdOf(id) },
      [k.name, 'position'],
      [text],
    );
    const list = ok(await gqlAs('teacher', Q.list(k), { first: 100 }))[k.list];
    expect(list.nodes[0][k.name]).toBe(text);
  });

  it.each(KINDS.map((k) => [k.key, k] as const))('%s: a stale version is a CONFLICT', async (_, k) => {
    const input = { id: created[k.key], version: 1, [k.name]: 'Too late' };
    await expectError('admin', Q.update(k), { input }, 'CONFLICT');
  });

  it.each(KINDS.map((k) => [k.key, k] as const))(
    '%s: retiring keeps the item, out of the offered list',
    async (_, k) => {
      const id = created[k.key];
      const { result, rows } = await newAudit(async () =>
        ok(await gqlAs('admin', Q.update(k), { input: { id, version: 2, active: false } })),
      );
      expect(result[`${k.key}Update`][k.key]).toMatchObject({ id, active: false, version: 3 });
      expectAudit(rows, { action: `${k.key}.update`, entity_type: k.type }, ['active'], []);
      const offered = ok(await gqlAs('teacher', Q.list(k), { filter: { active: true }, first: 100 }))[k.list];
      expect(offered.nodes.map((n: any) => n.id)).not.toContain(id);
      expect(offered.totalCount).toBe(k.defaults.length);
      const retired = ok(await gqlAs('teacher', Q.list(k), { filter: { active: false } }))[k.list];
      expect(retired.nodes.map((n: any) => n.id)).toEqual([id]);
      const [{ n }] = await server.owner.query(`SELECT count(*)::int AS n FROM ${k.table} WHERE id = $1`, [
        rawIdOf(id),
      ]);
      expect(n).toBe(1);
    },
  );

  it('a retired item still holds its name: a new item may not take it', async () => {
    const k = byKey('skill');
    await expectRefused('admin', Q.create(k), { name: 'A renamed skill' }, ['name']);
  });

  it('an explicit position is kept, and the audit lists it', async () => {
    const k = byKey('reflectionPrompt');
    const input = { text: 'What surprised me today?', position: 3 };
    const { result, rows } = await newAudit(async () => ok(await gqlAs('admin', Q.create(k), { input })));
    expect(result.reflectionPromptCreate.reflectionPrompt).toMatchObject({ position: 3, version: 1 });
    expect(rows[0].fields.sort()).toEqual(['position', 'text']);
  });

  it('a failed mutation writes no audit row', async () => {
    const { rows } = await newAudit(() => gqlAs('admin', Q.create(byKey('norm')), { input: { title: '' } }));
    expect(rows).toEqual([]);
  });
});

describe("districts cannot reach each other's libraries", () => {
  it("Southbrook's admin sees only Southbrook's items, and null for Northfield's", async () => {
    for (const k of KINDS) {
      const list = ok(await gqlAs('sbAdmin', Q.list(k), { first: 100 }))[k.list];
      expect(list.nodes.map((n: any) => n[k.name])).toEqual(k.defaults);
      const nf = await itemId(k, k.defaults[0]);
      expect(list.nodes.map((n: any) => n.id)).not.toContain(nf);
      expect(ok(await gqlAs('sbAdmin', Q.node, { id: nf })).node).toBeNull();
    }
  });

  it.each(KINDS.map((k) => [k.key, k] as const))(
    "%sUpdate of a Northfield item by Southbrook's admin is NOT_FOUND",
    async (_, k) => {
      const id = await itemId(k, k.defaults[0]);
      await expectError('sbAdmin', Q.update(k), { input: { id, version: 1, active: false } }, 'NOT_FOUND');
    },
  );

  it("Southbrook's admin cannot record or remove trainings with Northfield's skills or people", async () => {
    const nfSkill = await itemId(byKey('skill'), 'Listening');
    const sbSkill = await itemId(byKey('skill'), 'Listening', raw.southbrook);
    const day = '2025-01-15';
    const record = (skillId: string, staffMemberId: string) => ({ skillId, staffMemberId, trainedOn: day });
    await expectRefused('sbAdmin', Q.trainingRecord, record(nfSkill, staffId('sbTeacher')), ['skillId']);
    await expectRefused('sbAdmin', Q.trainingRecord, record(sbSkill, staffId('teacher')), ['staffMemberId']);
    await expectRefused('sbAdmin', Q.trainingRemove, { skillId: nfSkill, staffMemberId: staffId('teacher') }, [
      'skillId',
      'staffMemberId',
    ]);
  });
});

describe('skill trainings', () => {
  let listening: string;
  let framing: string;
  beforeAll(async () => {
    listening = await itemId(byKey('skill'), 'Listening');
    framing = await itemId(byKey('skill'), 'Framing a purposeful conversation');
  });

  it('refuses malformed and unknown references, future days and malformed days, naming the fields', async () => {
    const good = { skillId: listening, staffMemberId: staffId('teacher'), trainedOn: '2025-01-15' };
    await expectRefused('admin', Q.trainingRecord, { ...good, skillId: 'nope', staffMemberId: staffId('coach') }, [
      'skillId',
    ]);
    await expectRefused('admin', Q.trainingRecord, { ...good, skillId: staffId('coach'), staffMemberId: listening }, [
      'skillId',
      'staffMemberId',
    ]);
    const unknown = toGlobalId('StaffMember', '00000000-0000-4000-8000-000000000000');
    await expectRefused('admin', Q.trainingRecord, { ...good, staffMemberId: unknown }, ['staffMemberId']);
    const nextYear = `${new Date().getUTCFullYear() + 1}-01-01`;
    await expectRefused('admin', Q.trainingRecord, { ...good, trainedOn: nextYear }, ['trainedOn']);
    for (const trainedOn of ['2025-02-30', '15/01/2025', '']) {
      const res = await expectError('admin', Q.trainingRecord, { input: { ...good, trainedOn } }, 'BAD_USER_INPUT');
      expect(res.errors![0].message).toContain('trainedOn');
    }
  });

  it('records a training, audited on the person by field name', async () => {
    const input = { skillId: listening, staffMemberId: staffId('teacher'), trainedOn: '2025-09-15' };
    const { result, rows } = await newAudit(async () => ok(await gqlAs('admin', Q.trainingRecord, { input })));
    expect(result.skillTrainingRecord.skillTraining).toEqual({
      trainedOn: '2025-09-15',
      skill: { id: listening, name: 'Listening' },
      staffMember: { id: staffId('teacher'), email: EMAIL.teacher },
    });
    expectAudit(
      rows,
      { action: 'skillTraining.record', entity_type: 'StaffMember', entity_id: raw.teacher },
      ['skillId', 'trainedOn'],
      ['2025-09-15'],
    );
  });

  it('recording it again changes the day, and keeps one training', async () => {
    const input = { skillId: listening, staffMemberId: staffId('teacher'), trainedOn: '2025-10-01' };
    const res = ok(await gqlAs('admin', Q.trainingRecord, { input }));
    expect(res.skillTrainingRecord.skillTraining.trainedOn).toBe('2025-10-01');
    const rows = await server.owner.query(
      `SELECT trained_on::text AS d FROM skill_training WHERE staff_member_id = $1`,
      [raw.teacher],
    );
    expect(rows).toEqual([{ d: '2025-10-01' }]);
  });

  it('lists trainings newest first, filtered and paged; skills show their trained staff', async () => {
    ok(
      await gqlAs('admin', Q.trainingRecord, {
        input: { skillId: listening, staffMemberId: staffId('coach'), trainedOn: '2025-08-20' },
      }),
    );
    ok(
      await gqlAs('admin', Q.trainingRecord, {
        input: { skillId: framing, staffMemberId: staffId('coach'), trainedOn: '2025-11-03' },
      }),
    );
    const all = ok(await gqlAs('admin', Q.trainings)).skillTrainings;
    expect(all.totalCount).toBe(3);
    expect(all.nodes.map((t: any) => [t.trainedOn, t.skill.name, t.staffMember.email])).toEqual([
      ['2025-11-03', 'Framing a purposeful conversation', EMAIL.coach],
      ['2025-10-01', 'Listening', EMAIL.teacher],
      ['2025-08-20', 'Listening', EMAIL.coach],
    ]);
    const page1 = ok(await gqlAs('admin', Q.trainings, { first: 2 })).skillTrainings;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = ok(await gqlAs('admin', Q.trainings, { first: 2, after: page1.pageInfo.endCursor })).skillTrainings;
    expect(page2.nodes.map((t: any) => t.trainedOn)).toEqual(['2025-08-20']);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const bySkill = ok(await gqlAs('admin', Q.trainings, { filter: { skillId: listening } })).skillTrainings;
    expect(bySkill.nodes.map((t: any) => t.staffMember.email)).toEqual([EMAIL.teacher, EMAIL.coach]);
    const byPerson = ok(await gqlAs('admin', Q.trainings, { filter: { staffMemberId: staffId('coach') } }));
    expect(byPerson.skillTrainings.totalCount).toBe(2);
    const bad = await gqlAs('admin', Q.trainings, { filter: { skillId: 'nope' } });
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'filter.skillId' }] });

    const skills = ok(await gqlAs('admin', Q.trainedStaff, { filter: { search: 'Listening' } })).skills.nodes;
    expect(skills).toEqual([
      {
        name: 'Listening',
        trainedStaff: [
          { trainedOn: '2025-10-01', staffMember: { email: EMAIL.teacher } },
          { trainedOn: '2025-08-20', staffMember: { email: EMAIL.coach } },
        ],
      },
    ]);
  });

  it('the teacher sees only their own trainings (who is trained is about people)', async () => {
    const mine = ok(await gqlAs('teacher', Q.trainings)).skillTrainings;
    expect(mine.nodes).toEqual([
      { trainedOn: '2025-10-01', skill: { name: 'Listening' }, staffMember: { email: EMAIL.teacher } },
    ]);
    const skills = ok(await gqlAs('teacher', Q.trainedStaff, { filter: { search: 'Listening' } })).skills.nodes;
    expect(skills[0].trainedStaff).toEqual([{ trainedOn: '2025-10-01', staffMember: { email: EMAIL.teacher } }]);
  });

  it('removes a training, audited; removing it again is NOT_FOUND', async () => {
    const input = { skillId: framing, staffMemberId: staffId('coach') };
    const { result, rows } = await newAudit(async () => ok(await gqlAs('admin', Q.trainingRemove, { input })));
    expect(result.skillTrainingRemove.skillTraining).toEqual({
      trainedOn: '2025-11-03',
      skill: { id: framing },
      staffMember: { id: staffId('coach') },
    });
    expectAudit(
      rows,
      { action: 'skillTraining.remove', entity_type: 'StaffMember', entity_id: raw.coach },
      ['skillId'],
      [],
    );
    await expectError('admin', Q.trainingRemove, { input }, 'NOT_FOUND');
    expect(ok(await gqlAs('admin', Q.trainings)).skillTrainings.totalCount).toBe(2);
  });
});

describe('district settings', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['days below 1', { recentEvidenceDays: 0 }, ['recentEvidenceDays']],
    ['days above 365', { recentEvidenceDays: 366 }, ['recentEvidenceDays']],
    ['a rate above 1', { onTrackHeldRate: 1.5 }, ['onTrackHeldRate']],
    ['a negative rate', { atRiskFollowThrough: -0.1 }, ['atRiskFollowThrough']],
    ['a quality below 1', { atRiskQuality: 0.5 }, ['atRiskQuality']],
    ['a quality above 4', { onTrackQuality: 4.5 }, ['onTrackQuality']],
    ['a cleared value', { onTrackQuality: null }, ['onTrackQuality']],
    ['an at-risk rate above the stored on-track one', { atRiskHeldRate: 0.9 }, ['atRiskHeldRate']],
    ['an on-track quality below the stored at-risk one', { onTrackQuality: 2 }, ['onTrackQuality']],
    [
      'a pair given inverted',
      { onTrackFollowThrough: 0.3, atRiskFollowThrough: 0.4 },
      ['onTrackFollowThrough', 'atRiskFollowThrough'],
    ],
    [
      'several problems at once',
      { recentEvidenceDays: 400, onTrackHeldRate: 2, atRiskQuality: 3.5 },
      ['recentEvidenceDays', 'onTrackHeldRate', 'atRiskQuality'],
    ],
  ])('refuses %s', async (_, change, fields) => {
    await expectRefused('admin', Q.settingsUpdate, { version: 1, ...change }, fields);
  });

  it('the admin updates some thresholds, audited by field name', async () => {
    const input = { version: 1, recentEvidenceDays: 45, onTrackHeldRate: 0.85, atRiskHeldRate: 0.65 };
    const { result, rows } = await newAudit(async () => ok(await gqlAs('admin', Q.settingsUpdate, { input })));
    expect(result.districtSettingsUpdate.districtSettings).toEqual({
      recentEvidenceDays: 45,
      onTrackHeldRate: 0.85,
      atRiskHeldRate: 0.65,
      onTrackQuality: 3,
      atRiskQuality: 2.5,
      onTrackFollowThrough: 0.7,
      atRiskFollowThrough: 0.5,
      version: 2,
    });
    expectAudit(
      rows,
      { action: 'districtSettings.update', entity_type: 'DistrictSettings', entity_id: raw.northfield },
      ['recentEvidenceDays', 'onTrackHeldRate', 'atRiskHeldRate'],
      ['0.85', '0.65'],
    );
  });

  it('an at-risk threshold may equal its on-track one', async () => {
    const input = { version: 2, onTrackQuality: 2.75, atRiskQuality: 2.75 };
    const res = ok(await gqlAs('admin', Q.settingsUpdate, { input }));
    expect(res.districtSettingsUpdate.districtSettings).toMatchObject({
      onTrackQuality: 2.75,
      atRiskQuality: 2.75,
      version: 3,
    });
  });

  it('a stale version is a CONFLICT', async () => {
    await expectError('admin', Q.settingsUpdate, { input: { version: 2, recentEvidenceDays: 10 } }, 'CONFLICT');
  });

  it("Southbrook's settings are its own", async () => {
    const sb = ok(await gqlAs('sbAdmin', Q.settings)).districtSettings;
    expect(sb).toMatchObject({ recentEvidenceDays: 30, version: 1 });
    ok(await gqlAs('sbAdmin', Q.settingsUpdate, { input: { version: 1, recentEvidenceDays: 90 } }));
    expect(ok(await gqlAs('teacher', Q.settings)).districtSettings).toMatchObject({
      recentEvidenceDays: 45,
      version: 3,
    });
  });
});
