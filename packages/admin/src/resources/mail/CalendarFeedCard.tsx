import { Alert, Box, Button, Card, CardContent, CardHeader, Link, Stack, TextField, Typography } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useState } from 'react';
import { Confirm, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useCardAction } from '../../common/useCardAction';
import { FEED_CREATE, FEED_REVOKE, MY_FEEDS, type CalendarFeed, type FeedLink } from './queries';

/**
 * The person's private calendar feed: its webcal:// link and https URL with a copy button, shown once when the feed
 * is made (only the token's hash is kept, so a lost link is replaced, not shown again); a new link (the old one
 * stops working) and turning it off, each after a confirmation. Other live feeds (a school's, a conversation's) can
 * be turned off here too.
 */
export function CalendarFeedCard() {
  const { data, error } = useGraphqlQuery<{ myCalendarFeeds: CalendarFeed[] }>(['myCalendarFeeds'], MY_FEEDS);
  const { busy, run } = useCardAction([['myCalendarFeeds']]);
  const translate = useTranslate();
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
    }, translate('tl.mail.feed.created'));
  const revoke = (feed: CalendarFeed) =>
    void run(async () => {
      await graphql(FEED_REVOKE, { input: { id: feed.id } });
      if (link?.feedId === feed.id) setLink(null);
    }, translate('tl.mail.feed.revoked'));
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link.url);
      setCopyStatus(translate('tl.mail.feed.copied'));
    } catch {
      setCopyStatus(translate('tl.mail.feed.copyFailed'));
    }
  };
  const shown = link && mine && link.feedId === mine.id ? link : null;

  return (
    <Card>
      <CardHeader
        title={translate('tl.mail.feed.title')}
        subheader={translate('tl.mail.feed.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">{translate('tl.mail.feed.readError', { message: error.message })}</Alert>}
        {data && !mine && (
          <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
            <Typography variant="body2">{translate('tl.mail.feed.none')}</Typography>
            <Button variant="contained" disabled={busy} onClick={create}>
              {translate('tl.mail.feed.create')}
            </Button>
          </Stack>
        )}
        {mine && (
          <Stack spacing={2}>
            {shown ? (
              <Box>
                <Alert severity="info" sx={{ mb: 2 }}>
                  {translate('tl.mail.feed.shownOnce')}
                </Alert>
                <Typography variant="body2" sx={{ mb: 1 }}>
                  <Link href={shown.webcalUrl}>{translate('tl.mail.feed.subscribe')}</Link>{' '}
                  {translate('tl.mail.feed.subscribeNote')}
                </Typography>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                  <TextField
                    label={translate('tl.mail.feed.link')}
                    value={shown.url}
                    size="small"
                    fullWidth
                    slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
                    onFocus={(e) => e.target.select()}
                  />
                  <Button startIcon={<ContentCopyIcon />} variant="outlined" onClick={() => void copy()}>
                    {translate('tl.mail.feed.copy')}
                  </Button>
                </Stack>
                <Typography variant="body2" role="status" aria-live="polite" sx={{ mt: 1, minHeight: '1.5em' }}>
                  {copyStatus}
                </Typography>
              </Box>
            ) : (
              <Typography variant="body2">
                {translate('tl.mail.feed.made', { date: formatWhen(mine.createdAt) })}
              </Typography>
            )}
            <Stack direction="row" spacing={1}>
              <Button variant="outlined" disabled={busy} onClick={() => setConfirming('regenerate')}>
                {translate('tl.mail.feed.regenerate')}
              </Button>
              <Button color="error" disabled={busy} onClick={() => setConfirming({ revoke: mine })}>
                {translate('tl.mail.feed.turnOffLink')}
              </Button>
            </Stack>
          </Stack>
        )}
        {others.length > 0 && (
          <Box sx={{ mt: 2 }}>
            <Typography variant="subtitle2">{translate('tl.mail.feed.shared')}</Typography>
            <Stack component="ul" aria-label={translate('tl.mail.feed.sharedLabel')} sx={{ pl: 2, my: 0 }}>
              {others.map((f) => (
                <li key={f.id}>
                  {translate('tl.mail.feed.sharedItem', {
                    kind: translate(`tl.mail.feed.kinds.${f.kind}`),
                    date: formatWhen(f.createdAt),
                  })}{' '}
                  <Button size="small" color="error" disabled={busy} onClick={() => setConfirming({ revoke: f })}>
                    {translate('tl.mail.feed.turnOff')}
                  </Button>
                </li>
              ))}
            </Stack>
          </Box>
        )}
      </CardContent>
      <Confirm
        isOpen={confirming !== null}
        title={confirming === 'regenerate' ? 'tl.mail.feed.confirmRegenerateTitle' : 'tl.mail.feed.confirmRevokeTitle'}
        content={confirming === 'regenerate' ? 'tl.mail.feed.confirmRegenerate' : 'tl.mail.feed.confirmRevoke'}
        confirm={confirming === 'regenerate' ? 'tl.mail.feed.regenerate' : 'tl.mail.feed.turnOff'}
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
