import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import { CalendarLimits, type NonSchoolDayKind } from '@throughline/shared';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { DAY_FIELDS, KIND_CHOICES, sessionChangesText, type NonSchoolDayRecord } from './calendar';

const CHANGES = 'sessionsRemoved sessionsScheduled';
const CREATE = `mutation($input: NonSchoolDayCreateInput!) {
  nonSchoolDayCreate(input: $input) { ${CHANGES} nonSchoolDay { ${DAY_FIELDS} } } }`;
const UPDATE = `mutation($input: NonSchoolDayUpdateInput!) {
  nonSchoolDayUpdate(input: $input) { ${CHANGES} nonSchoolDay { ${DAY_FIELDS} } } }`;
type Payload = { sessionsRemoved: number; sessionsScheduled: number };

/** Adds a non-school day (or a range of them), or changes one. Upcoming sessions follow when it is saved. */
export function NonSchoolDayDialog({
  record,
  onClose,
  onSaved,
}: {
  /** The day to change; absent to add one. */
  record?: NonSchoolDayRecord;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [values, setValues] = useState({
    startsOn: record?.startsOn ?? '',
    endsOn: record?.endsOn ?? '',
    name: record?.name ?? '',
    kind: (record?.kind ?? 'HOLIDAY') as NonSchoolDayKind,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const translate = useTranslate();
  const notice = useApiFailureNotice({ shownFields: ['startsOn', 'endsOn', 'name', 'kind'], onReload: onSaved });
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const save = async () => {
    setSaving(true);
    setErrors({});
    try {
      const endsOn = values.endsOn || values.startsOn;
      let changes: Payload;
      if (record) {
        const patch = Object.fromEntries(
          Object.entries({ ...values, endsOn }).filter(([k, v]) => v !== record[k as keyof NonSchoolDayRecord]),
        );
        const saved = await graphql<{ nonSchoolDayUpdate: Payload }>(UPDATE, {
          input: { id: record.id, version: record.version, ...patch },
        });
        changes = saved.nonSchoolDayUpdate;
      } else {
        const saved = await graphql<{ nonSchoolDayCreate: Payload }>(CREATE, { input: { ...values, endsOn } });
        changes = saved.nonSchoolDayCreate;
      }
      notify(
        translate('tl.settings.calendar.saved', {
          changes: sessionChangesText(translate, changes.sessionsRemoved, changes.sessionsScheduled),
        }),
        { type: 'success' },
      );
      onSaved();
      onClose();
    } catch (e) {
      setErrors(fieldErrorsOf(e) ?? {});
      notice(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        {translate(record ? 'tl.settings.calendar.dialog.changeTitle' : 'tl.settings.calendar.dialog.addTitle')}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('tl.settings.calendar.dialog.intro')}
        </Typography>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2}>
            <TextField
              label={translate('tl.settings.calendar.dialog.firstDay')}
              type="date"
              required
              value={values.startsOn}
              onChange={set('startsOn')}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(errors.startsOn)}
              helperText={errors.startsOn}
              fullWidth
            />
            <TextField
              label={translate('tl.settings.calendar.dialog.lastDay')}
              type="date"
              value={values.endsOn}
              onChange={set('endsOn')}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(errors.endsOn)}
              helperText={errors.endsOn ?? translate('tl.settings.calendar.dialog.lastDayHelp')}
              fullWidth
            />
          </Stack>
          <TextField
            label={translate('tl.settings.common.name')}
            required
            value={values.name}
            onChange={set('name')}
            slotProps={{ htmlInput: { maxLength: CalendarLimits.NAME_MAX } }}
            error={Boolean(errors.name)}
            helperText={errors.name ?? translate('tl.settings.calendar.dialog.nameHelp')}
          />
          <TextField
            select
            label={translate('tl.settings.calendar.dialog.kind')}
            value={values.kind}
            onChange={set('kind')}
            error={Boolean(errors.kind)}
            helperText={errors.kind}
          >
            {KIND_CHOICES.map((k) => (
              <MenuItem key={k.id} value={k.id}>
                {translate(k.name)}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.settings.common.cancel')}</Button>
        <Button variant="contained" onClick={save} disabled={saving || !values.startsOn || !values.name.trim()}>
          {translate('tl.settings.common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
