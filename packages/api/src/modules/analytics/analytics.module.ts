import type { ApiModule } from '../../graphql/module';
import { AnalyticsResolver } from './analytics.resolver';
import { CLOSE_RATINGS_TASK, closeRatingsTask } from './rollup';

export const analyticsModule: ApiModule = {
  name: 'analytics',
  resolvers: [AnalyticsResolver],
  jobs: {
    tasks: { [CLOSE_RATINGS_TASK]: closeRatingsTask },
    cron: [{ task: CLOSE_RATINGS_TASK, match: '*/10 * * * *' }],
  },
};
