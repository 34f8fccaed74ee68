import { Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  DateInput,
  ReferenceInput,
  SimpleFormIterator,
  TextInput,
  required,
} from 'react-admin';
import { AddRowButton } from './AddRowButton';
import type { SessionRecord } from './types';
import { formatDay } from '../../common/when';

/** Staff search for pickers: the API's `search` filter, active people only. */
export const staffSearch = (q: string) => (q ? { search: q } : {});

/**
 * Actions agreed in the session: each with an owner and a due day (not before the session). Those recorded before
 * are listed for reference; new rows are added to them.
 */
export function NewActionRows({ session, schoolId }: { session: SessionRecord; schoolId?: string }) {
  return (
    <>
      {session.actions.length > 0 && (
        <div>
          <Typography variant="subtitle2">Already recorded</Typography>
          {session.actions.map((a) => (
            <Typography key={a.id} variant="body2" color="text.secondary">
              {a.description} &middot; {a.owner?.displayName ?? '—'} &middot; due {formatDay(a.dueOn)}
            </Typography>
          ))}
        </div>
      )}
      <ArrayInput source="actions" label="New actions">
        <SimpleFormIterator inline disableReordering disableClear addButton={<AddRowButton label="Add an action" />}>
          <TextInput source="description" label="What will be done" validate={required()} sx={{ minWidth: 320 }} />
          <ReferenceInput
            source="ownerId"
            reference="staff"
            filter={{ active: true, ...(schoolId ? { schoolId } : {}) }}
            sort={{ field: 'familyName', order: 'ASC' }}
          >
            <AutocompleteInput
              label="Owner"
              optionText="displayName"
              filterToQuery={staffSearch}
              validate={required()}
              sx={{ minWidth: 220 }}
            />
          </ReferenceInput>
          <DateInput source="dueOn" label="Due on" validate={required()} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
}
