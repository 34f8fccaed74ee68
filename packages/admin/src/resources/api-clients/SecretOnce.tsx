import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useState } from 'react';
import { useTranslate } from 'react-admin';

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
  const translate = useTranslate();
  const copy = async () => {
    await navigator.clipboard?.writeText(secret ?? '');
    setCopied(true);
  };
  return (
    <Dialog open={secret !== null} maxWidth="sm" fullWidth aria-labelledby="secret-once-title">
      <DialogTitle id="secret-once-title">{translate('tl.apiClients.secret.title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('tl.apiClients.secret.warning')}
        </Alert>
        <TextField
          label={translate('tl.apiClients.secret.clientId')}
          value={clientId}
          fullWidth
          margin="dense"
          slotProps={{ input: { readOnly: true } }}
        />
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <TextField
            label={translate('tl.apiClients.secret.clientSecret')}
            value={secret ?? ''}
            fullWidth
            margin="dense"
            slotProps={{ input: { readOnly: true, sx: { fontFamily: 'monospace' } } }}
          />
          <Button startIcon={<ContentCopyIcon />} onClick={copy} variant="outlined">
            {translate(copied ? 'tl.apiClients.secret.copied' : 'tl.apiClients.secret.copy')}
          </Button>
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          {translate('tl.apiClients.secret.stored')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
