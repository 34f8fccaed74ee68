import { FormControlLabel, Stack, Switch, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useListContext, useTranslate } from 'react-admin';

/** Mine or my team's (everything the API lets me read: no owner filter), and only the overdue ones. */
export function ActionQuickFilters() {
  const { filterValues, setFilters, displayedFilters } = useListContext();
  const translate = useTranslate();
  const { mine: _mine, overdue: _overdue, ...rest } = filterValues;
  const set = (mine: boolean, overdue: boolean) =>
    setFilters({ ...rest, ...(mine ? { mine: true } : {}), ...(overdue ? { overdue: true } : {}) }, displayedFilters);
  const mine = Boolean(filterValues.mine);
  const overdue = Boolean(filterValues.overdue);
  return (
    <Stack direction="row" spacing={2} sx={{ px: 2, pt: 1, alignItems: 'center' }}>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={mine ? 'mine' : 'team'}
        onChange={(_e, v: string | null) => v && set(v === 'mine', overdue)}
        aria-label={translate('tl.actions.quick.whose')}
      >
        <ToggleButton value="mine">{translate('tl.actions.quick.mine')}</ToggleButton>
        <ToggleButton value="team">{translate('tl.actions.quick.team')}</ToggleButton>
      </ToggleButtonGroup>
      <FormControlLabel
        label={translate('tl.actions.quick.overdue')}
        control={<Switch checked={overdue} onChange={(e) => set(mine, e.target.checked)} />}
      />
    </Stack>
  );
}
