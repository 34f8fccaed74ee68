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
} from 'react-admin';
import { KIND_CHOICES, STATUS_CHOICES } from '../../common/strategyChoices';
import { reachOf } from '../../common/reach';

/** The end may not come before the start; the API says so too, this says it before a round trip. */
function validateDates(values: Record<string, unknown>) {
  const errors: Record<string, string> = {};
  if (values.startsOn && values.endsOn && String(values.endsOn) < String(values.startsOn))
    errors.endsOn = 'The end cannot come before the start';
  return errors;
}

/**
 * Create and edit share one form. The school is chosen once, at creation, from the schools the API lets the viewer
 * read; "District-wide" is offered only to those who may manage district-wide strategies.
 */
export function StrategyForm({ edit }: { edit?: boolean }) {
  const reach = reachOf(Permission.STRATEGY_MANAGE);
  return (
    <SimpleForm validate={validateDates}>
      {edit ? (
        <Labeled label="School">
          <FunctionField render={(r: RaRecord) => r.school?.name ?? 'District-wide'} />
        </Labeled>
      ) : (
        <ReferenceInput
          source="schoolId"
          reference="schools"
          sort={{ field: 'name', order: 'ASC' }}
          filter={{ status: 'ACTIVE' }}
        >
          <SelectInput
            label="School"
            optionText="name"
            emptyText="District-wide"
            validate={reach?.districtWide ? undefined : required('Choose the school this strategy belongs to')}
            helperText={reach?.districtWide ? 'Leave as District-wide for a strategy every school shares' : undefined}
            // Show "District-wide" in the closed select too: an empty box would read as "not chosen yet".
            slotProps={
              reach?.districtWide ? { select: { displayEmpty: true }, inputLabel: { shrink: true } } : undefined
            }
          />
        </ReferenceInput>
      )}
      <TextInput source="title" validate={required()} fullWidth />
      <TextInput
        source="goal"
        label="Student-learning goal"
        helperText="What students should learn or do better because of this strategy"
        validate={required()}
        multiline
        minRows={2}
        fullWidth
      />
      <SelectInput source="kind" choices={KIND_CHOICES} validate={required()} />
      <SelectInput source="status" choices={STATUS_CHOICES} defaultValue="DRAFT" validate={required()} />
      <DateInput source="startsOn" label="Starts on" validate={required()} />
      <DateInput source="endsOn" label="Ends on" helperText="Optional" />
      <ReferenceInput
        source="ownerId"
        reference="staff"
        filter={{ active: true }}
        sort={{ field: 'familyName', order: 'ASC' }}
      >
        <AutocompleteInput
          label="Owner"
          optionText="displayName"
          filterToQuery={(search) => ({ search })}
          helperText={edit ? undefined : 'Leave empty to own it yourself'}
          sx={{ minWidth: 320 }}
        />
      </ReferenceInput>
      <TextInput
        source="successMeasures"
        label="How success will be measured"
        helperText="The evidence that will show the goal is being met"
        multiline
        minRows={2}
        fullWidth
      />
    </SimpleForm>
  );
}
