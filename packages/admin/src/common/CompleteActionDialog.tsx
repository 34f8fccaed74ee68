import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { fieldErrorsOf, useApiFailureNotice } from './apiFailure';
import { districtToday } from './when';
import { transitionAction, type Movable } from './actionTransition';

/**
 * Marks an action done. It asks for what was done (required: the API refuses DONE without it) and, the point of the
 * product, any evidence of changed practice: what can now be seen, heard or measured. The day defaults to today;
 * the server records when it was marked done and accepts a day at most the district's correction window earlier.
 */
export function CompleteActionDialog({
  action,
  description,
  open,
  onClose,
}: {
  action: Movable;
  description: string;
  open: boolean;
  onClose: () => void;
}) {
  const [completedOn, setCompletedOn] = useState(districtToday());
  const [done, setDone] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  // A conflict reloads the page's lists; the dialog, opened on the old version, closes.
  const notice = useApiFailureNotice({
    pointToFields: true,
    onReload: () => {
      onClose();
      refresh();
    },
  });

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      await transitionAction(action, 'DONE', {
        completedOn,
        completionEvidence: done,
        practiceChangeEvidence: evidence.trim() || null,
      });
      notify('Action marked done', { type: 'success' });
      onClose();
      refresh();
    } catch (error) {
      setErrors(fieldErrorsOf(error) ?? {});
      notice(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
      <DialogTitle>Mark done</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {description}
        </Typography>
        <Stack spacing={2}>
          <TextField
            type="date"
            label="Completed on"
            value={completedOn}
            onChange={(e) => setCompletedOn(e.target.value)}
            error={Boolean(errors.completedOn)}
            helperText={errors.completedOn ?? 'A day in the last few days, if it was done before today.'}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            label="What was done"
            required
            multiline
            minRows={2}
            value={done}
            onChange={(e) => setDone(e.target.value)}
            error={Boolean(errors.completionEvidence)}
            helperText={
              errors.completionEvidence ??
              'Required. Only the people inside the conversation’s confidentiality boundary can read it.'
            }
          />
          <TextField
            label="Evidence of changed practice"
            multiline
            minRows={3}
            value={evidence}
            onChange={(e) => setEvidence(e.target.value)}
            error={Boolean(errors.practiceChangeEvidence || errors.status)}
            helperText={
              errors.practiceChangeEvidence ??
              errors.status ??
              'What can now be seen, heard or measured in the classroom or the team? Leave empty if nothing yet.'
            }
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={saving || !done.trim()}>
          Mark done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
