import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useContext, useMemo } from 'react';
import {
  Datagrid,
  DataProviderContext,
  DateInput,
  ExportButton,
  FilterButton,
  List,
  Pagination,
  SimpleList,
  TextField,
  TopToolbar,
} from 'react-admin';
import { QuickFilters } from './QuickFilters';
import { StateChipField } from './StateChip';
import { WhenField } from './WhenField';
import { withNewestFirst } from './newestFirst';
import { dayStart, formatForDayInput, formatWhen, nextDay } from '../../common/when';
import type { SessionRecord } from './types';
import { sessionsCsv } from '../../common/exporters';

/**
 * The day pickers store instants (what the API filters on): the start of the chosen day in the district for "from",
 * and the start of the day after for "to", so the chosen last day is included.
 */
const filters = [
  <DateInput
    key="from"
    source="from"
    label="From day"
    parse={(day: string) => (day ? dayStart(day) : undefined)}
    format={(at?: string) => formatForDayInput(at)}
  />,
  <DateInput
    key="to"
    source="to"
    label="To day"
    parse={(day: string) => (day ? dayStart(nextDay(day)) : undefined)}
    format={(at?: string) => formatForDayInput(at, { exclusiveEnd: true })}
  />,
];

function Actions() {
  return (
    <TopToolbar>
      <FilterButton />
      <ExportButton />
    </TopToolbar>
  );
}

/** Shown when nothing matches the chosen view. */
function NothingHere() {
  return (
    <Box sx={{ p: 3 }}>
      <Typography>No sessions match this view.</Typography>
      <Typography variant="body2" color="text.secondary">
        Try another view or clear the days. Sessions appear here once a learning conversation is planned with a cadence
        (Conversations), or when a leader adds a one-off session.
      </Typography>
    </Box>
  );
}

/**
 * The agenda: upcoming sessions soonest first by default; missed and held ones most recent first. The API pages
 * on the server; a DESC order reads through the newest-first wrapper (see newestFirst.ts).
 */
export function SessionList() {
  // The provider as given to <Admin>: react-admin adds its own error handling around whatever the list reads.
  const dataProvider = useContext(DataProviderContext);
  // On a phone, one entry per session (what, when, where); the table needs a wider screen.
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
  const reading = useMemo(() => (dataProvider ? withNewestFirst(dataProvider) : null), [dataProvider]);
  return (
    <DataProviderContext.Provider value={reading}>
      <List
        exporter={sessionsCsv}
        title="Sessions"
        sort={{ field: 'scheduledAt', order: 'ASC' }}
        filterDefaultValues={{ state: 'SCHEDULED' }}
        filters={filters}
        actions={<Actions />}
        empty={<NothingHere />}
        pagination={<Pagination rowsPerPageOptions={[10, 25, 50]} />}
      >
        <QuickFilters />
        {small ? (
          <SimpleList<SessionRecord>
            primaryText={(r) => r.conversation?.title ?? 'Session'}
            secondaryText={(r) => `${formatWhen(r.scheduledAt)} · ${r.conversation?.school?.name ?? 'District-wide'}`}
            tertiaryText={(r) => r.state.replace(/_/g, ' ').toLowerCase()}
            linkType="show"
            sx={{ '& .MuiListItemButton-root': { minHeight: 56 } }}
          />
        ) : (
          <Datagrid rowClick="show" bulkActionButtons={false} empty={<NothingHere />}>
            <WhenField source="scheduledAt" label="When" />
            <TextField source="conversation.title" label="Conversation" sortable={false} />
            <TextField source="conversation.school.name" label="School" sortable={false} emptyText="District-wide" />
            <TextField
              source="conversation.facilitator.displayName"
              label="Facilitator"
              sortable={false}
              emptyText="—"
            />
            <StateChipField label="State" />
          </Datagrid>
        )}
      </List>
    </DataProviderContext.Provider>
  );
}
