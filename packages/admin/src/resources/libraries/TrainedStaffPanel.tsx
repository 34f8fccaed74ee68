import {
  Alert,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { useFormatDate } from '../../i18n/format';
import { RecordTrainingForm } from './RecordTrainingForm';
import { RemoveTrainingButton } from './RemoveTrainingButton';
import { useSkillTrainings } from './useSkillTrainings';

/** Who is trained in a facilitation skill (newest first, as the API gives them), with ways to record or remove one. */
export function TrainedStaffPanel() {
  const record = useRecordContext<{ id: string; name: string }>();
  const { trainings, error, reload } = useSkillTrainings(record?.id);
  const translate = useTranslate();
  const formatDate = useFormatDate();
  if (!record) return null;
  const visible = (trainings ?? []).filter((t) => t.staffMember);
  return (
    <Card>
      <CardHeader
        title={translate('tl.libraries.training.title')}
        subheader={translate('tl.libraries.training.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error" sx={{ mb: 2 }}>
            {translate('tl.libraries.training.read_failed', { message: error.message })}
          </Alert>
        ) : trainings === null ? null : visible.length === 0 ? (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            {translate('tl.libraries.training.nobody', { skill: record.name })}
          </Typography>
        ) : (
          <Table size="small" sx={{ mb: 2 }}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('tl.libraries.training.person')}</TableCell>
                <TableCell>{translate('tl.libraries.training.email')}</TableCell>
                <TableCell>{translate('tl.libraries.training.trained_on')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {visible.map((t) => (
                <TableRow key={t.staffMember!.id}>
                  <TableCell>
                    {t.staffMember!.displayName}{' '}
                    {!t.staffMember!.active && (
                      <Chip size="small" variant="outlined" label={translate('tl.libraries.training.inactive')} />
                    )}
                  </TableCell>
                  <TableCell>{t.staffMember!.email}</TableCell>
                  <TableCell>{formatDate(t.trainedOn)}</TableCell>
                  <TableCell align="right">
                    <RemoveTrainingButton skillId={record.id} person={t.staffMember!} onRemoved={reload} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        <RecordTrainingForm skillId={record.id} onRecorded={reload} />
      </CardContent>
    </Card>
  );
}
