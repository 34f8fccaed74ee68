import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormHelperText,
  Stack,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Loading, useGetList, useNotify, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { scoreKey, type SessionRecord } from './types';

const RATE = `mutation($input: SessionRateInput!) { sessionRate(input: $input) { session { id } } }`;

/**
 * An attendee rates a held session 1-4 on each active criterion of the district's rubric. Their earlier scores are
 * filled in; rating a criterion again changes it. Criteria left blank are not sent.
 */
export function RateSessionDialog({ session, onClose }: { session: SessionRecord; onClose: () => void }) {
  const { data: criteria, isPending } = useGetList<{ id: string; name: string; description: string }>(
    'rubricCriteria',
    { filter: { active: true }, pagination: { page: 1, perPage: 100 } },
  );
  const [scores, setScores] = useState<Record<string, number>>(() =>
    Object.fromEntries(session.myRatings.map((r) => [r.criterionId, r.score])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const notice = useApiFailureNotice({ pointToFields: true });

  const save = async () => {
    const ratings = (criteria ?? [])
      .filter((c) => scores[c.id])
      .map((c) => ({ criterionId: c.id, score: scores[c.id] }));
    setSaving(true);
    setErrors({});
    setGeneral(null);
    try {
      await graphql(RATE, { input: { sessionId: session.id, ratings } });
      notify('tl.sessions.rate.saved', { type: 'success' });
      onClose();
      refresh();
    } catch (error) {
      // The API names rows by their place in what was sent ("ratings.2.score"): put each message on its criterion.
      const byCriterion: Record<string, string> = {};
      const rest: string[] = [];
      for (const [field, message] of Object.entries(fieldErrorsOf(error) ?? {})) {
        const row = /^ratings\.(\d+)\./.exec(field);
        if (row && ratings[Number(row[1])]) byCriterion[ratings[Number(row[1])].criterionId] = message;
        else rest.push(message);
      }
      setErrors(byCriterion);
      setGeneral(rest.length ? rest.join(' ') : null);
      notice(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{translate('tl.sessions.rate.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('tl.sessions.rate.intro')}
        </Typography>
        {general && (
          <Alert severity="error" sx={{ mb: 2 }}>
            {general}
          </Alert>
        )}
        {isPending ? (
          <Loading />
        ) : (
          <Stack spacing={2}>
            {(criteria ?? []).map((c) => (
              <Stack
                key={c.id}
                direction={{ xs: 'column', md: 'row' }}
                spacing={2}
                sx={{ alignItems: { md: 'center' }, justifyContent: 'space-between' }}
              >
                <div style={{ flex: 1 }}>
                  <Typography variant="subtitle2">{c.name}</Typography>
                  <Typography variant="caption" color="text.secondary">
                    {c.description}
                  </Typography>
                  {errors[c.id] && <FormHelperText error>{errors[c.id]}</FormHelperText>}
                </div>
                <ToggleButtonGroup
                  size="small"
                  color="primary"
                  exclusive
                  value={scores[c.id] ?? null}
                  onChange={(_e, v: number | null) => v !== null && setScores({ ...scores, [c.id]: v })}
                  aria-label={c.name}
                >
                  {[1, 2, 3, 4].map((n) => (
                    <ToggleButton key={n} value={n} sx={{ px: 1.5 }}>
                      {n} {translate(scoreKey(n))}
                    </ToggleButton>
                  ))}
                </ToggleButtonGroup>
              </Stack>
            ))}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.sessions.rate.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !Object.keys(scores).length}>
          {translate('tl.sessions.rate.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
