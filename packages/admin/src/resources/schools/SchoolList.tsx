import { Box, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  DateField,
  ExportButton,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { SCHOOL_STATUSES, gradeSpan } from './grades';
import { SchoolStatusField } from './SchoolStatusField';
import { schoolsCsv } from '../../common/exporters';

const filters = [
  <SearchInput key="search" source="search" placeholder="Name or code" alwaysOn />,
  <SelectInput key="status" source="status" label="Status" choices={SCHOOL_STATUSES} alwaysOn emptyText="Any status" />,
];

/** Export is left out: the API pages at most 100 rows, so an export would silently stop there. */
const listActions = (
  <TopToolbar>
    <CreateButton />
    <ExportButton />
  </TopToolbar>
);

/** No school yet: say what schools are for and, to those who may, offer the first one. */
function NoSchools() {
  const { canAccess } = useCanAccess({ resource: 'schools', action: 'create' });
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        No schools yet
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {canAccess
          ? 'Add the district’s schools: staff roles, strategies and learning conversations each belong to one.'
          : 'No school is assigned to you yet. A district admin can add one or give you a role at a school.'}
      </Typography>
      <CreateButton label="Add a school" variant="contained" />
    </Box>
  );
}

/** Schools people may read; rows open the edit form for those who may change them. */
export function SchoolList() {
  const { canAccess: canEdit } = useCanAccess({ resource: 'schools', action: 'edit' });
  return (
    <List
      exporter={schoolsCsv}
      actions={listActions}
      filters={filters}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      empty={<NoSchools />}
    >
      <DataTable rowClick={canEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="name" />
        <DataTable.Col source="code" />
        <DataTable.Col label="Grades" disableSort>
          <FunctionField
            render={(r: { gradeLow: number | null; gradeHigh: number | null }) => gradeSpan(r.gradeLow, r.gradeHigh)}
          />
        </DataTable.Col>
        <DataTable.Col label="Status" disableSort>
          <SchoolStatusField />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="Added" field={DateField} />
      </DataTable>
    </List>
  );
}
