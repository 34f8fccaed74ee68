import { Alert } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLocation } from 'react-router-dom';
import type { ScheduleChange } from './useConversationSave';

function sessions(n: number): string {
  return `${n} session${n === 1 ? '' : 's'}`;
}

/** After a save: what it did to the schedule, in a sentence (carried here in the router state by the save). */
export function ScheduleChangeNotice() {
  const change = (useLocation().state as { scheduleChange?: ScheduleChange } | null)?.scheduleChange;
  const [open, setOpen] = useState(true);
  // The form was long and the page keeps its scroll: bring the sentence into view.
  useEffect(() => {
    if (change) window.scrollTo({ top: 0 });
  }, [change]);
  if (!change || !open) return null;
  const { sessionsScheduled: added, sessionsRemoved: removed, created } = change;
  let text: string;
  if (created) text = added ? `Saved. ${sessions(added)} scheduled.` : 'Saved. No sessions fall in the schedule yet.';
  else if (!added && !removed) text = 'Saved. The schedule did not change.';
  else
    text = `Saved. ${[added && `${sessions(added)} scheduled`, removed && `${sessions(removed)} removed`]
      .filter(Boolean)
      .join(', ')}; held sessions were left as they were.`;
  return (
    <Alert severity="success" onClose={() => setOpen(false)} sx={{ mt: 2 }}>
      {text}
    </Alert>
  );
}
