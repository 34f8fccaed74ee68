import { Box, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  ExportButton,
  FunctionField,
  List,
  NullableBooleanInput,
  SearchInput,
  TopToolbar,
  useCanAccess,
} from 'react-admin';
import { LibraryStatusField } from './LibraryStatusField';
import { RetireButton } from './RetireButton';
import { TrainedStaffSummary } from './TrainedStaffSummary';
import type { LibraryDefinition } from './types';
import { libraryCsv } from '../../common/exporters';

const filters = [
  <SearchInput key="search" source="search" placeholder="Search the texts" alwaysOn />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="Showing"
    nullLabel="All"
    trueLabel="In use"
    falseLabel="Retired"
    alwaysOn
  />,
];

const listActions = (
  <TopToolbar>
    <CreateButton />
    <ExportButton />
  </TopToolbar>
);

function EmptyLibrary({ definition }: { definition: LibraryDefinition }) {
  const { canAccess } = useCanAccess({ resource: definition.name, action: 'create' });
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        No {definition.label.toLowerCase()} yet
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {definition.purpose}
        {canAccess ? '' : ' A district admin adds them.'}
      </Typography>
      <CreateButton label={`Add a ${definition.singular}`} variant="contained" />
    </Box>
  );
}

/** Long descriptions stay to two lines in the list; the edit form shows them whole. */
const clamp = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' } as const;

/** A district library, in its own order (position). Managers open items and retire or restore them in place. */
export function LibraryList({ definition }: { definition: LibraryDefinition }) {
  const { canAccess: canEdit } = useCanAccess({ resource: definition.name, action: 'edit' });
  const isSkills = definition.name === 'skills';
  return (
    <List
      exporter={libraryCsv(definition.name, definition.fields)}
      actions={listActions}
      filters={filters}
      filterDefaultValues={{ active: true }}
      perPage={25}
      empty={<EmptyLibrary definition={definition} />}
      title={definition.label}
    >
      <DataTable
        rowClick={canEdit ? 'edit' : false}
        bulkActionButtons={false}
        expand={isSkills ? <TrainedStaffSummary /> : undefined}
      >
        <DataTable.NumberCol source="position" label="#" disableSort />
        {definition.fields.map((f, i) => (
          <DataTable.Col key={f.source} label={f.label} disableSort>
            <FunctionField
              render={(r: Record<string, unknown>) => (
                <Typography variant="body2" sx={i === 0 ? { fontWeight: 500 } : clamp}>
                  {String(r[f.source] ?? '')}
                </Typography>
              )}
            />
          </DataTable.Col>
        ))}
        {isSkills && (
          <DataTable.Col label="Trained" disableSort>
            <FunctionField render={(r: { trainedStaff?: unknown[] }) => r.trainedStaff?.length ?? 0} />
          </DataTable.Col>
        )}
        <DataTable.Col label="Status" disableSort>
          <LibraryStatusField />
        </DataTable.Col>
        {canEdit && (
          <DataTable.Col label="" disableSort>
            <RetireButton singular={definition.singular} />
          </DataTable.Col>
        )}
      </DataTable>
    </List>
  );
}
