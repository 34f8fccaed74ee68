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
  useTranslate,
  type RaRecord,
} from 'react-admin';
import type { ConfidentialityBoundary, ConversationProtocol } from '@throughline/shared';
import { Alert, Typography } from '@mui/material';
import { TYPE_CHOICES } from '../../common/conversationTypes';
import { reachOf } from '../../common/reach';
import { CadenceEditor } from './CadenceEditor';
import { BOUNDARY_CHOICES, PROTOCOL_CHOICES, ROLE_CHOICES, boundaryExplainedKey, protocolHintKey } from './choices';
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
  const translate = useTranslate();
  return (
    <SimpleForm
      onSubmit={save}
      defaultValues={edit ? undefined : { durationMinutes: 45, protocol: 'NONE', confidentiality: 'PARTICIPANTS' }}
    >
      {edit ? (
        <Labeled label="tl.conversations.fields.school">
          <FunctionField render={(r: RaRecord) => r.school?.name ?? translate('tl.conversations.district_wide')} />
        </Labeled>
      ) : (
        <ReferenceInput
          source="schoolId"
          reference="schools"
          sort={{ field: 'name', order: 'ASC' }}
          filter={{ status: 'ACTIVE' }}
        >
          <SelectInput
            label="tl.conversations.fields.school"
            optionText="name"
            emptyText="tl.conversations.district_wide"
            validate={reach?.districtWide ? undefined : required('tl.conversations.form.choose_school')}
          />
        </ReferenceInput>
      )}
      <TextInput source="title" label="tl.conversations.fields.title" validate={required()} fullWidth />
      <SelectInput source="type" label="tl.conversations.fields.type" choices={TYPE_CHOICES} validate={required()} />
      <TextInput
        source="purpose"
        label="tl.conversations.form.purpose"
        helperText="tl.conversations.form.purpose_help"
        validate={required()}
        multiline
        minRows={2}
        fullWidth
      />
      {edit && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {translate('tl.conversations.form.edit_notice')}
        </Alert>
      )}
      <CadenceEditor />
      <NumberInput
        source="durationMinutes"
        label="tl.conversations.form.duration"
        min={5}
        max={480}
        validate={required()}
      />
      <DateInput
        source="scheduleUntil"
        label="tl.conversations.form.schedule_until"
        helperText="tl.conversations.form.schedule_until_help"
      />
      <TextInput
        source="setting"
        label="tl.conversations.form.setting"
        helperText="tl.conversations.form.setting_help"
      />
      <ReferenceInput
        source="facilitatorId"
        reference="staff"
        filter={{ active: true }}
        sort={{ field: 'familyName', order: 'ASC' }}
      >
        <AutocompleteInput
          label="tl.conversations.fields.facilitator"
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
          label="tl.conversations.form.people"
          optionText="displayName"
          filterToQuery={searchable}
          sx={{ minWidth: 420 }}
        />
      </ReferenceArrayInput>
      <SelectArrayInput
        source="participantRoles"
        label="tl.conversations.form.roles"
        choices={ROLE_CHOICES}
        helperText="tl.conversations.form.roles_help"
        sx={{ minWidth: 320 }}
      />
      <SelectInput source="protocol" label="tl.conversations.fields.protocol" choices={PROTOCOL_CHOICES} />
      <FormDataConsumer>
        {({ formData }) =>
          formData.protocol ? (
            <Typography variant="body2" color="text.secondary" sx={{ mt: -1, mb: 2 }}>
              {translate(protocolHintKey(formData.protocol as ConversationProtocol))}
            </Typography>
          ) : null
        }
      </FormDataConsumer>
      <ReferenceArrayInput source="normIds" reference="norms" filter={{ active: true }}>
        <AutocompleteArrayInput
          label="tl.conversations.form.norms"
          optionText="title"
          filterToQuery={searchable}
          sx={{ minWidth: 420 }}
        />
      </ReferenceArrayInput>
      <ReferenceInput source="skillFocusId" reference="skills" filter={{ active: true }}>
        <SelectInput label="tl.conversations.form.skill_focus" optionText="name" emptyText="tl.conversations.none" />
      </ReferenceInput>
      <TextInput
        source="evidenceToBring"
        label="tl.conversations.form.evidence"
        helperText="tl.conversations.form.evidence_help"
        multiline
        fullWidth
      />
      <RadioButtonGroupInput
        source="confidentiality"
        label="tl.conversations.form.confidentiality"
        choices={BOUNDARY_CHOICES}
        row={false}
      />
      <FormDataConsumer>
        {({ formData }) =>
          formData.confidentiality ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              {translate(boundaryExplainedKey(formData.confidentiality as ConfidentialityBoundary))}
            </Alert>
          ) : null
        }
      </FormDataConsumer>
      {edit && <BooleanInput source="active" label="tl.conversations.form.active" />}
    </SimpleForm>
  );
}
