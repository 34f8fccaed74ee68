import { Box, Link, Stack, Typography } from '@mui/material';
import type { ChangeDimension } from '@throughline/shared';
import { Link as RouterLink } from 'react-router-dom';
import { DimensionChip } from '../../common/DimensionChip';
import { none } from './DetailItem';

export interface StrategyLink {
  id: string;
  dimension: ChangeDimension;
  expectedChange: string;
  strategy: { id: string; title: string } | null;
}

/** The strategies that depend on this conversation, and what each expects of it. */
export function StrategiesSection({ mappings }: { mappings: StrategyLink[] }) {
  if (!mappings.length) return none('No strategy depends on it yet; map it from a strategy or the mapping grid.');
  return (
    <Stack spacing={1}>
      {mappings.map((m) => (
        <Box key={m.id}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            <DimensionChip dimension={m.dimension} />
            {m.strategy ? (
              <Link component={RouterLink} to={`/strategies/${encodeURIComponent(m.strategy.id)}/show`}>
                {m.strategy.title}
              </Link>
            ) : (
              none('A strategy you cannot see')
            )}
          </Stack>
          <Typography variant="body2" sx={{ ml: 1, mt: 0.5 }}>
            {m.expectedChange}
          </Typography>
        </Box>
      ))}
    </Stack>
  );
}
