import type { ApiModule } from '../../graphql/module';
import { RateLimitResolver } from './rate-limit.resolver';

/**
 * Query cost and hourly budgets: the cost model (field-costs.ts), the Apollo plugin that prices and charges each
 * operation before it runs (rate-limit.plugin.ts, installed by server/app.ts), the budget stores (PostgreSQL table
 * rate_limit_bucket, or Redis) and the `rateLimit` root field.
 */
export const rateLimitModule: ApiModule = { name: 'rate-limit', resolvers: [RateLimitResolver] };
