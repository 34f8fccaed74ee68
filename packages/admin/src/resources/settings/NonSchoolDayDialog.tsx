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
import { useNotify } from 'react-admin';
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
      notify(`Calendar saved${sessionChangesText(changes.sessionsRemoved, changes.sessionsScheduled)}`, {
        type: 'success',
      });
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
      <DialogTitle>{record ? 'Change a non-school day' : 'Add a non-school day'}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Repeating conversations skip these days: upcoming sessions on them are removed, and a day that is no longer a
          non-school day gets its sessions back. Held and past sessions never change.
        </Typography>
        <Stack spacing={2}>
          <Stack direction="row" spacing={2}>
            <TextField
              label="First day"
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
              label="Last day"
              type="date"
              value={values.endsOn}
              onChange={set('endsOn')}
              slotProps={{ inputLabel: { shrink: true } }}
              error={Boolean(errors.endsOn)}
              helperText={errors.endsOn ?? 'Included; leave empty for one day'}
              fullWidth
            />
          </Stack>
          <TextField
            label="Name"
            required
            value={values.name}
            onChange={set('name')}
            slotProps={{ htmlInput: { maxLength: CalendarLimits.NAME_MAX } }}
            error={Boolean(errors.name)}
            helperText={errors.name ?? 'Shown as the reason a session is skipped, e.g. "Winter break"'}
          />
          <TextField
            select
            label="Kind"
            value={values.kind}
            onChange={set('kind')}
            error={Boolean(errors.kind)}
            helperText={errors.kind}
          >
            {KIND_CHOICES.map((k) => (
              <MenuItem key={k.id} value={k.id}>
                {k.name}
              </MenuItem>
            ))}
          </TextField>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={save} disabled={saving || !values.startsOn || !values.name.trim()}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
