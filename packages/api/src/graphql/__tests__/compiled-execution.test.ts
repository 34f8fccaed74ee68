import { ApolloServer } from '@apollo/server';
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfigMap,
} from 'graphql';
import { compiledExecution, withInputDefaults } from '../compiled-execution';

/** A small schema with what the API's answers go through: defaults, enums, interfaces, nulls, errors, promises. */
function schema(): GraphQLSchema {
  const Colour = new GraphQLEnumType({ name: 'Colour', values: { RED: { value: 'red' }, BLUE: { value: 'blue' } } });
  const Inner = new GraphQLInputObjectType({
    name: 'Inner',
    fields: {
      first: { type: new GraphQLNonNull(GraphQLInt), defaultValue: 2 },
      colour: { type: new GraphQLNonNull(Colour), defaultValue: 'blue' },
    },
  });
  const Filter = new GraphQLInputObjectType({
    name: 'Filter',
    fields: {
      first: { type: new GraphQLNonNull(GraphQLInt), defaultValue: 2 },
      colour: { type: new GraphQLNonNull(Colour), defaultValue: 'blue' },
      inner: { type: Inner },
    },
  });
  // An input type that contains itself: graphql-jit cannot compile reading such a variable.
  const Tree: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: 'Tree',
    fields: () => ({ leaf: { type: GraphQLString }, children: { type: new GraphQLList(new GraphQLNonNull(Tree)) } }),
  });
  const Node = new GraphQLInterfaceType({ name: 'Node', fields: { id: { type: new GraphQLNonNull(GraphQLID) } } });
  const bookFields: GraphQLFieldConfigMap<{ id: string; title: string | null }, unknown> = {
    id: { type: new GraphQLNonNull(GraphQLID) },
    title: { type: new GraphQLNonNull(GraphQLString) },
    later: { type: GraphQLString, resolve: async (book) => `later ${book.id}` },
    refused: {
      type: GraphQLString,
      resolve: () => {
        throw new GraphQLError('Not for you', { extensions: { code: 'FORBIDDEN' } });
      },
    },
  };
  const Book = new GraphQLObjectType({
    name: 'Book',
    interfaces: [Node],
    isTypeOf: (v) => 'title' in (v as object),
    fields: bookFields,
  });
  const books = [
    { id: '1', title: 'one' },
    { id: '2', title: null },
    { id: '3', title: 'three' },
  ];
  return new GraphQLSchema({
    types: [Book],
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        books: {
          type: new GraphQLList(Book),
          args: { filter: { type: new GraphQLNonNull(Filter) } },
          resolve: (_root, args: { filter: { first: number; colour: string } }) =>
            Promise.resolve(books.slice(0, args.filter.first).map((b) => ({ ...b, colour: args.filter.colour }))),
        },
        filterSeen: {
          type: GraphQLString,
          args: { filter: { type: new GraphQLNonNull(Filter) } },
          resolve: (_root, args) => JSON.stringify(args.filter),
        },
        node: { type: Node, args: { id: { type: new GraphQLNonNull(GraphQLID) } }, resolve: (_r, a) => books[a.id] },
        who: { type: GraphQLString, resolve: (_root, _args, ctx: { who: string }) => ctx.who },
        tree: {
          type: GraphQLString,
          args: { tree: { type: Tree } },
          resolve: (_root, args) => JSON.stringify(args.tree),
        },
      },
    }),
  });
}

async function both(query: string, variables?: Record<string, unknown>) {
  const s = schema();
  const interpreted = new ApolloServer({ schema: s });
  const compiled = new ApolloServer({ gateway: compiledExecution(s) });
  const answers = [];
  for (const server of [interpreted, compiled]) {
    const response = await server.executeOperation({ query, variables }, { contextValue: { who: 'ana' } });
    answers.push({ status: response.http.status, body: response.body });
  }
  return answers;
}

describe('operations run compiled answer exactly what graphql-js answers', () => {
  it.each([
    ['a list resolved by a promise, an aliased field and a context value', '{ books(filter: {}) { id t: title } who }'],
    [
      'a null in a non-null field nulls its object and reports the path',
      '{ books(filter: { first: 3 }) { id title } }',
    ],
    ['an error with a code keeps its code and path', '{ books(filter: { first: 1 }) { id refused later } }'],
    ['an interface resolves to its object type', '{ node(id: 0) { __typename id ... on Book { title } } }'],
    ['literal defaults of an input object', '{ filterSeen(filter: { inner: {} }) }'],
    ['answer keys named like Object.prototype members', '{ books(filter: {}) { __proto__: id constructor: id } }'],
    ['an alias __proto__ at the root', '{ __proto__: who toString: who }'],
  ])('%s', async (_name, query) => {
    const [interpreted, compiled] = await both(query);
    expect(compiled).toEqual(interpreted);
    // As sent: toEqual does not see an own `__proto__` key.
    expect(JSON.stringify(compiled)).toBe(JSON.stringify(interpreted));
  });

  it('a variable input object that leaves out non-null fields with defaults gets the defaults (graphql-jit alone refuses it)', async () => {
    const query = 'query Q($f: Filter!) { filterSeen(filter: $f) books(filter: $f) { id } }';
    const [interpreted, compiled] = await both(query, { f: { inner: { first: 1 } } });
    expect(compiled).toEqual(interpreted);
    expect(JSON.stringify(compiled.body)).toContain('\\"colour\\":\\"blue\\"');
  });

  it.each([[{}], [{ n: 1 }], [{ i: null }], [{ n: 3, i: { first: 1 } }]])(
    'a variable left out, used as an input field, leaves the field out (not null) (%j)',
    async (variables) => {
      const query = 'query Q($n: Int, $i: Inner) { filterSeen(filter: { first: $n, inner: $i }) }';
      const [interpreted, compiled] = await both(query, variables);
      expect(compiled).toEqual(interpreted);
      if (!('i' in variables)) expect(JSON.stringify(compiled.body)).not.toContain('inner');
    },
  );

  it('an operation with a variable of a self-containing input type is answered (by graphql-js), at once', async () => {
    const query = 'query T($t: Tree) { tree(tree: $t) }';
    const started = Date.now();
    const [interpreted, compiled] = await both(query, { t: { leaf: 'a', children: [{ leaf: 'b' }] } });
    expect(compiled).toEqual(interpreted);
    expect(JSON.stringify(compiled.body)).toContain('\\"leaf\\":\\"b\\"');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a self-containing input type written in the document is compiled and answered', async () => {
    const [interpreted, compiled] = await both('{ tree(tree: { leaf: "a", children: [{ leaf: "b" }] }) }');
    expect(compiled).toEqual(interpreted);
    expect(JSON.stringify(compiled.body)).toContain('\\"leaf\\":\\"b\\"');
  });

  it('a bad variable is refused 400 BAD_USER_INPUT in graphql-js words, and nothing runs', async () => {
    const query = 'query Q($f: Filter!) { filterSeen(filter: $f) }';
    const [interpreted, compiled] = await both(query, { f: { first: 'many' } });
    expect(compiled).toEqual(interpreted);
    expect(compiled.status).toBe(400);
    expect(JSON.stringify(compiled.body)).toContain('BAD_USER_INPUT');
  });
});

describe('withInputDefaults', () => {
  it('writes omitted defaults in the form a client sends (enum names), nested and in lists, leaving the caller’s objects alone', () => {
    const s = schema();
    const given = { f: { inner: { first: 5 } } };
    const definitions = [
      {
        kind: 'VariableDefinition',
        variable: { kind: 'Variable', name: { kind: 'Name', value: 'f' } },
        type: { kind: 'NonNullType', type: { kind: 'NamedType', name: { kind: 'Name', value: 'Filter' } } },
      },
    ] as never;
    expect(withInputDefaults(s, definitions, given)).toEqual({
      f: { first: 2, colour: 'BLUE', inner: { first: 5, colour: 'BLUE' } },
    });
    expect(given).toEqual({ f: { inner: { first: 5 } } });
  });
});
