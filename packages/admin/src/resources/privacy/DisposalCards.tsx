import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { graphql } from '../../portal';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { usePrivacyAction } from './usePrivacyAction';

interface Disposal {
  id: string;
  districtName: string;
  districtSlug: string;
  status: 'REQUESTED' | 'SCHEDULED' | 'CANCELLED' | 'DISPOSED';
  requestedAt: string;
  scheduledAt: string | null;
  graceDays: number | null;
  dueAt: string | null;
  cancelledAt: string | null;
  disposedAt: string | null;
  lastError: string | null;
}

interface Certificate {
  id: string;
  districtName: string;
  districtSlug: string;
  requestedAt: string;
  scheduledBy: string | null;
  disposedAt: string;
  totalRows: number;
  jobsDeleted: number;
  counts: { table: string; rows: number }[];
}

const DISPOSALS = `query DistrictDisposals { districtDisposals {
  id districtName districtSlug status requestedAt scheduledAt graceDays dueAt cancelledAt disposedAt lastError } }`;
const CURRENT_DISTRICT = `query PrivacyDistrict { currentDistrict { id name slug } }`;
const DISPOSAL_REQUEST = `mutation DistrictDisposalRequest($input: DistrictDisposalRequestInput!) {
  districtDisposalRequest(input: $input) { disposal { id status } } }`;
const DISPOSAL_SCHEDULE = `mutation DistrictDisposalSchedule($input: DistrictDisposalScheduleInput!) {
  districtDisposalSchedule(input: $input) { disposal { id status dueAt } } }`;
const DISPOSAL_CANCEL = `mutation DistrictDisposalCancel($input: DistrictDisposalCancelInput!) {
  districtDisposalCancel(input: $input) { disposal { id status } } }`;
const CERTIFICATES = `query DisposalCertificates { disposalCertificates {
  id districtName districtSlug requestedAt scheduledBy disposedAt totalRows jobsDeleted counts { table rows } } }`;

const KEYS = [['districtDisposals'], ['disposalCertificates']];

const STATUS: Record<Disposal['status'], string> = {
  REQUESTED: 'Asked for; waiting for the operator to schedule it',
  SCHEDULED: 'Scheduled',
  CANCELLED: 'Cancelled',
  DISPOSED: 'Carried out',
};

function isOpen(d: Disposal): boolean {
  return d.status === 'REQUESTED' || d.status === 'SCHEDULED';
}

function DisposalStatus({ d }: { d: Disposal }) {
  return (
    <>
      <Chip
        size="small"
        label={STATUS[d.status]}
        color={d.status === 'SCHEDULED' ? 'warning' : d.status === 'DISPOSED' ? 'error' : 'default'}
      />
      {d.status === 'SCHEDULED' && d.dueAt && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          Everything of the district is deleted from {formatWhen(d.dueAt)} ({d.graceDays} days of grace); it can be
          cancelled until then.
        </Typography>
      )}
      {d.lastError && (
        <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
          {d.lastError}
        </Typography>
      )}
    </>
  );
}

/**
 * A district admin asks for the district's data to be disposed of (typing its slug to confirm), sees where the request
 * stands, and may cancel it until it is carried out. The operator schedules it.
 */
export function DisposalRequestCard() {
  const { data } = useGraphqlQuery<{ districtDisposals: Disposal[] }>(['districtDisposals'], DISPOSALS);
  const { data: district } = useGraphqlQuery<{ currentDistrict: { id: string; name: string; slug: string } | null }>(
    ['privacyDistrict'],
    CURRENT_DISTRICT,
  );
  const [slug, setSlug] = useState('');
  const { busy, fieldErrors, run } = usePrivacyAction(KEYS, ['confirmSlug']);
  const open = data?.districtDisposals.find(isOpen);
  const last = data?.districtDisposals[0];
  const target = district?.currentDistrict?.slug ?? '';
  return (
    <Card>
      <CardHeader
        title="Disposal of the district’s data"
        subheader="When the district leaves, it may ask for every record it has in Throughline to be deleted. The platform operator schedules the deletion after a grace period, and keeps a certificate of what was deleted."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {last && !open && (
          <Box sx={{ mb: 2 }}>
            <Typography variant="subtitle2">Last request ({formatWhen(last.requestedAt)})</Typography>
            <DisposalStatus d={last} />
          </Box>
        )}
        {open ? (
          <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
            <DisposalStatus d={open} />
            <Button
              color="primary"
              variant="outlined"
              disabled={busy}
              onClick={() =>
                void run(() => graphql(DISPOSAL_CANCEL, { input: { id: open.id } }), 'The disposal is cancelled')
              }
            >
              Cancel the disposal
            </Button>
          </Stack>
        ) : (
          <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
            <TextField
              size="small"
              label={`Type ${target || 'the district’s slug'} to confirm`}
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              error={Boolean(fieldErrors.confirmSlug)}
              helperText={fieldErrors.confirmSlug ?? 'Nothing is deleted until the operator schedules it'}
            />
            <Button
              color="error"
              variant="contained"
              disabled={busy || !slug}
              onClick={() =>
                void run(
                  () => graphql(DISPOSAL_REQUEST, { input: { confirmSlug: slug } }),
                  'Disposal asked for; the operator schedules it',
                ).then((done) => done && setSlug(''))
              }
            >
              Ask for disposal
            </Button>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

/** The operator: every disposal asked for, to schedule (with its grace period) or cancel, and the certificates. */
export function OperatorDisposalsCard() {
  const { data, error } = useGraphqlQuery<{ districtDisposals: Disposal[] }>(['districtDisposals'], DISPOSALS);
  const [grace, setGrace] = useState<Record<string, string>>({});
  const { busy, fieldErrors, run } = usePrivacyAction(KEYS, ['graceDays']);
  const rows = data?.districtDisposals ?? [];
  return (
    <Card>
      <CardHeader
        title="Disposals"
        subheader="Districts that asked for their data to be deleted. Schedule each after a grace period (0 to 365 days; 30 by default); it can be cancelled until it is due."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">The disposals could not be read: {error.message}</Alert>}
        {data && rows.length === 0 && <Typography color="text.secondary">No district has asked.</Typography>}
        {rows.length > 0 && (
          <Table size="small" aria-label="Disposals">
            <TableHead>
              <TableRow>
                <TableCell>District</TableCell>
                <TableCell>Asked for</TableCell>
                <TableCell>Status</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    {d.districtName} ({d.districtSlug})
                  </TableCell>
                  <TableCell>{formatWhen(d.requestedAt)}</TableCell>
                  <TableCell>
                    <DisposalStatus d={d} />
                  </TableCell>
                  <TableCell align="right">
                    <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end', alignItems: 'flex-start' }}>
                      {d.status === 'REQUESTED' && (
                        <>
                          <TextField
                            size="small"
                            type="number"
                            label="Grace days"
                            sx={{ width: 120 }}
                            value={grace[d.id] ?? '30'}
                            onChange={(e) => setGrace({ ...grace, [d.id]: e.target.value })}
                            error={Boolean(fieldErrors.graceDays)}
                            helperText={fieldErrors.graceDays}
                          />
                          <Button
                            variant="contained"
                            color="warning"
                            disabled={busy}
                            onClick={() =>
                              void run(
                                () =>
                                  graphql(DISPOSAL_SCHEDULE, {
                                    input: { id: d.id, graceDays: Number(grace[d.id] ?? '30') },
                                  }),
                                'Disposal scheduled',
                              )
                            }
                          >
                            Schedule
                          </Button>
                        </>
                      )}
                      {isOpen(d) && (
                        <Button
                          disabled={busy}
                          onClick={() =>
                            void run(() => graphql(DISPOSAL_CANCEL, { input: { id: d.id } }), 'Disposal cancelled')
                          }
                        >
                          Cancel
                        </Button>
                      )}
                    </Stack>
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

/** Certificates of disposal: what was deleted, per table, when and by whom; kept after the district is gone. */
export function CertificatesCard() {
  const { data } = useGraphqlQuery<{ disposalCertificates: Certificate[] }>(['disposalCertificates'], CERTIFICATES);
  const rows = data?.disposalCertificates ?? [];
  return (
    <Card>
      <CardHeader title="Certificates of disposal" slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        {data && rows.length === 0 && <Typography color="text.secondary">No district has been disposed of.</Typography>}
        {rows.map((c) => (
          <Box key={c.id} component="details" sx={{ mb: 1 }}>
            <Box component="summary" sx={{ cursor: 'pointer' }}>
              {c.districtName} ({c.districtSlug}): {c.totalRows.toLocaleString()} rows deleted on{' '}
              {formatWhen(c.disposedAt)}
              {c.scheduledBy ? `, scheduled by ${c.scheduledBy}` : ''}; {c.jobsDeleted} queued jobs
            </Box>
            <Table size="small" aria-label={`Rows deleted from ${c.districtName}`}>
              <TableBody>
                {c.counts.map((n) => (
                  <TableRow key={n.table}>
                    <TableCell>{n.table}</TableCell>
                    <TableCell align="right">{n.rows.toLocaleString()}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ))}
      </CardContent>
    </Card>
  );
}
