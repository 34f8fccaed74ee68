import { Box, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  EmailField,
  ExportButton,
  List,
  NullableBooleanInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { ROLE_CHOICES } from './roles';
import { RoleChips } from './RoleChips';
import { StaffStatusField } from './StaffStatusField';
import { staffCsv } from '../../common/exporters';

const filters = [
  <SearchInput key="search" source="search" placeholder="Name or email" alwaysOn />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="Status"
    nullLabel="Anyone"
    trueLabel="Active"
    falseLabel="Inactive"
    alwaysOn
  />,
  <ReferenceInput
    key="school"
    source="schoolId"
    reference="schools"
    sort={{ field: 'name', order: 'ASC' }}
    perPage={100}
    alwaysOn
  >
    <SelectInput optionText="name" label="School" emptyText="Any school" />
  </ReferenceInput>,
  <SelectInput key="role" source="role" label="Role" choices={ROLE_CHOICES} emptyText="Any role" alwaysOn />,
];

/** Export is left out: the API pages at most 100 rows, so an export would silently stop there. */
const listActions = (
  <TopToolbar>
    <CreateButton />
    <ExportButton />
  </TopToolbar>
);

function NoStaff() {
  const { canAccess } = useCanAccess({ resource: 'staff', action: 'create' });
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        Nobody here yet
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {canAccess
          ? 'Add the people who plan, lead and take part in learning conversations, then give each a role.'
          : 'There is nobody you may see yet.'}
      </Typography>
      <CreateButton label="Add a person" variant="contained" />
    </Box>
  );
}

/** People of the district (or of the reader's schools); managers open the edit page, others the read-only one. */
export function StaffList() {
  const { canAccess: canEdit } = useCanAccess({ resource: 'staff', action: 'edit' });
  return (
    <List
      exporter={staffCsv}
      actions={listActions}
      filters={filters}
      filterDefaultValues={{ active: true }}
      sort={{ field: 'displayName', order: 'ASC' }}
      perPage={25}
      empty={<NoStaff />}
    >
      <DataTable rowClick={canEdit ? 'edit' : 'show'} bulkActionButtons={false}>
        <DataTable.Col source="displayName" label="Name" />
        <DataTable.Col source="email" field={EmailField} />
        <DataTable.Col source="title" disableSort />
        <DataTable.Col label="Roles" disableSort>
          <RoleChips />
        </DataTable.Col>
        <DataTable.Col label="Status" disableSort>
          <StaffStatusField />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
