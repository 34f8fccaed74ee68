import { Grid } from '@mui/material';
import { session as portalSession } from '../portal';
import { AtRiskStrategiesCard } from './AtRiskStrategiesCard';
import { FollowUpSessionsCard } from './FollowUpSessionsCard';
import { FunnelPanel } from './FunnelPanel';
import { MISSED_FIELDS, MissedSessionsCard, type MissedSession } from './MissedSessionsCard';
import { MyActionsCard } from './MyActionsCard';
import { OVERDUE_FIELDS, OverdueActionsCard, type OverdueAction } from './OverdueActionsCard';
import { firstSchool } from './roles';
import { SchoolsByHeldRateCard } from './SchoolsByHeldRateCard';
import type { DayWindow } from './schoolYear';
import { UpcomingSessionsCard } from './UpcomingSessionsCard';
import { useFunnel } from './useFunnel';

interface Props {
  window: DayWindow | null;
}

/** District admins: the district's funnel, the strategies that need attention, and schools by held rate. */
export function DistrictDashboard({ window }: Props) {
  const { data, error } = useFunnel({ kind: 'DISTRICT' }, window);
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel
          scopeLabel={portalSession.viewer?.district?.name ?? 'The district'}
          window={window}
          funnel={data?.funnel}
          error={error}
        />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <AtRiskStrategiesCard window={window} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <SchoolsByHeldRateCard window={window} />
      </Grid>
    </Grid>
  );
}

/** School leaders: their first school's funnel, with its missed sessions and overdue actions listed. */
export function SchoolLeaderDashboard({ window }: Props) {
  const school = firstSchool(portalSession.viewer, 'SCHOOL_LEADER');
  const { data, error, isPending } = useFunnel<{
    missedSessions: MissedSession[];
    overdueActions: OverdueAction[];
    overdueActionsCount: number;
  }>(school ? { kind: 'SCHOOL', id: school.id } : null, window, `${MISSED_FIELDS} ${OVERDUE_FIELDS}`);
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel={school?.name ?? 'Your school'} window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <MissedSessionsCard sessions={data?.funnel.missedSessions} loading={isPending} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <OverdueActionsCard
          actions={data?.funnel.overdueActions}
          count={data?.funnel.overdueActionsCount}
          loading={isPending}
        />
      </Grid>
    </Grid>
  );
}

/** Coaches: their first school's funnel and their upcoming sessions. */
export function CoachDashboard({ window }: Props) {
  const school = firstSchool(portalSession.viewer, 'COACH');
  const { data, error } = useFunnel(school ? { kind: 'SCHOOL', id: school.id } : null, window);
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel={school?.name ?? 'Your school'} window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <UpcomingSessionsCard />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <MyActionsCard />
      </Grid>
    </Grid>
  );
}

/** Teachers: their own funnel (the sessions they attend), what to rate or reflect on, and their actions. */
export function TeacherDashboard({ window }: Props) {
  const me = portalSession.viewer?.staffMember;
  const { data, error } = useFunnel(me ? { kind: 'PERSON', id: me.id } : null, window);
  return (
    <Grid container spacing={2}>
      <Grid size={12}>
        <FunnelPanel scopeLabel="Your conversations" window={window} funnel={data?.funnel} error={error} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <FollowUpSessionsCard window={window} />
      </Grid>
      <Grid size={{ xs: 12, md: 6 }}>
        <MyActionsCard />
      </Grid>
    </Grid>
  );
}
