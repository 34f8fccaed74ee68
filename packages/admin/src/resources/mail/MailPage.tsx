import { Box, Stack, Typography } from '@mui/material';
import { AccessDenied, Loading, Title, useCanAccess, useTranslate } from 'react-admin';
import { CalendarFeedCard } from './CalendarFeedCard';
import { DistrictMailCard } from './DistrictMailCard';
import { MyDeliveryCard, MyRemindersCard } from './MyMailCard';
import { OutboxCard } from './OutboxCard';

/**
 * Calendar and reminders: for everyone in a district, their calendar feed and how Throughline's mail reaches them;
 * for district admins, also the district's mail settings and its delivery log.
 */
export function MailPage() {
  const person = useCanAccess({ resource: 'calendarAndMail', action: 'list' });
  const admin = useCanAccess({ resource: 'settings', action: 'list' });
  const translate = useTranslate();
  if (person.isPending || admin.isPending) return <Loading />;
  if (!person.canAccess) return <AccessDenied />;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="tl.mail.page.title" />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate('tl.mail.page.intro')}
      </Typography>
      <Stack spacing={2}>
        <CalendarFeedCard />
        <MyRemindersCard />
        <MyDeliveryCard />
        {admin.canAccess && <DistrictMailCard />}
        {admin.canAccess && <OutboxCard />}
      </Stack>
    </Box>
  );
}
