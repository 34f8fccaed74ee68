import { COHORT_FIELDS, FUNNEL_FIELDS, type Funnel } from '../charts/types';
import type { DayWindow } from './schoolYear';
import { trendInterval } from './schoolYear';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

export interface FunnelScope {
  kind: 'DISTRICT' | 'SCHOOL' | 'PERSON';
  id?: string;
}

/**
 * The funnel of one scope over the window, its cohort view included, with whatever else a dashboard lists from it
 * (`extra`: missed sessions, overdue actions), in one request.
 */
export function useFunnel<X = object>(scope: FunnelScope | null, window: DayWindow | null, extra = '') {
  const interval = window ? trendInterval(window) : 'WEEK';
  return useGraphqlQuery<{ funnel: Funnel & X }>(
    ['funnel', extra],
    `query($scope: FunnelScopeInput!, $window: DateWindowInput!, $trend: TrendInterval) {
      funnel(scope: $scope, window: $window, trend: $trend) { ${FUNNEL_FIELDS} ${COHORT_FIELDS} ${extra} }
    }`,
    { scope, window, trend: interval },
    { enabled: Boolean(scope && window) },
  );
}
