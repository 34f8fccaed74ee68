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

const STATUS: Record<ExportRow['status'], { label: string; color: 'default' | 'success' | 'error' }> = {
  RUNNING: { label: 'Being prepared', color: 'default' },
  COMPLETED: { label: 'Ready', color: 'success' },
  FAILED: { label: 'Failed', color: 'error' },
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
  const exports = data?.districtExports ?? [];
  const running = exports.some((e) => e.status === 'RUNNING');
  const start = () =>
    run(
      () => graphql(EXPORT_START, { input: districtId ? { districtId } : {} }),
      'The export is being prepared; its download link appears here when it is ready',
    );
  return (
    <Card>
      <CardHeader
        title={districtName ? `Export of ${districtName}` : 'Export the district'}
        subheader="One zip with every table as JSON Lines and CSV, a codebook, the roster in OneRoster format and a manifest of checksums. Confidential text you may not read is marked withheld. The link works for 24 hours, for you only."
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <Button variant="contained" onClick={() => void start()} disabled={busy || running}>
            {running ? 'Export running…' : 'Start an export'}
          </Button>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">The exports could not be read: {error.message}</Alert>}
        {data && exports.length === 0 && <Typography color="text.secondary">No export yet.</Typography>}
        {exports.length > 0 && (
          <Table size="small" aria-label="Exports">
            <TableHead>
              <TableRow>
                <TableCell>Asked for</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Size</TableCell>
                <TableCell>Withheld cells</TableCell>
                <TableCell>Link valid until</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {exports.map((e) => (
                <TableRow key={e.id}>
                  <TableCell>{formatWhen(e.requestedAt)}</TableCell>
                  <TableCell>
                    <Chip size="small" label={STATUS[e.status].label} color={STATUS[e.status].color} />
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
                        Download
                      </Button>
                    ) : e.status === 'COMPLETED' ? (
                      <Typography variant="caption" color="text.secondary">
                        No link: expired, or asked for by someone else
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
