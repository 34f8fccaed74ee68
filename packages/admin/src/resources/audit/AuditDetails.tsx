import { Box, Typography } from '@mui/material';
import { useContext } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { actorName, RecordNamesContext, type AuditRecord } from './AuditFields';
import { auditSentence, clientLabel, entityLabel, fieldLabel, recordNameText } from './auditLabels';
import { districtZone } from '../../common/when';
import { intlLocale, useLocale } from '../../i18n/format';

/**
 * The expanded row, in words: what happened, to which record, which fields, from where and exactly when. No raw ids:
 * the record by its name (or its kind, when the reader may no longer see it).
 */
export function AuditDetails() {
  const r = useRecordContext<AuditRecord>();
  const names = useContext(RecordNamesContext);
  const translate = useTranslate();
  const locale = useLocale();
  if (!r) return null;
  const named = r.entityId ? names[r.entityId] : undefined;
  const name = named ? recordNameText(named, translate) : undefined;
  const kind = entityLabel(r.entityType, translate);
  const rows: [string, string][] = [
    [translate('tl.audit.details.what_happened'), auditSentence(r.action, actorName(r, translate), named, translate)],
    [translate('tl.audit.details.record'), name ? translate('tl.audit.details.record_named', { kind, name }) : kind],
    [translate('tl.audit.details.fields'), r.fields.map(fieldLabel).join(', ') || '—'],
    [translate('tl.audit.details.from'), r.client ? clientLabel(r.client, translate) : '—'],
    [
      translate('tl.audit.details.exact_time'),
      new Intl.DateTimeFormat(intlLocale(locale), {
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
