import { Card, Stack } from '@mui/material';
import { EmailField, Labeled, Show, SimpleShowLayout, TextField, useRecordContext } from 'react-admin';
import { RoleAssignmentsPanel } from './RoleAssignmentsPanel';
import { StaffStatusField } from './StaffStatusField';
import { useRecordRefusal } from '../../common/NotYours';

function StaffTitle() {
  const record = useRecordContext<{ displayName: string }>();
  return <>{record ? record.displayName : 'Person'}</>;
}

/** What people who may read but not manage staff see: a school leader looking up a teacher, say. */
export function StaffShow() {
  const refusal = useRecordRefusal();
  return (
    <Show queryOptions={{ onError: refusal }} title={<StaffTitle />} component="div">
      <Stack spacing={2}>
        <Card>
          <SimpleShowLayout>
            <TextField source="displayName" label="Name" />
            <EmailField source="email" />
            <TextField source="title" emptyText="—" />
            <TextField source="rosterId" label="Roster id" emptyText="—" />
            <Labeled label="Status">
              <StaffStatusField />
            </Labeled>
          </SimpleShowLayout>
        </Card>
        <RoleAssignmentsPanel />
      </Stack>
    </Show>
  );
}
