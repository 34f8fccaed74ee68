import { Box, Chip, Grid, Link, Stack, Typography } from '@mui/material';
import type { ChangeDimension, ConversationType } from '@throughline/shared';
import { Link as RouterLink } from 'react-router-dom';
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
  return (
    <Box sx={{ py: 2, borderTop: 1, borderColor: 'divider' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <DimensionChip dimension={mapping.dimension} />
        {c ? (
          <Link component={RouterLink} to={`/conversations/${encodeURIComponent(c.id)}/show`} variant="subtitle1">
            {c.title}
          </Link>
        ) : (
          <Typography color="text.secondary">A conversation you cannot see</Typography>
        )}
        {c && (
          <Typography variant="body2" color="text.secondary">
            {TYPE_LABELS[c.type]} · {c.cadenceDescription} · {c.durationMinutes} min
            {c.facilitator ? ` · led by ${c.facilitator.displayName}` : ''}
          </Typography>
        )}
        {c && !c.active && <Chip size="small" label="Retired" variant="outlined" />}
      </Stack>
      <Typography sx={{ mb: 1.5 }}>
        <Typography component="span" color="text.secondary">
          Expected change:{' '}
        </Typography>
        {mapping.expectedChange}
      </Typography>
      {c && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 6 }}>
            <Typography variant="caption" color="text.secondary">
              Recent sessions
            </Typography>
            <SessionList sessions={c.recentSessions} empty="None have come due yet." />
          </Grid>
          <Grid size={{ xs: 12, sm: 6 }}>
            <Typography variant="caption" color="text.secondary">
              Coming up
            </Typography>
            <SessionList sessions={c.upcomingSessions} showState={false} empty="Nothing scheduled." />
          </Grid>
        </Grid>
      )}
    </Box>
  );
}
