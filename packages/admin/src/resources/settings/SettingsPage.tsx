import { Box, Stack, Typography } from '@mui/material';
import { AccessDenied, Loading, Title, useCanAccess } from 'react-admin';
import { DistrictCalendarCard } from './DistrictCalendarCard';
import { DistrictProfileCard } from './DistrictProfileCard';
import { HealthThresholdsCard } from './HealthThresholdsCard';
import { IdentityProvidersCard } from './IdentityProvidersCard';

/** The district admin's own settings: the district's details and the thresholds its dashboards judge by. */
export function SettingsPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'settings', action: 'list' });
  if (isPending) return <Loading />;
  if (!canAccess) return <AccessDenied />;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="District settings" />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Each part saves on its own. If someone else saved in the meantime, you can reload their version first.
      </Typography>
      <Stack spacing={2}>
        <DistrictProfileCard />
        <HealthThresholdsCard />
        <DistrictCalendarCard />
        <IdentityProvidersCard />
      </Stack>
    </Box>
  );
}
