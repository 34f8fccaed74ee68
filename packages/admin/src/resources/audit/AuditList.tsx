import { Box, Typography } from '@mui/material';
import {
  AutocompleteInput,
  DataTable,
  DateField,
  DateInput,
  ExportButton,
  List,
  ReferenceInput,
  SelectInput,
  TopToolbar,
  useListContext,
} from 'react-admin';
import { AuditDetails } from './AuditDetails';
import {
  ActionField,
  ActorField,
  ChangedFieldsField,
  RecordField,
  RecordNamesContext,
  type AuditRecord,
} from './AuditFields';
import { ACTION_CHOICES, ENTITY_CHOICES } from './auditLabels';
import { useRecordNames } from './useRecordNames';
import { AuditDownloads, ReadEvents } from './ReadEvents';
import { auditCsv } from '../../common/exporters';

const filters = [
  <SelectInput
    key="entityType"
    source="entityType"
    label="Record"
    choices={ENTITY_CHOICES}
    emptyText="Any record"
    alwaysOn
  />,
  <SelectInput key="action" source="action" label="What" choices={ACTION_CHOICES} emptyText="Anything" alwaysOn />,
  <ReferenceInput key="actor" source="actorId" reference="staff" alwaysOn>
    <AutocompleteInput
      optionText="displayName"
      label="Who"
      filterToQuery={(search: string) => ({ search })}
      sx={{ minWidth: 220 }}
    />
  </ReferenceInput>,
  <DateInput key="from" source="from" label="From" alwaysOn />,
  <DateInput key="to" source="to" label="To (inclusive)" alwaysOn />,
];

function NoEvents() {
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        Nothing recorded yet
      </Typography>
      <Typography color="text.secondary">
        Every change to the district’s records and every sign-in lands here, newest first.
      </Typography>
    </Box>
  );
}

/** The rows of one page, with the names of their records fetched together. */
function AuditTable() {
  const { data } = useListContext<AuditRecord>();
  const names = useRecordNames((data ?? []).map((r) => r.entityId).filter((id): id is string => !!id));
  return (
    <RecordNamesContext.Provider value={names}>
      <DataTable bulkActionButtons={false} rowClick="expand" expand={<AuditDetails />}>
        <DataTable.Col source="occurredAt" label="When" disableSort>
          <DateField source="occurredAt" showTime />
        </DataTable.Col>
        <DataTable.Col label="Who" disableSort>
          <ActorField />
        </DataTable.Col>
        <DataTable.Col label="What" disableSort>
          <ActionField />
        </DataTable.Col>
        <DataTable.Col label="Record" disableSort>
          <RecordField />
        </DataTable.Col>
        <DataTable.Col label="Fields changed" disableSort>
          <ChangedFieldsField />
        </DataTable.Col>
      </DataTable>
    </RecordNamesContext.Provider>
  );
}

/** District admins' log of who did what, newest first (the API's order); never the values that changed. */
export function AuditList() {
  return (
    <Box>
      <AuditDownloads />
      <List
        filters={filters}
        actions={
          <TopToolbar>
            <ExportButton />
          </TopToolbar>
        }
        exporter={auditCsv}
        perPage={25}
        empty={<NoEvents />}
        title="Audit log"
      >
        <AuditTable />
      </List>
      <ReadEvents />
    </Box>
  );
}
