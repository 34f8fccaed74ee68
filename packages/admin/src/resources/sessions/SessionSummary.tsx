import { Chip, Grid, Link as MuiLink, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link, useCreatePath, useResourceDefinitions } from 'react-admin';
import { Section } from './Section';
import { StateChip } from './StateChip';
import { BOUNDARY_WORDS, type SessionRecord } from './types';
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
  const c = session.conversation;
  const title =
    c && definitions.conversations?.hasShow ? (
      <MuiLink component={Link} to={createPath({ resource: 'conversations', id: c.id, type: 'show' })}>
        {c.title}
      </MuiLink>
    ) : (
      (c?.title ?? '—')
    );
  return (
    <Section title="Session">
      <Grid container spacing={2}>
        <Fact label="Conversation">{title}</Fact>
        <Fact label="Scheduled">{formatWhen(session.scheduledAt)}</Fact>
        <Fact label="State">
          <StateChip state={session.state} />
        </Fact>
        <Fact label="School">{c?.school?.name ?? 'District-wide'}</Fact>
        <Fact label="Facilitator">{c?.facilitator?.displayName ?? '—'}</Fact>
        <Fact label="Who may read what was said">{c ? (BOUNDARY_WORDS[c.confidentiality] ?? '—') : '—'}</Fact>
        {session.state === 'HELD' && (
          <>
            <Fact label="Held">{formatWhen(session.heldAt)}</Fact>
            <Fact label="Duration">{session.durationMinutes ? `${session.durationMinutes} minutes` : '—'}</Fact>
            <Fact label="Recording consent">{session.recordingConsent ? 'Given' : 'Not given'}</Fact>
          </>
        )}
        {(session.state === 'CANCELLED' || session.state === 'MISSED_WITH_REASON') && (
          <Fact label="Why it was cancelled">{session.cancelReason ?? '—'}</Fact>
        )}
      </Grid>
      {session.state === 'HELD' && (
        <>
          <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 2 }}>
            Attended
          </Typography>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {session.attendees.length ? (
              session.attendees.map((p) => <Chip key={p.id} label={p.displayName} size="small" />)
            ) : (
              <Typography variant="body2">No attendance recorded.</Typography>
            )}
          </Stack>
        </>
      )}
    </Section>
  );
}
