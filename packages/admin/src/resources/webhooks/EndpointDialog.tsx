import { useState } from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  TextField,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { fieldErrorsOf, messageOf } from '../../common/apiFailure';
import type { Endpoint, EventTypeInfo } from './queries';

export interface EndpointValues {
  url: string;
  description: string;
  eventTypes: string[];
}

/** Create an endpoint, or change its URL, description and event types. */
export function EndpointDialog({
  open,
  endpoint,
  eventTypes,
  onSave,
  onClose,
}: {
  open: boolean;
  endpoint: Endpoint | null;
  eventTypes: EventTypeInfo[];
  onSave: (values: EndpointValues) => Promise<void>;
  onClose: () => void;
}) {
  const [values, setValues] = useState<EndpointValues>({
    url: endpoint?.url ?? '',
    description: endpoint?.description ?? '',
    eventTypes: endpoint?.eventTypes ?? [],
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const translate = useTranslate();
  const toggle = (name: string) =>
    setValues((v) => ({
      ...v,
      eventTypes: v.eventTypes.includes(name) ? v.eventTypes.filter((t) => t !== name) : [...v.eventTypes, name],
    }));
  const save = async () => {
    setSaving(true);
    try {
      await onSave(values);
    } catch (error) {
      setErrors(fieldErrorsOf(error) ?? { form: messageOf(error) });
    } finally {
      setSaving(false);
    }
  };
  const eventError = Object.entries(errors).find(([k]) => k.startsWith('eventTypes'))?.[1];
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="webhook-endpoint-title">
      <DialogTitle id="webhook-endpoint-title">
        {translate(endpoint ? 'tl.webhooks.dialog.editTitle' : 'tl.webhooks.dialog.newTitle')}
      </DialogTitle>
      <DialogContent>
        <TextField
          label={translate('tl.webhooks.dialog.url')}
          value={values.url}
          onChange={(e) => setValues({ ...values, url: e.target.value })}
          error={Boolean(errors.url)}
          helperText={errors.url ?? translate('tl.webhooks.dialog.urlHelp')}
          fullWidth
          margin="dense"
          required
        />
        <TextField
          label={translate('tl.webhooks.dialog.description')}
          value={values.description}
          onChange={(e) => setValues({ ...values, description: e.target.value })}
          error={Boolean(errors.description)}
          helperText={errors.description}
          fullWidth
          margin="dense"
        />
        <FormGroup sx={{ mt: 1 }}>
          {eventTypes.map((t) => (
            <FormControlLabel
              key={t.name}
              control={<Checkbox checked={values.eventTypes.includes(t.name)} onChange={() => toggle(t.name)} />}
              label={translate('tl.webhooks.dialog.eventType', {
                name: t.name,
                description: translate(`tl.webhooks.events.${t.name}`, { _: t.description }),
              })}
            />
          ))}
        </FormGroup>
        {eventError || errors.form ? <FormHelperText error>{eventError ?? errors.form}</FormHelperText> : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.webhooks.dialog.cancel')}</Button>
        <Button onClick={() => void save()} variant="contained" disabled={saving}>
          {translate('tl.webhooks.dialog.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
