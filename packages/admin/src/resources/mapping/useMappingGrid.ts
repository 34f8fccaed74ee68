import { useLocaleState } from 'react-admin';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { apiLanguage } from '../../i18n/locale';
import type { GridConversation, GridStrategy } from './types';

/** Rows and columns are read in one page of this size; the grid says so when there are more. */
export const GRID_LIMIT = 100;

const QUERY = `query MappingGrid($strategyFilter: StrategyFilter, $conversationFilter: ConversationFilter, $first: Int, $language: MailLanguage) {
  strategies(first: $first, filter: $strategyFilter, orderBy: { field: TITLE, direction: ASC }) {
    totalCount
    nodes { id title status school { id name } mappings { id dimension expectedChange version conversation { id } } }
  }
  conversations(first: $first, filter: $conversationFilter) {
    totalCount
    nodes { id title type cadenceDescription(language: $language) active school { id name } }
  }
}`;

const MAPPED = `query MappedConversations($ids: [ID!]!, $language: MailLanguage) {
  nodes(ids: $ids) { ... on LearningConversation { id title type cadenceDescription(language: $language) active school { id name } } }
}`;

interface GridData {
  strategies: { totalCount: number; nodes: GridStrategy[] };
  conversations: { totalCount: number; nodes: GridConversation[] };
}

/**
 * A school's strategies against its conversations, or the district-wide strategies against every conversation the
 * viewer may read. Conversations of another scope that a row is already mapped to are added as columns too, so no
 * mapping is ever hidden by the choice of scope.
 */
export function useMappingGrid(scope: string | null) {
  const district = scope === 'district';
  // The cadence is worded by the API in the portal's language; a switch refetches (the language is in the key).
  const [locale] = useLocaleState();
  const language = apiLanguage(locale);
  const grid = useGraphqlQuery<GridData>(
    ['mappingGrid', scope],
    QUERY,
    {
      first: GRID_LIMIT,
      language,
      strategyFilter: {
        status: ['DRAFT', 'ACTIVE', 'COMPLETED'],
        ...(district ? { districtWide: true } : { schoolId: scope }),
      },
      conversationFilter: district ? { active: true } : { schoolId: scope, active: true },
    },
    { enabled: !!scope },
  );
  const strategies = grid.data?.strategies.nodes ?? [];
  const base = grid.data?.conversations.nodes ?? [];
  const known = new Set(base.map((c) => c.id));
  const missing = [
    ...new Set(
      strategies.flatMap((s) =>
        s.mappings.map((m) => m.conversation?.id).filter((id): id is string => !!id && !known.has(id)),
      ),
    ),
  ];
  const mapped = useGraphqlQuery<{ nodes: (GridConversation | null)[] }>(
    ['mappedConversations', missing],
    MAPPED,
    { ids: missing, language },
    {
      enabled: missing.length > 0,
    },
  );
  const others = missing.length ? (mapped.data?.nodes ?? []).filter((c): c is GridConversation => !!c?.id) : [];
  // District-wide conversations first, then by school and title, so columns read in a stable order.
  const conversations = [...base, ...others].sort(
    (a, b) => (a.school?.name ?? '').localeCompare(b.school?.name ?? '') || a.title.localeCompare(b.title),
  );
  return {
    strategies,
    conversations,
    truncated:
      (grid.data?.strategies.totalCount ?? 0) > GRID_LIMIT || (grid.data?.conversations.totalCount ?? 0) > GRID_LIMIT,
    isPending: grid.isPending && !!scope,
    error: grid.error ?? mapped.error,
  };
}
