import { Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  ExportButton,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { DISTRICT_STATUSES, MONTHS } from '../../common/districtChoices';
import { DistrictStatusField } from './DistrictStatusField';
import { districtsCsv } from '../../common/exporters';
import { useFormatDate } from '../../i18n/format';

const filters = (translate: (key: string) => string) => [
  <SearchInput key="search" source="search" placeholder={translate('tl.districts.list.search')} alwaysOn />,
  <SelectInput
    key="status"
    source="status"
    label="tl.districts.fields.status"
    choices={DISTRICT_STATUSES}
    alwaysOn
    emptyText="tl.districts.list.any_status"
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
  const translate = useTranslate();
  return (
    <Typography component="div" sx={{ p: 4, textAlign: 'center' }} color="text.secondary">
      <Typography variant="h6" gutterBottom>
        {translate('tl.districts.list.empty')}
      </Typography>
      <Typography gutterBottom>{translate('tl.districts.list.empty_help')}</Typography>
      <CreateButton label="tl.districts.create.title" variant="contained" />
    </Typography>
  );
}

/** The platform operator's view of every tenant. The API orders districts by name. */
export function DistrictList() {
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <List exporter={districtsCsv} actions={listActions} filters={filters(translate)} empty={<NoDistricts />}>
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" label="tl.districts.fields.name" disableSort />
        <DataTable.Col source="slug" label="tl.districts.fields.slug" disableSort />
        <DataTable.Col source="timezone" label="tl.districts.fields.timezone" disableSort />
        <DataTable.Col label="tl.districts.fields.year_starts" disableSort>
          <FunctionField
            render={(r: { academicYearStartMonth: number }) =>
              translate(MONTHS[r.academicYearStartMonth - 1]?.name ?? '')
            }
          />
        </DataTable.Col>
        <DataTable.Col label="tl.districts.fields.status" disableSort>
          <DistrictStatusField />
        </DataTable.Col>
        <DataTable.Col
          source="createdAt"
          label="tl.districts.fields.provisioned"
          render={(r: { createdAt: string }) => formatDate(r.createdAt)}
          disableSort
        />
      </DataTable>
    </List>
  );
}
