import type { RequestContext } from '../../graphql/context';
import type { Lookahead } from '../../graphql/selection';
import { toGlobalId } from '../../graphql/global-id';
import { globalIdLeaf, rawList, rawWriter, type RawJson, type RawShape } from '../../graphql/raw-json';
import { conversationAhead, conversationReach, type ConversationJson } from '../conversation/read-ahead';
import { recentSessionsAhead, RECENT_SESSIONS_MAX } from '../session/read-ahead';
import { Mapping } from './strategy.type';
import { currentSql } from '../../db/effective-dated';

const MAPPING_COLUMNS: Record<string, string> = {
  dimension: 'm.dimension',
  expectedChange: 'm.expected_change',
  version: 'm.version',
};

/** A strategy's mappings as its page's statement sends them: a JSON array of arrays (see MappingsAhead.sql). */
type MappingsJson = unknown[][];

export interface MappingsAhead {
  /**
   * A scalar subquery over the page's strategy `st`: its current mappings (by creation) as a JSON array, each an
   * array of the mapping's id (when `id` is selected), its conversation's id (when its conversation is selected but
   * not read ahead), the selected mapping columns, then its conversation's JSON (when read ahead).
   */
  sql: string;
  params: Record<string, unknown>;
  /** Strategy `strategyId`'s mappings from that JSON, each with what it read ahead attached. */
  build(json: MappingsJson | null, strategyId: string): Mapping[];
  /**
   * The mappings as the answer's text, straight from that JSON (graphql/raw-json.ts), when every field selected
   * below `mappings` can be written so; null: build() them.
   */
  write: ((json: MappingsJson | null) => RawJson) | null;
}

/**
 * A strategy page's mappings read ahead in the page's own statement, whatever the page size and nesting: each
 * strategy's current mappings (strategyLoaders.mappingsByStrategy: those whose conversation the caller may read, by
 * creation), each with its conversation as JSON built in PostgreSQL (conversation/read-ahead.ts) and, nested in it,
 * the conversation's recent sessions and their actions (session/read-ahead.ts), under the same scopes as the loaders
 * they stand in for. The page attaches the result to each strategy (Strategy.ahead); when the selection asks for
 * anything else, or a scope is missing, this is null and the resolvers load as before.
 */
export function mappingsAhead(ctx: RequestContext, look: Lookahead): MappingsAhead | null {
  const names = look.names();
  if (![...names].every((n) => n === 'id' || n === '__typename' || n === 'conversation' || n in MAPPING_COLUMNS))
    return null;

  const conversationLook = look.at('conversation');
  let nested = null;
  let recent = null;
  const recentLook = conversationLook?.at('recentSessions');
  if (recentLook) {
    const args = recentLook.args('LearningConversation');
    if (args) {
      const limit = Math.min(Math.max(Number(args.limit ?? 5), 1), RECENT_SESSIONS_MAX);
      recent = recentSessionsAhead(ctx, recentLook, limit, 'raRecent');
      if (recent) nested = { key: 'recentSessions', sql: recent.sql, shape: recent.shape };
    }
  }
  const conversation = conversationLook ? conversationAhead(ctx, conversationLook, 'raConv', nested) : null;
  // Without the conversation's scope the mappings' own loader refuses as it always has: leave it to it.
  const reach = conversation ?? conversationReach(ctx, 'raConv');
  if (!reach) return null;

  const columns = [...names].filter((n) => n in MAPPING_COLUMNS);
  // The mapping's id for `id`, its conversation's id where `conversation` is selected but left to its resolver (which
  // loads it by that id); the selected columns; the conversation read ahead.
  const withId = names.has('id');
  const withConversationId = names.has('conversation') && !conversation;
  const head = (withId ? 1 : 0) + (withConversationId ? 1 : 0);
  const fields = [
    ...(withId ? ['m.id'] : []),
    ...(withConversationId ? ['m.conversation_id'] : []),
    ...columns.map((n) => MAPPING_COLUMNS[n]),
  ];
  if (conversation) fields.push(conversation.json);
  const sql = `array_to_json(ARRAY(SELECT json_build_array(${fields.join(', ')})
       FROM conversation_mapping m
       JOIN learning_conversation c ON c.district_id = m.district_id AND c.id = m.conversation_id
      WHERE m.district_id = :raConvDistrict AND m.strategy_id = st.id AND ${currentSql('m')} AND ${reach.reach}
      ORDER BY m.created_at, m.id))`;

  const build = (json: MappingsJson | null, strategyId: string): Mapping[] =>
    (json ?? []).map((row) => {
      const mapping = new Mapping() as Mapping & Record<string, unknown>;
      if (withId) {
        const id = row[0] as string;
        mapping.id = toGlobalId('ConversationMapping', id);
        mapping.rawId = id;
      }
      mapping.strategyRawId = strategyId;
      if (withConversationId) mapping.conversationRawId = row[withId ? 1 : 0] as string;
      for (let i = 0; i < columns.length; i++) mapping[columns[i]] = row[head + i];
      if (conversation) {
        const json = row[head + columns.length] as ConversationJson | null;
        const built = conversation.build(json);
        if (built && recent && json) {
          built.ahead = {
            ...built.ahead,
            recentSessions: { limit: recent.limit, sessions: recent.build(conversation.nestedOf(json) as never) },
          };
        }
        mapping.ahead = { conversation: built };
      }
      return mapping;
    });
  // The same values build() gives each mapping's properties, for writing the mappings as text.
  const shape: RawShape = {
    type: 'ConversationMapping',
    leaves: withId ? { id: globalIdLeaf('ConversationMapping', (row: unknown[]) => row[0] as string) } : {},
  };
  columns.forEach((n, i) => (shape.leaves[n] = (row: unknown[]) => row[head + i]));
  if (conversation)
    shape.nested = { conversation: { of: (row: unknown[]) => row[head + columns.length], shape: conversation.shape } };
  const writer = rawWriter(look.raw(), shape);
  const write = writer ? (json: MappingsJson | null) => rawList(writer, json ?? []) : null;
  return { sql, params: { ...reach.params, ...(recent?.params ?? {}) }, build, write };
}
