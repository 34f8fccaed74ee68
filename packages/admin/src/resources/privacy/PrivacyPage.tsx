import { Box, Card, CardContent, CardHeader, Link, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Loading, Title, useCanAccess, useTranslate } from 'react-admin';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { ExportsCard } from './ExportsCard';
import { CertificatesCard, DisposalRequestCard, OperatorDisposalsCard } from './DisposalCards';
import { ConsentSettingsCard, RetentionCard } from './SettingsCards';
import { ConsentRegisterCard, MyReadsCard } from './ReadsAndConsents';

const DISTRICTS = `query PrivacyDistricts { districts(first: 100) { nodes { id name slug status } } }`;

/** What Throughline keeps and who reads it, in a few lines (the whole statement: docs/privacy.md). */
function Summary() {
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader title={translate('tl.privacy.summary.title')} slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        <Stack spacing={1}>
          {(['keeps', 'reads', 'keeping', 'others'] as const).map((part) => (
            <Typography key={part} variant="body2">
              <strong>{translate(`tl.privacy.summary.${part}Heading`)}</strong>{' '}
              {translate(`tl.privacy.summary.${part}`)}
            </Typography>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

/** The operator exports a district on its written request (the archive then holds no confidential text). */
function OperatorExport() {
  const { data } = useGraphqlQuery<{ districts: { nodes: { id: string; name: string; slug: string }[] } }>(
    ['privacyDistricts'],
    DISTRICTS,
  );
  const [districtId, setDistrictId] = useState('');
  const translate = useTranslate();
  const district = data?.districts.nodes.find((d) => d.id === districtId);
  return (
    <Stack spacing={2}>
      <TextField
        select
        size="small"
        label={translate('tl.privacy.operatorExport.label')}
        value={districtId}
        onChange={(e) => setDistrictId(e.target.value)}
        sx={{ maxWidth: 420 }}
      >
        {(data?.districts.nodes ?? []).map((d) => (
          <MenuItem key={d.id} value={d.id}>
            {d.name} ({d.slug})
          </MenuItem>
        ))}
      </TextField>
      {district && <ExportsCard key={district.id} districtId={district.id} districtName={district.name} />}
    </Stack>
  );
}

/**
 * The privacy page: for everyone, what Throughline keeps and who read what they wrote, and the consent register of
 * the sessions they may read; for district admins, export, disposal, retention and consent settings (the read events
 * themselves are in the audit log); for the operator, disposals, certificates and exports on a district's request.
 */
export function PrivacyPage() {
  const staff = useCanAccess({ resource: 'learnerConsents', action: 'list' });
  const exports = useCanAccess({ resource: 'districtExports', action: 'list' });
  const request = useCanAccess({ resource: 'disposalRequests', action: 'list' });
  const manage = useCanAccess({ resource: 'disposals', action: 'list' });
  const settings = useCanAccess({ resource: 'retention', action: 'list' });
  const audit = useCanAccess({ resource: 'auditEvents', action: 'list' });
  const translate = useTranslate();
  if ([staff, exports, request, manage, settings, audit].some((a) => a.isPending)) return <Loading />;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="tl.privacy.page.title" />
      <Stack spacing={2}>
        <Summary />
        {staff.canAccess && <MyReadsCard />}
        {audit.canAccess && (
          <Typography variant="body2">
            {translate('tl.privacy.page.auditLine')}{' '}
            <Link href="#/auditEvents">{translate('tl.privacy.page.auditLink')}</Link>.
          </Typography>
        )}
        {manage.canAccess && <OperatorDisposalsCard />}
        {manage.canAccess && <CertificatesCard />}
        {manage.canAccess && exports.canAccess && <OperatorExport />}
        {!manage.canAccess && exports.canAccess && <ExportsCard />}
        {request.canAccess && <DisposalRequestCard />}
        {settings.canAccess && <RetentionCard />}
        {settings.canAccess && <ConsentSettingsCard />}
        {staff.canAccess && <ConsentRegisterCard />}
      </Stack>
    </Box>
  );
}
