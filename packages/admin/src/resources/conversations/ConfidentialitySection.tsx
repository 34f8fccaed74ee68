import { Alert, Typography } from '@mui/material';
import type { ConfidentialityBoundary } from '@throughline/shared';
import { useRecordContext } from 'react-admin';
import { BOUNDARY_EXPLAINED, BOUNDARY_LABELS, BOUNDARY_OUTSIDE } from './choices';

/** The boundary in plain words, so nobody has to guess who will read their notes. */
export function ConfidentialitySection() {
  const r = useRecordContext();
  if (!r) return null;
  const b = r.confidentiality as ConfidentialityBoundary;
  return (
    <Alert severity="info" icon={false}>
      <Typography variant="subtitle2">{BOUNDARY_LABELS[b]}</Typography>
      <Typography variant="body2">{BOUNDARY_EXPLAINED[b]}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {BOUNDARY_OUTSIDE}
      </Typography>
    </Alert>
  );
}
