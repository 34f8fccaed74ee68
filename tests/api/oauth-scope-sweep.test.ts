/**
 * Scope enforcement on every root field, read from the built schema rather than from a list: each Query and Mutation
 * field declares its guard (@Allow with permissions, @PeopleOnly, @SignedIn, @Public) and the schema records it
 * (guardOf). For every field an API client may use, a real client token (POST /oauth/token) lacking every scope that
 * grants the field's permissions is refused FORBIDDEN naming those scopes, before any input is looked at, and a token
 * holding any one of them is not refused for scope reasons. Fields only people may use refuse every client token.
 */
import { randomUUID } from 'node:crypto';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  getNamedType,
  isCompositeType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { API_SCOPES, scopesGranting, type ApiScope } from '@throughline/shared';
import { createSchema } from '../../packages/api/src/server/schema';
import { guardOf, type FieldGuard } from '../../packages/api/src/auth/guard';
import { toGlobalId } from '../../packages/api/src/graphql/global-id';
import { ok, startTestServer, type GraphQLResponse, type TestServer } from '../support/server';

/**
 * The only root fields no permission governs, each for a stated reason. A new field that declares no @Allow fails
 * this suite until it is either governed by a permission or added here with its reason.
 */
const UNGOVERNED: Record<string, string> = {
  'Query.me': 'the caller itself: a client sees its own kind and the permissions its scopes grant',
  'Query.rateLimit': "the caller's own budget",
  'Query.node': "each type's service checks the permission to read it; a refused id answers null",
  'Query.nodes': "each type's service checks the permission to read it; a refused id answers null",
  'Query.cadencePreview': 'computes dates from its arguments, reads no record',
  'Query.signInOptions': 'public: how people of a district sign in, asked before signing in',
};

interface RootField {
  name: string;
  kind: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  guard: FieldGuard;
}

let server: TestServer;
let fields: RootField[] = [];
let client: { clientId: string; clientSecret: string };
const tokens = new Map<string, string>();

/** A token of the all-scopes client narrowed to these scopes (RFC 6749 §3.3), fetched once per set. */
async function tokenFor(scopes: readonly ApiScope[]): Promise<string> {
  const scope = API_SCOPES.filter((s) => scopes.includes(s)).join(' ');
  const cached = tokens.get(scope);
  if (cached) return cached;
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.clientId,
      client_secret: client.clientSecret,
      scope,
    }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token refused: ${res.status} ${JSON.stringify(body)}`);
  tokens.set(scope, body.access_token);
  return body.access_token;
}

/** A syntactically valid value of an input type: random ids, the first enum value, required input fields filled. */
function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType as GraphQLInputType);
  if (type instanceof GraphQLList) return [sample(type.ofType as GraphQLInputType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].value;
  if (type instanceof GraphQLInputObjectType) {
    const value: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (f.type instanceof GraphQLNonNull && f.defaultValue === undefined) value[f.name] = sample(f.type);
    }
    return value;
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'ID':
      return toGlobalId('Thing', randomUUID());
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'DateTimeISO':
      return '2026-03-02T15:00:00.000Z';
    case 'LocalDate':
      return '2026-03-02';
    case 'String':
      return 'sweep';
    default:
      throw new Error(`no sample for scalar ${scalar.name}: teach the sweep a valid value`);
  }
}

/** The field asked with every required argument given (as variables) and the smallest selection. */
async function ask(root: RootField, token: string): Promise<GraphQLResponse> {
  const required = root.field.args.filter((a) => a.type instanceof GraphQLNonNull && a.defaultValue === undefined);
  const vars = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isCompositeType(getNamedType(root.field.type)) ? ' { __typename }' : '';
  const document = `${root.kind}${vars ? `(${vars})` : ''} { ${root.name}${args ? `(${args})` : ''}${selection} }`;
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
  return server.gql(document, variables, token);
}

function refusal(res: GraphQLResponse): { code?: string; reason?: unknown; scopes?: unknown } {
  const e = res.errors?.[0]?.extensions;
  return { code: e?.code, reason: e?.reason, scopes: e?.requiredScopes };
}

/** The scopes that grant any one of the permissions of a field's @Allow. */
function granting(guard: FieldGuard): ApiScope[] {
  return API_SCOPES.filter((s) => guard.allow.some((p) => scopesGranting(p).includes(s)));
}

const clientFields = () => fields.filter((f) => f.guard.allow.length > 0 && !f.guard.peopleOnly);

beforeAll(async () => {
  const schema = await createSchema();
  const roots: [RootField['kind'], GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ];
  fields = roots.flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ name: field.name, kind, field, guard: guardOf(field) })),
  );
  // Many requests from one client: a budget large enough that no answer here is the budget's.
  server = await startTestServer({ rateLimits: { pointsPerWindow: 10_000_000 } });
  const admin = (await server.signIn('admin@northfield.example')).accessToken;
  const created = ok(
    await server.gql(
      `mutation($i: ApiClientCreateInput!) { apiClientCreate(input: $i) { clientId clientSecret } }`,
      { i: { name: 'Scope sweep', scopes: [...API_SCOPES] } },
      admin,
    ),
  ).apiClientCreate;
  client = { clientId: created.clientId, clientSecret: created.clientSecret };
});

afterAll(async () => {
  await server?.close();
});

describe('every root field declares its guard', () => {
  it('finds the whole schema: queries and mutations, each with a guard recorded', () => {
    expect(fields.filter((f) => f.kind === 'query').length).toBeGreaterThan(40);
    expect(fields.filter((f) => f.kind === 'mutation').length).toBeGreaterThan(60);
    const unguarded = fields.filter(
      (f) => f.guard.allow.length === 0 && !f.guard.peopleOnly && !f.guard.public && !f.guard.signedIn,
    );
    expect(unguarded.map((f) => f.name)).toEqual([]);
  });

  it('governs every root field by a permission, but for the few listed with their reason', () => {
    const ungoverned = fields
      .filter((f) => f.guard.allow.length === 0 && !f.guard.peopleOnly)
      .map((f) => `${f.kind === 'query' ? 'Query' : 'Mutation'}.${f.name}`)
      .sort();
    expect(ungoverned).toEqual(Object.keys(UNGOVERNED).sort());
  });
});

describe('a client token on every field a scope governs', () => {
  it('lacking every scope that grants the field: FORBIDDEN naming those scopes, before its input is looked at', async () => {
    const wrong: unknown[] = [];
    let checked = 0;
    for (const root of clientFields()) {
      const needed = granting(root.guard);
      const others = API_SCOPES.filter((s) => !needed.includes(s));
      // A permission every scope grants (reading the district itself) cannot be lacked by any token.
      if (needed.length === 0 || others.length === 0) continue;
      const res = await ask(root, await tokenFor(others));
      checked += 1;
      const got = refusal(res);
      const message = res.errors?.[0]?.message ?? '';
      const named = needed.every((s) => message.includes(s));
      const scopes = Array.isArray(got.scopes) ? [...(got.scopes as string[])].sort() : got.scopes;
      const answer = { field: root.name, ...got, scopes, named, data: res.data?.[root.name] ?? null };
      const expected = { field: root.name, code: 'FORBIDDEN', reason: 'MISSING_SCOPE', scopes: [...needed].sort() };
      if (JSON.stringify(answer) !== JSON.stringify({ ...expected, named: true, data: null })) wrong.push(answer);
    }
    expect(checked).toBeGreaterThan(35);
    expect(wrong).toEqual([]);
  });

  it('holding any one scope that grants the field: not refused for scope reasons', async () => {
    const wrong: unknown[] = [];
    let checked = 0;
    for (const root of clientFields()) {
      for (const scope of granting(root.guard)) {
        const res = await ask(root, await tokenFor([scope]));
        checked += 1;
        const got = refusal(res);
        if (got.reason === 'MISSING_SCOPE' || got.reason === 'PEOPLE_ONLY' || got.code === 'UNAUTHENTICATED') {
          wrong.push({ field: root.name, scope, ...got, message: res.errors?.[0]?.message });
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('a field whose permissions no scope grants refuses even a token holding every scope', async () => {
    const all = await tokenFor(API_SCOPES);
    const wrong: unknown[] = [];
    let checked = 0;
    for (const root of clientFields().filter((f) => granting(f.guard).length === 0)) {
      const res = await ask(root, all);
      checked += 1;
      const got = refusal(res);
      if (got.code !== 'FORBIDDEN' || got.reason !== 'MISSING_SCOPE' || JSON.stringify(got.scopes) !== '[]') {
        wrong.push({ field: root.name, ...got });
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(wrong).toEqual([]);
  });
});

describe('fields only people may use', () => {
  it('refuse every client token, even one holding every scope, as PEOPLE_ONLY (or as no scope granting it)', async () => {
    const wrong: unknown[] = [];
    const people = fields.filter((f) => f.guard.peopleOnly);
    expect(people.map((f) => f.name)).toEqual(expect.arrayContaining(['signIn', 'refreshSession', 'signOut']));
    for (const root of people) {
      const all = await ask(root, await tokenFor(API_SCOPES));
      const answers = [{ scopes: 'all', res: all }];
      for (const scope of granting(root.guard))
        answers.push({ scopes: scope, res: await ask(root, await tokenFor([scope])) });
      for (const { scopes, res } of answers) {
        const got = refusal(res);
        // A permission no scope grants is refused first, as "only people signed in can do it" (no scope named).
        const noScope = granting(root.guard).length === 0 && root.guard.allow.length > 0;
        const documented =
          got.reason === 'PEOPLE_ONLY' ||
          (noScope && got.reason === 'MISSING_SCOPE' && JSON.stringify(got.scopes) === '[]');
        if (got.code !== 'FORBIDDEN' || !documented || res.data?.[root.name]) {
          wrong.push({ field: root.name, scopes, ...got });
        }
      }
      const lacking = API_SCOPES.filter((s) => !granting(root.guard).includes(s));
      if (root.guard.allow.length > 0 && lacking.length > 0 && granting(root.guard).length > 0) {
        const got = refusal(await ask(root, await tokenFor(lacking)));
        if (got.code !== 'FORBIDDEN' || !['PEOPLE_ONLY', 'MISSING_SCOPE'].includes(got.reason as string)) {
          wrong.push({ field: root.name, scopes: lacking, ...got });
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('the ungoverned fields', () => {
  it('answer a client token holding the narrowest scope without refusing it', async () => {
    const token = await tokenFor(['analytics:read']);
    const wrong: unknown[] = [];
    for (const root of fields.filter((f) => UNGOVERNED[`Query.${f.name}`] && f.kind === 'query')) {
      const got = refusal(await ask(root, token));
      if (got.code === 'FORBIDDEN' || got.code === 'UNAUTHENTICATED') wrong.push({ field: root.name, ...got });
    }
    expect(wrong).toEqual([]);
  });
});
