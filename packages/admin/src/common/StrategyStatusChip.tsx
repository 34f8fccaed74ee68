import { Chip } from '@mui/material';
import type { StrategyStatus } from '@throughline/shared';
import { STATUS_COLORS, STATUS_LABELS } from './strategyChoices';

/** A strategy's status as a small outlined chip. */
export const StrategyStatusChip = ({ status }: { status: StrategyStatus }) => (
  <Chip size="small" label={STATUS_LABELS[status]} color={STATUS_COLORS[status]} variant="outlined" />
);
