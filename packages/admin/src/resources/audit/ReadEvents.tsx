import { useState } from 'react';
import {
  Box,
  Button,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { useNotify, useTranslate } from 'react-admin';
import { useFormatNumber } from '../../i18n/format';
import { graphql } from '../../portal';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';

interface ReadRow {
  id: string;
  readAt: string;
  readerName: string | null;
  author: { displayName: string } | null;
  recordType: string;
  field: string;
}

const QUERY = `query ReadEvents($filter: ConfidentialReadFilter) {
  confidentialReads(first: 50, filter: $filter) {
    totalCount nodes { id readAt readerName author { displayName } recordType field } } }`;

/** Saves a text as a file the browser downloads. */
function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

/** The audit log as CSV files: change events or read events (the API keeps formulas out of every cell). */
export function AuditDownloads() {
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const fetchCsv = async (log: 'EVENTS' | 'READS') => {
    setBusy(true);
    try {
      const { auditLogCsv } = await graphql<{
        auditLogCsv: { filename: string; csv: string; rowCount: number; truncated: boolean };
      }>(
        `
          query ($input: AuditLogCsvInput!) {
            auditLogCsv(input: $input) {
              filename
              csv
              rowCount
              truncated
            }
          }
        `,
        {
          input: { log },
        },
      );
      download(auditLogCsv.filename, auditLogCsv.csv);
      if (auditLogCsv.truncated) notify('tl.audit.downloads.truncated', { type: 'warning' });
    } catch {
      notify('tl.audit.downloads.failed', { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack direction="row" spacing={1} sx={{ mb: 1, justifyContent: 'flex-end' }}>
      <Button startIcon={<DownloadIcon />} disabled={busy} onClick={() => void fetchCsv('EVENTS')}>
        {translate('tl.audit.downloads.events')}
      </Button>
      <Button startIcon={<DownloadIcon />} disabled={busy} onClick={() => void fetchCsv('READS')}>
        {translate('tl.audit.downloads.reads')}
      </Button>
    </Stack>
  );
}

/** District admins: who read confidential text someone else wrote (never the text), newest first. */
export function ReadEvents() {
  const translate = useTranslate();
  const num = useFormatNumber();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const filter = {
    ...(from ? { readAfter: new Date(`${from}T00:00:00`).toISOString() } : {}),
    ...(to ? { readBefore: new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() } : {}),
  };
  const { data } = useGraphqlQuery<{ confidentialReads: { totalCount: number; nodes: ReadRow[] } }>(
    ['readEvents'],
    QUERY,
    { filter },
  );
  return (
    <Paper sx={{ p: 2, mt: 2 }}>
      <Typography variant="h6">{translate('tl.audit.reads.title')}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        {translate('tl.audit.reads.intro')}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ mb: 1 }}>
        <TextField
          type="date"
          label={translate('tl.audit.reads.from')}
          size="small"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          type="date"
          label={translate('tl.audit.reads.to')}
          size="small"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      </Stack>
      {data && data.confidentialReads.nodes.length === 0 ? (
        <Box sx={{ p: 2 }}>
          <Typography color="text.secondary">{translate('tl.audit.reads.none')}</Typography>
        </Box>
      ) : (
        <Table size="small" aria-label={translate('tl.audit.reads.table')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('tl.audit.reads.when')}</TableCell>
              <TableCell>{translate('tl.audit.reads.who_read')}</TableCell>
              <TableCell>{translate('tl.audit.reads.whose_text')}</TableCell>
              <TableCell>{translate('tl.audit.reads.record')}</TableCell>
              <TableCell>{translate('tl.audit.reads.field')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(data?.confidentialReads.nodes ?? []).map((r) => (
              <TableRow key={r.id}>
                <TableCell>{formatWhen(r.readAt)}</TableCell>
                <TableCell>{r.readerName ?? '—'}</TableCell>
                <TableCell>{r.author?.displayName ?? '—'}</TableCell>
                <TableCell>{translate(`tl.audit.reads.records.${r.recordType}`, { _: r.recordType })}</TableCell>
                <TableCell>{translate(`tl.audit.reads.fields.${r.field}`, { _: r.field })}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {data && data.confidentialReads.totalCount > data.confidentialReads.nodes.length && (
        <Typography variant="caption" color="text.secondary">
          {translate('tl.audit.reads.more', { total: num(data.confidentialReads.totalCount) })}
        </Typography>
      )}
    </Paper>
  );
}
