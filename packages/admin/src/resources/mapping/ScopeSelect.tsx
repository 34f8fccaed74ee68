import { MenuItem, TextField } from '@mui/material';

export interface ScopeSelectProps {
  value: string;
  schools: { id: string; name: string }[];
  onChange: (scope: string) => void;
}

/** A school, or 'district' for the district-wide strategies. */
export function ScopeSelect({ value, schools, onChange }: ScopeSelectProps) {
  return (
    <TextField
      select
      label="Strategies of"
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      fullWidth={false}
      sx={{ minWidth: 280 }}
    >
      <MenuItem value="district">The district (district-wide)</MenuItem>
      {schools.map((s) => (
        <MenuItem key={s.id} value={s.id}>
          {s.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
