import { FormControlLabel, Stack, Switch, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { useListContext, useTranslate } from 'react-admin';

/** The agenda's views: each one a state filter, with the order that reads naturally for it. */
const VIEWS = [
  { value: 'SCHEDULED', label: 'tl.sessions.states.SCHEDULED', order: 'ASC' },
  { value: 'MISSED', label: 'tl.sessions.states.MISSED', order: 'DESC' },
  { value: 'HELD', label: 'tl.sessions.states.HELD', order: 'DESC' },
  { value: 'CANCELLED', label: 'tl.sessions.states.CANCELLED', order: 'DESC' },
  { value: 'MISSED_WITH_REASON', label: 'tl.sessions.states.MISSED_WITH_REASON', order: 'DESC' },
  { value: '', label: 'tl.sessions.filters.all', order: 'ASC' },
] as const;

/** Upcoming / Missed / Held / All, "Mine", and oldest or newest first, above the sessions list. */
export function QuickFilters() {
  const { filterValues, setFilters, sort, setSort, displayedFilters } = useListContext();
  const translate = useTranslate();
  const state = (filterValues.state as string | undefined) ?? '';
  const pick = (value: string) => {
    const view = VIEWS.find((v) => v.value === value);
    if (!view) return;
    const { state: _state, ...rest } = filterValues;
    setFilters(value ? { ...rest, state: value } : rest, displayedFilters);
    setSort({ field: 'scheduledAt', order: view.order });
  };
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ px: 2, pt: 1, alignItems: 'center', flexWrap: 'wrap' }}>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={state}
        onChange={(_e, v: string | null) => v !== null && pick(v)}
        aria-label={translate('tl.sessions.filters.which')}
        sx={{ flexWrap: 'wrap' }}
      >
        {VIEWS.map((v) => (
          <ToggleButton key={v.value} value={v.value}>
            {translate(v.label)}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <FormControlLabel
        label={translate('tl.sessions.filters.only_mine')}
        control={
          <Switch
            checked={Boolean(filterValues.mine)}
            onChange={(e) => {
              const { mine: _mine, ...rest } = filterValues;
              setFilters(e.target.checked ? { ...rest, mine: true } : rest, displayedFilters);
            }}
          />
        }
      />
      <ToggleButtonGroup
        size="small"
        exclusive
        value={sort.order}
        onChange={(_e, v: 'ASC' | 'DESC' | null) => v && setSort({ field: 'scheduledAt', order: v })}
        aria-label={translate('tl.sessions.filters.order')}
      >
        <ToggleButton value="ASC">{translate('tl.sessions.filters.oldest_first')}</ToggleButton>
        <ToggleButton value="DESC">{translate('tl.sessions.filters.newest_first')}</ToggleButton>
      </ToggleButtonGroup>
    </Stack>
  );
}
