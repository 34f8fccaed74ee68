import { Typography } from '@mui/material';
import {
  AutocompleteInput,
  Create,
  PasswordInput,
  type RaRecord,
  SelectInput,
  SimpleForm,
  TextInput,
  email,
  maxLength,
  minLength,
  required,
  useNotify,
  useRedirect,
  useTranslate,
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { useApiFailureNotice } from '../../common/apiFailure';
import { MONTHS, TIME_ZONES } from '../../common/districtChoices';

const FIELDS = [
  'name',
  'slug',
  'timezone',
  'academicYearStartMonth',
  'firstAdmin.givenName',
  'firstAdmin.familyName',
  'firstAdmin.email',
  'firstAdmin.password',
];

/**
 * Provisions a tenant and its first district admin in one step: a district nobody can sign in to would be of no
 * use, so the API takes both together.
 */
export function DistrictCreate() {
  const notify = useNotify();
  const redirect = useRedirect();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  return (
    <Create
      title="tl.districts.create.title"
      mutationOptions={{
        onError,
        onSuccess: (district: RaRecord, variables: Partial<{ data: { firstAdmin?: { email?: string } } }>) => {
          const admin = variables.data?.firstAdmin?.email;
          notify('tl.districts.create.done', { type: 'success', messageArgs: { name: district.name, email: admin } });
          redirect('list', 'districts');
        },
      }}
    >
      <SimpleForm defaultValues={{ timezone: 'America/Chicago', academicYearStartMonth: 8 }} sx={{ maxWidth: 720 }}>
        <Typography variant="h6">{translate('resources.districts.name', { smart_count: 1 })}</Typography>
        <TextInput
          source="name"
          label="tl.districts.fields.name"
          validate={[required(), maxLength(Limits.NAME_MAX)]}
          fullWidth
        />
        <TextInput source="slug" label="tl.districts.fields.slug" helperText="tl.districts.form.slug_help" />
        <AutocompleteInput
          source="timezone"
          label="tl.districts.fields.timezone"
          choices={TIME_ZONES}
          translateChoice={false}
          validate={required()}
          helperText="tl.districts.form.timezone_help"
          sx={{ minWidth: 320 }}
        />
        <SelectInput
          source="academicYearStartMonth"
          label="tl.districts.fields.year_starts_in"
          choices={MONTHS}
          validate={required()}
        />
        <Typography variant="h6" sx={{ mt: 2 }}>
          {translate('tl.districts.create.first_admin')}
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {translate('tl.districts.create.first_admin_help')}
        </Typography>
        <TextInput
          source="firstAdmin.givenName"
          label="tl.districts.fields.given_name"
          validate={[required(), maxLength(Limits.NAME_MAX)]}
        />
        <TextInput
          source="firstAdmin.familyName"
          label="tl.districts.fields.family_name"
          validate={[required(), maxLength(Limits.NAME_MAX)]}
        />
        <TextInput
          source="firstAdmin.email"
          label="ra.auth.email"
          type="email"
          validate={[required(), email()]}
          fullWidth
        />
        <PasswordInput
          source="firstAdmin.password"
          label="ra.auth.password"
          validate={[required(), minLength(Limits.PASSWORD_MIN), maxLength(Limits.PASSWORD_MAX)]}
          helperText={translate('tl.districts.form.password_help', { min: Limits.PASSWORD_MIN })}
        />
      </SimpleForm>
    </Create>
  );
}
