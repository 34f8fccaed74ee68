import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Your budget of query points (about one per object read; see the README): what this request cost, what you may ' +
    'spend in any hour, what is left and when it is full again. Shared by every API instance.',
})
export class RateLimit {
  @Field(() => Int, { description: 'Points this request cost (estimated and charged before it ran).' })
  cost: number;

  @Field(() => Int, { description: 'Points you may spend per hour (per address when not signed in).' })
  limit: number;

  @Field(() => Int, { description: 'Points left, after this request.' })
  remaining: number;

  @Field(() => Date, {
    description:
      'When all the points spent so far are back: an hour after your latest request (with REDIS_URL, at the end of ' +
      'the hour your first request opened).',
  })
  resetAt: Date;
}
