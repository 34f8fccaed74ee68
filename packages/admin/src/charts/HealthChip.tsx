import { Chip, Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { StrategyHealth } from './types';

export interface HealthChipProps {
  /** `Funnel.health` of a strategy's funnel; nothing is drawn when it is null. */
  health: StrategyHealth | null | undefined;
  size?: 'small' | 'medium';
}

/** Colours by health; the words are `tl.charts.health.<HEALTH>.label|why`. */
const COLOR: Record<StrategyHealth, 'success' | 'warning' | 'error' | 'default'> = {
  ON_TRACK: 'success',
  AT_RISK: 'warning',
  OFF_TRACK: 'error',
  NOT_ENOUGH_DATA: 'default',
};

/** A strategy's health against the district's thresholds, with the reason on hover. */
export function HealthChip({ health, size = 'medium' }: HealthChipProps) {
  const translate = useTranslate();
  if (!health) return null;
  return (
    <Tooltip title={translate(`tl.charts.health.${health}.why`)}>
      <Chip label={translate(`tl.charts.health.${health}.label`)} color={COLOR[health]} size={size} />
    </Tooltip>
  );
}
