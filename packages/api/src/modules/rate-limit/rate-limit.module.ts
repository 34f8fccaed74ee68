import type { ApiModule } from '../../graphql/module';
import { RateLimitResolver } from './rate-limit.resolver';
import { forgetOldUsageTask, USAGE_RETENTION_TASK } from './usage';

/**
 * Query cost and hourly budgets: the cost model (field-costs.ts), the Apollo plugin that prices and charges each
 * operation before it runs (rate-limit.plugin.ts, installed by server/app.ts), the budget stores (PostgreSQL table
 * rate_limit_charge, or Redis), the `rateLimit` root field, and each API client's daily use as the plugin counts it
 * (usage.ts, table api_client_usage; read as `ApiClient.usage`), kept a bounded number of days.
 */
export const rateLimitModule: ApiModule = {
  name: 'rate-limit',
  resolvers: [RateLimitResolver],
  jobs: {
    tasks: { [USAGE_RETENTION_TASK]: forgetOldUsageTask },
    // Once a day, at 04:23 UTC: the days past retention go.
    cron: [{ task: USAGE_RETENTION_TASK, match: '23 4 * * *' }],
  },
};
