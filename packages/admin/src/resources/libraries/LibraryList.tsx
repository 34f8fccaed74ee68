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
  useTranslate,
} from 'react-admin';
import { useMemo } from 'react';
import { LibraryStatusField } from './LibraryStatusField';
import { RetireButton } from './RetireButton';
import { TrainedStaffSummary } from './TrainedStaffSummary';
import { libraryKey, type LibraryDefinition } from './types';
import { libraryCsv } from '../../common/exporters';

/** The filters; the search box's placeholder is not translated by react-admin, so it is given in words. */
const filters = (translate: (key: string) => string) => [
  <SearchInput key="search" source="search" placeholder={translate('tl.libraries.search')} alwaysOn />,
  <NullableBooleanInput
    key="active"
    source="active"
    label="tl.libraries.showing"
    nullLabel="tl.libraries.all"
    trueLabel="tl.libraries.in_use"
    falseLabel="tl.libraries.retired"
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
  const translate = useTranslate();
  return (
    <Box sx={{ p: 4, textAlign: 'center', width: '100%' }}>
      <Typography variant="h6" gutterBottom>
        {translate(libraryKey(definition, 'empty'))}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate(libraryKey(definition, 'purpose'))}
        {canAccess ? '' : ` ${translate('tl.libraries.admin_adds')}`}
      </Typography>
      <CreateButton label={libraryKey(definition, 'add')} variant="contained" />
    </Box>
  );
}

/** Long descriptions stay to two lines in the list; the edit form shows them whole. */
const clamp = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' } as const;

/** A district library, in its own order (position). Managers open items and retire or restore them in place. */
export function LibraryList({ definition }: { definition: LibraryDefinition }) {
  const { canAccess: canEdit } = useCanAccess({ resource: definition.name, action: 'edit' });
  const isSkills = definition.name === 'skills';
  const translate = useTranslate();
  const libraryFilters = useMemo(() => filters(translate), [translate]);
  // Exports keep English column headings whoever exports (docs/i18n.md), so spreadsheets that read them keep working.
  const exporter = useMemo(
    () =>
      libraryCsv(
        definition.name,
        definition.fields.map((f) => ({ source: f.source, label: f.csvHeading })),
      ),
    [definition],
  );
  return (
    <List
      exporter={exporter}
      actions={listActions}
      filters={libraryFilters}
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
          <DataTable.Col label="tl.libraries.trained" disableSort>
            <FunctionField render={(r: { trainedStaff?: unknown[] }) => r.trainedStaff?.length ?? 0} />
          </DataTable.Col>
        )}
        <DataTable.Col label="tl.libraries.status" disableSort>
          <LibraryStatusField />
        </DataTable.Col>
        {canEdit && (
          <DataTable.Col label="" disableSort>
            <RetireButton definition={definition} />
          </DataTable.Col>
        )}
      </DataTable>
    </List>
  );
}
