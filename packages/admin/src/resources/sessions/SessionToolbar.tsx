import EditNoteIcon from '@mui/icons-material/EditNote';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import PsychologyIcon from '@mui/icons-material/Psychology';
import StarIcon from '@mui/icons-material/Star';
import { Button } from '@mui/material';
import { useState } from 'react';
import { Link, TopToolbar, useCanAccess, useRecordContext } from 'react-admin';
import { session as portalSession } from '../../portal';
import { CancelSessionDialog } from './CancelSessionDialog';
import { tooEarlyToLog } from './logInput';
import { RateSessionDialog } from './RateSessionDialog';
import { ReflectDialog } from './ReflectDialog';
import type { SessionRecord } from './types';

/**
 * What the reader may do with this session. Logging and cancelling need SESSION_LOG (and the API also checks that a
 * coach facilitates the conversation); rating and reflecting are for the people who attended a held session.
 */
export function SessionToolbar() {
  const record = useRecordContext<SessionRecord>();
  const log = useCanAccess({ resource: 'sessions', action: 'log' });
  const rate = useCanAccess({ resource: 'sessions', action: 'rate' });
  const reflect = useCanAccess({ resource: 'sessions', action: 'reflect' });
  const [open, setOpen] = useState<'cancel' | 'rate' | 'reflect' | null>(null);
  if (!record) return <TopToolbar />;
  const me = portalSession.viewer?.staffMember?.id;
  const attended = record.state === 'HELD' && record.attendees.some((a) => a.id === me);
  const rated = record.myRatings.length > 0;
  const reflected = record.reflections.some((r) => r.mine);
  // Cancelled sessions cannot be held; nor can one starting beyond the API's held-early bound (7 days ahead).
  const loggable =
    record.state === 'HELD' ||
    (record.state !== 'CANCELLED' && record.state !== 'MISSED_WITH_REASON' && !tooEarlyToLog(record.scheduledAt));
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', gap: 1, '& .MuiButton-root': { minHeight: 44 } }}>
      {log.canAccess && loggable && (
        <Button component={Link} to={`/sessions/${encodeURIComponent(record.id)}`} startIcon={<EditNoteIcon />}>
          {record.state === 'HELD' ? 'Edit the log' : 'Log as held'}
        </Button>
      )}
      {log.canAccess && record.state === 'SCHEDULED' && (
        <Button startIcon={<EventBusyIcon />} color="warning" onClick={() => setOpen('cancel')}>
          Cancel session
        </Button>
      )}
      {rate.canAccess && attended && record.quality?.status === 'RATING_OPEN' && (
        <Button startIcon={<StarIcon />} variant={rated ? 'text' : 'contained'} onClick={() => setOpen('rate')}>
          {rated ? 'Change my ratings' : 'Rate'}
        </Button>
      )}
      {reflect.canAccess && attended && (
        <Button
          startIcon={<PsychologyIcon />}
          variant={reflected ? 'text' : 'outlined'}
          onClick={() => setOpen('reflect')}
        >
          {reflected ? 'Edit my reflection' : 'Reflect'}
        </Button>
      )}
      {open === 'cancel' && <CancelSessionDialog session={record} onClose={() => setOpen(null)} />}
      {open === 'rate' && <RateSessionDialog session={record} onClose={() => setOpen(null)} />}
      {open === 'reflect' && <ReflectDialog session={record} onClose={() => setOpen(null)} />}
    </TopToolbar>
  );
}
