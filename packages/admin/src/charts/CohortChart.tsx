import { Box, LinearProgress, Typography } from '@mui/material';
import { useId } from 'react';
import { useTranslate } from 'react-admin';
import { percent, type CohortFunnel, type CohortStageName } from './types';

/** The stages the chart knows; each is named and explained by `tl.charts.cohort.stages.<STAGE>.label|explain`. */
const STAGES: CohortStageName[] = [
  'DUE',
  'HELD',
  'GOOD',
  'ACTED_ON',
  'FOLLOWED_THROUGH',
  'CHANGE_CORROBORATED',
  'CHANGE_SUSTAINED',
];

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
  const translate = useTranslate();
  const due = cohort.stages.find((s) => s.stage === 'DUE')?.sessions ?? 0;
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Typography variant="subtitle2" component="h3" id={headingId}>
        {translate('tl.charts.cohort.title')}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mb: 1 }}>
        {translate('tl.charts.cohort.explain')}
      </Typography>
      {due === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate('tl.charts.cohort.empty')}
        </Typography>
      ) : (
        <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {cohort.stages.map((s) => {
            const look = STAGES.includes(s.stage)
              ? {
                  label: translate(`tl.charts.cohort.stages.${s.stage}.label`),
                  explain: translate(`tl.charts.cohort.stages.${s.stage}.explain`),
                }
              : { label: s.stage, explain: '' };
            const sessions = translate('tl.charts.cohort.sessions', { smart_count: s.sessions });
            const share =
              s.stage === 'DUE' || s.rateOfPrevious === null
                ? sessions
                : translate('tl.charts.cohort.share', { sessions, rate: percent(s.rateOfPrevious) });
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
                  aria-valuetext={translate('tl.charts.cohort.valuetext', { share, rate: percent(s.rateOfDue) })}
                  sx={{ height: 10, borderRadius: 1 }}
                />
                <Typography variant="body2" color="text.primary">
                  <strong>{s.sessions}</strong>
                  <Box component="span" sx={{ color: 'text.secondary' }}>
                    {s.stage === 'DUE'
                      ? ` ${translate('tl.charts.cohort.due')}`
                      : s.rateOfPrevious === null
                        ? ''
                        : ` · ${translate('tl.charts.cohort.of_previous', { rate: percent(s.rateOfPrevious) })}`}
                  </Box>
                </Typography>
              </Box>
            );
          })}
        </Box>
      )}
      {cohort.qualityUnknown > 0 && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block', mt: 1 }}>
          {translate('tl.charts.cohort.quality_unknown', { smart_count: cohort.qualityUnknown })}
        </Typography>
      )}
    </Box>
  );
}
