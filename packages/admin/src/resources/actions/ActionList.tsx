import { Box, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { Datagrid, List, Pagination, SelectInput, SimpleList, TextField, useRecordContext } from 'react-admin';
import { formatDay } from '../../common/when';
import { DayField } from '../../common/DayField';
import { ActionQuickFilters } from './ActionQuickFilters';
import { ActionStatusField, STATUS_LABELS } from '../../common/ActionStatusChip';
import { SessionRef } from './SessionRef';
import { TransitionButtons } from '../../common/TransitionButtons';
import { PracticeChangeButtons, PracticeChangeChip, type VerifiableAction } from '../../common/PracticeChange';
import { actionsCsv } from '../../common/exporters';

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
  // On a phone, one line of what and when per action (the row's page has the moves); the table needs a wider screen.
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
  return (
    <List
      title="Actions"
      filters={filters}
      filterDefaultValues={{ mine: true }}
      exporter={actionsCsv}
      empty={<NoActions />}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
    >
      <ActionQuickFilters />
      {small ? (
        <SimpleList<VerifiableAction & { dueOn: string; status: string; owner?: { displayName: string } | null }>
          primaryText={(r) => r.description}
          secondaryText={(r) =>
            `Due ${formatDay(r.dueOn)} · ${STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status}`
          }
          tertiaryText={(r) => r.owner?.displayName ?? ''}
          linkType="show"
          sx={{
            '& .MuiListItemButton-root': { minHeight: 56 },
            '& .MuiListItemText-primary': { overflowWrap: 'anywhere' },
          }}
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false} empty={<NoActions />}>
          <TextField source="description" sortable={false} />
          <TextField source="owner.displayName" label="Owner" sortable={false} emptyText="—" />
          <DayField source="dueOn" label="Due" />
          <ActionStatusField label="Status" />
          <Verification label="Practice change" />
          <SessionRef label="From" />
          <Moves label="" />
        </Datagrid>
      )}
    </List>
  );
}
