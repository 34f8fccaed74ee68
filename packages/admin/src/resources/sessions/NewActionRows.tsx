import { Typography } from '@mui/material';
import {
  ArrayInput,
  AutocompleteInput,
  DateInput,
  ReferenceInput,
  SimpleFormIterator,
  TextInput,
  required,
  useTranslate,
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
  const translate = useTranslate();
  return (
    <>
      {session.actions.length > 0 && (
        <div>
          <Typography variant="subtitle2">{translate('tl.sessions.actions.already_recorded')}</Typography>
          {session.actions.map((a) => (
            <Typography key={a.id} variant="body2" color="text.secondary">
              {translate('tl.sessions.actions.already_line', {
                description: a.description,
                owner: a.owner?.displayName ?? '—',
                due: formatDay(a.dueOn),
              })}
            </Typography>
          ))}
        </div>
      )}
      <ArrayInput source="actions" label="tl.sessions.actions.new_actions">
        <SimpleFormIterator
          inline
          disableReordering
          disableClear
          addButton={<AddRowButton label="tl.sessions.actions.add" />}
        >
          <TextInput
            source="description"
            label="tl.sessions.actions.what"
            validate={required()}
            sx={{ minWidth: 320 }}
          />
          <ReferenceInput
            source="ownerId"
            reference="staff"
            filter={{ active: true, ...(schoolId ? { schoolId } : {}) }}
            sort={{ field: 'familyName', order: 'ASC' }}
          >
            <AutocompleteInput
              label="tl.sessions.actions.owner"
              optionText="displayName"
              filterToQuery={staffSearch}
              validate={required()}
              sx={{ minWidth: 220 }}
            />
          </ReferenceInput>
          <DateInput source="dueOn" label="tl.sessions.actions.due_on" validate={required()} />
        </SimpleFormIterator>
      </ArrayInput>
    </>
  );
}
