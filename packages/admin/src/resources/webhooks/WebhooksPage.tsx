import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  Collapse,
  Stack,
  Switch,
  FormControlLabel,
  Typography,
} from '@mui/material';
import { AccessDenied, Loading, Title, useCanAccess, useNotify } from 'react-admin';
import { graphql } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { Deliveries } from './Deliveries';
import { EndpointDialog, type EndpointValues } from './EndpointDialog';
import { SecretDialog } from './SecretDialog';
import { CREATE, DELETE, ROTATE, UPDATE, WEBHOOKS_QUERY, type Endpoint, type EventTypeInfo } from './queries';

function EndpointCard({
  endpoint,
  onEdit,
  onChanged,
  onSecret,
}: {
  endpoint: Endpoint;
  onEdit: () => void;
  onChanged: () => Promise<unknown>;
  onSecret: (secret: string) => void;
}) {
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      notify(done, { type: 'info' });
      await onChanged();
    } catch (error) {
      notify(messageOf(error), { type: 'error' });
    }
  };
  const setEnabled = (enabled: boolean) =>
    run(
      () => graphql(UPDATE, { i: { id: endpoint.id, version: endpoint.version, enabled } }),
      enabled ? 'Endpoint enabled' : 'Endpoint disabled',
    );
  const rotate = () =>
    run(async () => {
      if (!window.confirm('Rotate the signing secret? The old one keeps signing beside the new one for 24 hours.'))
        return;
      const res = await graphql<{ webhookEndpointRotateSecret: { secret: string } }>(ROTATE, {
        i: { id: endpoint.id },
      });
      onSecret(res.webhookEndpointRotateSecret.secret);
    }, 'Secret rotated');
  const remove = () =>
    run(async () => {
      if (!window.confirm(`Delete the endpoint ${endpoint.url} and its delivery history?`)) return;
      await graphql(DELETE, { i: { id: endpoint.id } });
    }, 'Endpoint deleted');
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
          {endpoint.url}
        </Typography>
        {endpoint.description ? <Typography color="text.secondary">{endpoint.description}</Typography> : null}
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', my: 1 }}>
          {endpoint.eventTypes.map((t) => (
            <Chip key={t} size="small" label={t} />
          ))}
        </Box>
        {endpoint.disabledReason ? <Alert severity="error">{endpoint.disabledReason}</Alert> : null}
        {endpoint.consecutiveFailures > 0 ? (
          <Typography color="warning.main">{endpoint.consecutiveFailures} failed attempts in a row</Typography>
        ) : null}
        {endpoint.previousSecretExpiresAt ? (
          <Typography color="text.secondary">
            The previous secret also signs until {new Date(endpoint.previousSecretExpiresAt).toLocaleString()}.
          </Typography>
        ) : null}
      </CardContent>
      <CardActions>
        <FormControlLabel
          control={<Switch checked={endpoint.enabled} onChange={(e) => void setEnabled(e.target.checked)} />}
          label={endpoint.enabled ? 'Enabled' : 'Disabled'}
        />
        <Button onClick={onEdit}>Edit</Button>
        <Button onClick={() => void rotate()}>Rotate secret</Button>
        <Button color="error" onClick={() => void remove()}>
          Delete
        </Button>
        <Button onClick={() => setOpen((o) => !o)}>{open ? 'Hide deliveries' : 'Deliveries'}</Button>
      </CardActions>
      <Collapse in={open} unmountOnExit>
        <Box sx={{ px: 2, pb: 2 }}>
          <Deliveries endpointId={endpoint.id} />
        </Box>
      </Collapse>
    </Card>
  );
}

/** District admins subscribe URLs to the district's events, watch deliveries and redeliver. */
export function WebhooksPage() {
  const { canAccess, isPending: checking } = useCanAccess({ resource: 'webhooks', action: 'list' });
  const { data, refetch, isPending } = useGraphqlQuery<{
    webhookEventTypes: EventTypeInfo[];
    webhookEndpoints: { nodes: Endpoint[] };
  }>(['webhooks'], WEBHOOKS_QUERY, undefined, { enabled: canAccess === true });
  const [editing, setEditing] = useState<Endpoint | 'new' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  if (checking) return <Loading />;
  if (!canAccess) return <AccessDenied />;
  if (isPending || !data) return <Loading />;
  const save = async (values: EndpointValues) => {
    const description = values.description.trim() || null;
    if (editing === 'new') {
      const res = await graphql<{ webhookEndpointCreate: { secret: string } }>(CREATE, {
        i: { url: values.url, description, eventTypes: values.eventTypes },
      });
      setSecret(res.webhookEndpointCreate.secret);
    } else if (editing) {
      await graphql(UPDATE, {
        i: { id: editing.id, version: editing.version, url: values.url, description, eventTypes: values.eventTypes },
      });
    }
    setEditing(null);
    await refetch();
  };
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Webhooks" />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        Each delivery is a signed POST (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature) carrying
        ids and facts only, never notes or reflections. Failed deliveries are retried for a day; an endpoint that keeps
        failing is disabled.
      </Typography>
      <Button variant="contained" onClick={() => setEditing('new')} sx={{ mb: 2 }}>
        New endpoint
      </Button>
      <Stack spacing={2}>
        {data.webhookEndpoints.nodes.length === 0 ? (
          <Typography color="text.secondary">No endpoints yet.</Typography>
        ) : null}
        {data.webhookEndpoints.nodes.map((e) => (
          <EndpointCard
            key={e.id}
            endpoint={e}
            onEdit={() => setEditing(e)}
            onChanged={() => refetch()}
            onSecret={setSecret}
          />
        ))}
      </Stack>
      {editing ? (
        <EndpointDialog
          open
          endpoint={editing === 'new' ? null : editing}
          eventTypes={data.webhookEventTypes}
          onSave={save}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <SecretDialog secret={secret} onClose={() => setSecret(null)} />
    </Box>
  );
}
