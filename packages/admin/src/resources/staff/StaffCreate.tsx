import {
  Create,
  PasswordInput,
  SimpleForm,
  TextInput,
  email,
  maxLength,
  minLength,
  required,
  useTranslate,
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { useApiFailureNotice } from '../../common/apiFailure';

const FIELDS = ['givenName', 'familyName', 'email', 'title', 'rosterId', 'password'];

/** Adds a person, then opens their page so a role can be given at once: without one they see nothing. */
export function StaffCreate() {
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const translate = useTranslate();
  return (
    <Create title="tl.staff.create.title" redirect="edit" mutationOptions={{ onError }}>
      <SimpleForm sx={{ maxWidth: 720 }}>
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
        <TextInput
          source="title"
          label="tl.staff.fields.title"
          helperText="tl.staff.help.title"
          validate={maxLength(Limits.TITLE_MAX)}
          fullWidth
        />
        <TextInput source="rosterId" label="tl.staff.fields.roster_id" helperText="tl.staff.help.roster_id" />
        <PasswordInput
          source="password"
          label="tl.staff.fields.first_password"
          validate={[minLength(Limits.PASSWORD_MIN), maxLength(Limits.PASSWORD_MAX)]}
          helperText={translate('tl.staff.help.first_password', { min: Limits.PASSWORD_MIN })}
        />
      </SimpleForm>
    </Create>
  );
}
