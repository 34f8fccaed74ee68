import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TablePagination,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { KIND_LABELS, MAIL_OUTBOX, type MailMessage, type MailState } from './queries';

const STATES: { value: '' | MailState; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'OUTBOX', label: 'In the outbox (not sent)' },
  { value: 'PENDING', label: 'Waiting to be sent' },
  { value: 'SENT', label: 'Sent' },
  { value: 'FAILED', label: 'Failed' },
];
const STATE_COLOR = { PENDING: 'info', SENT: 'success', OUTBOX: 'default', FAILED: 'error' } as const;
const PAGE = 20;

/**
 * The district's delivery log (district admins): the latest 100 messages, by state, a page at a time; a message still
 * in the outbox (no SMTP, or the district keeps its mail there) can be read in full.
 */
export function OutboxCard() {
  const [state, setState] = useState<'' | MailState>('');
  const [page, setPage] = useState(0);
  const [reading, setReading] = useState<MailMessage | null>(null);
  const { data, error, isPending } = useGraphqlQuery<{ mailOutbox: MailMessage[] }>(['mailOutbox'], MAIL_OUTBOX, {
    state: state || null,
  });
  const rows = data?.mailOutbox ?? [];
  const shown = rows.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <Card>
      <CardHeader
        title="Mail outbox and delivery log"
        subheader="The latest 100 messages. Without a mail server, or while the district keeps its mail in the outbox, messages wait here and can be read; once sent, only who, what and when are kept."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        <TextField
          select
          size="small"
          label="State"
          value={state}
          onChange={(e) => {
            setState(e.target.value as '' | MailState);
            setPage(0);
          }}
          sx={{ minWidth: 240, mb: 2 }}
        >
          {STATES.map((s) => (
            <MenuItem key={s.value} value={s.value}>
              {s.label}
            </MenuItem>
          ))}
        </TextField>
        {error && <Alert severity="error">The delivery log could not be read: {error.message}</Alert>}
        {!isPending && !error && rows.length === 0 && (
          <Typography color="text.secondary">No messages{state ? ' in this state' : ''}.</Typography>
        )}
        {rows.length > 0 && (
          <>
            <Table size="small" aria-label="Mail messages">
              <TableHead>
                <TableRow>
                  <TableCell>Created</TableCell>
                  <TableCell>Kind</TableCell>
                  <TableCell>To</TableCell>
                  <TableCell>Subject</TableCell>
                  <TableCell>State</TableCell>
                  <TableCell align="right">Attempts</TableCell>
                  <TableCell>Held until / sent</TableCell>
                  <TableCell>Last error</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map((m) => (
                  <TableRow key={m.id}>
                    <TableCell>{formatWhen(m.createdAt)}</TableCell>
                    <TableCell>{KIND_LABELS[m.kind]?.label ?? m.kind}</TableCell>
                    <TableCell>{m.to}</TableCell>
                    <TableCell>{m.subject}</TableCell>
                    <TableCell>
                      <Chip size="small" label={m.state} color={STATE_COLOR[m.state] ?? 'default'} />
                    </TableCell>
                    <TableCell align="right">{m.attemptCount}</TableCell>
                    <TableCell>
                      {m.sentAt ? formatWhen(m.sentAt) : m.deferredUntil ? formatWhen(m.deferredUntil) : '—'}
                    </TableCell>
                    <TableCell>{m.lastError ?? ''}</TableCell>
                    <TableCell>
                      {m.bodyText !== null && (
                        <Button size="small" onClick={() => setReading(m)} aria-label={`Read “${m.subject}”`}>
                          Read
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <TablePagination
              component="div"
              count={rows.length}
              page={page}
              rowsPerPage={PAGE}
              rowsPerPageOptions={[PAGE]}
              onPageChange={(_, p) => setPage(p)}
            />
          </>
        )}
      </CardContent>
      <Dialog open={reading !== null} onClose={() => setReading(null)} maxWidth="md" fullWidth>
        <DialogTitle>{reading?.subject}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            To {reading?.to}
          </Typography>
          <Typography component="pre" variant="body2" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
            {reading?.bodyText}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReading(null)}>Close</Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}
