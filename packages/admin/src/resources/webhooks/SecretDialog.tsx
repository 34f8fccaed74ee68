import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';

/** A webhook signing secret, shown this once (at creation and after a rotation). */
export function SecretDialog({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <Dialog open={secret !== null} maxWidth="sm" fullWidth aria-labelledby="webhook-secret-title">
      <DialogTitle id="webhook-secret-title">Copy the signing secret now</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          This is the only time the secret is shown. Your receiver verifies each delivery with it (Standard Webhooks).
          If it is lost, rotate it.
        </Alert>
        <TextField
          label="Signing secret"
          value={secret ?? ''}
          fullWidth
          margin="dense"
          slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void navigator.clipboard?.writeText(secret ?? '')}>Copy</Button>
        <Button onClick={onClose} variant="contained">
          I have stored it
        </Button>
      </DialogActions>
    </Dialog>
  );
}
