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
import { useEffect, useState } from 'react';
import { useTranslate } from 'react-admin';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { KIND_LABELS, MAIL_OUTBOX, type MailKind, type MailMessage, type MailState } from './queries';

/** The state filter's options; `label` is a message key (tl.mail.outbox.states.*). */
const STATES: { value: '' | MailState; label: string }[] = [
  { value: '', label: 'tl.mail.outbox.states.all' },
  { value: 'OUTBOX', label: 'tl.mail.outbox.states.OUTBOX' },
  { value: 'PENDING', label: 'tl.mail.outbox.states.PENDING' },
  { value: 'SENT', label: 'tl.mail.outbox.states.SENT' },
  { value: 'FAILED', label: 'tl.mail.outbox.states.FAILED' },
];
const STATE_COLOR = { PENDING: 'info', SENT: 'success', OUTBOX: 'default', FAILED: 'error' } as const;
const PAGE = 20;

interface OutboxPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: MailMessage[];
}

/**
 * A district's delivery log, newest first, paged on the server (PAGE at a time, with the total), filtered by state,
 * kind and recipient; a message still in the outbox (no SMTP, or the district keeps its mail there) can be read in
 * full. District admins see their own district's; the platform operator names the district (`districtId`), and each
 * page they read is recorded in that district's read audit.
 */
export function OutboxCard({ districtId }: { districtId?: string } = {}) {
  const [state, setState] = useState<'' | MailState>('');
  const [kind, setKind] = useState<'' | MailKind>('');
  const [typed, setTyped] = useState('');
  const [recipient, setRecipient] = useState('');
  // The cursors of the pages before this one (keyset paging only goes forward; going back reads a page again).
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [reading, setReading] = useState<MailMessage | null>(null);
  const translate = useTranslate();
  useEffect(() => {
    const t = setTimeout(() => {
      setRecipient(typed.trim());
      setCursors([null]);
    }, 400);
    return () => clearTimeout(t);
  }, [typed]);
  const page = cursors.length - 1;
  const { data, error, isPending } = useGraphqlQuery<{ mailOutbox: OutboxPage }>(['mailOutbox'], MAIL_OUTBOX, {
    first: PAGE,
    after: cursors[page],
    filter: { state: state || null, kind: kind || null, recipient: recipient || null },
    districtId: districtId ?? null,
  });
  const shown = data?.mailOutbox.nodes ?? [];
  const filtered = Boolean(state || kind || recipient);
  return (
    <Card>
      <CardHeader
        title={translate('tl.mail.outbox.title')}
        subheader={translate('tl.mail.outbox.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        <TextField
          select
          size="small"
          label={translate('tl.mail.outbox.state')}
          value={state}
          onChange={(e) => {
            setState(e.target.value as '' | MailState);
            setCursors([null]);
          }}
          sx={{ minWidth: 240, mb: 2, mr: 2 }}
        >
          {STATES.map((s) => (
            <MenuItem key={s.value} value={s.value}>
              {translate(s.label)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={translate('tl.mail.outbox.kind')}
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as '' | MailKind);
            setCursors([null]);
          }}
          sx={{ minWidth: 220, mb: 2, mr: 2 }}
        >
          <MenuItem value="">{translate('tl.mail.outbox.states.all')}</MenuItem>
          {(Object.keys(KIND_LABELS) as MailKind[]).map((k) => (
            <MenuItem key={k} value={k}>
              {translate(KIND_LABELS[k].label, { _: k })}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          size="small"
          label={translate('tl.mail.outbox.recipient')}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          sx={{ minWidth: 240, mb: 2 }}
        />
        {error && <Alert severity="error">{translate('tl.mail.outbox.readError', { message: error.message })}</Alert>}
        {!isPending && !error && shown.length === 0 && (
          <Typography color="text.secondary">
            {translate(filtered ? 'tl.mail.outbox.emptyInState' : 'tl.mail.outbox.empty')}
          </Typography>
        )}
        {shown.length > 0 && (
          <>
            <Table size="small" aria-label={translate('tl.mail.outbox.tableLabel')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tl.mail.outbox.columns.createdAt')}</TableCell>
                  <TableCell>{translate('tl.mail.outbox.columns.kind')}</TableCell>
                  <TableCell>{translate('tl.mail.outbox.columns.to')}</TableCell>
                  <TableCell>{translate('tl.mail.outbox.columns.subject')}</TableCell>
                  <TableCell>{translate('tl.mail.outbox.columns.state')}</TableCell>
                  <TableCell align="right">{translate('tl.mail.outbox.columns.attempts')}</TableCell>
                  <TableCell>{translate('tl.mail.outbox.columns.when')}</TableCell>
                  <TableCell>{translate('tl.mail.outbox.columns.lastError')}</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {shown.map((m) => (
                  <TableRow key={m.id}>
                    <TableCell>{formatWhen(m.createdAt)}</TableCell>
                    <TableCell>
                      {KIND_LABELS[m.kind]
                        ? translate(KIND_LABELS[m.kind].label, { _: KIND_LABELS[m.kind].label })
                        : m.kind}
                    </TableCell>
                    <TableCell>{m.to}</TableCell>
                    <TableCell>{m.subject}</TableCell>
                    <TableCell>
                      <Chip
                        size="small"
                        label={translate(`tl.mail.outbox.chips.${m.state}`, { _: m.state })}
                        color={STATE_COLOR[m.state] ?? 'default'}
                      />
                    </TableCell>
                    <TableCell align="right">{m.attemptCount}</TableCell>
                    <TableCell>
                      {m.sentAt ? formatWhen(m.sentAt) : m.deferredUntil ? formatWhen(m.deferredUntil) : '—'}
                    </TableCell>
                    <TableCell>{m.lastError ?? ''}</TableCell>
                    <TableCell>
                      {m.bodyText !== null && (
                        <Button
                          size="small"
                          onClick={() => setReading(m)}
                          aria-label={translate('tl.mail.outbox.readLabel', { subject: m.subject })}
                        >
                          {translate('tl.mail.outbox.read')}
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <TablePagination
              component="div"
              count={data?.mailOutbox.totalCount ?? 0}
              page={page}
              rowsPerPage={PAGE}
              rowsPerPageOptions={[PAGE]}
              slotProps={{
                actions: {
                  nextButton: { disabled: !data?.mailOutbox.pageInfo.hasNextPage },
                  previousButton: { disabled: page === 0 },
                },
              }}
              onPageChange={(_, p) =>
                setCursors((c) =>
                  p > page && data?.mailOutbox.pageInfo.endCursor
                    ? [...c, data.mailOutbox.pageInfo.endCursor]
                    : c.slice(0, Math.max(1, c.length - 1)),
                )
              }
            />
          </>
        )}
      </CardContent>
      <Dialog open={reading !== null} onClose={() => setReading(null)} maxWidth="md" fullWidth>
        <DialogTitle>{reading?.subject}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {translate('tl.mail.outbox.to', { to: reading?.to ?? '' })}
          </Typography>
          <Typography component="pre" variant="body2" sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
            {reading?.bodyText}
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setReading(null)}>{translate('tl.mail.outbox.close')}</Button>
        </DialogActions>
      </Dialog>
    </Card>
  );
}
