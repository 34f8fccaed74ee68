import { Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useNotify, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useFormatDateTime } from '../../i18n/format';
import { DELIVERIES_QUERY, REDELIVER, type Delivery } from './queries';

const STATE_COLOR = { PENDING: 'info', SUCCEEDED: 'success', FAILED: 'error' } as const;

/** An endpoint's latest deliveries, with the receiver's status codes, and a Redeliver button for each. */
export function Deliveries({ endpointId }: { endpointId: string }) {
  const notify = useNotify();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const { data, refetch, isPending } = useGraphqlQuery<{ webhookDeliveries: { nodes: Delivery[] } }>(
    ['webhookDeliveries'],
    DELIVERIES_QUERY,
    { id: endpointId },
  );
  const redeliver = async (id: string) => {
    try {
      await graphql(REDELIVER, { i: { deliveryId: id } });
      notify(translate('tl.webhooks.deliveries.requeued'), { type: 'info' });
      await refetch();
    } catch (error) {
      notify(messageOf(error), { type: 'error' });
    }
  };
  const rows = data?.webhookDeliveries.nodes ?? [];
  if (!isPending && rows.length === 0)
    return <Typography color="text.secondary">{translate('tl.webhooks.deliveries.empty')}</Typography>;
  return (
    <Table size="small" aria-label={translate('tl.webhooks.deliveries.tableLabel')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('tl.webhooks.deliveries.columns.event')}</TableCell>
          <TableCell>{translate('tl.webhooks.deliveries.columns.state')}</TableCell>
          <TableCell>{translate('tl.webhooks.deliveries.columns.statusCode')}</TableCell>
          <TableCell>{translate('tl.webhooks.deliveries.columns.attempts')}</TableCell>
          <TableCell>{translate('tl.webhooks.deliveries.columns.lastError')}</TableCell>
          <TableCell>{translate('tl.webhooks.deliveries.columns.createdAt')}</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((d) => (
          <TableRow key={d.id}>
            <TableCell title={translate('tl.webhooks.deliveries.webhookId', { id: d.webhookId })}>
              {d.eventType}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                label={translate(`tl.webhooks.deliveries.states.${d.state}`, { _: d.state })}
                color={STATE_COLOR[d.state]}
              />
            </TableCell>
            <TableCell>{d.lastStatusCode ?? '—'}</TableCell>
            <TableCell>{d.attemptCount}</TableCell>
            <TableCell>{d.lastError ?? ''}</TableCell>
            <TableCell>{formatDateTime(d.createdAt)}</TableCell>
            <TableCell>
              <Button size="small" onClick={() => void redeliver(d.id)}>
                {translate('tl.webhooks.deliveries.redeliver')}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
