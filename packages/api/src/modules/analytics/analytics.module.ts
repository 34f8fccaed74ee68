import type { ApiModule } from '../../graphql/module';
import { AnalyticsResolver } from './analytics.resolver';

export const analyticsModule: ApiModule = { name: 'analytics', resolvers: [AnalyticsResolver] };
