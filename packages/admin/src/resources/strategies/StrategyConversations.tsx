import { Alert, Box, Button, CircularProgress, Typography } from '@mui/material';
import GridOnIcon from '@mui/icons-material/GridOn';
import { Link as RouterLink } from 'react-router-dom';
import { useLocaleState, useTranslate } from 'react-admin';
import { messageOf } from '../../common/apiFailure';
import { MappedConversation, type MappingWithSessions } from './MappedConversation';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { apiLanguage } from '../../i18n/locale';

const SESSION = `id scheduledAt state`;
/** Mapped conversations with their recent and upcoming sessions, in one round trip. */
const QUERY = `query StrategyConversations($id: ID!, $language: MailLanguage) {
  strategy(id: $id) {
    id
    mappings {
      id dimension expectedChange
      conversation {
        id title type active cadenceDescription(language: $language) durationMinutes facilitator { displayName }
        recentSessions(limit: 3) { ${SESSION} }
        upcomingSessions(limit: 3) { ${SESSION} }
      }
    }
  }
}`;

/** The learning conversations this strategy depends on, each with the change expected of it. */
export function StrategyConversations({
  strategyId,
  gridLink,
  canMap,
}: {
  strategyId: string;
  gridLink: string;
  /** May the viewer map conversations to this strategy? Only changes the words of the empty state. */
  canMap: boolean;
}) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, error, isPending } = useGraphqlQuery<{ strategy: { mappings: MappingWithSessions[] } | null }>(
    ['strategyConversations', strategyId],
    QUERY,
    { id: strategyId, language: apiLanguage(locale) },
  );
  if (isPending) return <CircularProgress size={24} />;
  if (error) return <Alert severity="error">{messageOf(error)}</Alert>;
  const mappings = data?.strategy?.mappings ?? [];
  return (
    <Box>
      {mappings.length === 0 ? (
        <Box sx={{ py: 2 }}>
          <Typography color="text.secondary" sx={{ mb: 1 }}>
            {translate(canMap ? 'tl.strategies.conversations.empty_map' : 'tl.strategies.conversations.empty')}
          </Typography>
        </Box>
      ) : (
        mappings.map((m) => <MappedConversation key={m.id} mapping={m} />)
      )}
      <Button component={RouterLink} to={gridLink} startIcon={<GridOnIcon />} size="small">
        {translate('tl.strategies.conversations.open_grid')}
      </Button>
    </Box>
  );
}
