import { Box, Chip, Typography } from '@mui/material';
import {
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
import type { StrategyKind } from '@throughline/shared';
import { DayField } from '../../common/DayField';
import { KIND_CHOICES, KIND_LABELS, STATUS_CHOICES } from '../../common/strategyChoices';
import { StrategyStatusChip } from '../../common/StrategyStatusChip';
import { strategiesCsv } from '../../common/exporters';

const SCOPE_CHOICES = [
  { id: 'true', name: 'District-wide only' },
  { id: 'false', name: 'School strategies only' },
];

const filters = [
  <TextInput key="search" source="search" label="Search title or goal" alwaysOn />,
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
  <SelectInput key="status" source="status" choices={STATUS_CHOICES} emptyText="Any status" alwaysOn />,
  <SelectInput key="kind" source="kind" choices={KIND_CHOICES} emptyText="Any kind" />,
  <SelectInput key="scope" source="districtWide" label="Scope" choices={SCOPE_CHOICES} emptyText="Everything" />,
];

/** Nothing to list yet: say what a strategy is for and, for those who may, how to start one. */
function StrategyEmpty() {
  const { canAccess } = useCanAccess({ resource: 'strategies', action: 'create' });
  return (
    <Box sx={{ textAlign: 'center', m: 4 }}>
      <Typography variant="h6">No improvement strategies yet</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {canAccess
          ? 'Add a strategy, then map the learning conversations it depends on.'
          : 'When your school or district adds a strategy, it appears here.'}
      </Typography>
      <CreateButton variant="contained" />
    </Box>
  );
}

function ListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <CreateButton />
      <ExportButton />
    </TopToolbar>
  );
}

/** Strategies by school and status; "District-wide" stands where a strategy has no school. */
export function StrategyList() {
  return (
    <List
      exporter={strategiesCsv}
      filters={filters}
      actions={<ListActions />}
      sort={{ field: 'title', order: 'ASC' }}
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
      empty={<StrategyEmpty />}
    >
      <Datagrid rowClick="show" bulkActionButtons={false}>
        <TextField source="title" />
        <FunctionField
          label="School"
          render={(r: RaRecord) => r.school?.name ?? <Chip size="small" label="District-wide" />}
        />
        <FunctionField label="Kind" render={(r: RaRecord) => KIND_LABELS[r.kind as StrategyKind]} />
        <FunctionField label="Status" render={(r: RaRecord) => <StrategyStatusChip status={r.status} />} />
        <DayField source="startsOn" label="Starts" />
        <DayField source="endsOn" label="Ends" sortable={false} />
        <TextField source="owner.displayName" label="Owner" sortable={false} emptyText="—" />
        <FunctionField
          label="Conversations"
          textAlign="right"
          render={(r: RaRecord) => (r.mappings as unknown[]).length}
        />
      </Datagrid>
    </List>
  );
}
