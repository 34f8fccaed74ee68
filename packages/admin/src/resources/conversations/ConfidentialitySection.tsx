import { Alert, Typography } from '@mui/material';
import type { ConfidentialityBoundary } from '@throughline/shared';
import { useRecordContext, useTranslate } from 'react-admin';
import { BOUNDARY_OUTSIDE, boundaryExplainedKey, boundaryKey } from './choices';

/** The boundary in plain words, so nobody has to guess who will read their notes. */
export function ConfidentialitySection() {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  const b = r.confidentiality as ConfidentialityBoundary;
  return (
    <Alert severity="info" icon={false}>
      <Typography variant="subtitle2">{translate(boundaryKey(b))}</Typography>
      <Typography variant="body2">{translate(boundaryExplainedKey(b))}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {translate(BOUNDARY_OUTSIDE)}
      </Typography>
    </Alert>
  );
}
