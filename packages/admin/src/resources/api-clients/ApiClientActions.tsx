import { Alert, Box, Button, MenuItem, TextField } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import BlockIcon from '@mui/icons-material/Block';
import { useState } from 'react';
import { Confirm, useNotify, useRecordContext, useRefresh } from 'react-admin';
import { graphql } from '../../portal';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SecretOnce } from './SecretOnce';

const ROTATE = `mutation($i: ApiClientRotateSecretInput!) { apiClientRotateSecret(input: $i) { clientId clientSecret } }`;
const REVOKE = `mutation($i: ApiClientRevokeInput!) { apiClientRevoke(input: $i) { apiClient { id } } }`;
const GRACE = [
  { hours: 0, label: 'End the old secret now' },
  { hours: 1, label: 'Keep the old secret 1 hour' },
  { hours: 24, label: 'Keep the old secret 24 hours' },
  { hours: 168, label: 'Keep the old secret 7 days' },
];

interface ClientRecord {
  id: string;
  clientId: string;
  active: boolean;
  name: string;
}

/** Rotate (a new secret shown once; the old one works through the grace chosen) and revoke (confirmed; at once). */
export function ApiClientActions() {
  const record = useRecordContext<ClientRecord>();
  const refresh = useRefresh();
  const notify = useNotify();
  const onError = useApiFailureNotice();
  const [grace, setGrace] = useState(24);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  if (!record) return null;
  if (!record.active)
    return <Alert severity="info">This client is revoked: its secrets and tokens no longer work.</Alert>;
  const rotate = async () => {
    try {
      const r = await graphql<{ apiClientRotateSecret: { clientSecret: string } }>(ROTATE, {
        i: { id: record.id, graceHours: grace },
      });
      setSecret(r.apiClientRotateSecret.clientSecret);
    } catch (error) {
      onError(error);
    }
  };
  const revoke = async () => {
    setConfirming(false);
    try {
      await graphql(REVOKE, { i: { id: record.id } });
      notify('Client revoked: its tokens stopped working', { type: 'info' });
      refresh();
    } catch (error) {
      onError(error);
    }
  };
  return (
    <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap', my: 2 }}>
      <TextField
        select
        size="small"
        label="Rotation grace"
        value={grace}
        onChange={(e) => setGrace(Number(e.target.value))}
        sx={{ minWidth: 260 }}
      >
        {GRACE.map((g) => (
          <MenuItem key={g.hours} value={g.hours}>
            {g.label}
          </MenuItem>
        ))}
      </TextField>
      <Button startIcon={<AutorenewIcon />} variant="outlined" onClick={rotate}>
        Rotate secret
      </Button>
      <Button startIcon={<BlockIcon />} color="error" variant="outlined" onClick={() => setConfirming(true)}>
        Revoke
      </Button>
      <Confirm
        isOpen={confirming}
        title={`Revoke ${record.name}?`}
        content="Its secrets and every token issued to it stop working at once. This cannot be undone."
        confirm="Revoke"
        onConfirm={revoke}
        onClose={() => setConfirming(false)}
      />
      <SecretOnce
        clientId={record.clientId}
        secret={secret}
        onClose={() => {
          setSecret(null);
          refresh();
        }}
      />
    </Box>
  );
}
