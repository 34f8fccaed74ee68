import { Permission } from '@throughline/shared';
import type { RequestContext } from '../../graphql/context';
import type { Lookahead } from '../../graphql/selection';
import { toGlobalId } from '../../graphql/global-id';
import { scopeOf } from '../../auth/scope';
import { mayOpenConversationSql } from '../conversation/visibility';
import { actionReachSql } from '../action/action.service';
import { ActionItem } from '../action/action.type';
import { Session, sessionColumnsFor, sessionShape, type SessionRow } from './session.type';
import { globalIdLeaf, quotedLeaf, type RawShape } from '../../graphql/raw-json';
import { dateTimeTextOfPg } from '../../graphql/scalars';

/**
 * Reading a conversation's recent sessions (and their actions) ahead, nested in the JSON of the conversation its
 * parent's statement builds (conversation/read-ahead.ts): what sessionLoaders.recentByConversation and
 * actionLoaders.bySession read, in the same statement, under the same rules — the past sessions, newest first, up to
 * `limit`, of a conversation whose sessions the caller may read (SESSION_READ) or that the caller attended; the actions
 * the caller may read (ACTION_READ), by due day. A session is built from the columns it always is (never its
 * confidential text: notes, check-in and check-out are loaded apart by their resolvers, which apply the boundary and
 * the read audit as ever); its actions only when the selection is of their plain columns, else left to the loader.
 */

/** The most a conversation's recentSessions lists (its `limit` is clamped to 1..this, read ahead or loaded). */
export const RECENT_SESSIONS_MAX = 50;

/**
 * An action's fields read ahead, each a plain column: an action is read ahead only when every field selected is one
 * of these (or its id), so no resolver reading the action's owner or session runs on what is built from them.
 */
const ACTION_COLUMNS: Record<string, string> = {
  description: 'a.description',
  dueOn: 'a.due_on',
  originalDueOn: 'a.original_due_on',
  status: 'a.status',
  completedOn: 'a.completed_on',
  version: 'a.version',
};

/**
 * A session as its statement sends it: a JSON array of its columns (sessionColumnsFor's, in that order; timestamps as
 * PostgreSQL prints them), then its actions when they are read ahead. Arrays, not objects: the keys, repeated for
 * every session and action, were a third of the bytes PostgreSQL built and Node parsed.
 */
type SessionJson = unknown[];

/** An action as its statement sends it: its id, then the selected columns (actionFields' order). */
type ActionJson = unknown[];

/** The columns of a session's row that are timestamps: sent as text, read as Dates. */
const TIMESTAMPS = new Set(['scheduled_at', 'held_at', 'cancelled_at', 'created_at', 'updated_at']);

/** A column's value as a session holds it, from its JSON: a timestamp's text read as a Date, the rest as sent. */
function columnValue(timestamp: boolean, value: unknown): unknown {
  return timestamp && typeof value === 'string' ? new Date(value) : value;
}

export interface RecentSessionsAhead {
  /** A scalar subquery over the conversation `c`: its recent sessions as a JSON array. */
  sql: string;
  params: Record<string, unknown>;
  limit: number;
  build(json: SessionJson[] | null): Session[];
  /** How a session is written from its JSON (graphql/raw-json.ts), with its actions when they are read ahead. */
  shape: RawShape;
}

/** A limit to write into a statement's text: a whole number from 1 to RECENT_SESSIONS_MAX, or an error. */
function wholeLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > RECENT_SESSIONS_MAX) throw new RangeError(`limit ${limit}`);
  return limit;
}

/** The plan for `recentSessions(limit: n)` selected at `look`, or null to leave it to its resolver (and loaders). */
export function recentSessionsAhead(
  ctx: RequestContext,
  look: Lookahead,
  limit: number,
  prefix: string,
): RecentSessionsAhead | null {
  let scope;
  try {
    scope = scopeOf(ctx, Permission.SESSION_READ);
  } catch {
    return null;
  }
  const params: Record<string, unknown> = { [`${prefix}Self`]: scope.selfId };
  let visible = 'TRUE';
  if (!scope.all) {
    const open = mayOpenConversationSql(scope);
    visible = open.sql
      .replace(/:conversationSchoolIds\b/g, `:${prefix}SchoolIds`)
      .replace(/:self\b/g, `:${prefix}Self`);
    params[`${prefix}SchoolIds`] = open.params.conversationSchoolIds;
  }

  let actions: { sql: string; names: string[] } | null = null;
  const actionLook = look.at('actions');
  if (actionLook) {
    const names = [...actionLook.names()];
    if (names.every((n) => n === 'id' || n === '__typename' || n in ACTION_COLUMNS)) {
      try {
        const reach = actionReachSql(ctx, `${prefix}Action`);
        Object.assign(params, reach.params);
        // Its id and the selected columns: no resolver of a plain column reads the session's or the owner's id (the
        // session is the parent's; the owner is never read ahead: `owner` is not a plain column).
        const fields = ['a.id'];
        for (const n of names) if (n in ACTION_COLUMNS) fields.push(ACTION_COLUMNS[n]);
        actions = {
          names,
          sql: `array_to_json(ARRAY(SELECT json_build_array(${fields.join(', ')})
                  FROM action_item a WHERE a.session_id = s.id AND ${reach.sql} ORDER BY a.due_on, a.id))`,
        };
      } catch {
        actions = null;
      }
    }
  }

  const columns = sessionColumnsFor(look.names());
  const json = columns.map((c) => `s.${c}`).join(', ');
  // ARRAY(… ORDER BY …) keeps the subquery's order without sorting each group again, as json_agg(… ORDER BY …) did.
  // The limit is written into the text (a whole number, 1..RECENT_SESSIONS_MAX: a text per value): as a parameter,
  // the planner costed the generic plan of the page's named statement for a tenth of a conversation's sessions (each
  // with its actions' subquery), twice the custom plans' cost, so PostgreSQL planned the statement afresh on every
  // execution (db/prepared.ts). Written in, the generic plan is chosen after the fifth: on the benchmark's page of 20
  // strategies, 3.5 ms a page against 4.7 in PostgreSQL.
  const sql = `array_to_json(ARRAY(SELECT json_build_array(${json}${actions ? `, ${actions.sql}` : ''})
      FROM conversation_session s
     WHERE s.district_id = c.district_id AND s.conversation_id = c.id AND s.scheduled_at < now()
       AND ((${visible}) OR EXISTS (SELECT 1 FROM session_attendance sa WHERE sa.district_id = s.district_id
                                       AND sa.session_id = s.id AND sa.staff_member_id = :${prefix}Self))
     ORDER BY s.scheduled_at DESC
     LIMIT ${wholeLimit(limit)}))`;

  // Built field by field (no spread copies, no object per field): a strategy page builds hundreds of these.
  const actionFields = actions ? actions.names.filter((n) => n in ACTION_COLUMNS) : [];
  const buildAction = (a: ActionJson, sessionRawId: string): ActionItem => {
    const item = new ActionItem() as ActionItem & Record<string, unknown>;
    const id = a[0] as string;
    item.id = toGlobalId('ActionItem', id);
    item.rawId = id;
    item.sessionRawId = sessionRawId;
    for (let i = 0; i < actionFields.length; i++) item[actionFields[i]] = a[1 + i];
    return item;
  };
  const timestamps = columns.map((c) => TIMESTAMPS.has(c));
  const shape = sessionShape((column) => {
    const i = columns.indexOf(column);
    if (i < 0) return null;
    // A time is written from PostgreSQL's text as DateTimeISO writes the Date build() reads it as.
    if (TIMESTAMPS.has(column))
      return quotedLeaf((j: SessionJson) => (typeof j[i] === 'string' ? dateTimeTextOfPg(j[i]) : null));
    return (j: SessionJson) => j[i];
  });
  if (actions) {
    const actionShape: RawShape = {
      type: 'ActionItem',
      leaves: { id: globalIdLeaf('ActionItem', (a: ActionJson) => a[0] as string) },
    };
    actionFields.forEach((n, i) => (actionShape.leaves[n] = (a: ActionJson) => a[1 + i]));
    shape.nested = { actions: { of: (j: SessionJson) => j[columns.length] ?? [], shape: actionShape } };
  }
  const build = (json: SessionJson[] | null): Session[] => {
    // One row object for the list: Session.fromRow copies what it reads, and every element sets the same columns.
    const row: Record<string, unknown> = {};
    return (json ?? []).map((j) => {
      for (let i = 0; i < columns.length; i++) {
        const value = j[i];
        row[columns[i]] = columnValue(timestamps[i], value);
      }
      const session = Session.fromRow(row as unknown as SessionRow);
      const ahead = j[columns.length] as ActionJson[] | undefined;
      if (actions && ahead) session.ahead = { actions: ahead.map((a) => buildAction(a, session.rawId)) };
      return session;
    });
  };
  return { sql, params, limit, build, shape };
}
