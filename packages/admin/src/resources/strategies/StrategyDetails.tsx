import { Box, Grid, Typography } from '@mui/material';
import type { StrategyKind } from '@throughline/shared';
import type { ReactNode } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { formatDay } from '../../common/when';
import { KIND_LABELS } from '../../common/strategyChoices';
import { StrategyStatusChip } from '../../common/StrategyStatusChip';

function Item({ label, children, wide }: { label: string; children: ReactNode; wide?: boolean }) {
  const translate = useTranslate();
  return (
    <Grid size={{ xs: 12, sm: wide ? 12 : 6, md: wide ? 12 : 3 }}>
      <Typography variant="caption" color="text.secondary" component="div">
        {translate(label)}
      </Typography>
      <Box sx={{ typography: 'body1', whiteSpace: 'pre-line' }}>{children}</Box>
    </Grid>
  );
}

/** What the strategy is for, whose it is and when it runs. */
export function StrategyDetails() {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;
  return (
    <Grid container spacing={2}>
      <Item label="tl.strategies.fields.goal" wide>
        {r.goal}
      </Item>
      <Item label="tl.strategies.fields.school">{r.school?.name ?? translate('tl.strategies.district_wide')}</Item>
      <Item label="tl.strategies.fields.kind">{KIND_LABELS[r.kind as StrategyKind]}</Item>
      <Item label="tl.strategies.fields.status">
        <StrategyStatusChip status={r.status} />
      </Item>
      <Item label="tl.strategies.fields.owner">{r.owner?.displayName ?? '—'}</Item>
      <Item label="tl.strategies.fields.runs">
        {formatDay(r.startsOn)} – {r.endsOn ? formatDay(r.endsOn) : translate('tl.strategies.show.no_end')}
      </Item>
      <Item label="tl.strategies.fields.success" wide>
        {r.successMeasures || (
          <Typography color="text.secondary">{translate('tl.strategies.show.not_stated')}</Typography>
        )}
      </Item>
    </Grid>
  );
}
