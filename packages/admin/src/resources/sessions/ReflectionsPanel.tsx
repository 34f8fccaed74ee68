import { Chip, Divider, Stack, Typography } from '@mui/material';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';

/** Reflections the API lets the reader see: their own, and those others shared inside the boundary. */
export function ReflectionsPanel({ session }: { session: SessionRecord }) {
  if (session.state !== 'HELD') return null;
  const list = [...session.reflections].sort((a, b) => Number(b.mine) - Number(a.mine));
  return (
    <Section title="Reflections">
      {list.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No reflections you can read yet. Attendees reflect after the session; theirs stay private unless they share
          them.
        </Typography>
      ) : (
        <Stack spacing={2} divider={<Divider />}>
          {list.map((r) => (
            <div key={r.id}>
              <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
                <Typography variant="subtitle2">
                  {r.mine ? 'Your reflection' : (r.author?.displayName ?? 'A colleague')}
                </Typography>
                <Chip size="small" label={r.shared ? 'Shared' : 'Private'} variant="outlined" />
                <Typography variant="caption" color="text.secondary">
                  {formatWhen(r.updatedAt)}
                </Typography>
              </Stack>
              {r.answers.map((a) => (
                <div key={a.promptId}>
                  <Typography variant="caption" color="text.secondary">
                    {a.prompt}
                  </Typography>
                  <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', mb: 1 }}>
                    {a.answer}
                  </Typography>
                </div>
              ))}
            </div>
          ))}
        </Stack>
      )}
    </Section>
  );
}
