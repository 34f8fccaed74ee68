import { Create, PasswordInput, SimpleForm, TextInput, email, maxLength, minLength, required } from 'react-admin';
import { Limits } from '@throughline/shared';
import { useApiFailureNotice } from '../../common/apiFailure';

const FIELDS = ['givenName', 'familyName', 'email', 'title', 'rosterId', 'password'];

/** Adds a person, then opens their page so a role can be given at once: without one they see nothing. */
export function StaffCreate() {
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  return (
    <Create title="Add a person" redirect="edit" mutationOptions={{ onError }}>
      <SimpleForm sx={{ maxWidth: 720 }}>
        <TextInput source="givenName" label="Given name" validate={[required(), maxLength(Limits.NAME_MAX)]} />
        <TextInput source="familyName" label="Family name" validate={[required(), maxLength(Limits.NAME_MAX)]} />
        <TextInput
          source="email"
          type="email"
          validate={[required(), email(), maxLength(Limits.EMAIL_MAX)]}
          helperText="They sign in with it"
          fullWidth
        />
        <TextInput
          source="title"
          helperText="e.g. Grade 7 math teacher"
          validate={maxLength(Limits.TITLE_MAX)}
          fullWidth
        />
        <TextInput source="rosterId" label="Roster id" helperText="The roster system’s id, if any" />
        <PasswordInput
          source="password"
          label="First password"
          validate={[minLength(Limits.PASSWORD_MIN), maxLength(Limits.PASSWORD_MAX)]}
          helperText={`Optional, at least ${Limits.PASSWORD_MIN} characters. Without one they cannot sign in until you set it.`}
        />
      </SimpleForm>
    </Create>
  );
}
