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
} from 'react-admin';
import { apiClientsCsv } from '../../common/exporters';

const filters = [
  <SelectInput
    key="active"
    source="active"
    label="Status"
    choices={[
      { id: true, name: 'Active' },
      { id: false, name: 'Revoked' },
    ]}
    alwaysOn
    emptyText="Any status"
  />,
];

function NoClients() {
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        No API clients yet
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        An API client lets another system (a data warehouse, a roster sync) query this district with its own credentials
        and scopes, never a person’s password.
      </Typography>
      <CreateButton label="Create an API client" variant="contained" />
    </Box>
  );
}

/** The district's API clients, newest first (district admins). */
export function ApiClientList() {
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
        <DataTable.Col source="name" disableSort />
        <DataTable.Col label="Scopes" disableSort>
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
        <DataTable.Col label="Status" disableSort>
          <FunctionField render={(r: { active: boolean }) => (r.active ? 'Active' : 'Revoked')} />
        </DataTable.Col>
        <DataTable.Col source="lastUsedAt" label="Last used" field={DateField} disableSort />
        <DataTable.Col source="createdAt" label="Created" field={DateField} disableSort />
      </DataTable>
    </List>
  );
}
