import LockIcon from '@mui/icons-material/Lock';
import { Alert, Stack, Typography } from '@mui/material';
import { Section } from './Section';
import { boundaryKey, type SessionRecord } from './types';
import { useTranslate } from 'react-admin';

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
  const translate = useTranslate();
  if (session.confidentialWithheld) {
    const key = boundaryKey(session.conversation?.confidentiality);
    return (
      <Section title={translate('tl.sessions.said.title')}>
        <Alert severity="info" icon={<LockIcon />}>
          {translate('tl.sessions.said.withheld', {
            who: translate(key ?? 'tl.sessions.said.inside_boundary'),
          })}
        </Alert>
      </Section>
    );
  }
  return (
    <Section title={translate('tl.sessions.said.title')}>
      <Stack spacing={1.5}>
        <Text label={translate('tl.sessions.said.check_in')} value={session.checkIn} />
        <Text label={translate('tl.sessions.said.notes')} value={session.notes} />
        <Text label={translate('tl.sessions.said.check_out')} value={session.checkOut} />
      </Stack>
    </Section>
  );
}
