import { Box, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import {
  Datagrid,
  List,
  Pagination,
  SelectInput,
  SimpleList,
  TextField,
  useCanAccess,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { AssignOwnerButton } from './AssignOwnerButton';
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
    label="tl.actions.list.status"
    alwaysOn
    emptyText="tl.actions.list.any_status"
    choices={Object.keys(STATUS_LABELS).map((id) => ({ id, name: `tl.common.action_status.${id}` }))}
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
  const translate = useTranslate();
  return (
    <Box sx={{ p: 3 }}>
      <Typography>{translate('tl.actions.list.empty')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('tl.actions.list.empty_help')}
      </Typography>
    </Box>
  );
}

/** Actions by due date (the API's order), with the moves each may make right in the row. */
export function ActionList() {
  // On a phone, one line of what and when per action (the row's page has the moves); the table needs a wider screen.
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
  // Those who log sessions (facilitators, leaders) may hand several actions to one owner at once.
  const { canAccess: bulk } = useCanAccess({ resource: 'sessions', action: 'log' });
  const translate = useTranslate();
  return (
    <List
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
            translate('tl.actions.list.due_status', {
              due: formatDay(r.dueOn),
              status: STATUS_LABELS[r.status as keyof typeof STATUS_LABELS] ?? r.status,
            })
          }
          tertiaryText={(r) => r.owner?.displayName ?? ''}
          linkType="show"
          sx={{
            '& .MuiListItemButton-root': { minHeight: 56 },
            '& .MuiListItemText-primary': { overflowWrap: 'anywhere' },
          }}
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={bulk ? <AssignOwnerButton /> : false} empty={<NoActions />}>
          <TextField source="description" label="tl.actions.fields.description" sortable={false} />
          <TextField source="owner.displayName" label="tl.actions.fields.owner" sortable={false} emptyText="—" />
          <DayField source="dueOn" label="tl.actions.fields.due" />
          <ActionStatusField label="tl.actions.list.status" />
          <Verification label="tl.actions.fields.practice_change" />
          <SessionRef label="tl.actions.fields.from" />
          <Moves label="" />
        </Datagrid>
      )}
    </List>
  );
}
