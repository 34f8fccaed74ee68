import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormatDate } from '../../i18n/format';
import type { SkillTraining } from './useSkillTrainings';

/** The list's expanded row for a skill: who is trained, read-only, for anyone who may read the library. */
export function TrainedStaffSummary() {
  const record = useRecordContext<{ trainedStaff?: SkillTraining[] }>();
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const trained = (record?.trainedStaff ?? []).filter((t) => t.staffMember);
  if (!trained.length) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
        {translate('tl.libraries.training.nobody_visible')}
      </Typography>
    );
  }
  return (
    <Typography variant="body2" component="div" sx={{ py: 1 }}>
      {translate('tl.libraries.training.summary', {
        people: trained
          .map((t) =>
            translate('tl.libraries.training.summary_person', {
              name: t.staffMember!.displayName,
              date: formatDate(t.trainedOn),
            }),
          )
          .join(', '),
      })}
    </Typography>
  );
}
