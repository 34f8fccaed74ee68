import { Box, Typography } from '@mui/material';
import { useContext } from 'react';
import { useRecordContext } from 'react-admin';
import { actorName, RecordNamesContext, type AuditRecord } from './AuditFields';
import { ENTITY_LABELS, auditSentence, clientLabel, fieldLabel } from './auditLabels';
import { districtZone } from '../../common/when';

/**
 * The expanded row, in words: what happened, to which record, which fields, from where and exactly when. No raw ids:
 * the record by its name (or its kind, when the reader may no longer see it).
 */
export function AuditDetails() {
  const r = useRecordContext<AuditRecord>();
  const names = useContext(RecordNamesContext);
  if (!r) return null;
  const name = r.entityId ? names[r.entityId] : undefined;
  const kind = ENTITY_LABELS[r.entityType] ?? r.entityType;
  const rows: [string, string][] = [
    ['What happened', auditSentence(r.action, r.entityType, actorName(r), name)],
    ['Record', name ? `${kind}: ${name}` : kind],
    ['Fields', r.fields.map(fieldLabel).join(', ') || '—'],
    ['From', r.client ? clientLabel(r.client) : '—'],
    [
      'Exact time',
      new Intl.DateTimeFormat(undefined, {
        dateStyle: 'full',
        timeStyle: 'long',
        timeZone: districtZone(),
      }).format(new Date(r.occurredAt)),
    ],
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
          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
            {v}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
