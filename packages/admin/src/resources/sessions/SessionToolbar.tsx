import EditNoteIcon from '@mui/icons-material/EditNote';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import EventRepeatIcon from '@mui/icons-material/EventRepeat';
import RestoreIcon from '@mui/icons-material/Restore';
import PsychologyIcon from '@mui/icons-material/Psychology';
import StarIcon from '@mui/icons-material/Star';
import { Button } from '@mui/material';
import { useState } from 'react';
import { Link, TopToolbar, useCanAccess, useRecordContext, useTranslate } from 'react-admin';
import { session as portalSession } from '../../portal';
import { CancelSessionDialog } from './CancelSessionDialog';
import { RateSessionDialog } from './RateSessionDialog';
import { hasStarted } from './logInput';
import { ReflectDialog } from './ReflectDialog';
import { SessionTimeDialog } from '../../common/SessionTimeDialog';
import type { SessionRecord } from './types';

/**
 * What the reader may do with this session. Logging and cancelling need SESSION_LOG (and the API also checks that a
 * coach facilitates the conversation); rating and reflecting are for the people who attended a held session. Those
 * who manage the conversation move an upcoming session and restore a cancelled one.
 */
export function SessionToolbar() {
  const record = useRecordContext<SessionRecord>();
  const log = useCanAccess({ resource: 'sessions', action: 'log' });
  const rate = useCanAccess({ resource: 'sessions', action: 'rate' });
  const reflect = useCanAccess({ resource: 'sessions', action: 'reflect' });
  const manage = useCanAccess({ resource: 'conversations', action: 'edit' });
  const translate = useTranslate();
  const [open, setOpen] = useState<'cancel' | 'rate' | 'reflect' | 'move' | 'restore' | null>(null);
  if (!record) return <TopToolbar />;
  const me = portalSession.viewer?.staffMember?.id;
  const attended = record.state === 'HELD' && record.attendees.some((a) => a.id === me);
  const rated = record.myRatings.length > 0;
  const reflected = record.reflections.some((r) => r.mine);
  // Cancelled sessions cannot be held, and a session is logged as held only once it has started.
  const started = hasStarted(record.scheduledAt);
  const loggable =
    record.state === 'HELD' || (record.state !== 'CANCELLED' && record.state !== 'MISSED_WITH_REASON' && started);
  const timed = {
    id: record.id,
    version: record.version,
    scheduledAt: record.scheduledAt,
    title: record.conversation?.title,
  };
  return (
    <TopToolbar sx={{ flexWrap: 'wrap', gap: 1, '& .MuiButton-root': { minHeight: 44 } }}>
      {log.canAccess && loggable && (
        <Button component={Link} to={`/sessions/${encodeURIComponent(record.id)}`} startIcon={<EditNoteIcon />}>
          {translate(record.state === 'HELD' ? 'tl.sessions.toolbar.edit_log' : 'tl.sessions.toolbar.log_as_held')}
        </Button>
      )}
      {log.canAccess && record.state === 'SCHEDULED' && (
        <Button startIcon={<EventBusyIcon />} color="warning" onClick={() => setOpen('cancel')}>
          {translate('tl.sessions.toolbar.cancel')}
        </Button>
      )}
      {manage.canAccess && record.state === 'SCHEDULED' && !started && (
        <Button startIcon={<EventRepeatIcon />} onClick={() => setOpen('move')}>
          {translate('tl.sessions.toolbar.move')}
        </Button>
      )}
      {manage.canAccess && record.state === 'CANCELLED' && (
        <Button startIcon={<RestoreIcon />} onClick={() => setOpen('restore')}>
          {translate('tl.sessions.toolbar.restore')}
        </Button>
      )}
      {rate.canAccess && attended && record.quality?.status === 'RATING_OPEN' && (
        <Button startIcon={<StarIcon />} variant={rated ? 'text' : 'contained'} onClick={() => setOpen('rate')}>
          {translate(rated ? 'tl.sessions.toolbar.change_ratings' : 'tl.sessions.toolbar.rate')}
        </Button>
      )}
      {reflect.canAccess && attended && (
        <Button
          startIcon={<PsychologyIcon />}
          variant={reflected ? 'text' : 'outlined'}
          onClick={() => setOpen('reflect')}
        >
          {translate(reflected ? 'tl.sessions.toolbar.edit_reflection' : 'tl.sessions.toolbar.reflect')}
        </Button>
      )}
      {open === 'cancel' && <CancelSessionDialog session={record} onClose={() => setOpen(null)} />}
      {open === 'rate' && <RateSessionDialog session={record} onClose={() => setOpen(null)} />}
      {open === 'reflect' && <ReflectDialog session={record} onClose={() => setOpen(null)} />}
      {(open === 'move' || open === 'restore') && (
        <SessionTimeDialog intent={{ kind: open, session: timed }} onClose={() => setOpen(null)} />
      )}
    </TopToolbar>
  );
}
