import { Permission } from '@throughline/shared';
import {
  AutocompleteInput,
  DateInput,
  FunctionField,
  Labeled,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  type RaRecord,
  useTranslate,
} from 'react-admin';
import { KIND_CHOICES, STATUS_CHOICES } from '../../common/strategyChoices';
import { reachOf } from '../../common/reach';

/** The end may not come before the start; the API says so too, this says it before a round trip. */
function validateDates(values: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  if (values.startsOn && values.endsOn && String(values.endsOn) < String(values.startsOn))
    errors.endsOn = 'tl.strategies.form.ends_before';
  return errors;
}

/**
 * Create and edit share one form. The school is chosen once, at creation, from the schools the API lets the viewer
 * read; "District-wide" is offered only to those who may manage district-wide strategies.
 */
export function StrategyForm({ edit }: { edit?: boolean }) {
  const reach = reachOf(Permission.STRATEGY_MANAGE);
  const translate = useTranslate();
  return (
    <SimpleForm validate={validateDates}>
      {edit ? (
        <Labeled label="tl.strategies.fields.school">
          <FunctionField render={(r: RaRecord) => r.school?.name ?? translate('tl.strategies.district_wide')} />
        </Labeled>
      ) : (
        <ReferenceInput
          source="schoolId"
          reference="schools"
          sort={{ field: 'name', order: 'ASC' }}
          filter={{ status: 'ACTIVE' }}
        >
          <SelectInput
            label="tl.strategies.fields.school"
            optionText="name"
            emptyText="tl.strategies.district_wide"
            validate={reach?.districtWide ? undefined : required('tl.strategies.form.school_required')}
            helperText={reach?.districtWide ? 'tl.strategies.form.school_help' : undefined}
            // Show "District-wide" in the closed select too: an empty box would read as "not chosen yet".
            slotProps={
              reach?.districtWide ? { select: { displayEmpty: true }, inputLabel: { shrink: true } } : undefined
            }
          />
        </ReferenceInput>
      )}
      <TextInput source="title" label="tl.strategies.fields.title" validate={required()} fullWidth />
      <TextInput
        source="goal"
        label="tl.strategies.fields.goal"
        helperText="tl.strategies.form.goal_help"
        validate={required()}
        multiline
        minRows={2}
        fullWidth
      />
      <SelectInput source="kind" label="tl.strategies.fields.kind" choices={KIND_CHOICES} validate={required()} />
      <SelectInput
        source="status"
        label="tl.strategies.fields.status"
        choices={STATUS_CHOICES}
        defaultValue="DRAFT"
        validate={required()}
      />
      <DateInput source="startsOn" label="tl.strategies.fields.starts_on" validate={required()} />
      <DateInput source="endsOn" label="tl.strategies.fields.ends_on" helperText="tl.strategies.form.optional" />
      <ReferenceInput
        source="ownerId"
        reference="staff"
        filter={{ active: true }}
        sort={{ field: 'familyName', order: 'ASC' }}
      >
        <AutocompleteInput
          label="tl.strategies.fields.owner"
          optionText="displayName"
          filterToQuery={(search) => ({ search })}
          helperText={edit ? undefined : 'tl.strategies.form.owner_help'}
          sx={{ minWidth: 320 }}
        />
      </ReferenceInput>
      <TextInput
        source="successMeasures"
        label="tl.strategies.fields.success"
        helperText="tl.strategies.form.success_help"
        multiline
        minRows={2}
        fullWidth
      />
    </SimpleForm>
  );
}
