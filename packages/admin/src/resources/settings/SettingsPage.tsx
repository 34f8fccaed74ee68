import { Box, Stack, Typography } from '@mui/material';
import { AccessDenied, Loading, Title, useCanAccess, useTranslate } from 'react-admin';
import { DistrictCalendarCard } from './DistrictCalendarCard';
import { DistrictProfileCard } from './DistrictProfileCard';
import { HealthThresholdsCard } from './HealthThresholdsCard';
import { IdentityProvidersCard } from './IdentityProvidersCard';

/** The district admin's own settings: the district's details and the thresholds its dashboards judge by. */
export function SettingsPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'settings', action: 'list' });
  const translate = useTranslate();
  if (isPending) return <Loading />;
  if (!canAccess) return <AccessDenied />;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="tl.settings.page.title" />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate('tl.settings.page.intro')}
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
