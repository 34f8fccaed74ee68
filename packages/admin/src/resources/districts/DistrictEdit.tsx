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
} from 'react-admin';
import { Limits } from '@throughline/shared';
import { useApiFailureNotice } from '../../common/apiFailure';
import { DISTRICT_STATUSES, MONTHS, TIME_ZONES } from '../../common/districtChoices';
import { useRecordRefusal } from '../../common/NotYours';

const FIELDS = ['name', 'timezone', 'academicYearStartMonth', 'status'];

/** Warns before a save that would lock everyone in the district out. */
function SuspensionWarning() {
  const status = useWatch({ name: 'status' });
  const record = useRecordContext<{ status: string }>();
  if (status !== 'SUSPENDED') return null;
  return (
    <Alert severity="warning" sx={{ mb: 2, maxWidth: 600 }}>
      {record?.status === 'SUSPENDED'
        ? 'This district is suspended: nobody in it can sign in. Set it to Active to let them back in.'
        : 'Saving will suspend this district: every open session ends and nobody in it can sign in until it is made active again. Its records are kept.'}
    </Alert>
  );
}

function DistrictTitle() {
  const record = useRecordContext<{ name: string }>();
  return <>{record ? `District: ${record.name}` : 'District'}</>;
}

/** The operator changes a district's name, clock, school year and status; the short name stays as provisioned. */
export function DistrictEdit() {
  const refusal = useRecordRefusal();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
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
        <Labeled label="Short name">
          <TextField source="slug" />
        </Labeled>
        <Labeled label="Provisioned">
          <DateField source="createdAt" />
        </Labeled>
        <TextInput source="name" validate={[required(), maxLength(Limits.NAME_MAX)]} fullWidth />
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
        <Typography variant="h6" sx={{ mt: 1 }}>
          Status
        </Typography>
        <SelectInput source="status" choices={DISTRICT_STATUSES} validate={required()} />
        <SuspensionWarning />
      </SimpleForm>
    </Edit>
  );
}
