import { Skeleton } from '@mui/material';
import { Suspense, type ReactNode } from 'react';
import { lazyNamed } from '../common/lazyNamed';

/**
 * The charts, loaded on demand: recharts is the portal's heaviest library, and only the dashboards, a strategy's page and
 * an API client's page draw with it. Each sits in its own Suspense, so the numbers around it show while it arrives.
 */
export const FunnelChart = lazyNamed(() => import('./FunnelChart'), 'FunnelChart');
export const TrendChart = lazyNamed(() => import('./TrendChart'), 'TrendChart');
export const CohortChart = lazyNamed(() => import('./CohortChart'), 'CohortChart');
export const UsageChart = lazyNamed(() => import('./UsageChart'), 'UsageChart');

export function ChartSlot({ height, children }: { height: number; children: ReactNode }) {
  return <Suspense fallback={<Skeleton variant="rectangular" height={height} />}>{children}</Suspense>;
}
