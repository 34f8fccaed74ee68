import EventBusyIcon from '@mui/icons-material/EventBusy';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useListContext, useTranslate } from 'react-admin';
import { formatWhen } from '../../common/when';
import type { SessionRecord } from './types';
import { BulkRefused, useBulkChange } from '../../common/bulk';

const CANCEL_ALL = `mutation($input: ConversationSessionsCancelInput!) {
  sessionsCancel(input: $input) { sessions { id state version } } }`;

/**
 * A bulk action of the sessions list: cancels every selected session with one reason (a snow day, a training day).
 * The API checks each session as a single cancellation would and cancels all or none; a refusal names the sessions it
 * refused (a held one, one not the reader's to cancel).
 */
export function CancelSessionsButton() {
  const [open, setOpen] = useState(false);
  const translate = useTranslate();
  return (
    <>
      <Button size="small" color="warning" startIcon={<EventBusyIcon />} onClick={() => setOpen(true)}>
        {translate('tl.sessions.bulk.cancel', { _: 'Cancel sessions' })}
      </Button>
      {open && <CancelSessionsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function CancelSessionsDialog({ onClose }: { onClose: () => void }) {
  const { data } = useListContext<SessionRecord>();
  const translate = useTranslate();
  const labelOf = (id: string) => {
    const r = data?.find((s) => s.id === id);
    return r ? `${r.conversation?.title ?? translate('tl.sessions.session')}, ${formatWhen(r.scheduledAt)}` : id;
  };
  const { items, refused, saving, run } = useBulkChange(onClose, labelOf);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();

  const save = async () => {
    setError(undefined);
    const fields = await run(
      CANCEL_ALL,
      { reason },
      translate('tl.sessions.bulk.cancelled', {
        smart_count: items.length,
        _: '%{smart_count} session(s) cancelled',
      }),
    );
    if (fields) setError(fields.reason);
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="cancel-sessions-title">
      <DialogTitle id="cancel-sessions-title">
        {translate('tl.sessions.bulk.cancel_title', {
          smart_count: items.length,
          _: 'Cancel %{smart_count} session(s)',
        })}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {translate('tl.sessions.bulk.cancel_intro', {
            _: 'One reason for all of them; it shows on the agenda and explains the gap later.',
          })}
        </Typography>
        <TextField
          autoFocus
          fullWidth
          required
          label={translate('tl.sessions.cancel.reason', { _: 'Reason' })}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={Boolean(error)}
          helperText={error}
        />
        <BulkRefused lines={refused} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.sessions.bulk.keep', { _: 'Keep them' })}</Button>
        <Button
          variant="contained"
          color="warning"
          onClick={save}
          disabled={saving || !reason.trim() || items.length === 0}
        >
          {translate('tl.sessions.bulk.cancel_submit', { _: 'Cancel them' })}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
