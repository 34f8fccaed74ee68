import { Box, Chip, Typography, useMediaQuery, type Theme } from '@mui/material';
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
  SimpleList,
  TextField,
  TextInput,
  TopToolbar,
  type RaRecord,
  useCanAccess,
  useTranslate,
} from 'react-admin';
import { TYPE_CHOICES, TYPE_LABELS } from '../../common/conversationTypes';
import { conversationsCsv } from '../../common/exporters';

const searchable = (search: string) => ({ search });

const filters = [
  <TextInput key="search" source="search" label="tl.conversations.list.search" alwaysOn />,
  <ReferenceInput
    key="school"
    source="schoolId"
    label="tl.conversations.fields.school"
    reference="schools"
    sort={{ field: 'name', order: 'ASC' }}
    alwaysOn
  >
    <SelectInput
      label="tl.conversations.fields.school"
      optionText="name"
      emptyText="tl.conversations.list.any_school"
    />
  </ReferenceInput>,
  <SelectInput
    key="type"
    source="type"
    label="tl.conversations.fields.type"
    choices={TYPE_CHOICES}
    emptyText="tl.conversations.list.any_type"
    alwaysOn
  />,
  <ReferenceInput
    key="facilitator"
    source="facilitatorId"
    reference="staff"
    sort={{ field: 'familyName', order: 'ASC' }}
  >
    <AutocompleteInput
      label="tl.conversations.fields.facilitator"
      optionText="displayName"
      filterToQuery={searchable}
    />
  </ReferenceInput>,
  <ReferenceInput
    key="strategy"
    source="strategyId"
    label="tl.conversations.list.serves_strategy"
    reference="strategies"
    sort={{ field: 'title', order: 'ASC' }}
  >
    <AutocompleteInput
      label="tl.conversations.list.serves_strategy"
      optionText="title"
      filterToQuery={searchable}
      sx={{ minWidth: 280 }}
    />
  </ReferenceInput>,
];

function ConversationEmpty() {
  const { canAccess } = useCanAccess({ resource: 'conversations', action: 'create' });
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }}>
      <Typography variant="h6">{translate('tl.conversations.list.empty_title')}</Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {canAccess ? translate('tl.conversations.list.empty_can') : translate('tl.conversations.list.empty_cannot')}
      </Typography>
      <CreateButton variant="contained" />
    </Box>
  );
}

/** Planned conversation routines, with how often they meet and who leads them. */
export function ConversationList() {
  const translate = useTranslate();
  // The type's words come from the shared vocabulary (common/conversationTypes.ts), in the current language.
  const typeLabel = (type: ConversationType) => TYPE_LABELS[type] ?? type;
  // On a phone, one entry per conversation (what, where, how often); the table needs a wider screen.
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
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
      {small ? (
        <SimpleList
          primaryText={(r: RaRecord) => r.title}
          secondaryText={(r: RaRecord) =>
            `${r.school?.name ?? translate('tl.conversations.district_wide')} · ${typeLabel(r.type)}`
          }
          tertiaryText={(r: RaRecord) => r.cadenceDescription ?? ''}
          linkType="show"
          sx={{
            '& .MuiListItemButton-root': { minHeight: 56 },
            '& .MuiListItemText-primary': { overflowWrap: 'anywhere' },
          }}
        />
      ) : (
        <Datagrid rowClick="show" bulkActionButtons={false}>
          <TextField source="title" label="tl.conversations.fields.title" sortable={false} />
          <FunctionField
            label="tl.conversations.fields.school"
            render={(r: RaRecord) =>
              r.school?.name ?? <Chip size="small" label={translate('tl.conversations.district_wide')} />
            }
          />
          <FunctionField label="tl.conversations.fields.type" render={(r: RaRecord) => typeLabel(r.type)} />
          <TextField source="cadenceDescription" label="tl.conversations.fields.meets" sortable={false} />
          <TextField
            source="facilitator.displayName"
            label="tl.conversations.fields.facilitator"
            sortable={false}
            emptyText="—"
          />
          <FunctionField
            label="tl.conversations.fields.people"
            textAlign="right"
            render={(r: RaRecord) => (r.participants as unknown[]).length}
          />
          <BooleanField source="active" label="tl.conversations.fields.running" sortable={false} />
        </Datagrid>
      )}
    </List>
  );
}
