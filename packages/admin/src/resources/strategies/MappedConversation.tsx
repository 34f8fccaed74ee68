import { Box, Chip, Grid, Link, Stack, Typography } from '@mui/material';
import type { ChangeDimension, ConversationType } from '@throughline/shared';
import { Link as RouterLink } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import { TYPE_LABELS } from '../../common/conversationTypes';
import { SessionList, type SessionSummary } from '../../common/SessionChips';
import { DimensionChip } from '../../common/DimensionChip';

export interface MappingWithSessions {
  id: string;
  dimension: ChangeDimension;
  expectedChange: string;
  conversation: {
    id: string;
    title: string;
    type: ConversationType;
    active: boolean;
    cadenceDescription: string;
    durationMinutes: number;
    facilitator: { displayName: string } | null;
    recentSessions: SessionSummary[];
    upcomingSessions: SessionSummary[];
  } | null;
}

/** One conversation the strategy depends on: what it should change, how often it meets, and how it has gone. */
export function MappedConversation({ mapping }: { mapping: MappingWithSessions }) {
  const c = mapping.conversation;
  const translate = useTranslate();
  return (
    <Box sx={{ py: 2, borderTop: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <DimensionChip dimension={mapping.dimension} />
        {c ? (
          <Link component={RouterLink} to={`/conversations/${encodeURIComponent(c.id)}/show`} variant="subtitle1">
            {c.title}
          </Link>
        ) : (
          <Typography color="text.secondary">{translate('tl.strategies.mapped.hidden')}</Typography>
        )}
        {c && (
          <Typography variant="body2" color="text.secondary">
            {translate('tl.strategies.mapped.meta', {
              type: TYPE_LABELS[c.type],
              cadence: c.cadenceDescription,
              minutes: c.durationMinutes,
            })}
            {c.facilitator ? ` · ${translate('tl.strategies.mapped.led_by', { name: c.facilitator.displayName })}` : ''}
          </Typography>
        )}
        {c && !c.active && <Chip size="small" label={translate('tl.strategies.mapped.retired')} variant="outlined" />}
      </Stack>
      <Typography sx={{ mb: 1.5 }}>
        <Typography component="span" color="text.secondary">
          {translate('tl.strategies.mapped.expected')}{' '}
        </Typography>
        {mapping.expectedChange}
      </Typography>
      {c && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 6 }}>
            <Typography variant="caption" color="text.secondary">
              {translate('tl.strategies.mapped.recent')}
            </Typography>
            <SessionList sessions={c.recentSessions} empty={translate('tl.strategies.mapped.none_due')} />
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <Typography variant="caption" color="text.secondary">
              {translate('tl.strategies.mapped.coming_up')}
            </Typography>
            <SessionList
              sessions={c.upcomingSessions}
              showState={false}
              empty={translate('tl.strategies.mapped.none_scheduled')}
            />
          </Grid>
        </Grid>
      )}
    </Box>
  );
}
