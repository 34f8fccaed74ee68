import { Box, Card, CardContent, CardHeader, Link, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { Loading, Title, useCanAccess } from 'react-admin';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { ExportsCard } from './ExportsCard';
import { CertificatesCard, DisposalRequestCard, OperatorDisposalsCard } from './DisposalCards';
import { ConsentSettingsCard, RetentionCard } from './SettingsCards';
import { ConsentRegisterCard, MyReadsCard } from './ReadsAndConsents';

const DISTRICTS = `query PrivacyDistricts { districts(first: 100) { nodes { id name slug status } } }`;

/** What Throughline keeps and who reads it, in a few lines (the whole statement: docs/privacy.md). */
function Summary() {
  return (
    <Card>
      <CardHeader title="How Throughline handles personal data" slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        <Stack spacing={1}>
          <Typography variant="body2">
            <strong>What it keeps.</strong> Staff names, email addresses, titles and roles; when conversations were
            planned and held, who came, the evidence used, ratings, actions and reflections. Notes, check-in and
            check-out lines, reflections and action evidence may mention students, so they are treated as education
            records. Learners in learning partnership conversations are known by a label the teacher chooses; no
            recording is kept here, only where it is stored, and only while the learner agrees.
          </Typography>
          <Typography variant="body2">
            <strong>Who reads it.</strong> What is said in a conversation is readable only inside its confidentiality
            boundary; outside it, the text is withheld everywhere, exports included. Every time someone reads text
            another person wrote, the read is recorded (never the text), and the writer can see it below. Integrations
            never receive it. The platform operator sees no record inside a district.
          </Typography>
          <Typography variant="body2">
            <strong>How long, and getting it back.</strong> The district decides how long confidential text and the
            details of people who left are kept, can export everything at any time, and can ask for all of it to be
            deleted, with a certificate of what was deleted.
          </Typography>
          <Typography variant="body2">
            <strong>Other companies.</strong> None receive data unless the deployment adds them (mail delivery, for
            instance); a breach is reported to the district without delay, within the time its agreement sets.
          </Typography>
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
  const district = data?.districts.nodes.find((d) => d.id === districtId);
  return (
    <Stack spacing={2}>
      <TextField
        select
        size="small"
        label="Export a district, on its written request"
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
  if ([staff, exports, request, manage, settings, audit].some((a) => a.isPending)) return <Loading />;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Privacy" />
      <Stack spacing={2}>
        <Summary />
        {staff.canAccess && <MyReadsCard />}
        {audit.canAccess && (
          <Typography variant="body2">
            Every read of confidential text in the district, and the audit log as CSV:{' '}
            <Link href="#/auditEvents">Audit log</Link>.
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
