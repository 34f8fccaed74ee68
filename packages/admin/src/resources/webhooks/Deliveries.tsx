import { Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useNotify } from 'react-admin';
import { graphql } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { DELIVERIES_QUERY, REDELIVER, type Delivery } from './queries';

const STATE_COLOR = { PENDING: 'info', SUCCEEDED: 'success', FAILED: 'error' } as const;

/** An endpoint's latest deliveries, with the receiver's status codes, and a Redeliver button for each. */
export function Deliveries({ endpointId }: { endpointId: string }) {
  const notify = useNotify();
  const { data, refetch, isPending } = useGraphqlQuery<{ webhookDeliveries: { nodes: Delivery[] } }>(
    ['webhookDeliveries'],
    DELIVERIES_QUERY,
    { id: endpointId },
  );
  const redeliver = async (id: string) => {
    try {
      await graphql(REDELIVER, { i: { deliveryId: id } });
      notify('Delivery queued again (same webhook-id)', { type: 'info' });
      await refetch();
    } catch (error) {
      notify(messageOf(error), { type: 'error' });
    }
  };
  const rows = data?.webhookDeliveries.nodes ?? [];
  if (!isPending && rows.length === 0) return <Typography color="text.secondary">No deliveries yet.</Typography>;
  return (
    <Table size="small" aria-label="Deliveries">
      <TableHead>
        <TableRow>
          <TableCell>Event</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Status code</TableCell>
          <TableCell>Attempts</TableCell>
          <TableCell>Last error</TableCell>
          <TableCell>Created</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((d) => (
          <TableRow key={d.id}>
            <TableCell title={`webhook-id ${d.webhookId}`}>{d.eventType}</TableCell>
            <TableCell>
              <Chip size="small" label={d.state} color={STATE_COLOR[d.state]} />
            </TableCell>
            <TableCell>{d.lastStatusCode ?? '—'}</TableCell>
            <TableCell>{d.attemptCount}</TableCell>
            <TableCell>{d.lastError ?? ''}</TableCell>
            <TableCell>{new Date(d.createdAt).toLocaleString()}</TableCell>
            <TableCell>
              <Button size="small" onClick={() => void redeliver(d.id)}>
                Redeliver
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
