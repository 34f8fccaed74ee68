import { Card, Stack } from '@mui/material';
import { EmailField, Labeled, Show, SimpleShowLayout, TextField, useRecordContext, useTranslate } from 'react-admin';
import { RoleAssignmentsPanel } from './RoleAssignmentsPanel';
import { StaffStatusField } from './StaffStatusField';
import { useRecordRefusal } from '../../common/NotYours';

function StaffTitle() {
  const record = useRecordContext<{ displayName: string }>();
  const translate = useTranslate();
  return <>{record ? record.displayName : translate('tl.staff.person')}</>;
}

/** What people who may read but not manage staff see: a school leader looking up a teacher, say. */
export function StaffShow() {
  const refusal = useRecordRefusal();
  return (
    <Show queryOptions={{ onError: refusal }} title={<StaffTitle />} component="div">
      <Stack spacing={2}>
        <Card>
          <SimpleShowLayout>
            <TextField source="displayName" label="tl.staff.fields.name" />
            <EmailField source="email" label="tl.staff.fields.email" />
            <TextField source="title" label="tl.staff.fields.title" emptyText="—" />
            <TextField source="rosterId" label="tl.staff.fields.roster_id" emptyText="—" />
            <Labeled label="tl.staff.fields.status">
              <StaffStatusField />
            </Labeled>
          </SimpleShowLayout>
        </Card>
        <RoleAssignmentsPanel />
      </Stack>
    </Show>
  );
}
