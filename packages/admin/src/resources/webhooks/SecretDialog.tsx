import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

/** A webhook signing secret, shown this once (at creation and after a rotation). */
export function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const translate = useTranslate();
  return (
    <Dialog open={secret !== null} maxWidth="sm" fullWidth aria-labelledby="webhook-secret-title">
      <DialogTitle id="webhook-secret-title">{translate('tl.webhooks.secret.title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('tl.webhooks.secret.warning')}
        </Alert>
        <TextField
          label={translate('tl.webhooks.secret.label')}
          value={secret ?? ''}
          fullWidth
          margin="dense"
          slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void navigator.clipboard?.writeText(secret ?? '')}>
          {translate('tl.webhooks.secret.copy')}
        </Button>
        <Button onClick={onClose} variant="contained">
          {translate('tl.webhooks.secret.stored')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
