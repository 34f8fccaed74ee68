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
import { useTranslate } from 'react-admin';
import { useFormatNumber } from '../../i18n/format';
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

function isOpen(d: Disposal): boolean {
  return d.status === 'REQUESTED' || d.status === 'SCHEDULED';
}

function DisposalStatus({ d }: { d: Disposal }) {
  const translate = useTranslate();
  return (
    <>
      <Chip
        size="small"
        label={translate(`tl.privacy.disposal.status.${d.status}`)}
        color={d.status === 'SCHEDULED' ? 'warning' : d.status === 'DISPOSED' ? 'error' : 'default'}
      />
      {d.status === 'SCHEDULED' && d.dueAt && (
        <Typography variant="body2" sx={{ mt: 0.5 }}>
          {translate('tl.privacy.disposal.due', { date: formatWhen(d.dueAt), smart_count: d.graceDays ?? 0 })}
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
  const translate = useTranslate();
  const { busy, fieldErrors, run } = usePrivacyAction(KEYS, ['confirmSlug']);
  const open = data?.districtDisposals.find(isOpen);
  const last = data?.districtDisposals[0];
  const target = district?.currentDistrict?.slug ?? '';
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.disposal.request.title')}
        subheader={translate('tl.privacy.disposal.request.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {last && !open && (
          <Box sx={{ mb: 2 }}>
            <Typography variant="subtitle2">
              {translate('tl.privacy.disposal.request.last', { date: formatWhen(last.requestedAt) })}
            </Typography>
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
                void run(
                  () => graphql(DISPOSAL_CANCEL, { input: { id: open.id } }),
                  translate('tl.privacy.disposal.request.cancelled'),
                )
              }
            >
              {translate('tl.privacy.disposal.request.cancel')}
            </Button>
          </Stack>
        ) : (
          <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
            <TextField
              size="small"
              label={translate('tl.privacy.disposal.request.confirm', {
                slug: target || translate('tl.privacy.disposal.request.theSlug'),
              })}
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
              error={Boolean(fieldErrors.confirmSlug)}
              helperText={fieldErrors.confirmSlug ?? translate('tl.privacy.disposal.request.confirmHelp')}
            />
            <Button
              color="error"
              variant="contained"
              disabled={busy || !slug}
              onClick={() =>
                void run(
                  () => graphql(DISPOSAL_REQUEST, { input: { confirmSlug: slug } }),
                  translate('tl.privacy.disposal.request.asked'),
                ).then((done) => done && setSlug(''))
              }
            >
              {translate('tl.privacy.disposal.request.ask')}
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
  const translate = useTranslate();
  const rows = data?.districtDisposals ?? [];
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.disposal.operator.title')}
        subheader={translate('tl.privacy.disposal.operator.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error">
            {translate('tl.privacy.disposal.operator.readError', { message: error.message })}
          </Alert>
        )}
        {data && rows.length === 0 && (
          <Typography color="text.secondary">{translate('tl.privacy.disposal.operator.empty')}</Typography>
        )}
        {rows.length > 0 && (
          <Table size="small" aria-label={translate('tl.privacy.disposal.operator.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('tl.privacy.disposal.operator.columns.district')}</TableCell>
                <TableCell>{translate('tl.privacy.disposal.operator.columns.requestedAt')}</TableCell>
                <TableCell>{translate('tl.privacy.disposal.operator.columns.status')}</TableCell>
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
                            label={translate('tl.privacy.disposal.operator.graceDays')}
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
                                translate('tl.privacy.disposal.operator.scheduled'),
                              )
                            }
                          >
                            {translate('tl.privacy.disposal.operator.schedule')}
                          </Button>
                        </>
                      )}
                      {isOpen(d) && (
                        <Button
                          disabled={busy}
                          onClick={() =>
                            void run(
                              () => graphql(DISPOSAL_CANCEL, { input: { id: d.id } }),
                              translate('tl.privacy.disposal.operator.cancelled'),
                            )
                          }
                        >
                          {translate('tl.privacy.disposal.operator.cancel')}
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
  const translate = useTranslate();
  const formatNumber = useFormatNumber();
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.disposal.certificates.title')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {data && rows.length === 0 && (
          <Typography color="text.secondary">{translate('tl.privacy.disposal.certificates.empty')}</Typography>
        )}
        {rows.map((c) => (
          <Box key={c.id} component="details" sx={{ mb: 1 }}>
            <Box component="summary" sx={{ cursor: 'pointer' }}>
              {translate('tl.privacy.disposal.certificates.summary', {
                district: c.districtName,
                slug: c.districtSlug,
                rows: formatNumber(c.totalRows),
                date: formatWhen(c.disposedAt),
                scheduledBy: c.scheduledBy
                  ? translate('tl.privacy.disposal.certificates.scheduledBy', { name: c.scheduledBy })
                  : '',
                jobs: formatNumber(c.jobsDeleted),
              })}
            </Box>
            <Table
              size="small"
              aria-label={translate('tl.privacy.disposal.certificates.tableLabel', { name: c.districtName })}
            >
              <TableBody>
                {c.counts.map((n) => (
                  <TableRow key={n.table}>
                    <TableCell>{n.table}</TableCell>
                    <TableCell align="right">{formatNumber(n.rows)}</TableCell>
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
