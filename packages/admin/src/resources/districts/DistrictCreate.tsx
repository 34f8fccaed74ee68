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
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  return (
    <Create
      title="Provision a district"
      mutationOptions={{
        onError,
        onSuccess: (district: RaRecord, variables: Partial<{ data: { firstAdmin?: { email?: string } } }>) => {
          const admin = variables.data?.firstAdmin?.email;
          notify(`${district.name} is ready. Its first admin can sign in as ${admin}.`, { type: 'success' });
          redirect('list', 'districts');
        },
      }}
    >
      <SimpleForm defaultValues={{ timezone: 'America/Chicago', academicYearStartMonth: 8 }} sx={{ maxWidth: 720 }}>
        <Typography variant="h6">District</Typography>
        <TextInput source="name" validate={[required(), maxLength(Limits.NAME_MAX)]} fullWidth />
        <TextInput
          source="slug"
          label="Short name"
          helperText="Lower-case letters, digits and hyphens; made from the name when left empty"
        />
        <AutocompleteInput
          source="timezone"
          label="Time zone"
          choices={TIME_ZONES}
          validate={required()}
          helperText="Due dates and session days are counted in this zone"
          sx={{ minWidth: 320 }}
        />
        <SelectInput
          source="academicYearStartMonth"
          label="School year starts in"
          choices={MONTHS}
          validate={required()}
        />
        <Typography variant="h6" sx={{ mt: 2 }}>
          First district admin
        </Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          They sign in with this email and password, then add the district&apos;s schools and staff.
        </Typography>
        <TextInput
          source="firstAdmin.givenName"
          label="Given name"
          validate={[required(), maxLength(Limits.NAME_MAX)]}
        />
        <TextInput
          source="firstAdmin.familyName"
          label="Family name"
          validate={[required(), maxLength(Limits.NAME_MAX)]}
        />
        <TextInput source="firstAdmin.email" label="Email" type="email" validate={[required(), email()]} fullWidth />
        <PasswordInput
          source="firstAdmin.password"
          label="Password"
          validate={[required(), minLength(Limits.PASSWORD_MIN), maxLength(Limits.PASSWORD_MAX)]}
          helperText={`At least ${Limits.PASSWORD_MIN} characters; share it with them privately`}
        />
      </SimpleForm>
    </Create>
  );
}
