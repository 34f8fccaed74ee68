import { Typography } from '@mui/material';
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
} from 'react-admin';
import { DISTRICT_STATUSES, MONTHS } from '../../common/districtChoices';
import { DistrictStatusField } from './DistrictStatusField';
import { districtsCsv } from '../../common/exporters';

const filters = [
  <SearchInput key="search" source="search" placeholder="Search by name" alwaysOn />,
  <SelectInput
    key="status"
    source="status"
    label="Status"
    choices={DISTRICT_STATUSES}
    alwaysOn
    emptyText="Any status"
  />,
];

/** Export is left out: the API pages at most 100 rows, so an export would silently stop there. */
const listActions = (
  <TopToolbar>
    <CreateButton />
    <ExportButton />
  </TopToolbar>
);

/** Nothing provisioned yet: the operator's one next step. */
function NoDistricts() {
  return (
    <Typography component="div" sx={{ p: 4, textAlign: 'center' }} color="text.secondary">
      <Typography variant="h6" gutterBottom>
        No districts yet
      </Typography>
      <Typography gutterBottom>
        Provision a district with its first district admin; they set up its schools and staff.
      </Typography>
      <CreateButton label="Provision a district" variant="contained" />
    </Typography>
  );
}

/** The platform operator's view of every tenant. The API orders districts by name. */
export function DistrictList() {
  return (
    <List exporter={districtsCsv} actions={listActions} filters={filters} empty={<NoDistricts />} title="Districts">
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="slug" label="Short name" disableSort />
        <DataTable.Col source="timezone" label="Time zone" disableSort />
        <DataTable.Col label="School year starts" disableSort>
          <FunctionField
            render={(r: { academicYearStartMonth: number }) => MONTHS[r.academicYearStartMonth - 1]?.name}
          />
        </DataTable.Col>
        <DataTable.Col label="Status" disableSort>
          <DistrictStatusField />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="Provisioned" field={DateField} disableSort />
      </DataTable>
    </List>
  );
}
