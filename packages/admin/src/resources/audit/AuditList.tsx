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
  useTranslate,
} from 'react-admin';
import { useMemo } from 'react';
import { useLocale, intlLocale } from '../../i18n/format';
import { AuditDetails } from './AuditDetails';
import {
  ActionField,
  ActorField,
  ChangedFieldsField,
  RecordField,
  RecordNamesContext,
  type AuditRecord,
} from './AuditFields';
import { actionChoices, entityChoices, type Translate } from './auditLabels';
import { useRecordNames } from './useRecordNames';
import { AuditDownloads, ReadEvents } from './ReadEvents';
import { auditCsv } from '../../common/exporters';

/** The filters; the choices come already in words, sorted in the reader's language. */
const filters = (translate: Translate) => [
  <SelectInput
    key="entityType"
    source="entityType"
    label="tl.audit.list.record"
    choices={entityChoices(translate)}
    translateChoice={false}
    emptyText="tl.audit.list.any_record"
    alwaysOn
  />,
  <SelectInput
    key="action"
    source="action"
    label="tl.audit.list.what"
    choices={actionChoices(translate)}
    translateChoice={false}
    emptyText="tl.audit.list.anything"
    alwaysOn
  />,
  <ReferenceInput key="actor" source="actorId" reference="staff" alwaysOn>
    <AutocompleteInput
      optionText="displayName"
      label="tl.audit.list.who"
      filterToQuery={(search: string) => ({ search })}
      sx={{ minWidth: 220 }}
    />
  </ReferenceInput>,
  <DateInput key="from" source="from" label="tl.audit.list.from" alwaysOn />,
  <DateInput key="to" source="to" label="tl.audit.list.to" alwaysOn />,
];

function NoEvents() {
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        {translate('tl.audit.list.empty_title')}
      </Typography>
      <Typography color="text.secondary">{translate('tl.audit.list.empty_body')}</Typography>
    </Box>
  );
}

/** The rows of one page, with the names of their records fetched together. */
function AuditTable() {
  const { data } = useListContext<AuditRecord>();
  const locale = useLocale();
  const names = useRecordNames((data ?? []).map((r) => r.entityId).filter((id): id is string => !!id));
  return (
    <RecordNamesContext.Provider value={names}>
      <DataTable bulkActionButtons={false} rowClick="expand" expand={<AuditDetails />}>
        <DataTable.Col source="occurredAt" label="tl.audit.list.when" disableSort>
          <DateField source="occurredAt" showTime locales={intlLocale(locale)} />
        </DataTable.Col>
        <DataTable.Col label="tl.audit.list.who" disableSort>
          <ActorField />
        </DataTable.Col>
        <DataTable.Col label="tl.audit.list.what" disableSort>
          <ActionField />
        </DataTable.Col>
        <DataTable.Col label="tl.audit.list.record" disableSort>
          <RecordField />
        </DataTable.Col>
        <DataTable.Col label="tl.audit.list.fields_changed" disableSort>
          <ChangedFieldsField />
        </DataTable.Col>
      </DataTable>
    </RecordNamesContext.Provider>
  );
}

/** District admins' log of who did what, newest first (the API's order); never the values that changed. */
export function AuditList() {
  const translate = useTranslate();
  const auditFilters = useMemo(() => filters(translate), [translate]);
  return (
    <Box>
      <AuditDownloads />
      <List
        filters={auditFilters}
        actions={
          <TopToolbar>
            <ExportButton />
          </TopToolbar>
        }
        exporter={auditCsv}
        perPage={25}
        empty={<NoEvents />}
        title="tl.audit.name"
      >
        <AuditTable />
      </List>
      <ReadEvents />
    </Box>
  );
}
