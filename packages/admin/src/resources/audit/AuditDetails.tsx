import { Box, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { AuditRecord } from './AuditFields';
import { clientLabel } from './auditLabels';

/** The expanded row: the raw names and ids, for matching an event with the API's logs or an integrator's. */
export function AuditDetails() {
  const r = useRecordContext<AuditRecord & { requestId?: string | null }>();
  if (!r) return null;
  const rows: [string, string][] = [
    ['Action', r.action],
    ['Record', r.entityId ? `${r.entityType} ${r.entityId}` : r.entityType],
    ['Fields', r.fields.join(', ') || '—'],
    ['Client', r.client ? `${clientLabel(r.client)} (${r.client})` : '—'],
    ['Exact time', new Date(r.occurredAt).toISOString()],
  ];
  return (
    <Box
      component="dl"
      sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0, py: 1 }}
    >
      {rows.map(([k, v]) => (
        <Box key={k} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {k}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-all' }}>
            {v}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
