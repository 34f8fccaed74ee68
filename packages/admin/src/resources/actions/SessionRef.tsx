import type { MouseEvent } from 'react';
import { Link as MuiLink, Typography } from '@mui/material';
import { Link, useRecordContext, useTranslate } from 'react-admin';
import { formatWhen } from '../../common/when';

interface WithSession {
  session: { id: string; scheduledAt: string; conversation: { title: string } | null } | null;
}

/** The session an action came from: its conversation and day, linking to the session. */
export function SessionRef(_props: { label?: string }) {
  const record = useRecordContext<WithSession>();
  const translate = useTranslate();
  const s = record?.session;
  if (!s) return <Typography variant="body2">—</Typography>;
  return (
    <MuiLink
      component={Link}
      to={`/sessions/${encodeURIComponent(s.id)}/show`}
      onClick={(e: MouseEvent) => e.stopPropagation()}
    >
      {s.conversation?.title ?? translate('resources.sessions.name', { smart_count: 1 })}
      <Typography variant="caption" color="text.secondary" component="div">
        {formatWhen(s.scheduledAt)}
      </Typography>
    </MuiLink>
  );
}
