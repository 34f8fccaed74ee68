import { Chip, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link, useCreatePath, useResourceDefinitions, useTranslate } from 'react-admin';
import { Section } from './Section';
import { StateChip } from './StateChip';
import { boundaryKey, type SessionRecord } from './types';
import { formatWhen } from '../../common/when';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Grid size={{ xs: 12, sm: 6, md: 4 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Grid>
  );
}

/** Which conversation, when, what state, who was there. */
export function SessionSummary({ session }: { session: SessionRecord }) {
  const definitions = useResourceDefinitions();
  const createPath = useCreatePath();
  const translate = useTranslate();
  const c = session.conversation;
  const boundary = boundaryKey(c?.confidentiality);
  const title =
    c && definitions.conversations?.hasShow ? (
      <MuiLink component={Link} to={createPath({ resource: 'conversations', id: c.id, type: 'show' })}>
        {c.title}
      </MuiLink>
    ) : (
      (c?.title ?? '—')
    );
  return (
    <Section title={translate('tl.sessions.summary.title')}>
      <Grid container spacing={2}>
        <Fact label={translate('tl.sessions.summary.conversation')}>{title}</Fact>
        <Fact label={translate('tl.sessions.summary.scheduled')}>{formatWhen(session.scheduledAt)}</Fact>
        <Fact label={translate('tl.sessions.summary.state')}>
          <StateChip state={session.state} />
        </Fact>
        <Fact label={translate('tl.sessions.summary.school')}>
          {c?.school?.name ?? translate('tl.sessions.district_wide')}
        </Fact>
        <Fact label={translate('tl.sessions.summary.facilitator')}>{c?.facilitator?.displayName ?? '—'}</Fact>
        <Fact label={translate('tl.sessions.summary.who_may_read')}>{boundary ? translate(boundary) : '—'}</Fact>
        {session.state === 'HELD' && (
          <>
            <Fact label={translate('tl.sessions.summary.held')}>{formatWhen(session.heldAt)}</Fact>
            <Fact label={translate('tl.sessions.summary.duration')}>
              {session.durationMinutes
                ? translate('tl.sessions.summary.minutes', { smart_count: session.durationMinutes })
                : '—'}
            </Fact>
            <Fact label={translate('tl.sessions.summary.recording_consent')}>
              {translate(session.recordingConsent ? 'tl.sessions.summary.given' : 'tl.sessions.summary.not_given')}
            </Fact>
          </>
        )}
        {(session.state === 'CANCELLED' || session.state === 'MISSED_WITH_REASON') && (
          <Fact label={translate('tl.sessions.summary.why_cancelled')}>{session.cancelReason ?? '—'}</Fact>
        )}
      </Grid>
      {session.state === 'HELD' && (
        <>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 2 }}>
            {translate('tl.sessions.summary.attended')}
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {session.attendees.length ? (
              session.attendees.map((p) => <Chip key={p.id} label={p.displayName} size="small" />)
            ) : (
              <Typography variant="body2">{translate('tl.sessions.summary.no_attendance')}</Typography>
            )}
          </Stack>
        </>
      )}
    </Section>
  );
}
