import { Box, LinearProgress, Stack, Typography } from '@mui/material';
import { session as portalSession } from '../../portal';
import { formatWhen } from '../../common/when';
import { Section } from './Section';
import { scoreKey, type SessionRecord } from './types';
import { useTranslate } from 'react-admin';
import { useFormatNumber } from '../../i18n/format';

const ONE_DECIMAL = { minimumFractionDigits: 1, maximumFractionDigits: 1 };

function Bar({ label, value, caption }: { label: string; value: number; caption: string }) {
  return (
    <Box>
      <Stack direction="row" sx={{ justifyContent: 'space-between' }}>
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" color="text.secondary">
          {caption}
        </Typography>
      </Stack>
      <LinearProgress
        variant="determinate"
        value={((value - 1) / 3) * 100}
        aria-label={`${label}: ${caption}`}
        sx={{ height: 6, borderRadius: 3 }}
      />
    </Box>
  );
}

/**
 * Quality as the API gives it: nothing while the rating window is open, then the mean of each rater's mean only
 * where at least the district's minimum of people other than the facilitator rated (so no rater can be singled
 * out); the facilitator's self-rating apart, for those who may see it; and the reader's own ratings.
 */
export function QualityPanel({ session }: { session: SessionRecord }) {
  const translate = useTranslate();
  const num = useFormatNumber();
  if (session.state !== 'HELD') return null;
  const q = session.quality;
  // Only attendees rate, so "your ratings" means something only to them.
  const attended = session.attendees.some((a) => a.id === portalSession.viewer?.staffMember?.id);
  return (
    <Section title={translate('tl.sessions.quality.title')}>
      {q?.status === 'PUBLISHED' && q.overall !== null ? (
        <Stack spacing={1}>
          <Typography variant="body1">
            {translate('tl.sessions.quality.overall_label')} <strong>{num(q.overall, ONE_DECIMAL)}</strong>{' '}
            {translate('tl.sessions.quality.of_4_from', { smart_count: q.raterCount ?? 0 })}
          </Typography>
          {q.criteria.map((c) => (
            <Bar key={c.criterionId} label={c.criterionName} value={c.mean} caption={num(c.mean, ONE_DECIMAL)} />
          ))}
        </Stack>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {q?.status === 'RATING_OPEN'
            ? translate('tl.sessions.quality.rating_open', {
                until: formatWhen(q.ratingClosesAt),
                min: q.minRaters,
              })
            : translate('tl.sessions.quality.withheld', { min: q?.minRaters ?? 3 })}
        </Typography>
      )}
      {q && q.selfRating !== null && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {translate('tl.sessions.quality.self_rating', { score: num(q.selfRating, ONE_DECIMAL) })}
        </Typography>
      )}
      {attended && (
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          {translate('tl.sessions.quality.your_ratings')}
        </Typography>
      )}
      {!attended ? null : session.myRatings.length ? (
        <Stack spacing={0.5}>
          {session.myRatings.map((r) => (
            <Stack key={r.criterionId} direction="row" sx={{ justifyContent: 'space-between' }}>
              <Typography variant="body2">{r.criterionName}</Typography>
              <Typography variant="body2">
                {r.score} &middot; {translate(scoreKey(r.score))}
              </Typography>
            </Stack>
          ))}
        </Stack>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {translate('tl.sessions.quality.not_rated')}
        </Typography>
      )}
    </Section>
  );
}
