import { Chip, Tooltip } from '@mui/material';
import type { StrategyHealth } from './types';

export interface HealthChipProps {
  /** `Funnel.health` of a strategy's funnel; nothing is drawn when it is null. */
  health: StrategyHealth | null | undefined;
  size?: 'small' | 'medium';
}

const LOOK: Record<StrategyHealth, { label: string; color: 'success' | 'warning' | 'error' | 'default'; why: string }> =
  {
    ON_TRACK: {
      label: 'On track',
      color: 'success',
      why: 'Every measured rate (held, quality, follow-through) meets the district’s on-track mark.',
    },
    AT_RISK: {
      label: 'At risk',
      color: 'warning',
      why: 'Held rate, quality or follow-through is below the on-track mark, none below the at-risk mark.',
    },
    OFF_TRACK: {
      label: 'Off track',
      color: 'error',
      why: 'At least one of held rate, quality or follow-through is below the at-risk mark.',
    },
    NOT_ENOUGH_DATA: {
      label: 'Not enough data',
      color: 'default',
      why: 'Nothing in this window yet to measure held rate, quality or follow-through by.',
    },
  };

/** A strategy's health against the district's thresholds, with the reason on hover. */
export function HealthChip({ health, size = 'medium' }: HealthChipProps) {
  if (!health) return null;
  const look = LOOK[health];
  return (
    <Tooltip title={look.why}>
      <Chip label={look.label} color={look.color} size={size} />
    </Tooltip>
  );
}
