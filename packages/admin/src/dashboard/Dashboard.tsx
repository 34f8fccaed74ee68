import { Alert, Box, Card, CardContent, Grid, Typography } from '@mui/material';
import type { ComponentType } from 'react';
import { Title, useGetIdentity } from 'react-admin';
import { session as portalSession } from '../portal';
import { messageOf } from '../common/apiFailure';
import { FollowUpSessionsCard } from './FollowUpSessionsCard';
import { MyActionsCard } from './MyActionsCard';
import { CoachDashboard, DistrictDashboard, SchoolLeaderDashboard, TeacherDashboard } from './RoleDashboards';
import { rolesOf, type DashboardRole } from './roles';
import { useSchoolYear, type DayWindow } from './schoolYear';
import { UpcomingSessionsCard } from './UpcomingSessionsCard';

const BY_ROLE: Record<DashboardRole, ComponentType<{ window: DayWindow | null }>> = {
  DISTRICT_ADMIN: DistrictDashboard,
  SCHOOL_LEADER: SchoolLeaderDashboard,
  COACH: CoachDashboard,
  TEACHER: TeacherDashboard,
};

const ROLE_NAMES: Record<DashboardRole, string> = {
  DISTRICT_ADMIN: 'district admin',
  SCHOOL_LEADER: 'school leader',
  COACH: 'coach',
  TEACHER: 'teacher',
};

/**
 * The personal lists of the other roles a person holds (a principal who also coaches sees their upcoming sessions),
 * leaving out what the main dashboard already shows.
 */
function SecondaryLists({
  primary,
  others,
  window,
}: {
  primary: DashboardRole;
  others: DashboardRole[];
  window: DayWindow | null;
}) {
  const upcoming = others.includes('COACH');
  const followUp = others.includes('TEACHER');
  const actions = (upcoming || followUp) && primary !== 'COACH' && primary !== 'TEACHER';
  if (!upcoming && !followUp) return null;
  return (
    <Grid container spacing={2} sx={{ mt: 2 }}>
      {upcoming && (
        <Grid size={{ xs: 12, md: 6 }}>
          <UpcomingSessionsCard />
        </Grid>
      )}
      {followUp && (
        <Grid size={{ xs: 12, md: 6 }}>
          <FollowUpSessionsCard window={window} />
        </Grid>
      )}
      {actions && (
        <Grid size={{ xs: 12, md: 6 }}>
          <MyActionsCard />
        </Grid>
      )}
    </Grid>
  );
}

/**
 * The home page, by role: everyone sees the funnel of their scope over the school year to date; district admins add
 * strategies that need attention and schools by held rate, school leaders missed sessions and overdue actions,
 * coaches their upcoming sessions, teachers what to rate or reflect on and their actions.
 */
export function Dashboard() {
  const { identity } = useGetIdentity();
  const viewer = portalSession.viewer;
  const roles = rolesOf(viewer);
  const { window, error } = useSchoolYear();
  const hello = `Welcome${identity?.fullName ? `, ${identity.fullName}` : ''}`;
  if (!viewer?.staffMember || roles.length === 0) {
    return (
      <Card sx={{ mt: 2 }}>
        <Title title="Throughline" />
        <CardContent>
          <Typography variant="h5">{hello}</Typography>
          <Typography color="text.secondary">
            {viewer?.kind === 'PLATFORM_OPERATOR'
              ? 'You provision districts; what happens inside them is theirs. Open Districts to add or change one.'
              : 'You hold no role in this district yet. Ask your district admin to assign one.'}
          </Typography>
        </CardContent>
      </Card>
    );
  }
  const [primary, ...others] = roles;
  const View = BY_ROLE[primary];
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Dashboard" />
      <Typography variant="h5">{hello}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {viewer.district?.name} · {roles.map((r) => ROLE_NAMES[r]).join(', ')}
      </Typography>
      {error ? <Alert severity="error">The school year could not be read: {messageOf(error)}</Alert> : null}
      <View window={window} />
      <SecondaryLists primary={primary} others={others} window={window} />
    </Box>
  );
}
