import { TextInput, email, maxLength, required } from 'react-admin';
import { Limits } from '@throughline/shared';

export const PROFILE_FIELDS = ['givenName', 'familyName', 'email', 'title', 'rosterId'];

/** A person's own details, as on the create form minus the password (set apart, with its own button). */
export function StaffProfileInputs() {
  return (
    <>
      <TextInput
        source="givenName"
        label="tl.staff.fields.given_name"
        validate={[required(), maxLength(Limits.NAME_MAX)]}
      />
      <TextInput
        source="familyName"
        label="tl.staff.fields.family_name"
        validate={[required(), maxLength(Limits.NAME_MAX)]}
      />
      <TextInput
        source="email"
        label="tl.staff.fields.email"
        type="email"
        validate={[required(), email(), maxLength(Limits.EMAIL_MAX)]}
        helperText="tl.staff.help.email"
        fullWidth
      />
      <TextInput source="title" label="tl.staff.fields.title" validate={maxLength(Limits.TITLE_MAX)} fullWidth />
      <TextInput source="rosterId" label="tl.staff.fields.roster_id" />
    </>
  );
}
