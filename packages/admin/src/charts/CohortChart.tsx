import { Box, LinearProgress, Typography } from '@mui/material';
import { useId } from 'react';
import { percent, type CohortFunnel, type CohortStageName } from './types';

const STAGES: Record<CohortStageName, { label: string; explain: string }> = {
  DUE: { label: 'Due', explain: 'sessions of the window that have come due' },
  HELD: { label: 'Held', explain: 'due sessions that were held' },
  GOOD: { label: 'Good', explain: 'held sessions rated at or above the district’s on-track quality' },
  ACTED_ON: { label: 'Acted on', explain: 'good sessions from which at least one action came' },
  FOLLOWED_THROUGH: {
    label: 'Followed through',
    explain: 'acted-on sessions with an action done by its original due day',
  },
  CHANGE_CORROBORATED: {
    label: 'Change corroborated',
    explain: 'followed-through sessions whose change in practice a second person corroborated',
  },
  CHANGE_SUSTAINED: {
    label: 'Change sustained',
    explain: 'corroborated sessions whose change was re-checked as sustained',
  },
};

function sessionsWord(n: number): string {
  return n === 1 ? 'session' : 'sessions';
}

export interface CohortChartProps {
  /** `Funnel.cohort` of any scope, as the API returns it. */
  cohort: CohortFunnel;
}

/**
 * The cohort funnel: the window's due sessions followed stage by stage, each stage a subset of the one before. One
 * row per stage with its count and its share of the previous stage; the bar is the share of the due sessions, so the
 * rows narrow like a funnel. Each bar is a labelled progress bar for screen readers.
 */
export function CohortChart({ cohort }: CohortChartProps) {
  const headingId = useId();
  const due = cohort.stages.find((s) => s.stage === 'DUE')?.sessions ?? 0;
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Typography variant="subtitle2" component="h3" id={headingId}>
        The window’s due sessions, stage by stage
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mb: 1 }}>
        One group of sessions followed through: each stage counts those of the stage before that got this far.
      </Typography>
      {due === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No session has come due in this window yet.
        </Typography>
      ) : (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {cohort.stages.map((s) => {
            const look = STAGES[s.stage] ?? { label: s.stage, explain: '' };
            const share =
              s.stage === 'DUE' || s.rateOfPrevious === null
                ? `${s.sessions} ${sessionsWord(s.sessions)}`
                : `${s.sessions} ${sessionsWord(s.sessions)}, ${percent(s.rateOfPrevious)} of the previous stage`;
            return (
              <Box
                component="li"
                key={s.stage}
                sx={{
                  display: 'grid',
                  gridTemplateColumns: { xs: '1fr', sm: '170px 1fr 190px' },
                  columnGap: 2,
                  alignItems: 'center',
                  py: 0.5,
                }}
              >
                <Typography variant="body2" sx={{ fontWeight: 600 }} title={look.explain}>
                  {look.label}
                </Typography>
                <LinearProgress
                  variant="determinate"
                  value={Math.round((s.rateOfDue ?? 0) * 100)}
                  aria-label={`${look.label}: ${look.explain}`}
                  aria-valuetext={`${share}; ${percent(s.rateOfDue)} of the due sessions`}
                  sx={{ height: 10, borderRadius: 1 }}
                />
                <Typography variant="body2" color="text.primary">
                  <strong>{s.sessions}</strong>
                  <Box component="span" sx={{ color: 'text.secondary' }}>
                    {s.stage === 'DUE'
                      ? ' due'
                      : s.rateOfPrevious === null
                        ? ''
                        : ` · ${percent(s.rateOfPrevious)} of previous`}
                  </Box>
                </Typography>
              </Box>
            );
          })}
        </Box>
      )}
      {cohort.qualityUnknown > 0 && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
          {cohort.qualityUnknown} held {sessionsWord(cohort.qualityUnknown)} still being rated or with too few raters:
          they cannot count as good yet.
        </Typography>
      )}
    </Box>
  );
}
