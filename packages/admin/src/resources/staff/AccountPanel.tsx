import { Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { ActivationButton } from './ActivationButton';
import { SetPasswordButton } from './SetPasswordButton';
import { StaffStatusField } from './StaffStatusField';

/** Whether the person can sign in, and the two ways to change that. Only for those who manage staff. */
export function AccountPanel() {
  const record = useRecordContext<{ active: boolean }>();
  const { canAccess } = useCanAccess({ resource: 'staff', action: 'edit' });
  const translate = useTranslate();
  if (!record || !canAccess) return null;
  return (
    <Card>
      <CardHeader title={translate('tl.staff.account.title')} slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
          <StaffStatusField />
          <Typography variant="body2" color="text.secondary">
            {record.active ? translate('tl.staff.account.can_sign_in') : translate('tl.staff.account.cannot_sign_in')}
          </Typography>
        </Stack>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <SetPasswordButton />
          <ActivationButton />
        </Stack>
      </CardContent>
    </Card>
  );
}
