import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh } from 'react-admin';
import { fieldErrorsOf, useApiFailureNotice } from './apiFailure';
import { districtToday } from './when';
import { transitionAction, type Movable } from './actionTransition';

/**
 * Marks an action done. The point of the product is the last step of the chain, so the dialog asks for the evidence
 * of changed practice: what can now be seen, heard or measured.
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
      await transitionAction(action, 'DONE', { completedOn, practiceChangeEvidence: evidence.trim() || null });
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
            helperText={errors.completedOn}
            slotProps={{ inputLabel: { shrink: true } }}
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
        <Button variant="contained" onClick={save} disabled={saving}>
          Mark done
        </Button>
      </DialogActions>
    </Dialog>
  );
}
