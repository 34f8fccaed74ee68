import { Box, LinearProgress, Stack, Typography } from '@mui/material';
import { session as portalSession } from '../../portal';
import { formatWhen } from '../../common/when';
import { Section } from './Section';
import { SCORE_LABELS, type SessionRecord } from './types';

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
  if (session.state !== 'HELD') return null;
  const q = session.quality;
  // Only attendees rate, so "your ratings" means something only to them.
  const attended = session.attendees.some((a) => a.id === portalSession.viewer?.staffMember?.id);
  return (
    <Section title="Quality">
      {q?.status === 'PUBLISHED' && q.overall !== null ? (
        <Stack spacing={1}>
          <Typography variant="body1">
            Overall <strong>{q.overall.toFixed(1)}</strong> of 4, from {q.raterCount} raters
          </Typography>
          {q.criteria.map((c) => (
            <Bar key={c.criterionId} label={c.criterionName} value={c.mean} caption={c.mean.toFixed(1)} />
          ))}
        </Stack>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {q?.status === 'RATING_OPEN'
            ? `Not yet published: rating is open until ${formatWhen(q.ratingClosesAt)}; the group's ratings appear after that if at least ${q.minRaters} people other than the facilitator rated.`
            : `Withheld: fewer than ${q?.minRaters ?? 3} people other than the facilitator rated this session.`}
        </Typography>
      )}
      {q && q.selfRating !== null && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          Facilitator&rsquo;s self-rating (not in the overall): {q.selfRating.toFixed(1)} of 4
        </Typography>
      )}
      {attended && (
        <Typography variant="subtitle2" sx={{ mt: 2 }}>
          Your ratings
        </Typography>
      )}
      {!attended ? null : session.myRatings.length ? (
        <Stack spacing={0.5}>
          {session.myRatings.map((r) => (
            <Stack key={r.criterionId} direction="row" sx={{ justifyContent: 'space-between' }}>
              <Typography variant="body2">{r.criterionName}</Typography>
              <Typography variant="body2">
                {r.score} &middot; {SCORE_LABELS[r.score]}
              </Typography>
            </Stack>
          ))}
        </Stack>
      ) : (
        <Typography variant="body2" color="text.secondary">
          You have not rated this session.
        </Typography>
      )}
    </Section>
  );
}
