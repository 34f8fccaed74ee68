import { Box, Chip, Typography, useMediaQuery, type Theme } from '@mui/material';
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
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
  type RaRecord,
  useCanAccess,
  useTranslate,
} from 'react-admin';
import type { StrategyKind } from '@throughline/shared';
import { DayField } from '../../common/DayField';
import { KIND_CHOICES, KIND_LABELS, STATUS_CHOICES } from '../../common/strategyChoices';
import { StrategyStatusChip } from '../../common/StrategyStatusChip';
import { strategiesCsv } from '../../common/exporters';

const SCOPE_CHOICES = [
  { id: 'true', name: 'tl.strategies.list.scope_district' },
  { id: 'false', name: 'tl.strategies.list.scope_school' },
];

const filters = [
  <TextInput key="search" source="search" label="tl.strategies.list.search" alwaysOn />,
  <ReferenceInput
    key="school"
    source="schoolId"
    label="tl.strategies.fields.school"
    reference="schools"
    sort={{ field: 'name', order: 'ASC' }}
    alwaysOn
  >
    <SelectInput label="tl.strategies.fields.school" optionText="name" emptyText="tl.strategies.list.any_school" />
  </ReferenceInput>,
  <SelectInput
    key="status"
    source="status"
    label="tl.strategies.fields.status"
    choices={STATUS_CHOICES}
    emptyText="tl.strategies.list.any_status"
    alwaysOn
  />,
  <SelectInput
    key="kind"
    source="kind"
    label="tl.strategies.fields.kind"
    choices={KIND_CHOICES}
    emptyText="tl.strategies.list.any_kind"
  />,
  <SelectInput
    key="scope"
    source="districtWide"
    label="tl.strategies.list.scope"
    choices={SCOPE_CHOICES}
    emptyText="tl.strategies.list.everything"
  />,
];

/** Nothing to list yet: say what a strategy is for and, for those who may, how to start one. */
function StrategyEmpty() {
  const { canAccess } = useCanAccess({ resource: 'strategies', action: 'create' });
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }}>
      <Typography variant="h6">{translate('tl.strategies.list.empty')}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate(canAccess ? 'tl.strategies.list.empty_create' : 'tl.strategies.list.empty_wait')}
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
  const translate = useTranslate();
  // On a phone, one entry per strategy (what, where, which kind); the table needs a wider screen.
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
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
      {small ? (
        <SimpleList
          primaryText={(r: RaRecord) => r.title}
          secondaryText={(r: RaRecord) =>
            `${r.school?.name ?? translate('tl.strategies.district_wide')} · ${KIND_LABELS[r.kind as StrategyKind]}`
          }
          tertiaryText={(r: RaRecord) => <StrategyStatusChip status={r.status} />}
          linkType="show"
          sx={{
            '& .MuiListItemButton-root': { minHeight: 56 },
            '& .MuiListItemText-primary': { overflowWrap: 'anywhere' },
          }}
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="title" label="tl.strategies.fields.title" />
          <FunctionField
            label="tl.strategies.fields.school"
            render={(r: RaRecord) =>
              r.school?.name ?? <Chip size="small" label={translate('tl.strategies.district_wide')} />
            }
          />
          <FunctionField
            label="tl.strategies.fields.kind"
            render={(r: RaRecord) => KIND_LABELS[r.kind as StrategyKind]}
          />
          <FunctionField
            label="tl.strategies.fields.status"
            render={(r: RaRecord) => <StrategyStatusChip status={r.status} />}
          />
          <DayField source="startsOn" label="tl.strategies.fields.starts" />
          <DayField source="endsOn" label="tl.strategies.fields.ends" sortable={false} />
          <TextField source="owner.displayName" label="tl.strategies.fields.owner" sortable={false} emptyText="—" />
          <FunctionField
            label="tl.strategies.fields.conversations"
            textAlign="right"
            render={(r: RaRecord) => (r.mappings as unknown[]).length}
          />
        </Datagrid>
      )}
    </List>
  );
}
