import { Chip } from '@mui/material';
import type { ChangeDimension } from '@throughline/shared';
import { DIMENSION_COLORS, DIMENSION_LABELS } from './strategyChoices';

/** The change a mapping expects, coloured by its dimension so a strategy's mix is visible at a glance. */
export function DimensionChip({ dimension }: { dimension: ChangeDimension }) {
  return (
    <Chip
      size="small"
      label={DIMENSION_LABELS[dimension]}
      sx={{ bgcolor: DIMENSION_COLORS[dimension], color: '#fff', fontWeight: 600 }}
    />
  );
}
