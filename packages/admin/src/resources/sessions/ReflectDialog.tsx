import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Loading, useGetList, useNotify, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { boundaryKey, type SessionRecord } from './types';

const SAVE = `mutation($input: ReflectionSaveInput!) { reflectionSave(input: $input) { reflection { id } } }`;

/**
 * An attendee reflects with the district's prompts. Only answered prompts are sent; saving again replaces the
 * reflection. Sharing makes it readable inside the conversation's boundary; otherwise it stays the author's.
 */
export function ReflectDialog({ session, onClose }: { session: SessionRecord; onClose: () => void }) {
  const { data: prompts, isPending } = useGetList<{ id: string; text: string }>('reflectionPrompts', {
    filter: { active: true },
    pagination: { page: 1, perPage: 100 },
  });
  const mine = session.reflections.find((r) => r.mine);
  const [answers, setAnswers] = useState<Record<string, string>>(() =>
    Object.fromEntries((mine?.answers ?? []).map((a) => [a.promptId, a.answer])),
  );
  const [shared, setShared] = useState(mine?.shared ?? false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const refresh = useRefresh();
  const notice = useApiFailureNotice({ pointToFields: true });
  const boundary = translate(boundaryKey(session.conversation?.confidentiality) ?? 'tl.sessions.reflect.the_boundary');

  const save = async () => {
    const sent = (prompts ?? [])
      .filter((p) => answers[p.id]?.trim())
      .map((p) => ({ promptId: p.id, answer: answers[p.id] }));
    setSaving(true);
    setErrors({});
    setGeneral(null);
    try {
      await graphql(SAVE, { input: { sessionId: session.id, answers: sent, shared } });
      notify(shared ? 'tl.sessions.reflect.saved_shared' : 'tl.sessions.reflect.saved_private', { type: 'success' });
      onClose();
      refresh();
    } catch (error) {
      const byPrompt: Record<string, string> = {};
      const rest: string[] = [];
      for (const [field, message] of Object.entries(fieldErrorsOf(error) ?? {})) {
        const row = /^answers\.(\d+)\./.exec(field);
        if (row && sent[Number(row[1])]) byPrompt[sent[Number(row[1])].promptId] = message;
        else rest.push(message);
      }
      setErrors(byPrompt);
      setGeneral(rest.length ? rest.join(' ') : null);
      notice(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>{translate('tl.sessions.reflect.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('tl.sessions.reflect.intro')}
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
            {(prompts ?? []).map((p) => (
              <TextField
                key={p.id}
                label={p.text}
                multiline
                minRows={2}
                value={answers[p.id] ?? ''}
                onChange={(e) => setAnswers({ ...answers, [p.id]: e.target.value })}
                error={Boolean(errors[p.id])}
                helperText={errors[p.id]}
              />
            ))}
            <div>
              <Typography variant="subtitle2">{translate('tl.sessions.reflect.share')}</Typography>
              <RadioGroup row value={shared ? 'yes' : 'no'} onChange={(e) => setShared(e.target.value === 'yes')}>
                <FormControlLabel
                  value="no"
                  control={<Radio />}
                  label={translate('tl.sessions.reflect.keep_private')}
                />
                <FormControlLabel
                  value="yes"
                  control={<Radio />}
                  label={translate('tl.sessions.reflect.share_with', { who: boundary })}
                />
              </RadioGroup>
            </div>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.sessions.reflect.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving}>
          {translate('tl.sessions.reflect.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
