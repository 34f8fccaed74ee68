import AddIcon from '@mui/icons-material/Add';
import { Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import {
  Form,
  ReferenceInput,
  SaveButton,
  SelectInput,
  required,
  useDataProvider,
  useNotify,
  useTranslate,
} from 'react-admin';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { ROLE_CHOICES, isDistrictOnly, needsSchool, roleLabel } from './roles';

const FIELDS = ['role', 'schoolId'];

function checkReach(values: Record<string, unknown>): Record<string, string> {
  const role = values.role as string | undefined;
  if (needsSchool(role) && !values.schoolId) return { schoolId: 'tl.staff.give.teacher_needs_school' };
  return {};
}

/** The school picker follows the role: none for a district admin, required for a teacher, optional otherwise. */
function SchoolPicker() {
  const role = useWatch({ name: 'role' }) as string | undefined;
  const translate = useTranslate();
  if (isDistrictOnly(role)) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center', minWidth: 240 }}>
        {translate('tl.staff.give.district_only')}
      </Typography>
    );
  }
  return (
    <ReferenceInput
      source="schoolId"
      reference="schools"
      filter={{ status: 'ACTIVE' }}
      sort={{ field: 'name', order: 'ASC' }}
      perPage={100}
    >
      <SelectInput
        optionText="name"
        label="tl.staff.give.school"
        emptyText={needsSchool(role) ? 'tl.staff.give.choose_school' : 'tl.staff.give.whole_district'}
        helperText={needsSchool(role) ? 'tl.staff.give.teachers_belong' : 'tl.staff.give.leave_empty'}
        fullWidth={false}
        sx={{ minWidth: 280 }}
      />
    </ReferenceInput>
  );
}

/** Gives the person one more role; the form starts afresh after each one added. */
export function AddRoleAssignmentForm({ staffMemberId, onAdded }: { staffMemberId: string; onAdded: () => void }) {
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const [round, setRound] = useState(0);

  const submit = async (values: Record<string, unknown>) => {
    const role = values.role as string;
    try {
      await dataProvider.create('roleAssignments', {
        data: { staffMemberId, role, schoolId: isDistrictOnly(role) ? undefined : values.schoolId || undefined },
      });
      notify('tl.staff.give.given', { type: 'success', messageArgs: { role: roleLabel(role, translate) } });
      setRound((r) => r + 1);
      onAdded();
    } catch (error) {
      onError(error);
      return fieldErrorsOf(error) ?? {};
    }
  };

  return (
    <Form key={round} onSubmit={submit} validate={checkReach} record={{}}>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        {translate('tl.staff.give.title')}
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <SelectInput
          source="role"
          label="tl.staff.give.role"
          choices={ROLE_CHOICES}
          validate={required()}
          fullWidth={false}
          sx={{ minWidth: 200 }}
        />
        <SchoolPicker />
        <SaveButton label="tl.staff.give.add" icon={<AddIcon />} variant="outlined" sx={{ mt: 1 }} />
      </Stack>
    </Form>
  );
}
