import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Box, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import {
  AutocompleteInput,
  DateInput,
  Form,
  ReferenceInput,
  SaveButton,
  required,
  useNotify,
  useTranslate,
} from 'react-admin';
import { graphql, session } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';

const FIELDS = ['staffMemberId', 'trainedOn'];

/**
 * Today in the district's time zone, as YYYY-MM-DD: the API refuses a day after the district's today, and late in
 * the evening the browser's own day may already be tomorrow there.
 */
function today(): string {
  const timeZone = session.viewer?.district?.timezone;
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}

function notFuture(value: string | undefined): string | undefined {
  return value && value > today() ? 'tl.libraries.training.not_future' : undefined;
}

/** Records that someone was trained in the skill, on a day; recording the same person again moves the day. */
export function RecordTrainingForm({ skillId, onRecorded }: { skillId: string; onRecorded: () => void }) {
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const [round, setRound] = useState(0);

  const submit = async (values: Record<string, unknown>) => {
    try {
      const data = await graphql<{ skillTrainingRecord: { skillTraining: { staffMember: { displayName: string } } } }>(
        `
          mutation ($input: SkillTrainingRecordInput!) {
            skillTrainingRecord(input: $input) {
              skillTraining {
                trainedOn
                staffMember {
                  id
                  displayName
                }
              }
            }
          }
        `,
        { input: { skillId, staffMemberId: values.staffMemberId, trainedOn: values.trainedOn } },
      );
      notify('tl.libraries.training.recorded', {
        type: 'success',
        messageArgs: {
          name:
            data.skillTrainingRecord.skillTraining.staffMember?.displayName ?? translate('tl.libraries.training.them'),
        },
      });
      setRound((r) => r + 1);
      onRecorded();
    } catch (error) {
      onError(error);
      return fieldErrorsOf(error) ?? {};
    }
  };

  return (
    <Form key={round} onSubmit={submit} record={{ trainedOn: today() }}>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('tl.libraries.training.record_title')}
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <Box sx={{ width: 320 }}>
          <ReferenceInput
            source="staffMemberId"
            reference="staff"
            filter={{ active: true }}
            sort={{ field: 'displayName', order: 'ASC' }}
          >
            <AutocompleteInput
              optionText="displayName"
              label="tl.libraries.training.person"
              filterToQuery={(search: string) => ({ search })}
              validate={required()}
              helperText="tl.libraries.training.person_help"
            />
          </ReferenceInput>
        </Box>
        <DateInput
          source="trainedOn"
          label="tl.libraries.training.trained_on"
          validate={[required(), notFuture]}
          fullWidth={false}
          helperText="tl.libraries.training.trained_on_help"
        />
        <SaveButton
          label="tl.libraries.training.record"
          icon={<PersonAddIcon />}
          variant="outlined"
          sx={{ mt: 1 }}
          alwaysEnable
        />
      </Stack>
    </Form>
  );
}
