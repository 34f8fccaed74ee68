import type { RequestContext } from '../../graphql/context';
import { managerOf } from '../../graphql/context';
import type { Lookahead } from '../../graphql/selection';
import { toGlobalId } from '../../graphql/global-id';
import { conversationAhead, conversationReach, type ConversationJson } from '../conversation/read-ahead';
import { recentSessionsAhead, RECENT_SESSIONS_MAX } from '../session/read-ahead';
import { Mapping, type Strategy } from './strategy.type';
import { currentSql } from '../../db/effective-dated';

const MAPPING_COLUMNS: Record<string, string> = {
  dimension: 'm.dimension',
  expectedChange: 'm.expected_change',
  version: 'm.version',
};

/**
 * A strategy page's mappings read ahead in one statement, whatever the page size and nesting: each strategy's current
 * mappings (strategyLoaders.mappingsByStrategy: those whose conversation the caller may read, by creation), each with
 * its conversation as JSON built in PostgreSQL (conversation/read-ahead.ts) and, nested in it, the conversation's
 * recent sessions and their actions (session/read-ahead.ts), under the same scopes as the loaders they stand in for.
 * Attached to each strategy (Strategy.ahead); when the selection asks for anything else, or a scope is missing,
 * nothing is read and the resolvers load as before.
 */
export async function readMappingsAhead(ctx: RequestContext, strategies: Strategy[], look: Lookahead): Promise<void> {
  if (strategies.length === 0) return;
  const names = look.names();
  if (![...names].every((n) => n === 'id' || n === '__typename' || n === 'conversation' || n in MAPPING_COLUMNS))
    return;

  const conversationLook = look.at('conversation');
  let nested = null;
  let recent = null;
  const recentLook = conversationLook?.at('recentSessions');
  if (recentLook) {
    const args = recentLook.args('LearningConversation');
    if (args) {
      const limit = Math.min(Math.max(Number(args.limit ?? 5), 1), RECENT_SESSIONS_MAX);
      recent = recentSessionsAhead(ctx, recentLook, limit, 'raRecent');
      if (recent) nested = { key: 'recentSessions', sql: recent.sql };
    }
  }
  const conversation = conversationLook ? conversationAhead(ctx, conversationLook, 'raConv', nested) : null;
  // Without the conversation's scope the mappings' own loader refuses as it always has: leave it to it.
  const reach = conversation ?? conversationReach(ctx, 'raConv');
  if (!reach) return;

  const select = [`m.id`, `m.strategy_id`, `m.conversation_id`];
  for (const n of names) if (n in MAPPING_COLUMNS) select.push(`${MAPPING_COLUMNS[n]} AS "${n}"`);
  if (conversation) select.push(`json_build_object(${conversation.fields}) AS conversation`);
  const manager = await managerOf(ctx);
  const [sql, values] = manager.connection.driver.escapeQueryWithParameters(
    `SELECT ${select.join(', ')}
       FROM conversation_mapping m
       JOIN learning_conversation c ON c.district_id = m.district_id AND c.id = m.conversation_id
      WHERE m.district_id = :raConvDistrict AND m.strategy_id = ANY(CAST(:raStrategyIds AS uuid[]))
        AND ${currentSql('m')} AND ${reach.reach}
      ORDER BY m.created_at, m.id`,
    { ...reach.params, ...(recent?.params ?? {}), raStrategyIds: strategies.map((s) => s.rawId) },
  );
  const rows: (Record<string, unknown> & {
    id: string;
    strategy_id: string;
    conversation_id: string;
    conversation?: ConversationJson;
  })[] = await manager.query(sql, values);

  const byStrategy = new Map<string, Mapping[]>(strategies.map((s) => [s.rawId, []]));
  for (const row of rows) {
    const mapping = Object.assign(new Mapping(), {
      id: toGlobalId('ConversationMapping', row.id),
      rawId: row.id,
      strategyRawId: row.strategy_id,
      conversationRawId: row.conversation_id,
    });
    for (const n of names) if (n in MAPPING_COLUMNS) Object.assign(mapping, { [n]: row[n] });
    if (conversation && row.conversation) {
      const built = conversation.build(row.conversation);
      if (built && recent) {
        built.ahead = {
          ...built.ahead,
          recentSessions: { limit: recent.limit, sessions: recent.build(row.conversation.recentSessions as never) },
        };
      }
      mapping.ahead = { conversation: built };
    }
    byStrategy.get(row.strategy_id)?.push(mapping);
  }
  for (const s of strategies) s.ahead = { mappings: byStrategy.get(s.rawId) ?? [] };
}
