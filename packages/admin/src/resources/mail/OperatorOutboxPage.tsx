import { Alert, Box, MenuItem, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { AccessDenied, Loading, Title, useCanAccess, useTranslate } from 'react-admin';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { OutboxCard } from './OutboxCard';

const DISTRICTS = `query OutboxDistricts { districts(first: 100) { nodes { id name slug } } }`;

/**
 * The platform operator's view of a district's outbox (lazy-loaded: only the operator comes here): choose the district,
 * then its delivery log as its admins see it. Every page read is recorded in that district's read audit.
 */
export function OperatorOutboxPage() {
  const access = useCanAccess({ resource: 'mailOutboxes', action: 'list' });
  const translate = useTranslate();
  const { data } = useGraphqlQuery<{ districts: { nodes: { id: string; name: string; slug: string }[] } }>(
    ['outboxDistricts'],
    DISTRICTS,
    undefined,
    { enabled: access.canAccess === true },
  );
  const [districtId, setDistrictId] = useState('');
  if (access.isPending) return <Loading />;
  if (!access.canAccess) return <AccessDenied />;
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="tl.mail.operatorOutbox.title" />
      <Stack spacing={2}>
        <Alert severity="info">{translate('tl.mail.operatorOutbox.audited')}</Alert>
        <TextField
          select
          size="small"
          label={translate('tl.mail.operatorOutbox.district')}
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
        {districtId && <OutboxCard key={districtId} districtId={districtId} />}
      </Stack>
    </Box>
  );
}
