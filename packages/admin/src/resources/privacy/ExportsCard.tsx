import DownloadIcon from '@mui/icons-material/Download';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { formatBytes, usePrivacyAction } from './usePrivacyAction';

interface ExportRow {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  requestedByKind: string;
  requestedAt: string;
  completedAt: string | null;
  expiresAt: string | null;
  byteSize: number | null;
  withheldCount: number | null;
  failure: string | null;
  downloadUrl: string | null;
}

const EXPORTS = `query DistrictExports($districtId: ID) { districtExports(districtId: $districtId) {
  id status requestedByKind requestedAt completedAt expiresAt byteSize withheldCount failure downloadUrl } }`;
const EXPORT_START = `mutation DistrictExportStart($input: DistrictExportStartInput!) {
  districtExportStart(input: $input) { export { id status } } }`;

/** Each status's chip colour (its words: tl.privacy.exports.status.*). */
const STATUS_COLOR: Record<ExportRow['status'], 'default' | 'success' | 'error'> = {
  RUNNING: 'default',
  COMPLETED: 'success',
  FAILED: 'error',
};

/**
 * The district's exports: start one (a district admin for their district; the operator for the district named, on
 * its written request), watch it being prepared, and download it through the signed link while it lasts. Only the
 * person who asked gets the link.
 */
export function ExportsCard({ districtId, districtName }: { districtId?: string; districtName?: string }) {
  const variables = { districtId: districtId ?? null };
  const { data, error } = useGraphqlQuery<{ districtExports: ExportRow[] }>(['districtExports'], EXPORTS, variables, {
    refetchInterval: (q) =>
      (q.state.data as { districtExports: ExportRow[] } | undefined)?.districtExports.some(
        (e) => e.status === 'RUNNING',
      )
        ? 2_000
        : false,
  });
  const { busy, run } = usePrivacyAction([['districtExports']]);
  const translate = useTranslate();
  const exports = data?.districtExports ?? [];
  const running = exports.some((e) => e.status === 'RUNNING');
  const start = () =>
    run(
      () => graphql(EXPORT_START, { input: districtId ? { districtId } : {} }),
      translate('tl.privacy.exports.started'),
    );
  return (
    <Card>
      <CardHeader
        title={
          districtName
            ? translate('tl.privacy.exports.titleOf', { name: districtName })
            : translate('tl.privacy.exports.title')
        }
        subheader={translate('tl.privacy.exports.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <Button variant="contained" onClick={() => void start()} disabled={busy || running}>
            {translate(running ? 'tl.privacy.exports.running' : 'tl.privacy.exports.start')}
          </Button>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error">{translate('tl.privacy.exports.readError', { message: error.message })}</Alert>
        )}
        {data && exports.length === 0 && (
          <Typography color="text.secondary">{translate('tl.privacy.exports.empty')}</Typography>
        )}
        {exports.length > 0 && (
          <Table size="small" aria-label={translate('tl.privacy.exports.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('tl.privacy.exports.columns.requestedAt')}</TableCell>
                <TableCell>{translate('tl.privacy.exports.columns.status')}</TableCell>
                <TableCell>{translate('tl.privacy.exports.columns.size')}</TableCell>
                <TableCell>{translate('tl.privacy.exports.columns.withheld')}</TableCell>
                <TableCell>{translate('tl.privacy.exports.columns.expiresAt')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {exports.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>{formatWhen(e.requestedAt)}</TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      label={translate(`tl.privacy.exports.status.${e.status}`)}
                      color={STATUS_COLOR[e.status]}
                    />
                    {e.failure && (
                      <Typography variant="caption" color="error" sx={{ display: 'block' }}>
                        {e.failure}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{formatBytes(e.byteSize)}</TableCell>
                  <TableCell>{e.withheldCount ?? '—'}</TableCell>
                  <TableCell>{e.expiresAt ? formatWhen(e.expiresAt) : '—'}</TableCell>
                  <TableCell align="right">
                    {e.downloadUrl ? (
                      <Button size="small" startIcon={<DownloadIcon />} href={e.downloadUrl}>
                        {translate('tl.privacy.exports.download')}
                      </Button>
                    ) : e.status === 'COMPLETED' ? (
                      <Typography variant="caption" color="text.secondary">
                        {translate('tl.privacy.exports.noLink')}
                      </Typography>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
