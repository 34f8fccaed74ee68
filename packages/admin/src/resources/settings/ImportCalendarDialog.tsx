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
import { useNotify } from 'react-admin';
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
  const notice = useApiFailureNotice({ shownFields: ['icalendar'] });

  const save = async () => {
    if (!file) return;
    setError(undefined);
    if (file.size > CalendarLimits.ICALENDAR_BYTES_MAX) {
      setError(`The file is ${Math.ceil(file.size / 1000)} KB; an import takes at most 500 KB.`);
      return;
    }
    setSaving(true);
    try {
      const icalendar = await file.text();
      const r = (
        await graphql<{ nonSchoolDaysImport: ImportResult }>(IMPORT, { input: { icalendar, replaceImported } })
      ).nonSchoolDaysImport;
      const counts = [
        `${r.created} added`,
        `${r.updated} updated`,
        `${r.unchanged} unchanged`,
        ...(replaceImported ? [`${r.removed} removed`] : []),
      ].join(', ');
      notify(`Calendar imported: ${counts}${sessionChangesText(r.sessionsRemoved, r.sessionsScheduled)}`, {
        type: 'success',
        multiLine: true,
      });
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
      <DialogTitle>Import a calendar file</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          An iCalendar (.ics) file of at most 500 KB and {CalendarLimits.ICALENDAR_EVENTS_MAX} events. Each event
          becomes a non-school day: all-day events as written, timed ones on the days they touch in the district’s time
          zone. Importing the same file again adds nothing and updates what changed.
        </Typography>
        <Button variant="outlined" component="label">
          {file ? file.name : 'Choose a file'}
          <input
            hidden
            type="file"
            accept=".ics,text/calendar"
            aria-label="iCalendar file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setError(undefined);
            }}
          />
        </Button>
        <FormControlLabel
          sx={{ display: 'block', mt: 2 }}
          control={<Checkbox checked={replaceImported} onChange={(e) => setReplaceImported(e.target.checked)} />}
          label="Also delete imported days that are not in this file (days added by hand stay)"
        />
        {error && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={saving || !file}>
          Import
        </Button>
      </DialogActions>
    </Dialog>
  );
}
