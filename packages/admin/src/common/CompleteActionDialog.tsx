import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
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
      notify('tl.common.complete.done', { type: 'success' });
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
      <DialogTitle>{translate('tl.common.moves.done')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {description}
        </Typography>
        <Stack spacing={2}>
          <TextField
            type="date"
            label={translate('tl.common.complete.completed_on')}
            value={completedOn}
            onChange={(e) => setCompletedOn(e.target.value)}
            error={Boolean(errors.completedOn)}
            helperText={errors.completedOn ?? translate('tl.common.complete.completed_on_help')}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <TextField
            label={translate('tl.common.complete.what')}
            required
            multiline
            minRows={2}
            value={done}
            onChange={(e) => setDone(e.target.value)}
            error={Boolean(errors.completionEvidence)}
            helperText={errors.completionEvidence ?? translate('tl.common.complete.what_help')}
          />
          <TextField
            label={translate('tl.common.complete.evidence')}
            multiline
            minRows={3}
            value={evidence}
            onChange={(e) => setEvidence(e.target.value)}
            error={Boolean(errors.practiceChangeEvidence || errors.status)}
            helperText={errors.practiceChangeEvidence ?? errors.status ?? translate('tl.common.complete.evidence_help')}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !done.trim()}>
          {translate('tl.common.moves.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
