import { Button, ButtonGroup, Stack, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';

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
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <TextField
        type="date"
        label="From"
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
        label="To"
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
        aria-label="Group the trend by"
      >
        <ToggleButton value="WEEK">Weekly</ToggleButton>
        <ToggleButton value="MONTH">Monthly</ToggleButton>
      </ToggleButtonGroup>
    </Stack>
  );
}
