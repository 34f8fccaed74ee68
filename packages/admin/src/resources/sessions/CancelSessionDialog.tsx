import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';

const CANCEL = `mutation($input: SessionCancelInput!) { sessionCancel(input: $input) { session { id state version } } }`;

/** Cancels a session that was not held, with the reason (it shows on the agenda and explains the gap later). */
export function CancelSessionDialog({ session, onClose }: { session: SessionRecord; onClose: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  // A conflict reloads the page; the dialog, opened on the old version, closes.
  const notice = useApiFailureNotice({
    pointToFields: true,
    onReload: () => {
      onClose();
      refresh();
    },
  });

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await graphql(CANCEL, { input: { id: session.id, version: session.version, reason } });
      notify('tl.sessions.cancel.done', { type: 'success' });
      onClose();
      refresh();
    } catch (e) {
      const fields = fieldErrorsOf(e);
      setError(fields ? Object.values(fields).join(' ') : undefined);
      notice(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('tl.sessions.cancel.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('tl.sessions.cancel.intro', {
            title: session.conversation?.title ?? translate('tl.sessions.session'),
            when: formatWhen(session.scheduledAt),
          })}
        </Typography>
        <TextField
          autoFocus
          fullWidth
          required
          label={translate('tl.sessions.cancel.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={Boolean(error)}
          helperText={error}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.sessions.cancel.keep')}</Button>
        <Button variant="contained" color="warning" onClick={save} disabled={saving || !reason.trim()}>
          {translate('tl.sessions.cancel.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
