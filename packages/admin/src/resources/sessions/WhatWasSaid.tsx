import LockIcon from '@mui/icons-material/Lock';
import { Alert, Stack, Typography } from '@mui/material';
import { Section } from './Section';
import { BOUNDARY_WORDS, type SessionRecord } from './types';

function Text({ label, value }: { label: string; value: string | null }) {
  return (
    <div>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
        {value || '—'}
      </Typography>
    </div>
  );
}

/**
 * Notes and check-in/check-out lines. Outside the conversation's confidentiality boundary the API returns none of
 * them (confidentialWithheld): say so plainly rather than showing empty fields.
 */
export function WhatWasSaid({ session }: { session: SessionRecord }) {
  if (session.confidentialWithheld) {
    const who = session.conversation ? BOUNDARY_WORDS[session.conversation.confidentiality] : undefined;
    return (
      <Section title="What was said">
        <Alert severity="info" icon={<LockIcon />}>
          Withheld by the confidentiality boundary: the notes and check-in/check-out lines of this conversation are for{' '}
          {who ?? 'those inside its boundary'}.
        </Alert>
      </Section>
    );
  }
  return (
    <Section title="What was said">
      <Stack spacing={1.5}>
        <Text label="Check-in" value={session.checkIn} />
        <Text label="Notes" value={session.notes} />
        <Text label="Check-out" value={session.checkOut} />
      </Stack>
    </Section>
  );
}
