import { Box, Link, Stack, Typography } from '@mui/material';
import type { ChangeDimension } from '@throughline/shared';
import { Link as RouterLink } from 'react-router-dom';
import { DimensionChip } from '../../common/DimensionChip';
import { none } from './DetailItem';
import { useTranslate } from 'react-admin';

export interface StrategyLink {
  id: string;
  dimension: ChangeDimension;
  expectedChange: string;
  strategy: { id: string; title: string } | null;
}

/** The strategies that depend on this conversation, and what each expects of it. */
export function StrategiesSection({ mappings }: { mappings: StrategyLink[] }) {
  const translate = useTranslate();
  if (!mappings.length) return none(translate('tl.conversations.strategies.none'));
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
              none(translate('tl.conversations.strategies.hidden'))
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
