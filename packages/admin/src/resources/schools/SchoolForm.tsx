import { SaveButton, SelectInput, SimpleForm, TextInput, Toolbar, maxLength, required } from 'react-admin';
import { Limits } from '@throughline/shared';
import { GRADES, SCHOOL_STATUSES } from './grades';

export const SCHOOL_FIELDS = ['name', 'code', 'gradeLow', 'gradeHigh', 'status'];

/** The grade span reads low to high; the API checks it too, this only says so before the round trip. */
function validateSchool(values: Record<string, unknown>): Record<string, string> {
  const low = values.gradeLow as number | null | undefined;
  const high = values.gradeHigh as number | null | undefined;
  if (low !== null && low !== undefined && high !== null && high !== undefined && low > high) {
    return { gradeHigh: 'tl.schools.form.grades_backwards' };
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
      <TextInput
        source="name"
        label="tl.schools.fields.name"
        validate={[required(), maxLength(Limits.NAME_MAX)]}
        fullWidth
      />
      <TextInput
        source="code"
        label="tl.schools.fields.code"
        validate={[required(), maxLength(Limits.CODE_MAX)]}
        helperText="tl.schools.form.code_help"
      />
      <SelectInput
        source="gradeLow"
        label="tl.schools.fields.lowest"
        choices={GRADES}
        emptyText="tl.schools.form.not_set"
      />
      <SelectInput
        source="gradeHigh"
        label="tl.schools.fields.highest"
        choices={GRADES}
        emptyText="tl.schools.form.not_set"
      />
      {edit && (
        <SelectInput
          source="status"
          label="tl.schools.fields.status"
          choices={SCHOOL_STATUSES}
          validate={required()}
          helperText="tl.schools.form.status_help"
        />
      )}
    </SimpleForm>
  );
}
