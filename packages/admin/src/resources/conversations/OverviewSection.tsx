import { Chip, Grid } from '@mui/material';
import type { ConversationType } from '@throughline/shared';
import { useRecordContext } from 'react-admin';
import { TYPE_LABELS } from '../../common/conversationTypes';
import { Item, none } from './DetailItem';
import { formatDay, formatLocalStart } from '../../common/when';

/** Purpose, type, cadence in words, where and how long. */
export function OverviewSection() {
  const r = useRecordContext();
  if (!r) return null;
  return (
    <Grid container spacing={2}>
      <Item label="Purpose" wide>
        {r.purpose}
      </Item>
      <Item label="Type">{TYPE_LABELS[r.type as ConversationType]}</Item>
      <Item label="School">{r.school?.name ?? 'District-wide'}</Item>
      <Item label="Facilitator">{r.facilitator?.displayName ?? '—'}</Item>
      <Item label="Meets">
        {r.cadenceDescription}
        {!r.active && <Chip size="small" label="No longer running" sx={{ ml: 1 }} />}
      </Item>
      <Item label="First session">{formatLocalStart(r.firstStartsAt)}</Item>
      <Item label="Scheduled until">{formatDay(r.scheduleUntil)}</Item>
      <Item label="Usual length">{r.durationMinutes} minutes</Item>
      <Item label="Where">{r.setting || none('Not said')}</Item>
    </Grid>
  );
}
