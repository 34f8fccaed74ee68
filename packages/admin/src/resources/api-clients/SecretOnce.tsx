import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useState } from 'react';

/**
 * A client secret, shown this once: the API stores only its hash, so closing this dialog is the last chance to copy
 * it. The client id is shown beside it (that one can be read again at any time).
 */
export function SecretOnce({
  clientId,
  secret,
  onClose,
}: {
  clientId: string;
  secret: string | null;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard?.writeText(secret ?? '');
    setCopied(true);
  };
  return (
    <Dialog open={secret !== null} maxWidth="sm" fullWidth aria-labelledby="secret-once-title">
      <DialogTitle id="secret-once-title">Copy the client secret now</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          This is the only time the secret is shown. Throughline keeps only a hash of it: if it is lost, rotate the
          secret. Keep it in a secret store, never in code or chat.
        </Alert>
        <TextField
          label="Client id"
          value={clientId}
          fullWidth
          margin="dense"
          slotProps={{ input: { readOnly: true } }}
        />
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <TextField
            label="Client secret"
            value={secret ?? ''}
            fullWidth
            margin="dense"
            slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
          />
          <Button startIcon={<ContentCopyIcon />} onClick={copy} variant="outlined">
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          I have stored it
        </Button>
      </DialogActions>
    </Dialog>
  );
}
