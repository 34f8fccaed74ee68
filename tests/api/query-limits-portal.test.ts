import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { GraphQLError, Kind, parse, specifiedRules, validate, type GraphQLSchema, type DocumentNode } from 'graphql';
import { Limits } from '@throughline/shared';
import { createSchema } from '../../packages/api/src/server/schema';
import { queryLimitRules, queryParseOptions } from '../../packages/api/src/graphql/query-limits';
import { estimateCost } from '../../packages/api/src/graphql/query-cost';
import { FIELD_COSTS } from '../../packages/api/src/modules/rate-limit/field-costs';
import { createDataProvider } from '../../packages/admin/src/providers/dataProvider';
import { RESOURCES } from '../../packages/admin/src/providers/resources';

/**
 * The portal is never refused by the query limits: every GraphQL document in packages/admin/src, with the largest
 * variables it sends (pages of 100, 100 ids, a funnel per school for 100 schools), fits the size limit, parses within
 * the token limit, passes validation with the limit rules, and costs less than the per-request ceiling.
 *
 * Documents are found in the source: every template literal that reads as a GraphQL operation, with `${...}` filled in
 * from the constants it names (in its file or imported); the few built in code (the data provider's, the funnel per
 * school, a mutation name chosen at run time) are produced as the portal produces them.
 */
const ADMIN = path.resolve(__dirname, '..', '..', 'packages', 'admin', 'src');

interface Doc {
  name: string;
  query: string;
  variables: Record<string, unknown>;
}

const LIMITS = {
  depth: Limits.QUERY_DEPTH_MAX,
  aliases: Limits.QUERY_ALIASES_MAX,
  directives: Limits.QUERY_DIRECTIVES_MAX,
  tokens: Limits.QUERY_TOKENS_MAX,
  oncePerOperation: ['signIn', 'refreshSession'],
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\./.test(e.name) ? [full] : [];
  });
}

const parsed = new Map<string, ts.SourceFile>();
function sourceOf(file: string): ts.SourceFile {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

class Unresolved extends Error {}

type Value = string | number | string[] | Record<string, string>;

/** The value of a constant expression of the portal's source: strings, templates, numbers, string arrays, joins. */
function evaluate(node: ts.Expression, file: string, bindings: Record<string, Value>): Value {
  if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node))
    return evaluate(node.expression, file, bindings);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (ts.isTemplateExpression(node)) {
    let out = node.head.text;
    for (const span of node.templateSpans) out += String(evaluate(span.expression, file, bindings)) + span.literal.text;
    return out;
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.map((e) => String(evaluate(e, file, bindings)));
  if (ts.isIdentifier(node)) {
    if (node.text in bindings) return bindings[node.text];
    return resolveName(node.text, file);
  }
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text in bindings) {
    const target = bindings[node.expression.text];
    if (typeof target === 'object' && !Array.isArray(target) && node.name.text in target) return target[node.name.text];
  }
  if (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 'join'
  ) {
    const list = evaluate(node.expression.expression, file, bindings);
    const sep = node.arguments[0] ? String(evaluate(node.arguments[0], file, bindings)) : ',';
    if (Array.isArray(list)) return list.join(sep);
  }
  throw new Unresolved(node.getText());
}

/** A top-level `const NAME = …` of the file, or the one it imports under that name. */
function resolveName(name: string, file: string): Value {
  const sf = sourceOf(file);
  for (const statement of sf.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return evaluate(d.initializer, file, {});
      }
    }
    if (ts.isImportDeclaration(statement) && statement.importClause?.namedBindings) {
      const bindings = statement.importClause.namedBindings;
      if (!ts.isNamedImports(bindings)) continue;
      for (const element of bindings.elements) {
        if (element.name.text !== name) continue;
        const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
        if (!spec.startsWith('.')) break;
        const base = path.resolve(path.dirname(file), spec);
        const target = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => fs.existsSync(f));
        if (target) return resolveName((element.propertyName ?? element.name).text, target);
      }
    }
  }
  throw new Unresolved(name);
}

const OPERATION = /^\s*(query\b|mutation\b|\{\s*[A-Za-z_]\w*[\s({])/;

/**
 * The templates built in code, with the values the portal gives them at run time (e.g. a mutation's name). A new
 * document built from run-time values fails the test until it is listed here.
 */
const RUN_TIME: Record<string, Record<string, Value>[] | 'covered below'> = {
  'providers/dataProvider.ts': 'covered below',
  'dashboard/SchoolsByHeldRateCard.tsx': 'covered below',
  'resources/staff/ActivationButton.tsx': [
    { mutation: 'staffMemberDeactivate' },
    { mutation: 'staffMemberReactivate' },
  ],
  'resources/conversations/useConversationSave.ts': [
    { op: { inputType: 'ConversationCreateInput', mutation: 'conversationCreate' } },
    { op: { inputType: 'ConversationUpdateInput', mutation: 'conversationUpdate' } },
  ],
};

/** `${NAME}` inside a run-time value: filled from the dashboard's constants. */
function expand(value: Value): Value {
  if (typeof value !== 'string') return value;
  return value.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    for (const file of sourceFiles(path.join(ADMIN, 'dashboard'))) {
      try {
        return String(resolveName(name, file));
      } catch {
        // not in this file
      }
    }
    throw new Unresolved(name);
  });
}

function fromSource(): { docs: Doc[]; unresolved: string[] } {
  const docs: Doc[] = [];
  const unresolved: string[] = [];
  for (const file of sourceFiles(ADMIN)) {
    const rel = path.relative(ADMIN, file).split(path.sep).join('/');
    const visit = (node: ts.Node): void => {
      if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
        const head = ts.isTemplateExpression(node) ? node.head.text : node.text;
        if (OPERATION.test(head)) {
          const runTime = RUN_TIME[rel];
          const variants = Array.isArray(runTime) ? runTime : [{}];
          for (const [i, bindings] of variants.entries()) {
            try {
              const env = Object.fromEntries(Object.entries(bindings).map(([k, v]) => [k, expand(v)]));
              const query = String(evaluate(node as ts.Expression, file, env));
              docs.push({
                name: `${rel}:${sourceOf(file).getLineAndCharacterOfPosition(node.getStart()).line + 1}${variants.length > 1 ? `#${i + 1}` : ''}`,
                query,
                variables: {},
              });
            } catch (error) {
              if (!(error instanceof Unresolved)) throw error;
              if (runTime !== 'covered below') unresolved.push(`${rel}: \${${error.message}}`);
            }
          }
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceOf(file));
  }
  return { docs, unresolved };
}

/** What the data provider sends for every resource: lists of 100 (the export), one record, 100 records, writes. */
async function fromDataProvider(): Promise<Doc[]> {
  const docs: Doc[] = [];
  let current = '';
  const fakeFetch = (async (_url: string, init: { body: string }) => {
    const { query, variables } = JSON.parse(init.body);
    docs.push({ name: current, query, variables });
    const data = query.includes('list:')
      ? { list: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }
      : query.includes('nodes(ids')
        ? { nodes: [] }
        : query.includes('node(id')
          ? { node: { id: 'x' } }
          : { result: new Proxy({}, { get: () => ({ id: 'x' }) }) };
    return { status: 200, json: async () => ({ data }) } as Response;
  }) as unknown as typeof fetch;
  const provider = createDataProvider({ endpoint: '/graphql', token: () => 't', fetch: fakeFetch });
  const ids = Array.from({ length: Limits.PAGE_MAX }, (_, i) => `id${i}`);
  for (const [resource, c] of Object.entries(RESOURCES)) {
    current = `dataProvider ${resource}.getList(100)`;
    await provider.getList(resource, {
      pagination: { page: 1, perPage: 100 },
      sort: { field: 'id', order: 'ASC' },
      filter: {},
    });
    current = `dataProvider ${resource}.getOne`;
    await provider.getOne(resource, { id: 'x' });
    current = `dataProvider ${resource}.getMany(100)`;
    await provider.getMany(resource, { ids });
    if (c.create) {
      current = `dataProvider ${resource}.create`;
      await provider.create(resource, { data: {} }).catch(() => undefined);
    }
    if (c.update) {
      current = `dataProvider ${resource}.update`;
      await provider.update(resource, { id: 'x', data: {}, previousData: { id: 'x' } }).catch(() => undefined);
    }
  }
  return docs;
}

/** SchoolsByHeldRateCard: one aliased funnel per school, for the 100 schools it lists. */
function schoolFunnels(): Doc {
  const file = path.join(ADMIN, 'dashboard', 'SchoolsByHeldRateCard.tsx');
  const alias =
    's${i}: funnel(scope: { kind: SCHOOL, id: $s${i} }, window: $window, trend: MONTH) { due held missed heldRate }';
  // Guard: the card still builds its document this way.
  expect(fs.readFileSync(file, 'utf8')).toContain(alias);
  const count = Limits.PAGE_MAX;
  const vars = Array.from({ length: count }, (_, i) => `$s${i}: ID!`).join(', ');
  const fields = Array.from({ length: count }, (_, i) => alias.replaceAll('${i}', String(i))).join('\n');
  return {
    name: 'dashboard/SchoolsByHeldRateCard.tsx (100 schools)',
    query: `query($window: DateWindowInput!, ${vars}) { ${fields} }`,
    variables: {
      window: { from: '2026-08-01', to: '2027-06-30' },
      ...Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}`, `school${i}`])),
    },
  };
}

/** Where a document leaves variables to the caller: the largest the portal sends (pages and id lists of 100). */
function largestVariables(document: DocumentNode, given: Record<string, unknown>): Record<string, unknown> {
  const out = { ...given };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of definition.variableDefinitions ?? []) {
      const name = v.variable.name.value;
      if (name in out) continue;
      const type = v.type.kind === Kind.NON_NULL_TYPE ? v.type.type : v.type;
      if (type.kind === Kind.LIST_TYPE) out[name] = Array.from({ length: Limits.PAGE_MAX }, (_, i) => `id${i}`);
      else if (type.kind === Kind.NAMED_TYPE && type.name.value === 'Int') out[name] = Limits.PAGE_MAX;
    }
  }
  return out;
}

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await createSchema();
});

describe("the portal's own documents stay within every query limit", () => {
  it('finds the documents (and none is built from values this test does not know)', async () => {
    const { docs, unresolved } = fromSource();
    expect(unresolved).toEqual([]);
    expect(docs.length).toBeGreaterThan(25);
  });

  it('each parses within the token limit, passes the limit rules and costs less than the ceiling', async () => {
    const docs = [...fromSource().docs, ...(await fromDataProvider()), schoolFunnels()];
    const rules = [...specifiedRules, ...queryLimitRules(LIMITS)];
    const costs: { name: string; cost: number }[] = [];
    const failures: string[] = [];
    let largest = { name: '', bytes: 0 };
    for (const doc of docs) {
      const bytes = Buffer.byteLength(doc.query);
      if (bytes > largest.bytes) largest = { name: doc.name, bytes };
      if (bytes > Limits.QUERY_BYTES_MAX) failures.push(`${doc.name}: ${bytes} bytes > ${Limits.QUERY_BYTES_MAX}`);
      let document: DocumentNode;
      try {
        document = parse(doc.query, queryParseOptions(LIMITS));
      } catch (error) {
        failures.push(`${doc.name}: ${(error as GraphQLError).message}`);
        continue;
      }
      for (const error of validate(schema, document, rules)) failures.push(`${doc.name}: ${error.message}`);
      const cost = estimateCost({
        schema,
        document,
        variables: largestVariables(document, doc.variables),
        model: FIELD_COSTS,
      });
      costs.push({ name: doc.name, cost });
      if (cost > Limits.QUERY_COST_MAX) failures.push(`${doc.name}: costs ${cost} > ${Limits.QUERY_COST_MAX}`);
    }
    costs.sort((a, b) => b.cost - a.cost);
    // eslint-disable-next-line no-console
    console.log(
      `${docs.length} portal documents; the largest ${largest.bytes} bytes (${largest.name}; limit ` +
        `${Limits.QUERY_BYTES_MAX}); the dearest (ceiling ${Limits.QUERY_COST_MAX}):\n` +
        costs
          .slice(0, 8)
          .map((c) => `  ${String(c.cost).padStart(6)}  ${c.name}`)
          .join('\n'),
    );
    expect(failures).toEqual([]);
    // The dashboards' biggest: 100 school funnels fit with room to spare.
    expect(costs.find((c) => c.name.includes('100 schools'))!.cost).toBeLessThan(Limits.QUERY_COST_MAX / 2);
  });
});
