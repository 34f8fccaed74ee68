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
import { useRecordContext } from 'react-admin';
import { RecordTrainingForm } from './RecordTrainingForm';
import { RemoveTrainingButton } from './RemoveTrainingButton';
import { useSkillTrainings } from './useSkillTrainings';

/** Who is trained in a facilitation skill (newest first, as the API gives them), with ways to record or remove one. */
export function TrainedStaffPanel() {
  const record = useRecordContext<{ id: string; name: string }>();
  const { trainings, error, reload } = useSkillTrainings(record?.id);
  if (!record) return null;
  const visible = (trainings ?? []).filter((t) => t.staffMember);
  return (
    <Card>
      <CardHeader
        title="Trained staff"
        subheader="Who has been trained in this skill. Training is for everyone who takes part, not only those who lead."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error ? (
          <Alert severity="error" sx={{ mb: 2 }}>
            The trained staff could not be read: {error.message}
          </Alert>
        ) : trainings === null ? null : visible.length === 0 ? (
          <Typography color="text.secondary" sx={{ mb: 2 }}>
            Nobody is recorded as trained in “{record.name}” yet.
          </Typography>
        ) : (
          <Table size="small" sx={{ mb: 2 }}>
            <TableHead>
              <TableRow>
                <TableCell>Person</TableCell>
                <TableCell>Email</TableCell>
                <TableCell>Trained on</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {visible.map((t) => (
                <TableRow key={t.staffMember!.id}>
                  <TableCell>
                    {t.staffMember!.displayName}{' '}
                    {!t.staffMember!.active && <Chip size="small" variant="outlined" label="Inactive" />}
                  </TableCell>
                  <TableCell>{t.staffMember!.email}</TableCell>
                  <TableCell>{new Date(`${t.trainedOn}T00:00:00`).toLocaleDateString()}</TableCell>
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
