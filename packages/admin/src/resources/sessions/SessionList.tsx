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
  useCanAccess,
  useTranslate,
} from 'react-admin';
import { CancelSessionsButton } from './CancelSessionsButton';
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
    label="tl.sessions.list.from_day"
    parse={(day: string) => (day ? dayStart(day) : undefined)}
    format={(at?: string) => formatForDayInput(at)}
  />,
  <DateInput
    key="to"
    source="to"
    label="tl.sessions.list.to_day"
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
  const translate = useTranslate();
  return (
    <Box sx={{ p: 3 }}>
      <Typography>{translate('tl.sessions.list.empty_title')}</Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('tl.sessions.list.empty_hint')}
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
  // Those who log sessions may cancel several at once, with one reason (a snow day).
  const { canAccess: bulk } = useCanAccess({ resource: 'sessions', action: 'log' });
  const translate = useTranslate();
  const reading = useMemo(() => (dataProvider ? withNewestFirst(dataProvider) : null), [dataProvider]);
  return (
    <DataProviderContext.Provider value={reading}>
      <List
        exporter={sessionsCsv}
        title="tl.sessions.name"
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
            primaryText={(r) => r.conversation?.title ?? translate('tl.sessions.session')}
            secondaryText={(r) =>
              `${formatWhen(r.scheduledAt)} · ${r.conversation?.school?.name ?? translate('tl.sessions.district_wide')}`
            }
            tertiaryText={(r) => translate(`tl.sessions.states.${r.state}`, { _: r.state })}
            linkType="show"
            sx={{ '& .MuiListItemButton-root': { minHeight: 56 } }}
          />
        ) : (
          <Datagrid rowClick="show" bulkActionButtons={bulk ? <CancelSessionsButton /> : false} empty={<NothingHere />}>
            <WhenField source="scheduledAt" label="tl.sessions.list.when" />
            <TextField source="conversation.title" label="tl.sessions.list.conversation" sortable={false} />
            <TextField
              source="conversation.school.name"
              label="tl.sessions.list.school"
              sortable={false}
              emptyText="tl.sessions.district_wide"
            />
            <TextField
              source="conversation.facilitator.displayName"
              label="tl.sessions.list.facilitator"
              sortable={false}
              emptyText="—"
            />
            <StateChipField label="tl.sessions.list.state" />
          </Datagrid>
        )}
      </List>
    </DataProviderContext.Provider>
  );
}
