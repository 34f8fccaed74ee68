import { Card, Stack } from '@mui/material';
import { Edit, SaveButton, SimpleForm, Toolbar, useRecordContext, useTranslate } from 'react-admin';
import { useApiFailureNotice } from '../../common/apiFailure';
import { AccountPanel } from './AccountPanel';
import { RoleAssignmentsPanel } from './RoleAssignmentsPanel';
import { PROFILE_FIELDS, StaffProfileInputs } from './StaffProfileInputs';
import { useRecordRefusal } from '../../common/NotYours';

function StaffTitle() {
  const record = useRecordContext<{ displayName: string }>();
  const translate = useTranslate();
  return <>{record ? record.displayName : translate('tl.staff.person')}</>;
}

/**
 * One page per person: their details, their account (active or not, password) and their roles. Each part saves
 * on its own, so a role can be given without touching the details form.
 */
export function StaffEdit() {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice({ shownFields: PROFILE_FIELDS });
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      title={<StaffTitle />}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      redirect={false}
      component="div"
    >
      <Stack spacing={2}>
        <Card>
          <SimpleForm
            sx={{ maxWidth: 720 }}
            toolbar={
              <Toolbar>
                <SaveButton label="tl.staff.edit.save" />
              </Toolbar>
            }
          >
            <StaffProfileInputs />
          </SimpleForm>
        </Card>
        <AccountPanel />
        <RoleAssignmentsPanel />
      </Stack>
    </Edit>
  );
}
