import { Box, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  ExportButton,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
  useCanAccess,
  useTranslate,
} from 'react-admin';
import { SCHOOL_STATUSES, gradeSpan } from './grades';
import { SchoolStatusField } from './SchoolStatusField';
import { schoolsCsv } from '../../common/exporters';
import { useFormatDate } from '../../i18n/format';

const filters = (translate: (key: string) => string) => [
  <SearchInput key="search" source="search" placeholder={translate('tl.schools.list.search')} alwaysOn />,
  <SelectInput
    key="status"
    source="status"
    label="tl.schools.fields.status"
    choices={SCHOOL_STATUSES}
    alwaysOn
    emptyText="tl.schools.list.any_status"
  />,
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
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        {translate('tl.schools.list.empty')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate(canAccess ? 'tl.schools.list.empty_create' : 'tl.schools.list.empty_none')}
      </Typography>
      <CreateButton label="tl.schools.create.title" variant="contained" />
    </Box>
  );
}

/** Schools people may read; rows open the edit form for those who may change them. */
export function SchoolList() {
  const { canAccess: canEdit } = useCanAccess({ resource: 'schools', action: 'edit' });
  const translate = useTranslate();
  const formatDate = useFormatDate();
  return (
    <List
      exporter={schoolsCsv}
      actions={listActions}
      filters={filters(translate)}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={25}
      empty={<NoSchools />}
    >
      <DataTable rowClick={canEdit ? 'edit' : false} bulkActionButtons={false}>
        <DataTable.Col source="name" label="tl.schools.fields.name" />
        <DataTable.Col source="code" label="tl.schools.fields.code" />
        <DataTable.Col label="tl.schools.fields.grades" disableSort>
          <FunctionField
            render={(r: { gradeLow: number | null; gradeHigh: number | null }) => gradeSpan(r.gradeLow, r.gradeHigh)}
          />
        </DataTable.Col>
        <DataTable.Col label="tl.schools.fields.status" disableSort>
          <SchoolStatusField />
        </DataTable.Col>
        <DataTable.Col
          source="createdAt"
          label="tl.schools.fields.added"
          render={(r: { createdAt: string }) => formatDate(r.createdAt)}
        />
      </DataTable>
    </List>
  );
}
