import { buildSchema, parse, type FieldNode, type GraphQLObjectType, type OperationDefinitionNode } from 'graphql';
import { globalIdLeaf, quotedLeaf, rawList, rawWriter, type RawShape } from '../raw-json';
import { toGlobalId } from '../global-id';
import { DateTimeISO, LocalDate } from '../scalars';

/**
 * rawWriter writes a row as execution would answer the selection, or declines (null) wherever execution would do
 * something the row cannot: a field's own resolver, a guard, a fragment, a directive, a field selected twice.
 */
const schema = buildSchema(`
  type Query { a: A }
  enum Status { OPEN DONE }
  scalar DateTimeISO
  scalar LocalDate
  type A { id: ID! n: Int computed: Int items: [B!]! guarded: [B!]! one: B }
  type C { id: ID! at: DateTimeISO on: LocalDate status: Status title: String }
  type B { x: String }
`);
Object.assign(schema.getType('DateTimeISO')!, { serialize: DateTimeISO.serialize });
Object.assign(schema.getType('LocalDate')!, { serialize: LocalDate.serialize });
const fields = schema.getType('A') as GraphQLObjectType;
fields.getFields().computed.resolve = () => 1;
fields.getFields().guarded.extensions = { guardAllow: ['STRATEGY_READ'] };

const B: RawShape = { type: 'B', leaves: { x: (r: string[]) => r[0] } };
const A: RawShape = {
  type: 'A',
  leaves: { id: (r) => (r[0] === null ? null : `id-${r[0]}`), n: (r) => r[1], computed: (r) => r[1] },
  nested: {
    items: { of: (r) => r[2], shape: B },
    guarded: { of: (r) => r[2], shape: B },
    one: { of: (r) => r[3], shape: B },
  },
};
const ROW = ['7', 3, [['é "q"'], [null]], null];

/** The selection of `a` in `{ a { … } }`. */
function selectionOf(query: string) {
  const op = parse(query).definitions[0] as OperationDefinitionNode;
  const a = op.selectionSet.selections[0] as FieldNode;
  return { schema, selectionSet: a.selectionSet ?? null };
}

describe('rawWriter', () => {
  it('writes the selected fields in order, under their aliases, with __typename and nested lists and objects', () => {
    const write = rawWriter(selectionOf(`{ a { __typename key: id n items { x } one { x } } }`), A);
    expect(write).not.toBeNull();
    const text = write!(ROW);
    expect(text).toBe('{"__typename":"A","key":"id-7","n":3,"items":[{"x":"é \\"q\\""},{"x":null}],"one":null}');
    expect(JSON.parse(text).items[0].x).toBe('é "q"');
  });

  it('declines a field with a resolver of its own, a guarded field, and a field it has no leaf for', () => {
    expect(rawWriter(selectionOf(`{ a { id computed } }`), A)).toBeNull();
    expect(rawWriter(selectionOf(`{ a { id guarded { x } } }`), A)).toBeNull();
    expect(rawWriter(selectionOf(`{ a { id } }`), { type: 'A', leaves: {} })).toBeNull();
  });

  it('declines fragments, directives and a field selected twice', () => {
    expect(rawWriter(selectionOf(`{ a { ... on A { id } } }`), A)).toBeNull();
    expect(rawWriter(selectionOf(`{ a { id @include(if: true) } }`), A)).toBeNull();
    expect(rawWriter(selectionOf(`{ a { id other: id } }`), A)).toBeNull();
    expect(rawWriter({ schema, selectionSet: null }, A)).toBeNull();
  });

  it('refuses to write null where the schema says a value is never null', () => {
    const write = rawWriter(selectionOf(`{ a { id } }`), A)!;
    expect(() => write([null])).toThrow('A.id');
  });

  it('quotes ids, times, days and enum values as they are, and escapes text, as JSON.stringify would', () => {
    const C: RawShape = {
      type: 'C',
      leaves: {
        id: globalIdLeaf('C', (r) => r[0]),
        at: quotedLeaf((r) => r[1]),
        on: (r) => r[2],
        status: (r) => r[3],
        title: (r) => r[4],
      },
    };
    const op = parse(`{ a { id at on status title } }`).definitions[0] as OperationDefinitionNode;
    const write = rawWriter({ schema, selectionSet: (op.selectionSet.selections[0] as FieldNode).selectionSet! }, C)!;
    const id = '45f76aa5-ebb4-4651-a165-338d5951b9a9';
    const row = [id, '2026-09-14T15:30:00.000Z', '2026-09-14', 'DONE', 'a "b" \\ \u0001'];
    const expected = { id: toGlobalId('C', id), at: row[1], on: row[2], status: 'DONE', title: row[4] };
    expect(write(row)).toBe(JSON.stringify(expected));
    expect(write([id, null, null, null, null])).toBe(
      JSON.stringify({ id: toGlobalId('C', id), at: null, on: null, status: null, title: null }),
    );
  });

  it('writes a list longer than its reused buffer, and writes correctly again after a write that failed midway', () => {
    const write = rawWriter(selectionOf(`{ a { id n items { x } } }`), A)!;
    const rows = Array.from({ length: 20_000 }, (_, i) => [String(i), i, [[`item ${i} "é"`]], null]);
    const text = rawList(write, rows).text;
    expect(text.length).toBeGreaterThan(1 << 20);
    expect(JSON.parse(text)).toEqual(
      rows.map((r) => ({ id: `id-${r[0]}`, n: r[1], items: [{ x: `item ${r[1]} "é"` }] })),
    );
    expect(() => rawList(write, [ROW, [null, 1, [], null]])).toThrow('A.id');
    expect(rawList(write, [ROW]).text).toBe('[{"id":"id-7","n":3,"items":[{"x":"é \\"q\\""},{"x":null}]}]');
  });
});
