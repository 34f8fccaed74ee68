import {
  Alert,
  Box,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { ChartSlot, UsageChart } from '../../charts/lazy';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useFormatDate, useFormatNumber } from '../../i18n/format';
import { API_CLIENT_USAGE_QUERY, usageTotals, type ApiClientUsageResult } from './usage';

/** A day's label: '2026-09-28' -> 'Sep 28' / '28 sept': a UTC day as the API counts it, with no time zone shift. */
const DAY_LABEL: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' };

/**
 * The client's use of the API, day by day (UTC) over the last 14 days, as its budget counted it: a bar a day
 * (answered, errors, refused by the hourly budget) and the figures in a table, newest first.
 */
export function ApiClientUsage() {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const formatDate = useFormatDate();
  const number = useFormatNumber();
  const { data, error, isPending } = useGraphqlQuery<ApiClientUsageResult>(
    ['apiClientUsage', record?.id],
    API_CLIENT_USAGE_QUERY,
    { id: record?.id },
    { enabled: Boolean(record?.id) },
  );
  if (!record) return null;
  const days = data?.node?.usage ?? [];
  const totals = usageTotals(days);
  return (
    <Box component="section" aria-labelledby="api-client-usage" sx={{ px: 2, pb: 2, maxWidth: 720 }}>
      <Typography id="api-client-usage" variant="h6">
        {translate('tl.apiClients.usage.title', { smart_count: days.length || 14 })}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('tl.apiClients.usage.help')}
      </Typography>
      {isPending && <CircularProgress size={24} aria-label={translate('tl.apiClients.usage.loading')} />}
      {error && <Alert severity="error">{messageOf(error)}</Alert>}
      {data && totals.requests === 0 && (
        <Typography color="text.secondary">{translate('tl.apiClients.usage.empty')}</Typography>
      )}
      {data && totals.requests > 0 && (
        <ChartSlot height={220}>
          <UsageChart days={days} />
        </ChartSlot>
      )}
      {data && (
        <Table size="small" aria-label={translate('tl.apiClients.usage.tableLabel')} sx={{ mt: 1 }}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('tl.apiClients.usage.columns.day')}</TableCell>
              <TableCell align="right">{translate('tl.apiClients.usage.columns.requests')}</TableCell>
              <TableCell align="right">{translate('tl.apiClients.usage.columns.points')}</TableCell>
              <TableCell align="right">{translate('tl.apiClients.usage.columns.refused')}</TableCell>
              <TableCell align="right">{translate('tl.apiClients.usage.columns.errors')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...days].reverse().map((d) => (
              <TableRow key={d.day} data-day={d.day}>
                <TableCell>{formatDate(d.day, DAY_LABEL)}</TableCell>
                <TableCell align="right">{number(d.requests)}</TableCell>
                <TableCell align="right">{number(d.points)}</TableCell>
                <TableCell align="right">{number(d.rateLimited)}</TableCell>
                <TableCell align="right">{number(d.errors)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell>{translate('tl.apiClients.usage.total')}</TableCell>
              <TableCell align="right">{number(totals.requests)}</TableCell>
              <TableCell align="right">{number(totals.points)}</TableCell>
              <TableCell align="right">{number(totals.rateLimited)}</TableCell>
              <TableCell align="right">{number(totals.errors)}</TableCell>
            </TableRow>
          </TableFooter>
        </Table>
      )}
    </Box>
  );
}
