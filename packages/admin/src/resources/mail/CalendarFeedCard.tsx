import { Alert, Box, Button, Card, CardContent, CardHeader, Link, Stack, TextField, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useState } from 'react';
import { Confirm } from 'react-admin';
import { graphql } from '../../portal';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useCardAction } from '../../common/useCardAction';
import { FEED_CREATE, FEED_REVOKE, MY_FEEDS, type CalendarFeed, type FeedLink } from './queries';

const KIND_NAMES = { PERSON: 'Your sessions', SCHOOL: 'A school’s sessions', CONVERSATION: 'One conversation' };

/**
 * The person's private calendar feed: its webcal:// link and https URL with a copy button, shown once when the feed
 * is made (only the token's hash is kept, so a lost link is replaced, not shown again); a new link (the old one
 * stops working) and turning it off, each after a confirmation. Other live feeds (a school's, a conversation's) can
 * be turned off here too.
 */
export function CalendarFeedCard() {
  const { data, error } = useGraphqlQuery<{ myCalendarFeeds: CalendarFeed[] }>(['myCalendarFeeds'], MY_FEEDS);
  const { busy, run } = useCardAction([['myCalendarFeeds']]);
  const [link, setLink] = useState<FeedLink | null>(null);
  const [copyStatus, setCopyStatus] = useState('');
  const [confirming, setConfirming] = useState<null | 'regenerate' | { revoke: CalendarFeed }>(null);
  const feeds = data?.myCalendarFeeds ?? [];
  const mine = feeds.find((f) => f.kind === 'PERSON') ?? null;
  const others = feeds.filter((f) => f.kind !== 'PERSON');

  const create = () =>
    void run(async () => {
      const made = await graphql<{ calendarFeedCreate: { url: string; webcalUrl: string; feed: CalendarFeed } }>(
        FEED_CREATE,
        { input: { kind: 'PERSON' } },
      );
      setCopyStatus('');
      setLink({
        feedId: made.calendarFeedCreate.feed.id,
        url: made.calendarFeedCreate.url,
        webcalUrl: made.calendarFeedCreate.webcalUrl,
      });
    }, 'A new calendar link is ready');
  const revoke = (feed: CalendarFeed) =>
    void run(async () => {
      await graphql(FEED_REVOKE, { input: { id: feed.id } });
      if (link?.feedId === feed.id) setLink(null);
    }, 'The calendar link no longer works');
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopyStatus('Link copied. Paste it into your calendar app as a subscription (“From URL”).');
    } catch {
      setCopyStatus('Your browser did not let the page copy: select the link above and copy it yourself.');
    }
  };
  const shown = link && mine && link.feedId === mine.id ? link : null;

  return (
    <Card>
      <CardHeader
        title="Your calendar feed"
        subheader="A private link your calendar app subscribes to: the sessions you facilitate or are expected at, from eight weeks back, with their time, purpose, protocol and the evidence to bring. Never notes or reflections."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">Your calendar feeds could not be read: {error.message}</Alert>}
        {data && !mine && (
          <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
            <Typography variant="body2">You have no calendar link yet.</Typography>
            <Button variant="contained" disabled={busy} onClick={create}>
              Create my calendar link
            </Button>
          </Stack>
        )}
        {mine && (
          <Stack spacing={2}>
            {shown ? (
              <Box>
                <Alert severity="info" sx={{ mb: 2 }}>
                  This link is shown only now: Throughline keeps just a fingerprint of it. Anyone who has it sees your
                  sessions, so keep it to yourself; if it gets out, make a new one.
                </Alert>
                <Typography variant="body2" sx={{ mb: 1 }}>
                  <Link href={shown.webcalUrl}>Subscribe in your calendar app</Link> (opens the webcal:// link)
                </Typography>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <TextField
                    label="Calendar link"
                    value={shown.url}
                    size="small"
                    fullWidth
                    slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
                    onFocus={(e) => e.target.select()}
                  />
                  <Button startIcon={<ContentCopyIcon />} variant="outlined" onClick={() => void copy()}>
                    Copy link
                  </Button>
                </Stack>
                <Typography variant="body2" role="status" aria-live="polite" sx={{ mt: 1, minHeight: '1.5em' }}>
                  {copyStatus}
                </Typography>
              </Box>
            ) : (
              <Typography variant="body2">
                Your calendar link was made {formatWhen(mine.createdAt)}. It is shown only when it is made; if you no
                longer have it, make a new one.
              </Typography>
            )}
            <Stack direction="row" spacing={1}>
              <Button variant="outlined" disabled={busy} onClick={() => setConfirming('regenerate')}>
                Make a new link
              </Button>
              <Button color="error" disabled={busy} onClick={() => setConfirming({ revoke: mine })}>
                Turn off the link
              </Button>
            </Stack>
          </Stack>
        )}
        {others.length > 0 && (
          <Box sx={{ mt: 2 }}>
            <Typography variant="subtitle2">Your shared calendar links</Typography>
            <Stack component="ul" aria-label="Shared calendar links" sx={{ pl: 2, my: 0 }}>
              {others.map((f) => (
                <li key={f.id}>
                  {KIND_NAMES[f.kind]}, made {formatWhen(f.createdAt)}{' '}
                  <Button size="small" color="error" disabled={busy} onClick={() => setConfirming({ revoke: f })}>
                    Turn off
                  </Button>
                </li>
              ))}
            </Stack>
          </Box>
        )}
      </CardContent>
      <Confirm
        isOpen={confirming !== null}
        title={confirming === 'regenerate' ? 'Make a new calendar link?' : 'Turn off this calendar link?'}
        content={
          confirming === 'regenerate'
            ? 'The link you have now stops working at once: calendars subscribed to it stop updating until you subscribe them to the new one.'
            : 'Calendars subscribed to it stop updating. You can make a new link at any time.'
        }
        confirm={confirming === 'regenerate' ? 'Make a new link' : 'Turn off'}
        loading={busy}
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          const what = confirming;
          setConfirming(null);
          if (what === 'regenerate') create();
          else if (what) revoke(what.revoke);
        }}
      />
    </Card>
  );
}
