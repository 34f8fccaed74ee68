import { Ctx, Query, Resolver } from 'type-graphql';
import { SignedIn } from '../../auth/guard';
import type { RequestContext } from '../../graphql/context';
import { RateLimit } from './rate-limit.type';
import { rateLimitOf } from './rate-limit.plugin';

@Resolver(() => RateLimit)
export class RateLimitResolver {
  @Query(() => RateLimit, {
    description:
      'Your query budget: the cost of this request, your hourly limit, what remains and when it resets. Without a ' +
      'token the budget is per address, and a refusal (429 RATE_LIMITED) carries the same figures.',
  })
  @SignedIn()
  rateLimit(@Ctx() ctx: RequestContext): RateLimit {
    const status = rateLimitOf(ctx);
    // The plugin charges every operation before it runs; without a charge the server is wired wrongly.
    if (!status) throw new Error('the request was not charged');
    return { ...status };
  }
}
