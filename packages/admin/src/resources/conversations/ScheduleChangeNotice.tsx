import { Alert } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import type { ScheduleChange } from './useConversationSave';

/** After a save: what it did to the schedule, in a sentence (carried here in the router state by the save). */
export function ScheduleChangeNotice() {
  const change = (useLocation().state as { scheduleChange?: ScheduleChange } | null)?.scheduleChange;
  const [open, setOpen] = useState(true);
  const translate = useTranslate();
  // The form was long and the page keeps its scroll: bring the sentence into view.
  useEffect(() => {
    if (change) window.scrollTo({ top: 0 });
  }, [change]);
  if (!change || !open) return null;
  const { sessionsScheduled: added, sessionsRemoved: removed, created } = change;
  let text: string;
  if (created)
    text = added
      ? translate('tl.conversations.saved.created', { smart_count: added })
      : translate('tl.conversations.saved.created_none');
  else if (!added && !removed) text = translate('tl.conversations.saved.unchanged');
  else
    text = translate('tl.conversations.saved.changed', {
      changes: [
        added && translate('tl.conversations.saved.scheduled', { smart_count: added }),
        removed && translate('tl.conversations.saved.removed', { smart_count: removed }),
      ]
        .filter(Boolean)
        .join(', '),
    });
  return (
    <Alert severity="success" onClose={() => setOpen(false)} sx={{ mt: 2 }}>
      {text}
    </Alert>
  );
}
