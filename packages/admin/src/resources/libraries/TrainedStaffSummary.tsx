import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { SkillTraining } from './useSkillTrainings';

/** The list's expanded row for a skill: who is trained, read-only, for anyone who may read the library. */
export function TrainedStaffSummary() {
  const record = useRecordContext<{ trainedStaff?: SkillTraining[] }>();
  const trained = (record?.trainedStaff ?? []).filter((t) => t.staffMember);
  if (!trained.length) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
        Nobody you can see has been trained in this skill yet.
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div" sx={{ py: 1 }}>
      Trained:{' '}
      {trained
        .map((t) => `${t.staffMember!.displayName} (${new Date(`${t.trainedOn}T00:00:00`).toLocaleDateString()})`)
        .join(', ')}
    </Typography>
  );
}
