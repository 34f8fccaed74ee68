import { Box, Chip, Typography } from '@mui/material';
import type { ConversationType } from '@throughline/shared';
import {
  AutocompleteInput,
  BooleanField,
  CreateButton,
  Datagrid,
  ExportButton,
  FilterButton,
  FunctionField,
  List,
  Pagination,
  ReferenceInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  type RaRecord,
  useCanAccess,
} from 'react-admin';
import { TYPE_CHOICES, TYPE_LABELS } from '../../common/conversationTypes';
import { conversationsCsv } from '../../common/exporters';

const searchable = (search: string) => ({ search });

const filters = [
  <TextInput key="search" source="search" label="Search title or purpose" alwaysOn />,
  <ReferenceInput
    key="school"
    source="schoolId"
    label="School"
    reference="schools"
    sort={{ field: 'name', order: 'ASC' }}
    alwaysOn
  >
    <SelectInput label="School" optionText="name" emptyText="Any school" />
  </ReferenceInput>,
  <SelectInput key="type" source="type" choices={TYPE_CHOICES} emptyText="Any type" alwaysOn />,
  <ReferenceInput
    key="facilitator"
    source="facilitatorId"
    reference="staff"
    sort={{ field: 'familyName', order: 'ASC' }}
  >
    <AutocompleteInput label="Facilitator" optionText="displayName" filterToQuery={searchable} />
  </ReferenceInput>,
  <ReferenceInput
    key="strategy"
    source="strategyId"
    label="Serves strategy"
    reference="strategies"
    sort={{ field: 'title', order: 'ASC' }}
  >
    <AutocompleteInput label="Serves strategy" optionText="title" filterToQuery={searchable} sx={{ minWidth: 280 }} />
  </ReferenceInput>,
];

function ConversationEmpty() {
  const { canAccess } = useCanAccess({ resource: 'conversations', action: 'create' });
  return (
    <Box sx={{ textAlign: 'center', m: 4 }}>
      <Typography variant="h6">No learning conversations yet</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {canAccess
          ? 'Plan the routine conversations your strategies depend on: a data team, a debrief, a coaching cycle.'
          : 'Conversations you take part in will appear here once they are planned.'}
      </Typography>
      <CreateButton variant="contained" />
    </Box>
  );
}

/** Planned conversation routines, with how often they meet and who leads them. */
export function ConversationList() {
  return (
    <List
      exporter={conversationsCsv}
      filters={filters}
      actions={
        <TopToolbar>
          <FilterButton />
          <CreateButton />
          <ExportButton />
        </TopToolbar>
      }
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
      empty={<ConversationEmpty />}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" sortable={false} />
        <FunctionField
          label="School"
          render={(r: RaRecord) => r.school?.name ?? <Chip size="small" label="District-wide" />}
        />
        <FunctionField label="Type" render={(r: RaRecord) => TYPE_LABELS[r.type as ConversationType]} />
        <TextField source="cadenceDescription" label="Meets" sortable={false} />
        <TextField source="facilitator.displayName" label="Facilitator" sortable={false} emptyText="—" />
        <FunctionField
          label="People"
          textAlign="right"
          render={(r: RaRecord) => (r.participants as unknown[]).length}
        />
        <BooleanField source="active" label="Running" sortable={false} />
      </Datagrid>
    </List>
  );
}
