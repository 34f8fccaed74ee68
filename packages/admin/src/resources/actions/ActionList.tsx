import { Box, Stack, Typography } from '@mui/material';
import { Datagrid, List, Pagination, SelectInput, TextField, useRecordContext } from 'react-admin';
import { DayField } from '../../common/DayField';
import { ActionQuickFilters } from './ActionQuickFilters';
import { ActionStatusField, STATUS_LABELS } from '../../common/ActionStatusChip';
import { SessionRef } from './SessionRef';
import { TransitionButtons } from '../../common/TransitionButtons';
import { PracticeChangeButtons, PracticeChangeChip, type VerifiableAction } from '../../common/PracticeChange';

const filters = [
  <SelectInput
    key="status"
    source="status"
    label="Status"
    alwaysOn
    emptyText="Any status"
    choices={Object.entries(STATUS_LABELS).map(([id, name]) => ({ id, name }))}
  />,
];

function Moves(_props: { label?: string }) {
  const record = useRecordContext<VerifiableAction>();
  return record ? (
    <Stack direction="row" spacing={0.5}>
      <TransitionButtons action={record} description={record.description} />
      <PracticeChangeButtons action={record} />
    </Stack>
  ) : null;
}

function Verification(_props: { label?: string }) {
  const record = useRecordContext<VerifiableAction>();
  return record ? <PracticeChangeChip status={record.practiceChangeStatus} /> : null;
}

function NoActions() {
  return (
    <Box sx={{ p: 3 }}>
      <Typography>No actions match these filters.</Typography>
      <Typography variant="body2" color="text.secondary">
        Actions are agreed in a session and recorded when it is logged as held. Try &ldquo;My team&rdquo; or another
        status.
      </Typography>
    </Box>
  );
}

/** Actions by due date (the API's order), with the moves each may make right in the row. */
export function ActionList() {
  return (
    <List
      title="Actions"
      filters={filters}
      filterDefaultValues={{ mine: true }}
      exporter={false}
      empty={<NoActions />}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
    >
      <ActionQuickFilters />
      <Datagrid rowClick="show" bulkActionButtons={false} empty={<NoActions />}>
        <TextField source="description" sortable={false} />
        <TextField source="owner.displayName" label="Owner" sortable={false} emptyText="—" />
        <DayField source="dueOn" label="Due" />
        <ActionStatusField label="Status" />
        <Verification label="Practice change" />
        <SessionRef label="From" />
        <Moves label="" />
      </Datagrid>
    </List>
  );
}
