import { Box, Chip, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  DateField,
  ExportButton,
  FunctionField,
  List,
  SelectInput,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { intlLocale, useLocale } from '../../i18n/format';
import { apiClientsCsv } from '../../common/exporters';

const filters = [
  <SelectInput
    key="active"
    source="active"
    label="tl.apiClients.fields.status"
    choices={[
      { id: true, name: 'tl.apiClients.list.active' },
      { id: false, name: 'tl.apiClients.list.revoked' },
    ]}
    alwaysOn
    emptyText="tl.apiClients.list.anyStatus"
  />,
];

function NoClients() {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        {translate('tl.apiClients.list.emptyTitle')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate('tl.apiClients.list.emptyHelp')}
      </Typography>
      <CreateButton label="tl.apiClients.list.create" variant="contained" />
    </Box>
  );
}

/** The district's API clients, newest first (district admins). */
export function ApiClientList() {
  const translate = useTranslate();
  const locales = intlLocale(useLocale());
  return (
    <List
      exporter={apiClientsCsv}
      actions={
        <TopToolbar>
          <CreateButton />
          <ExportButton />
        </TopToolbar>
      }
      filters={filters}
      perPage={25}
      sort={{ field: 'createdAt', order: 'DESC' }}
      empty={<NoClients />}
    >
      <DataTable rowClick="edit" bulkActionButtons={false}>
        <DataTable.Col source="name" label="tl.apiClients.fields.name" disableSort />
        <DataTable.Col label="tl.apiClients.fields.scopes" disableSort>
          <FunctionField
            render={(r: { scopes: string[] }) => (
              <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
                {r.scopes.map((s) => (
                  <Chip key={s} size="small" label={s} />
                ))}
              </Box>
            )}
          />
        </DataTable.Col>
        <DataTable.Col label="tl.apiClients.fields.status" disableSort>
          <FunctionField
            render={(r: { active: boolean }) =>
              translate(r.active ? 'tl.apiClients.list.active' : 'tl.apiClients.list.revoked')
            }
          />
        </DataTable.Col>
        <DataTable.Col source="lastUsedAt" label="tl.apiClients.fields.lastUsed" disableSort>
          <DateField source="lastUsedAt" locales={locales} />
        </DataTable.Col>
        <DataTable.Col source="createdAt" label="tl.apiClients.fields.createdAt" disableSort>
          <DateField source="createdAt" locales={locales} />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
