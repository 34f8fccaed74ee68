import { Alert, Box, Button, MenuItem, TextField } from '@mui/material';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import BlockIcon from '@mui/icons-material/Block';
import { useState } from 'react';
import { Confirm, useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { useApiFailureNotice } from '../../common/apiFailure';
import { SecretOnce } from './SecretOnce';

const ROTATE = `mutation($i: ApiClientRotateSecretInput!) { apiClientRotateSecret(input: $i) { clientId clientSecret } }`;
const REVOKE = `mutation($i: ApiClientRevokeInput!) { apiClientRevoke(input: $i) { apiClient { id } } }`;
/** The grace periods offered; `label` is a message key. */
const GRACE = [
  { hours: 0, label: 'tl.apiClients.actions.graceNow' },
  { hours: 1, label: 'tl.apiClients.actions.grace1h' },
  { hours: 24, label: 'tl.apiClients.actions.grace24h' },
  { hours: 168, label: 'tl.apiClients.actions.grace7d' },
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
  const translate = useTranslate();
  const onError = useApiFailureNotice();
  const [grace, setGrace] = useState(24);
  const [secret, setSecret] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  if (!record) return null;
  if (!record.active) return <Alert severity="info">{translate('tl.apiClients.actions.revokedNotice')}</Alert>;
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
      notify(translate('tl.apiClients.actions.revokedDone'), { type: 'info' });
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
        label={translate('tl.apiClients.actions.grace')}
        value={grace}
        onChange={(e) => setGrace(Number(e.target.value))}
        sx={{ minWidth: 260 }}
      >
        {GRACE.map((g) => (
          <MenuItem key={g.hours} value={g.hours}>
            {translate(g.label)}
          </MenuItem>
        ))}
      </TextField>
      <Button startIcon={<AutorenewIcon />} variant="outlined" onClick={rotate}>
        {translate('tl.apiClients.actions.rotate')}
      </Button>
      <Button startIcon={<BlockIcon />} color="error" variant="outlined" onClick={() => setConfirming(true)}>
        {translate('tl.apiClients.actions.revoke')}
      </Button>
      <Confirm
        isOpen={confirming}
        title="tl.apiClients.actions.revokeTitle"
        translateOptions={{ name: record.name }}
        content="tl.apiClients.actions.revokeContent"
        confirm="tl.apiClients.actions.revoke"
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
