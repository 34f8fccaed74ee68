import AddIcon from '@mui/icons-material/Add';
import { Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useWatch } from 'react-hook-form';
import { Form, ReferenceInput, SaveButton, SelectInput, required, useDataProvider, useNotify } from 'react-admin';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { ROLE_CHOICES, isDistrictOnly, needsSchool, roleLabel } from './roles';

const FIELDS = ['role', 'schoolId'];

function checkReach(values: Record<string, unknown>): Record<string, string> {
  const role = values.role as string | undefined;
  if (needsSchool(role) && !values.schoolId) return { schoolId: 'A teacher belongs to a school' };
  return {};
}

/** The school picker follows the role: none for a district admin, required for a teacher, optional otherwise. */
function SchoolPicker() {
  const role = useWatch({ name: 'role' }) as string | undefined;
  if (isDistrictOnly(role)) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center', minWidth: 240 }}>
        District admins always hold the whole district.
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
        label="School"
        emptyText={needsSchool(role) ? 'Choose a school' : 'None: the whole district'}
        helperText={needsSchool(role) ? 'Teachers belong to a school' : 'Leave empty to reach every school'}
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
  const onError = useApiFailureNotice({ shownFields: FIELDS });
  const [round, setRound] = useState(0);

  const submit = async (values: Record<string, unknown>) => {
    const role = values.role as string;
    try {
      await dataProvider.create('roleAssignments', {
        data: { staffMemberId, role, schoolId: isDistrictOnly(role) ? undefined : values.schoolId || undefined },
      });
      notify(`${roleLabel(role)} role given`, { type: 'success' });
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
        Give a role
      </Typography>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <SelectInput
          source="role"
          label="Role"
          choices={ROLE_CHOICES}
          validate={required()}
          fullWidth={false}
          sx={{ minWidth: 200 }}
        />
        <SchoolPicker />
        <SaveButton label="Add role" icon={<AddIcon />} variant="outlined" sx={{ mt: 1 }} />
      </Stack>
    </Form>
  );
}
