import { MenuItem, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';

export interface ScopeSelectProps {
  value: string;
  schools: { id: string; name: string }[];
  onChange: (scope: string) => void;
}

/** A school, or 'district' for the district-wide strategies. */
export function ScopeSelect({ value, schools, onChange }: ScopeSelectProps) {
  const translate = useTranslate();
  return (
    <TextField
      select
      label={translate('tl.mapping.scope.label')}
      size="small"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      fullWidth={false}
      sx={{ minWidth: 280 }}
    >
      <MenuItem value="district">{translate('tl.mapping.scope.district')}</MenuItem>
      {schools.map((s) => (
        <MenuItem key={s.id} value={s.id}>
          {s.name}
        </MenuItem>
      ))}
    </TextField>
  );
}
