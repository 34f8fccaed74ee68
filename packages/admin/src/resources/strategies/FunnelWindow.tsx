import { Button, ButtonGroup, Stack, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface DateWindow {
  from: string;
  to: string;
}

export interface FunnelWindowProps {
  value: DateWindow;
  onChange: (w: DateWindow) => void;
  trend: 'WEEK' | 'MONTH';
  onTrendChange: (t: 'WEEK' | 'MONTH') => void;
  /** Named windows offered as one-click choices. */
  presets: { label: string; window: DateWindow }[];
  error?: string | null;
}

/** The days a funnel is taken over (the district's calendar days, both ends included) and how its trend is grouped. */
export function FunnelWindow({ value, onChange, trend, onTrendChange, presets, error }: FunnelWindowProps) {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <TextField
        type="date"
        label={translate('tl.dashboard.window.from')}
        size="small"
        fullWidth={false}
        sx={{ width: 180 }}
        value={value.from}
        onChange={(e) => e.target.value && onChange({ ...value, from: e.target.value })}
        error={!!error}
        helperText={error ?? undefined}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        type="date"
        label={translate('tl.dashboard.window.to')}
        size="small"
        fullWidth={false}
        sx={{ width: 180 }}
        value={value.to}
        onChange={(e) => e.target.value && onChange({ ...value, to: e.target.value })}
        error={!!error}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <ButtonGroup size="small" variant="outlined">
        {presets.map((p) => (
          <Button
            key={p.label}
            onClick={() => onChange(p.window)}
            variant={p.window.from === value.from && p.window.to === value.to ? 'contained' : 'outlined'}
          >
            {p.label}
          </Button>
        ))}
      </ButtonGroup>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={trend}
        onChange={(_, t) => t && onTrendChange(t)}
        aria-label={translate('tl.strategies.funnel.group_by')}
      >
        <ToggleButton value="WEEK">{translate('tl.strategies.funnel.weekly')}</ToggleButton>
        <ToggleButton value="MONTH">{translate('tl.strategies.funnel.monthly')}</ToggleButton>
      </ToggleButtonGroup>
    </Stack>
  );
}
