import { SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, maxLength, required } from 'react-admin';
import { Limits } from '@throughline/shared';
import { GRADES, SCHOOL_STATUSES } from './grades';

export const SCHOOL_FIELDS = ['name', 'code', 'gradeLow', 'gradeHigh', 'status'];

/** The grade span reads low to high; the API checks it too, this only says so before the round trip. */
function validateSchool(values: Record<string, unknown>): Record<string, string> {
  const low = values.gradeLow as number | null | undefined;
  const high = values.gradeHigh as number | null | undefined;
  if (low !== null && low !== undefined && high !== null && high !== undefined && low > high) {
    return { gradeHigh: 'The highest grade cannot be below the lowest' };
  }
  return {};
}

/** Create and edit share one form; only an existing school has a status to change. */
export function SchoolForm({ edit }: { edit?: boolean }) {
  return (
    <SimpleForm
      sx={{ maxWidth: 720 }}
      validate={validateSchool}
      toolbar={
        <Toolbar>
          <SaveButton />
        </Toolbar>
      }
    >
      <TextInput source="name" validate={[required(), maxLength(Limits.NAME_MAX)]} fullWidth />
      <TextInput
        source="code"
        validate={[required(), maxLength(Limits.CODE_MAX)]}
        helperText="The roster system’s code for the school; unique in the district"
      />
      <SelectInput source="gradeLow" label="Lowest grade" choices={GRADES} emptyText="Not set" />
      <SelectInput source="gradeHigh" label="Highest grade" choices={GRADES} emptyText="Not set" />
      {edit && (
        <SelectInput
          source="status"
          choices={SCHOOL_STATUSES}
          validate={required()}
          helperText="Closing cancels its upcoming sessions and stops its conversations; its history stays. A closed school takes no new work."
        />
      )}
    </SimpleForm>
  );
}
