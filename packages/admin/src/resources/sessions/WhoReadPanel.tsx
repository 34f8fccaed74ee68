import { List, ListItem, ListItemText, Typography } from '@mui/material';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';

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

const LABELS: Record<string, string> = {
  notes: 'the notes',
  checkIn: 'the check-in lines',
  checkOut: 'the check-out lines',
  answers: 'your reflection',
  learnerLabel: 'a learner’s label you recorded',
  studentId: 'a learner’s student id you recorded',
  recordingReference: 'where the recording is kept',
};

/**
 * Who else read what you wrote here (the notes you logged, your shared reflection): the API's read audit, shown to
 * the author only. Nothing shows for anyone else.
 */
export function WhoReadPanel({ session }: { session: SessionRecord }) {
  const { data } = useGraphqlQuery<WhoRead>(['whoRead', session.id], QUERY, { id: session.id });
  const events = [
    ...(data?.session?.readEvents ?? []),
    ...(data?.session?.reflections.filter((r) => r.mine).flatMap((r) => r.readEvents) ?? []),
  ].sort((a, b) => b.readAt.localeCompare(a.readAt));
  if (!data?.session || events.length === 0) return null;
  return (
    <Section title="Who read what you wrote">
      <Typography variant="body2" color="text.secondary">
        Every time someone else reads your notes or your shared reflection, it is recorded (never the text).
      </Typography>
      <List dense>
        {events.map((e, i) => (
          <ListItem key={i} disableGutters>
            <ListItemText
              primary={`${e.readerName ?? 'Someone'} read ${LABELS[e.field] ?? e.field}`}
              secondary={formatWhen(e.readAt)}
            />
          </ListItem>
        ))}
      </List>
    </Section>
  );
}
