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
import { useRecordContext } from 'react-admin';
import { ChartSlot, UsageChart } from '../../charts/lazy';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { API_CLIENT_USAGE_QUERY, usageTotals, type ApiClientUsageResult } from './usage';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** '2026-09-28' -> 'Sep 28': a UTC day as the API counts it, shown without any time zone. */
function dayLabel(day: string): string {
  const [, m, d] = day.split('-').map(Number);
  return `${MONTHS[m - 1]} ${d}`;
}

const number = (n: number) => n.toLocaleString();

/**
 * The client's use of the API, day by day (UTC) over the last 14 days, as its budget counted it: a bar a day
 * (answered, errors, refused by the hourly budget) and the figures in a table, newest first.
 */
export function ApiClientUsage() {
  const record = useRecordContext<{ id: string }>();
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
        Use over the last {days.length || 14} days (UTC)
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        GraphQL requests this client made each day, the query points its hourly budget was charged, the requests the
        budget refused (429) and those answered with an error.
      </Typography>
      {isPending && <CircularProgress size={24} aria-label="Loading the client’s use" />}
      {error && <Alert severity="error">{messageOf(error)}</Alert>}
      {data && totals.requests === 0 && <Typography color="text.secondary">No requests in these days.</Typography>}
      {data && totals.requests > 0 && (
        <ChartSlot height={220}>
          <UsageChart days={days} />
        </ChartSlot>
      )}
      {data && (
        <Table size="small" aria-label="Use by day" sx={{ mt: 1 }}>
          <TableHead>
            <TableRow>
              <TableCell>Day (UTC)</TableCell>
              <TableCell align="right">Requests</TableCell>
              <TableCell align="right">Points</TableCell>
              <TableCell align="right">Refused (429)</TableCell>
              <TableCell align="right">Errors</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {[...days].reverse().map((d) => (
              <TableRow key={d.day} data-day={d.day}>
                <TableCell>{dayLabel(d.day)}</TableCell>
                <TableCell align="right">{number(d.requests)}</TableCell>
                <TableCell align="right">{number(d.points)}</TableCell>
                <TableCell align="right">{number(d.rateLimited)}</TableCell>
                <TableCell align="right">{number(d.errors)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
          <TableFooter>
            <TableRow>
              <TableCell>Total</TableCell>
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
