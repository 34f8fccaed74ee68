import { Box, Card, CardContent, Grid, Typography } from '@mui/material';
import { useState, type ComponentType } from 'react';
import { Title, useGetIdentity, useTranslate } from 'react-admin';
import { session as portalSession } from '../portal';
import { DashboardControls, useDashboardSchool, useDashboardWindow } from './DashboardControls';
import { FollowUpSessionsCard } from './FollowUpSessionsCard';
import { MyActionsCard } from './MyActionsCard';
import { useDashboardData, type DashboardData, type DashboardParts } from './query';
import {
  CoachDashboard,
  DistrictDashboard,
  SchoolLeaderDashboard,
  TeacherDashboard,
  type ViewProps,
} from './RoleDashboards';
import { rolesOf, type DashboardRole } from './roles';
import { periodWords, windowPhrase } from './schoolYear';
import { UpcomingSessionsCard } from './UpcomingSessionsCard';
import { t } from '../i18n/translate';

const BY_ROLE: Record<DashboardRole, ComponentType<ViewProps>> = {
  DISTRICT_ADMIN: DistrictDashboard,
  SCHOOL_LEADER: SchoolLeaderDashboard,
  COACH: CoachDashboard,
  TEACHER: TeacherDashboard,
};

/**
 * The personal lists of the other roles a person holds (a principal who also coaches sees their upcoming sessions),
 * leaving out what the main dashboard already shows. Their data comes in the dashboard's one request.
 */
function SecondaryLists({
  parts,
  data,
  loading,
  error,
}: {
  parts: { upcoming: boolean; followUp: boolean; actions: boolean };
  data: DashboardData | undefined;
  loading: boolean;
  error: unknown;
}) {
  if (!parts.upcoming && !parts.followUp) return null;
  return (
    <Grid container spacing={2} sx={{ mt: 2 }}>
      {parts.upcoming && (
        <Grid size={{ xs: 12, md: 6 }}>
          <UpcomingSessionsCard list={data?.upcoming} loading={loading} error={error} />
        </Grid>
      )}
      {parts.followUp && (
        <Grid size={{ xs: 12, md: 6 }}>
          <FollowUpSessionsCard list={data?.followUp} loading={loading} error={error} />
        </Grid>
      )}
      {parts.actions && (
        <Grid size={{ xs: 12, md: 6 }}>
          <MyActionsCard list={data?.myActions} loading={loading} error={error} />
        </Grid>
      )}
    </Grid>
  );
}

/** What the primary role's dashboard asks for, and its scope's name. */
function primaryParts(
  role: DashboardRole,
  school: { id: string; name: string } | null,
): { parts: DashboardParts; label: string } {
  const viewer = portalSession.viewer;
  switch (role) {
    case 'DISTRICT_ADMIN':
      return {
        parts: { scope: { kind: 'DISTRICT' }, strategies: { status: ['ACTIVE'] }, schools: true },
        label: viewer?.district?.name ?? t('tl.dashboard.scope.district'),
      };
    case 'SCHOOL_LEADER':
      return {
        parts: {
          scope: school ? { kind: 'SCHOOL', id: school.id } : null,
          leader: true,
          strategies: school ? { status: ['ACTIVE'], schoolId: school.id } : null,
        },
        label: school?.name ?? t('tl.dashboard.scope.school'),
      };
    case 'COACH':
      return {
        parts: { scope: school ? { kind: 'SCHOOL', id: school.id } : null, upcoming: true, actions: true },
        label: school?.name ?? t('tl.dashboard.scope.school'),
      };
    default:
      return {
        parts: {
          scope: viewer?.staffMember ? { kind: 'PERSON', id: viewer.staffMember.id } : null,
          followUp: true,
          actions: true,
        },
        label: t('tl.dashboard.scope.person'),
      };
  }
}

function RoleDashboard({ roles }: { roles: DashboardRole[] }) {
  const [primary, ...others] = roles;
  const { choice, setChoice, window } = useDashboardWindow();
  const schoolRole = primary === 'SCHOOL_LEADER' || primary === 'COACH' ? primary : 'COACH';
  const { school, schools, setSchoolId } = useDashboardSchool(schoolRole);
  // "Now" once per visit, so the query's variables stay put while the page is open.
  const [now] = useState(() => new Date().toISOString());
  const { parts, label } = primaryParts(primary, school);
  const secondary = {
    upcoming: others.includes('COACH') && !parts.upcoming,
    followUp: others.includes('TEACHER') && !parts.followUp,
    actions: false,
  };
  secondary.actions = (secondary.upcoming || secondary.followUp) && !parts.actions;
  const { data, isPending, error } = useDashboardData(
    {
      ...parts,
      upcoming: parts.upcoming || secondary.upcoming,
      followUp: parts.followUp || secondary.followUp,
      actions: parts.actions || secondary.actions,
    },
    window,
    now,
  );
  const View = BY_ROLE[primary];
  const loading = isPending || !window;
  return (
    <>
      <DashboardControls
        choice={choice}
        setChoice={setChoice}
        schools={primary === 'SCHOOL_LEADER' || primary === 'COACH' ? schools : undefined}
        school={school}
        setSchoolId={setSchoolId}
      />
      <View
        window={window}
        phrase={windowPhrase(choice)}
        period={periodWords(choice)}
        scopeLabel={label}
        data={data}
        loading={loading}
        error={error}
      />
      <SecondaryLists parts={secondary} data={data} loading={loading} error={error} />
    </>
  );
}

/**
 * The home page, by role: everyone sees the funnel of their scope over the chosen window (the school year to date
 * unless they chose another); district admins add strategies that need attention and schools by held rate, school
 * leaders their strategies' health, missed sessions and overdue actions, coaches their upcoming sessions, teachers
 * what to rate or reflect on and their actions. A coach or school leader at several schools picks one.
 */
export function Dashboard() {
  const { identity } = useGetIdentity();
  const viewer = portalSession.viewer;
  const roles = rolesOf(viewer);
  const translate = useTranslate();
  const hello = identity?.fullName
    ? translate('tl.dashboard.welcome_name', { name: identity.fullName })
    : translate('tl.dashboard.welcome');
  if (!viewer?.staffMember || roles.length === 0) {
    return (
      <Card sx={{ mt: 2 }}>
        <Title title="Throughline" />
        <CardContent>
          <Typography variant="h5">{hello}</Typography>
          <Typography color="text.secondary">
            {translate(viewer?.kind === 'PLATFORM_OPERATOR' ? 'tl.dashboard.operator' : 'tl.dashboard.no_role')}
          </Typography>
        </CardContent>
      </Card>
    );
  }
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="ra.page.dashboard" />
      <Typography variant="h5">{hello}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {viewer.district?.name} · {roles.map((r) => translate(`tl.dashboard.roles.${r}`)).join(', ')}
      </Typography>
      <RoleDashboard roles={roles} />
    </Box>
  );
}
