import { Chip, Stack } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { assignmentLabel, type Assignment } from './roles';

/** The roles a person holds, as far as the reader may see them. */
export function RoleChips(_props: { label?: string }) {
  const record = useRecordContext<{ roleAssignments?: Assignment[] }>();
  const translate = useTranslate();
  const assignments = record?.roleAssignments ?? [];
  if (!assignments.length)
    return <Chip size="small" label={translate('tl.staff.assignments.no_role')} variant="outlined" color="warning" />;
  return (
    <Stack direction="row" useFlexGap sx={{ flexWrap: 'wrap', gap: 0.5 }}>
      {assignments.map((a) => (
        <Chip key={a.id} size="small" label={assignmentLabel(a, translate)} />
      ))}
    </Stack>
  );
}
