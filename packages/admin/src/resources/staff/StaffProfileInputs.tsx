import { TextInput, email, maxLength, required } from 'react-admin';
import { Limits } from '@throughline/shared';

export const PROFILE_FIELDS = ['givenName', 'familyName', 'email', 'title', 'rosterId'];

/** A person's own details, as on the create form minus the password (set apart, with its own button). */
export function StaffProfileInputs() {
  return (
    <>
      <TextInput source="givenName" label="Given name" validate={[required(), maxLength(Limits.NAME_MAX)]} />
      <TextInput source="familyName" label="Family name" validate={[required(), maxLength(Limits.NAME_MAX)]} />
      <TextInput
        source="email"
        type="email"
        validate={[required(), email(), maxLength(Limits.EMAIL_MAX)]}
        helperText="They sign in with it"
        fullWidth
      />
      <TextInput source="title" validate={maxLength(Limits.TITLE_MAX)} fullWidth />
      <TextInput source="rosterId" label="Roster id" />
    </>
  );
}
