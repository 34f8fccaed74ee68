import { Grid } from '@mui/material';
import { AtRiskStrategiesCard } from './AtRiskStrategiesCard';
import { FollowUpSessionsCard } from './FollowUpSessionsCard';
import { FunnelPanel } from './FunnelPanel';
import { MissedSessionsCard } from './MissedSessionsCard';
import { MyActionsCard } from './MyActionsCard';
import { OverdueActionsCard } from './OverdueActionsCard';
import type { DashboardData } from './query';
import { SchoolsByHeldRateCard } from './SchoolsByHeldRateCard';
import type { DayWindow } from './schoolYear';
import { UpcomingSessionsCard } from './UpcomingSessionsCard';

export interface ViewProps {
  window: DayWindow | null;
  /** How the window reads after the scope's name ("school year to date"). */
  phrase: string;
  /** The window in a list's words ("this school year"). */
  period: string;
  scopeLabel: string;
  data: DashboardData | undefined;
  loading: boolean;
  error: unknown;
}

const half = { xs: 12, md: 6 };

/** District admins: the district's funnel, the strategies that need attention, and schools by held rate. */
export function DistrictDashboard({ window, phrase, scopeLabel, data, loading, error }: ViewProps) {
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel={scopeLabel} phrase={phrase} window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={half}>
        <AtRiskStrategiesCard list={data?.strategies} loading={loading} error={error} />
      </Grid>
      <Grid size={half}>
        <SchoolsByHeldRateCard
          window={window}
          schools={data?.schools?.nodes}
          district={data?.funnel}
          loading={loading}
          error={error}
        />
      </Grid>
    </Grid>
  );
}

/** School leaders: their school's funnel, its strategies' health, missed sessions and overdue actions. */
export function SchoolLeaderDashboard({ window, phrase, period, scopeLabel, data, loading, error }: ViewProps) {
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel={scopeLabel} phrase={phrase} window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={12}>
        <AtRiskStrategiesCard list={data?.strategies} loading={loading} error={error} all />
      </Grid>
      <Grid size={half}>
        <MissedSessionsCard sessions={data?.funnel.missedSessions} loading={loading} period={period} />
      </Grid>
      <Grid size={half}>
        <OverdueActionsCard
          actions={data?.funnel.overdueActions}
          count={data?.funnel.overdueActionsCount}
          loading={loading}
        />
      </Grid>
    </Grid>
  );
}

/** Coaches: their chosen school's funnel, their upcoming sessions and their actions. */
export function CoachDashboard({ window, phrase, scopeLabel, data, loading, error }: ViewProps) {
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel={scopeLabel} phrase={phrase} window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={half}>
        <UpcomingSessionsCard list={data?.upcoming} loading={loading} error={error} />
      </Grid>
      <Grid size={half}>
        <MyActionsCard list={data?.myActions} loading={loading} error={error} />
      </Grid>
    </Grid>
  );
}

/** Teachers: their own funnel (the sessions they attend), what to rate or reflect on, and their actions. */
export function TeacherDashboard({ window, phrase, scopeLabel, data, loading, error }: ViewProps) {
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel={scopeLabel} phrase={phrase} window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={half}>
        <FollowUpSessionsCard list={data?.followUp} loading={loading} error={error} />
      </Grid>
      <Grid size={half}>
        <MyActionsCard list={data?.myActions} loading={loading} error={error} />
      </Grid>
    </Grid>
  );
}
