import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { CalendarLimits } from '@throughline/shared';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { sessionChangesText } from './calendar';

const IMPORT = `mutation($input: NonSchoolDaysImportInput!) {
  nonSchoolDaysImport(input: $input) { created updated unchanged removed sessionsRemoved sessionsScheduled } }`;

interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  sessionsRemoved: number;
  sessionsScheduled: number;
}

/**
 * Imports an iCalendar (.ics) file, such as the district calendar exported from Google Calendar or Outlook. Events
 * are matched by their UID, so importing the same file again adds nothing and updates what changed.
 */
export function ImportCalendarDialog({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [replaceImported, setReplaceImported] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const notice = useApiFailureNotice({ shownFields: ['icalendar'] });

  const save = async () => {
    if (!file) return;
    setError(undefined);
    if (file.size > CalendarLimits.ICALENDAR_BYTES_MAX) {
      setError(translate('tl.settings.calendar.import.tooBig', { size: Math.ceil(file.size / 1000) }));
      return;
    }
    setSaving(true);
    try {
      const icalendar = await file.text();
      const r = (
        await graphql<{ nonSchoolDaysImport: ImportResult }>(IMPORT, { input: { icalendar, replaceImported } })
      ).nonSchoolDaysImport;
      const counts = [
        translate('tl.settings.calendar.import.created', { smart_count: r.created }),
        translate('tl.settings.calendar.import.updated', { smart_count: r.updated }),
        translate('tl.settings.calendar.import.unchanged', { smart_count: r.unchanged }),
        ...(replaceImported ? [translate('tl.settings.calendar.import.removed', { smart_count: r.removed })] : []),
      ].join(', ');
      notify(
        translate('tl.settings.calendar.import.done', {
          counts,
          changes: sessionChangesText(translate, r.sessionsRemoved, r.sessionsScheduled),
        }),
        { type: 'success', multiLine: true },
      );
      onSaved();
      onClose();
    } catch (e) {
      setError(fieldErrorsOf(e)?.icalendar);
      notice(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{translate('tl.settings.calendar.import.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('tl.settings.calendar.import.intro', { events: CalendarLimits.ICALENDAR_EVENTS_MAX })}
        </Typography>
        <Button variant="outlined" component="label">
          {file ? file.name : translate('tl.settings.calendar.import.choose')}
          <input
            hidden
            type="file"
            accept=".ics,text/calendar"
            aria-label={translate('tl.settings.calendar.import.fileLabel')}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(undefined);
            }}
          />
        </Button>
        <FormControlLabel
          sx={{ display: 'block', mt: 2 }}
          control={<Checkbox checked={replaceImported} onChange={(e) => setReplaceImported(e.target.checked)} />}
          label={translate('tl.settings.calendar.import.replace')}
        />
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.settings.common.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !file}>
          {translate('tl.settings.calendar.import.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
