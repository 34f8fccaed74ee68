import { Alert, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import {
  AutocompleteInput,
  DateField,
  Edit,
  Labeled,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  Toolbar,
  maxLength,
  required,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { useApiFailureNotice } from '../../common/apiFailure';
import { DISTRICT_STATUSES, MONTHS, TIME_ZONES } from '../../common/districtChoices';
import { useRecordRefusal } from '../../common/NotYours';
import { intlLocale } from '../../i18n/locale';

const FIELDS = ['name', 'timezone', 'academicYearStartMonth', 'status'];

/** Warns before a save that would lock everyone in the district out. */
function SuspensionWarning() {
  const status = useWatch({ name: 'status' });
  const record = useRecordContext<{ status: string }>();
  const translate = useTranslate();
  if (status !== 'SUSPENDED') return null;
  return (
    <Alert severity="warning" sx={{ mb: 2, maxWidth: 600 }}>
      {translate(record?.status === 'SUSPENDED' ? 'tl.districts.edit.suspended' : 'tl.districts.edit.will_suspend')}
    </Alert>
  );
}

function DistrictTitle() {
  const record = useRecordContext<{ name: string }>();
  const translate = useTranslate();
  return (
    <>
      {record
        ? translate('tl.districts.edit.title_of', { name: record.name })
        : translate('resources.districts.name', { smart_count: 1 })}
    </>
  );
}

/** The operator changes a district's name, clock, school year and status; the short name stays as provisioned. */
export function DistrictEdit() {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const translate = useTranslate();
  return (
    <Edit
      queryOptions={{ onError: refusal }}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      title={<DistrictTitle />}
    >
      <SimpleForm
        sx={{ maxWidth: 720 }}
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
      >
        <Labeled label="tl.districts.fields.slug">
          <TextField source="slug" />
        </Labeled>
        <Labeled label="tl.districts.fields.provisioned">
          <DateField source="createdAt" locales={intlLocale()} />
        </Labeled>
        <TextInput
          source="name"
          label="tl.districts.fields.name"
          validate={[required(), maxLength(Limits.NAME_MAX)]}
          fullWidth
        />
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
        <Typography variant="h6" sx={{ mt: 1 }}>
          {translate('tl.districts.fields.status')}
        </Typography>
        <SelectInput
          source="status"
          label="tl.districts.fields.status"
          choices={DISTRICT_STATUSES}
          validate={required()}
        />
        <SuspensionWarning />
      </SimpleForm>
    </Edit>
  );
}
