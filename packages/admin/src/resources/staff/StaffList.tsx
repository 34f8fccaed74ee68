import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useMemo } from 'react';
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
  SimpleList,
  TopToolbar,
  useCanAccess,
  useTranslate,
} from 'react-admin';
import { ROLE_CHOICES } from './roles';
import { RoleChips } from './RoleChips';
import { StaffStatusField } from './StaffStatusField';
import { staffCsv } from '../../common/exporters';

/** The filters; the search box's placeholder is not translated by react-admin, so it is given in words. */
const filters = (translate: (key: string) => string) => [
  <SearchInput key="search" source="search" placeholder={translate('tl.staff.list.search')} alwaysOn />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="tl.staff.fields.status"
    nullLabel="tl.staff.list.anyone"
    trueLabel="tl.staff.list.active"
    falseLabel="tl.staff.list.inactive"
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
    <SelectInput optionText="name" label="tl.staff.list.school" emptyText="tl.staff.list.any_school" />
  </ReferenceInput>,
  <SelectInput
    key="role"
    source="role"
    label="tl.staff.list.role"
    choices={ROLE_CHOICES}
    emptyText="tl.staff.list.any_role"
    alwaysOn
  />,
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
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        {translate('tl.staff.list.empty_title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {canAccess ? translate('tl.staff.list.empty_can') : translate('tl.staff.list.empty_cannot')}
      </Typography>
      <CreateButton label="tl.staff.create.title" variant="contained" />
    </Box>
  );
}

/** People of the district (or of the reader's schools); managers open the edit page, others the read-only one. */
export function StaffList() {
  const { canAccess: canEdit } = useCanAccess({ resource: 'staff', action: 'edit' });
  const translate = useTranslate();
  const staffFilters = useMemo(() => filters(translate), [translate]);
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
  return (
    <List
      exporter={staffCsv}
      actions={listActions}
      filters={staffFilters}
      filterDefaultValues={{ active: true }}
      sort={{ field: 'displayName', order: 'ASC' }}
      perPage={25}
      empty={<NoStaff />}
    >
      {small ? (
        // On a phone, one item a person: name, e-mail (wrapping anywhere) and status; roles on their page.
        <SimpleList
          primaryText={(r) => r.displayName}
          secondaryText={(r) => r.email}
          tertiaryText={() => <StaffStatusField />}
          linkType={canEdit ? 'edit' : 'show'}
          sx={{
            '& .MuiListItemButton-root': { minHeight: 56 },
            '& .MuiListItemText-root': { overflowWrap: 'anywhere' },
          }}
        />
      ) : (
        <DataTable rowClick={canEdit ? 'edit' : 'show'} bulkActionButtons={false}>
          <DataTable.Col source="displayName" label="tl.staff.fields.name" />
          <DataTable.Col source="email" label="tl.staff.fields.email" field={EmailField} />
          <DataTable.Col source="title" label="tl.staff.fields.title" disableSort />
          <DataTable.Col label="tl.staff.fields.roles" disableSort>
            <RoleChips />
          </DataTable.Col>
          <DataTable.Col label="tl.staff.fields.status" disableSort>
            <StaffStatusField />
          </DataTable.Col>
        </DataTable>
      )}
    </List>
  );
}
