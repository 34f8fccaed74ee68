import 'reflect-metadata';
import { graphql, type GraphQLObjectType } from 'graphql';
import {
  Arg,
  buildSchema,
  Field,
  FieldResolver,
  InputType,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { resolveFieldsDirectly } from '../direct-resolvers';

@ObjectType()
class Shelf {
  @Field() name!: string;
  books: string[] = [];
}

@InputType()
class Pick {
  @Field(() => Int) first!: number;
}

@Resolver(() => Shelf)
class ShelfResolver {
  @Query(() => Shelf)
  shelf(): Shelf {
    return Object.assign(new Shelf(), { name: 'poetry', books: ['a', 'b', 'c'] });
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
    expect(direct).toEqual(['Shelf.recent']);
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
