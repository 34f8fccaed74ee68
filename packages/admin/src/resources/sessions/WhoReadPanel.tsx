import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useTranslate } from 'react-admin';

interface ReadEvent {
  readerName: string | null;
  field: string;
  readAt: string;
}

interface WhoRead {
  session: {
    readEvents: ReadEvent[];
    reflections: { id: string; mine: boolean; readEvents: ReadEvent[] }[];
  } | null;
}

const QUERY = `query WhoRead($id: ID!) { session(id: $id) {
  readEvents { readerName field readAt }
  reflections { id mine readEvents { readerName field readAt } } } }`;

/**
 * Who else read what you wrote here (the notes you logged, your shared reflection): the API's read audit, shown to
 * the author only. Nothing shows for anyone else.
 */
export function WhoReadPanel({ session }: { session: SessionRecord }) {
  const translate = useTranslate();
  const { data } = useGraphqlQuery<WhoRead>(['whoRead', session.id], QUERY, { id: session.id });
  const events = [
    ...(data?.session?.readEvents ?? []),
    ...(data?.session?.reflections.filter((r) => r.mine).flatMap((r) => r.readEvents) ?? []),
  ].sort((a, b) => b.readAt.localeCompare(a.readAt));
  if (!data?.session || events.length === 0) return null;
  return (
    <Section title={translate('tl.sessions.who_read.title')}>
      <Typography variant="body2" color="text.secondary">
        {translate('tl.sessions.who_read.intro')}
      </Typography>
      <List dense>
        {events.map((e, i) => (
          <ListItem key={i} disableGutters>
            <ListItemText
              primary={translate('tl.sessions.who_read.line', {
                reader: e.readerName ?? translate('tl.sessions.who_read.someone'),
                what: translate(`tl.sessions.who_read.fields.${e.field}`, { _: e.field }),
              })}
              secondary={formatWhen(e.readAt)}
            />
          </ListItem>
        ))}
      </List>
    </Section>
  );
}
