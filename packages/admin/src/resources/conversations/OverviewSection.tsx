import { Chip, Grid } from '@mui/material';
import type { ConversationType } from '@throughline/shared';
import { useRecordContext, useTranslate } from 'react-admin';
import { TYPE_LABELS } from '../../common/conversationTypes';
import { Item, none } from './DetailItem';
import { formatDay, formatLocalStart } from '../../common/when';

/** Purpose, type, cadence in words, where and how long. */
export function OverviewSection() {
  const r = useRecordContext();
  const translate = useTranslate();
  if (!r) return null;

  return (
    <Grid container spacing={2}>
      <Item label={translate('tl.conversations.overview.purpose')} wide>
        {r.purpose}
      </Item>
      <Item label={translate('tl.conversations.fields.type')}>{TYPE_LABELS[r.type as ConversationType] ?? r.type}</Item>
      <Item label={translate('tl.conversations.fields.school')}>
        {r.school?.name ?? translate('tl.conversations.district_wide')}
      </Item>
      <Item label={translate('tl.conversations.fields.facilitator')}>{r.facilitator?.displayName ?? '—'}</Item>
      <Item label={translate('tl.conversations.fields.meets')}>
        {r.cadenceDescription}
        {!r.active && (
          <Chip size="small" label={translate('tl.conversations.overview.no_longer_running')} sx={{ ml: 1 }} />
        )}
      </Item>
      <Item label={translate('tl.conversations.overview.first_session')}>{formatLocalStart(r.firstStartsAt)}</Item>
      <Item label={translate('tl.conversations.overview.scheduled_until')}>{formatDay(r.scheduleUntil)}</Item>
      <Item label={translate('tl.conversations.overview.usual_length')}>
        {translate('tl.conversations.overview.minutes', { smart_count: r.durationMinutes })}
      </Item>
      <Item label={translate('tl.conversations.overview.where')}>
        {r.setting || none(translate('tl.conversations.overview.not_said'))}
      </Item>
    </Grid>
  );
}
