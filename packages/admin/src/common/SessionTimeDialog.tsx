import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRedirect, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../portal';
import { fieldErrorsOf, useApiFailureNotice } from './apiFailure';
import { districtInstant, districtLocal, formatWhen } from './when';

const RESCHEDULE = `mutation($input: SessionRescheduleInput!) {
  sessionReschedule(input: $input) { session { id scheduledAt version } } }`;
const RESTORE = `mutation($input: SessionRestoreInput!) {
  sessionRestore(input: $input) { session { id state scheduledAt version } } }`;
const SCHEDULE = `mutation($input: SessionScheduleInput!) {
  sessionSchedule(input: $input) { session { id scheduledAt } } }`;

/** What the dialog does: move an upcoming session, bring back a cancelled one, or add one to a conversation. */
export type SessionTimeIntent =
  | { kind: 'move'; session: { id: string; version: number; scheduledAt: string; title?: string } }
  | { kind: 'restore'; session: { id: string; version: number; scheduledAt: string; title?: string } }
  | { kind: 'add'; conversation: { id: string; title: string } };

const WORDS = {
  move: {
    title: 'tl.common.session_time.move.title',
    save: 'tl.common.session_time.move.save',
    done: 'tl.common.session_time.move.done',
  },
  restore: {
    title: 'tl.common.session_time.restore.title',
    save: 'tl.common.session_time.restore.save',
    done: 'tl.common.session_time.restore.done',
  },
  add: {
    title: 'tl.common.session_time.add.title',
    save: 'tl.common.session_time.add.save',
    done: 'tl.common.session_time.add.done',
  },
};

/**
 * Picks a day and time in the district's time zone for a session: moving an upcoming one (calendars keep its
 * invitation, updated), restoring a cancelled one (at its old time or a new one), or adding a one-off session to a
 * conversation. The API checks that the time is ahead and free, and that the reader manages the conversation.
 */
export function SessionTimeDialog({ intent, onClose }: { intent: SessionTimeIntent; onClose: () => void }) {
  // A time still ahead is where the picker starts; a past one (a session cancelled long ago) is not offered.
  const [local, setLocal] = useState(() =>
    intent.kind === 'add' || Date.parse(intent.session.scheduledAt) <= Date.now()
      ? ''
      : districtLocal(intent.session.scheduledAt),
  );
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const notice = useApiFailureNotice({
    pointToFields: true,
    onReload: () => {
      onClose();
      refresh();
    },
  });
  const words = WORDS[intent.kind];

  const save = async () => {
    setSaving(true);
    setError(undefined);
    const scheduledAt = districtInstant(local);
    try {
      if (intent.kind === 'add') {
        const out = await graphql<{ sessionSchedule: { session: { id: string } } }>(SCHEDULE, {
          input: { conversationId: intent.conversation.id, scheduledAt },
        });
        notify(words.done, { type: 'success' });
        onClose();
        redirect('show', 'sessions', out.sessionSchedule.session.id);
        return;
      }
      const { id, version } = intent.session;
      await graphql(intent.kind === 'move' ? RESCHEDULE : RESTORE, { input: { id, version, scheduledAt } });
      notify(words.done, { type: 'success' });
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
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="session-time-title">
      <DialogTitle id="session-time-title">{translate(words.title)}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 2 }}>
          {intent.kind === 'add'
            ? translate('tl.common.session_time.one_off', { title: intent.conversation.title })
            : translate('tl.common.session_time.which', {
                title: intent.session.title ?? translate('resources.sessions.name', { smart_count: 1 }),
                when: formatWhen(intent.session.scheduledAt),
              })}{' '}
          {translate('tl.common.session_time.zone')}
        </Typography>
        <TextField
          autoFocus
          fullWidth
          required
          type="datetime-local"
          label={translate('tl.common.session_time.new_time')}
          value={local}
          onChange={(e) => setLocal(e.target.value)}
          error={Boolean(error)}
          helperText={error}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local)}>
          {translate(words.save)}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
