import { COHORT_FIELDS, FUNNEL_FIELDS, type Funnel, type StrategyHealth } from '../charts/types';
import { useGraphqlQuery } from '../common/useGraphqlQuery';
import { dayStart } from '../common/when';
import { MISSED_FIELDS, type MissedSession } from './MissedSessionsCard';
import { OVERDUE_FIELDS, type OverdueAction } from './OverdueActionsCard';
import { trendInterval, type DayWindow } from './schoolYear';

export const STRATEGIES_SHOWN = 20;

/**
 * Every dashboard in one request: the funnel of the reader's scope, and whichever lists the reader's roles show
 * (each behind an @include flag). Schools by held rate adds a second request, one funnel per school, once the schools
 * are known; no dashboard makes more than two.
 */
export const DASHBOARD_QUERY = `query Dashboard($scope: FunnelScopeInput!, $window: DateWindowInput!, $trend: TrendInterval,
  $leader: Boolean!, $schools: Boolean!, $strategies: Boolean!, $strategyFilter: StrategyFilter,
  $upcoming: Boolean!, $upcomingFilter: SessionFilter, $followUp: Boolean!, $followUpFilter: SessionFilter,
  $actions: Boolean!) {
  funnel(scope: $scope, window: $window, trend: $trend) {
    ${FUNNEL_FIELDS} ${COHORT_FIELDS}
    ... @include(if: $leader) { ${MISSED_FIELDS} ${OVERDUE_FIELDS} }
  }
  strategies(first: ${STRATEGIES_SHOWN}, filter: $strategyFilter, orderBy: { field: TITLE }) @include(if: $strategies) {
    totalCount
    nodes { id title school { name } funnel(window: $window, trend: MONTH) { health heldRate quality followThrough } }
  }
  schools(first: 100, orderBy: { field: NAME }) @include(if: $schools) { totalCount nodes { id name status } }
  upcoming: sessions(first: 8, filter: $upcomingFilter) @include(if: $upcoming) {
    totalCount nodes { id scheduledAt conversation { title school { name } } }
  }
  followUp: sessions(first: 50, descending: true, filter: $followUpFilter) @include(if: $followUp) {
    nodes { id scheduledAt conversation { title } attendees { id } myRatings { criterionId } quality { status } reflections { mine } }
  }
  myActions: actionItems(first: 8, filter: { mine: true, status: [OPEN, IN_PROGRESS] }) @include(if: $actions) {
    totalCount nodes { id description dueOn status overdue version session { conversation { title } } }
  }
}`;

export interface StrategyRow {
  id: string;
  title: string;
  school: { name: string } | null;
  funnel: {
    health: StrategyHealth | null;
    heldRate: number | null;
    quality: number | null;
    followThrough: number | null;
  };
}

export interface UpcomingSession {
  id: string;
  scheduledAt: string;
  conversation: { title: string; school: { name: string } | null } | null;
}

export interface HeldSession {
  id: string;
  scheduledAt: string;
  conversation: { title: string } | null;
  attendees: { id: string }[];
  myRatings: { criterionId: string }[];
  quality: { status: 'RATING_OPEN' | 'WITHHELD' | 'PUBLISHED' } | null;
  reflections: { mine: boolean }[];
}

export interface MyAction {
  id: string;
  description: string;
  dueOn: string;
  status: string;
  overdue: boolean;
  version: number;
  session: { conversation: { title: string } | null } | null;
}

export interface DashboardData {
  funnel: Funnel &
    Partial<{ missedSessions: MissedSession[]; overdueActions: OverdueAction[]; overdueActionsCount: number }>;
  strategies?: { totalCount: number; nodes: StrategyRow[] };
  schools?: { totalCount: number; nodes: { id: string; name: string; status: string }[] };
  upcoming?: { totalCount: number; nodes: UpcomingSession[] };
  followUp?: { nodes: HeldSession[] };
  myActions?: { totalCount: number; nodes: MyAction[] };
}

export interface DashboardParts {
  scope: { kind: 'DISTRICT' | 'SCHOOL' | 'PERSON'; id?: string } | null;
  leader?: boolean;
  schools?: boolean;
  /** The strategies to grade (a filter), or none. */
  strategies?: Record<string, unknown> | null;
  upcoming?: boolean;
  followUp?: boolean;
  actions?: boolean;
}

/** The dashboard's one request, for the parts its roles show, over the window. */
export function useDashboardData(parts: DashboardParts, window: DayWindow | null, now: string) {
  return useGraphqlQuery<DashboardData>(
    ['dashboard'],
    DASHBOARD_QUERY,
    {
      scope: parts.scope,
      window,
      trend: window ? trendInterval(window) : 'WEEK',
      leader: Boolean(parts.leader),
      schools: Boolean(parts.schools),
      strategies: Boolean(parts.strategies),
      strategyFilter: parts.strategies ?? null,
      upcoming: Boolean(parts.upcoming),
      upcomingFilter: { from: now, mine: true, state: ['SCHEDULED'] },
      followUp: Boolean(parts.followUp),
      followUpFilter: { state: ['HELD'], mine: true, ...(window ? { from: dayStart(window.from) } : {}) },
      actions: Boolean(parts.actions),
    },
    { enabled: Boolean(parts.scope && window) },
  );
}
