import { Box, Grid, Typography } from '@mui/material';
import type { StrategyKind } from '@throughline/shared';
import type { ReactNode } from 'react';
import { useRecordContext } from 'react-admin';
import { formatDay } from '../../common/when';
import { KIND_LABELS } from '../../common/strategyChoices';
import { StrategyStatusChip } from '../../common/StrategyStatusChip';

function Item({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <Grid size={{ xs: 12, sm: wide ? 12 : 6, md: wide ? 12 : 3 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Box sx={{ typography: 'body1', whiteSpace: 'pre-line' }}>{children}</Box>
    </Grid>
  );
}

/** What the strategy is for, whose it is and when it runs. */
export function StrategyDetails() {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Grid container spacing={2}>
      <Item label="Student-learning goal" wide>
        {r.goal}
      </Item>
      <Item label="School">{r.school?.name ?? 'District-wide'}</Item>
      <Item label="Kind">{KIND_LABELS[r.kind as StrategyKind]}</Item>
      <Item label="Status">
        <StrategyStatusChip status={r.status} />
      </Item>
      <Item label="Owner">{r.owner?.displayName ?? '—'}</Item>
      <Item label="Runs">
        {formatDay(r.startsOn)} – {r.endsOn ? formatDay(r.endsOn) : 'no end date'}
      </Item>
      <Item label="How success will be measured" wide>
        {r.successMeasures || <Typography color="text.secondary">Not stated yet</Typography>}
      </Item>
    </Grid>
  );
}
