import 'reflect-metadata';
import { graphql, parse, type GraphQLObjectType } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import {
  Arg,
  buildSchema,
  Field,
  FieldResolver,
  ID,
  InputType,
  InterfaceType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { readPropertiesPlainly, resolveFieldsDirectly } from '../direct-resolvers';

@InterfaceType()
abstract class Node {
  @Field(() => ID) id!: string;
}

@ObjectType({ implements: Node })
class Shelf extends Node {
  @Field() name!: string;
  books: string[] = [];
}

/** Not a record (no Node): may hold a value still coming, as a connection's lazy totalCount does. */
@ObjectType()
class Stack {
  @Field() later!: string;
}

/** A property behind a middleware (as a guard is), one read under another name, and plain ones. */
const seen: string[] = [];
@ObjectType({ implements: Node })
class Label extends Node {
  @Field() text!: string;
  @Field({ nullable: true }) note?: string;
  @Field({ name: 'shown' }) hidden!: string;
  @Field()
  @UseMiddleware(({ info }, next) => {
    seen.push(info.fieldName);
    return next();
  })
  guarded!: string;
}

@InputType()
class Pick {
  @Field(() => Int) first!: number;
}

@Resolver(() => Shelf)
class ShelfResolver {
  @Query(() => Shelf)
  shelf(): Shelf {
    return Object.assign(new Shelf(), { id: 's', name: 'poetry', books: ['a', 'b', 'c'] });
  }

  @FieldResolver(() => Stack)
  stack(): Stack {
    return { later: Promise.resolve('l') as unknown as string };
  }

  @FieldResolver(() => Label)
  label(): Label {
    return Object.assign(new Label(), { id: 'l', text: 't', hidden: 'h', guarded: 'g' });
  }

  @FieldResolver(() => [String])
  recent(@Root() shelf: Shelf, @Arg('limit', () => Int, { defaultValue: 2 }) limit: number): string[] {
    return shelf.books.slice(0, limit);
  }

  @FieldResolver(() => [String])
  picked(@Root() shelf: Shelf, @Arg('pick', () => Pick) pick: Pick): string[] {
    return shelf.books.slice(0, pick.first);
  }
}

async function schema() {
  const built = await buildSchema({ resolvers: [ShelfResolver], validate: false });
  return { built, direct: resolveFieldsDirectly(built) };
}

describe('field resolvers with plain parameters are called directly', () => {
  it('a scalar argument: the value the method returns, not a promise; an input object stays with type-graphql', async () => {
    const { built, direct } = await schema();
    expect(direct).toEqual(['Shelf.stack', 'Shelf.label', 'Shelf.recent']);
    const fields = (built.getType('Shelf') as GraphQLObjectType).getFields();
    const shelf = Object.assign(new Shelf(), { name: 'x', books: ['a', 'b', 'c'] });
    const answer = fields.recent.resolve!(shelf, { limit: 1 }, {}, {} as never);
    expect(answer).toEqual(['a']);
    expect(answer).not.toBeInstanceOf(Promise);
    // type-graphql's own resolver (argument checked asynchronously) answers with a promise.
    expect(fields.picked.resolve!(shelf, { pick: { first: 1 } }, {}, {} as never)).toBeInstanceOf(Promise);
  });

  it('answers as type-graphql does, default arguments included, and a root of another shape goes through type-graphql', async () => {
    const { built } = await schema();
    const result = await graphql({
      schema: built,
      source: `{ shelf { name recent all: recent(limit: 3) picked(pick: { first: 1 }) } }`,
    });
    expect(result).toEqual({
      data: { shelf: { name: 'poetry', recent: ['a', 'b'], all: ['a', 'b', 'c'], picked: ['a'] } },
    });
    const fields = (built.getType('Shelf') as GraphQLObjectType).getFields();
    // A plain object where a Shelf is expected: type-graphql converts it, as before.
    expect(await fields.recent.resolve!({ name: 'y', books: ['z'] }, { limit: 5 }, {}, {} as never)).toEqual(['z']);
  });
});

describe('plain property fields of records are read as properties', () => {
  it("drops the resolver of a record's plain property only: a middleware, a renamed property, a field resolver and a non-record keep theirs", async () => {
    const { built } = await schema();
    const plain = readPropertiesPlainly(built, []);
    expect(plain.sort()).toEqual(['Label.id', 'Label.note', 'Label.text', 'Shelf.id', 'Shelf.name']);
    const label = (built.getType('Label') as GraphQLObjectType).getFields();
    expect(label.text.resolve).toBeUndefined();
    expect(label.guarded.resolve).toBeDefined();
    expect(label.shown.resolve).toBeDefined();
    expect((built.getType('Stack') as GraphQLObjectType).getFields().later.resolve).toBeDefined();
    // With a global middleware every field keeps its resolver (it must run for each).
    const again = await schema();
    expect(readPropertiesPlainly(again.built, [() => undefined])).toEqual([]);
  });

  it("answers the same under graphql-jit, a value still coming included, and a guarded property's middleware still runs", async () => {
    const { built } = await schema();
    readPropertiesPlainly(built, []);
    seen.length = 0;
    const compiled = compileQuery(
      built,
      parse(`{ shelf { id name stack { later } label { text note shown guarded } } }`),
    );
    if (!isCompiledQuery(compiled)) throw new Error('not compiled');
    expect(await compiled.query(undefined, {}, {})).toEqual({
      data: {
        shelf: {
          id: 's',
          name: 'poetry',
          stack: { later: 'l' },
          label: { text: 't', note: null, shown: 'h', guarded: 'g' },
        },
      },
    });
    expect(seen).toEqual(['guarded']);
  });
});
