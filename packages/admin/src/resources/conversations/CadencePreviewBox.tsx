import { Alert, Box, CircularProgress, Stack, Typography } from '@mui/material';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { formatWhen } from '../../common/when';

interface Preview {
  cadencePreview: {
    valid: boolean;
    error: string | null;
    description: string;
    normalized: string | null;
    nextDates: string[];
    skippedDates: { startsAt: string; day: string; reason: string }[];
  };
}

const QUERY = `query CadencePreview($cadence: String, $firstStartsAt: String!, $scheduleUntil: LocalDate) {
  cadencePreview(cadence: $cadence, firstStartsAt: $firstStartsAt, scheduleUntil: $scheduleUntil, count: 5) {
    valid error description normalized nextDates skippedDates { startsAt day reason }
  }
}`;

const LOCAL_START = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** Waits until typing pauses, so the preview asks the API once per pause, not once per key. */
function useSettled<T>(value: T, ms = 350): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/**
 * The API reads the rule back in plain words with the first five dates, in the district's time zone, with the dates
 * it skips because they fall on a non-school day of the district calendar (struck through, with the day's name), and
 * says when it would schedule more sessions up to `scheduleUntil` (empty: the end of the school year) than a series
 * may have.
 */
export function CadencePreviewBox({
  cadence,
  firstStartsAt,
  scheduleUntil,
}: {
  cadence: string;
  firstStartsAt: string;
  scheduleUntil?: string | null;
}) {
  const translate = useTranslate();
  const vars = useSettled({ cadence: cadence.trim() || null, firstStartsAt, scheduleUntil: scheduleUntil || null });
  const ready = LOCAL_START.test(vars.firstStartsAt);
  const { data, error, isFetching } = useGraphqlQuery<Preview>(['cadencePreview'], QUERY, vars, {
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  if (!ready)
    return <Typography color="text.secondary">{translate('tl.conversations.preview.choose_start')}</Typography>;
  if (error) return <Alert severity="error">{messageOf(error)}</Alert>;
  const p = data?.cadencePreview;
  return (
    <Box aria-live="polite">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2">
          {p?.valid
            ? p.description || translate('tl.conversations.preview.just_once')
            : p?.description || translate('tl.conversations.preview.not_working')}
        </Typography>
        {isFetching && <CircularProgress size={14} />}
      </Stack>
      {p && !p.valid && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          {p.error}
        </Alert>
      )}
      {p?.valid && (
        <>
          <Typography variant="caption" color="text.secondary">
            {translate('tl.conversations.preview.first_n', { smart_count: Math.max(p.nextDates.length, 1) })}
          </Typography>
          {[
            ...p.nextDates.map((d) => ({ at: d, skipped: null as string | null })),
            ...p.skippedDates.map((s) => ({ at: s.startsAt, skipped: s.reason })),
          ]
            .sort((a, b) => a.at.localeCompare(b.at))
            .map(({ at, skipped }) =>
              skipped === null ? (
                <Typography key={at} variant="body2">
                  {formatWhen(at)}
                </Typography>
              ) : (
                <Typography key={at} variant="body2" color="text.secondary">
                  <s>{formatWhen(at)}</s> {translate('tl.conversations.preview.skipped', { reason: skipped })}
                </Typography>
              ),
            )}
        </>
      )}
    </Box>
  );
}
