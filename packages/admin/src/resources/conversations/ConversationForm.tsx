import { Permission } from '@throughline/shared';
import {
  AutocompleteArrayInput,
  AutocompleteInput,
  BooleanInput,
  DateInput,
  FormDataConsumer,
  FunctionField,
  Labeled,
  NumberInput,
  RadioButtonGroupInput,
  ReferenceArrayInput,
  ReferenceInput,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  type RaRecord,
} from 'react-admin';
import type { ConfidentialityBoundary, ConversationProtocol } from '@throughline/shared';
import { Alert, Typography } from '@mui/material';
import { TYPE_CHOICES } from '../../common/conversationTypes';
import { reachOf } from '../../common/reach';
import { CadenceEditor } from './CadenceEditor';
import { BOUNDARY_CHOICES, BOUNDARY_EXPLAINED, PROTOCOL_CHOICES, PROTOCOL_HINTS, ROLE_CHOICES } from './choices';
import { useConversationSave } from './useConversationSave';

const searchable = (search: string) => ({ search });

/**
 * One form for create and edit, saved by useConversationSave so the page can say what happened to the schedule.
 * The school is set once, at creation; changing the cadence, first start or end day reschedules only sessions that
 * are still in the future and not held.
 */
export function ConversationForm({ edit }: { edit?: boolean }) {
  const save = useConversationSave(edit ? 'edit' : 'create');
  const reach = reachOf(Permission.CONVERSATION_MANAGE);
  return (
    <SimpleForm
      onSubmit={save}
      defaultValues={edit ? undefined : { durationMinutes: 45, protocol: 'NONE', confidentiality: 'PARTICIPANTS' }}
    >
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
            validate={reach?.districtWide ? undefined : required('Choose the school it belongs to')}
          />
        </ReferenceInput>
      )}
      <TextInput source="title" validate={required()} fullWidth />
      <SelectInput source="type" choices={TYPE_CHOICES} validate={required()} />
      <TextInput
        source="purpose"
        label="Purpose: the end in mind"
        helperText="What should be different for students or adults after these conversations"
        validate={required()}
        multiline
        minRows={2}
        fullWidth
      />
      {edit && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Changing when it meets moves only future sessions that have not been held; past ones stay as they were.
        </Alert>
      )}
      <CadenceEditor />
      <NumberInput source="durationMinutes" label="Usual length (minutes)" min={5} max={480} validate={required()} />
      <DateInput
        source="scheduleUntil"
        label="Schedule sessions until"
        helperText="Empty: to the end of the school year"
      />
      <TextInput source="setting" label="Where it happens" helperText="A room, or 'online'" />
      <ReferenceInput
        source="facilitatorId"
        reference="staff"
        filter={{ active: true }}
        sort={{ field: 'familyName', order: 'ASC' }}
      >
        <AutocompleteInput
          label="Facilitator"
          optionText="displayName"
          filterToQuery={searchable}
          validate={required()}
          sx={{ minWidth: 320 }}
        />
      </ReferenceInput>
      <ReferenceArrayInput
        source="participantIds"
        reference="staff"
        filter={{ active: true }}
        sort={{ field: 'familyName', order: 'ASC' }}
      >
        <AutocompleteArrayInput
          label="People taking part"
          optionText="displayName"
          filterToQuery={searchable}
          sx={{ minWidth: 420 }}
        />
      </ReferenceArrayInput>
      <SelectArrayInput
        source="participantRoles"
        label="Roles taking part"
        choices={ROLE_CHOICES}
        helperText="Everyone with the role at the school (or in the district) takes part"
        sx={{ minWidth: 320 }}
      />
      <SelectInput source="protocol" choices={PROTOCOL_CHOICES} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.protocol ? (
            <Typography variant="body2" color="text.secondary" sx={{ mt: -1, mb: 2 }}>
              {PROTOCOL_HINTS[formData.protocol as ConversationProtocol]}
            </Typography>
          ) : null
        }
      </FormDataConsumer>
      <ReferenceArrayInput source="normIds" reference="norms" filter={{ active: true }}>
        <AutocompleteArrayInput label="Norms" optionText="title" filterToQuery={searchable} sx={{ minWidth: 420 }} />
      </ReferenceArrayInput>
      <ReferenceInput source="skillFocusId" reference="skills" filter={{ active: true }}>
        <SelectInput label="Skill focus" optionText="name" emptyText="None" />
      </ReferenceInput>
      <TextInput
        source="evidenceToBring"
        label="Evidence to bring"
        helperText="Student work, assessment results, observation notes…"
        multiline
        fullWidth
      />
      <RadioButtonGroupInput
        source="confidentiality"
        label="Who may read what is said"
        choices={BOUNDARY_CHOICES}
        row={false}
      />
      <FormDataConsumer>
        {({ formData }) =>
          formData.confidentiality ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              {BOUNDARY_EXPLAINED[formData.confidentiality as ConfidentialityBoundary]}
            </Alert>
          ) : null
        }
      </FormDataConsumer>
      {edit && <BooleanInput source="active" label="Still running (turn off to stop scheduling new sessions)" />}
    </SimpleForm>
  );
}
