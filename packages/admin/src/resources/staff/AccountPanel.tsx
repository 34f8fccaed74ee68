import { Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useCanAccess, useRecordContext } from 'react-admin';
import { ActivationButton } from './ActivationButton';
import { SetPasswordButton } from './SetPasswordButton';
import { StaffStatusField } from './StaffStatusField';

/** Whether the person can sign in, and the two ways to change that. Only for those who manage staff. */
export function AccountPanel() {
  const record = useRecordContext<{ active: boolean }>();
  const { canAccess } = useCanAccess({ resource: 'staff', action: 'edit' });
  if (!record || !canAccess) return null;
  return (
    <Card>
      <CardHeader title="Account" slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 1 }}>
          <StaffStatusField />
          <Typography variant="body2" color="text.secondary">
            {record.active
              ? 'Can sign in. Deactivating signs them out everywhere; their history stays.'
              : 'Cannot sign in. Their sessions, ratings and actions stay on record.'}
          </Typography>
        </Stack>
        <Stack direction="row" spacing={1}>
          <SetPasswordButton />
          <ActivationButton />
        </Stack>
      </CardContent>
    </Card>
  );
}
