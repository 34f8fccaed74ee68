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
import { AccessDenied, Loading, Title, useCanAccess, useNotify, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useFormatDateTime } from '../../i18n/format';
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
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
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
      translate(enabled ? 'tl.webhooks.endpoint.enabledDone' : 'tl.webhooks.endpoint.disabledDone'),
    );
  const rotate = () =>
    run(async () => {
      if (!window.confirm(translate('tl.webhooks.endpoint.rotateConfirm'))) return;
      const res = await graphql<{ webhookEndpointRotateSecret: { secret: string } }>(ROTATE, {
        i: { id: endpoint.id },
      });
      onSecret(res.webhookEndpointRotateSecret.secret);
    }, translate('tl.webhooks.endpoint.rotated'));
  const remove = () =>
    run(async () => {
      if (!window.confirm(translate('tl.webhooks.endpoint.deleteConfirm', { url: endpoint.url }))) return;
      await graphql(DELETE, { i: { id: endpoint.id } });
    }, translate('tl.webhooks.endpoint.deleted'));
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
          <Typography color="warning.main">
            {translate('tl.webhooks.endpoint.failures', { smart_count: endpoint.consecutiveFailures })}
          </Typography>
        ) : null}
        {endpoint.previousSecretExpiresAt ? (
          <Typography color="text.secondary">
            {translate('tl.webhooks.endpoint.previousSecret', {
              date: formatDateTime(endpoint.previousSecretExpiresAt),
            })}
          </Typography>
        ) : null}
      </CardContent>
      <CardActions>
        <FormControlLabel
          control={<Switch checked={endpoint.enabled} onChange={(e) => void setEnabled(e.target.checked)} />}
          label={translate(endpoint.enabled ? 'tl.webhooks.endpoint.enabled' : 'tl.webhooks.endpoint.disabled')}
        />
        <Button onClick={onEdit}>{translate('tl.webhooks.endpoint.edit')}</Button>
        <Button onClick={() => void rotate()}>{translate('tl.webhooks.endpoint.rotate')}</Button>
        <Button color="error" onClick={() => void remove()}>
          {translate('tl.webhooks.endpoint.delete')}
        </Button>
        <Button onClick={() => setOpen((o) => !o)}>
          {translate(open ? 'tl.webhooks.endpoint.hideDeliveries' : 'tl.webhooks.endpoint.deliveries')}
        </Button>
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
  const translate = useTranslate();
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
      <Title title="tl.webhooks.page.title" />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {translate('tl.webhooks.page.intro')}
      </Typography>
      <Button variant="contained" onClick={() => setEditing('new')} sx={{ mb: 2 }}>
        {translate('tl.webhooks.page.newEndpoint')}
      </Button>
      <Stack spacing={2}>
        {data.webhookEndpoints.nodes.length === 0 ? (
          <Typography color="text.secondary">{translate('tl.webhooks.page.empty')}</Typography>
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
