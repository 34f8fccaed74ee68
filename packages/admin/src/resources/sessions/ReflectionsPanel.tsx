import { Chip, Divider, Stack, Typography } from '@mui/material';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';
import { useTranslate } from 'react-admin';

/** Reflections the API lets the reader see: their own, and those others shared inside the boundary. */
export function ReflectionsPanel({ session }: { session: SessionRecord }) {
  const translate = useTranslate();
  if (session.state !== 'HELD') return null;
  const list = [...session.reflections].sort((a, b) => Number(b.mine) - Number(a.mine));
  return (
    <Section title={translate('tl.sessions.reflections.title')}>
      {list.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('tl.sessions.reflections.none')}
        </Typography>
      ) : (
        <Stack spacing={2} divider={<Divider />}>
          {list.map((r) => (
            <div key={r.id}>
              <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
                <Typography variant="subtitle2">
                  {r.mine
                    ? translate('tl.sessions.reflections.yours')
                    : (r.author?.displayName ?? translate('tl.sessions.reflections.a_colleague'))}
                </Typography>
                <Chip
                  size="small"
                  label={translate(r.shared ? 'tl.sessions.reflections.shared' : 'tl.sessions.reflections.private')}
                  variant="outlined"
                />
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
