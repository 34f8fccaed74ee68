import { Permission } from '@throughline/shared';
import type { RequestContext } from '../../graphql/context';
import type { Lookahead } from '../../graphql/selection';
import { toGlobalId } from '../../graphql/global-id';
import { scopeOf } from '../../auth/scope';
import { Conversation } from './conversation.type';
import { globalIdLeaf, type RawShape } from '../../graphql/raw-json';
import { mayOpenConversationSql } from './visibility';
import { StaffMember } from '../staff/staff-member.type';
import { staffReachSql } from '../staff/staff-member.service';

/**
 * Reading a conversation ahead, in the statement its parent runs anyway (a session list, a strategy's mappings): the
 * conversation as JSON built in PostgreSQL, with only the columns the query selects, under the same scope as the
 * resolver's loader (conversationLoaders.byId: CONVERSATION_READ; its facilitator as staffLoaders.byId: STAFF_READ),
 * null where that scope does not reach. Only for selections made of plain columns (and the facilitator's); anything
 * else is left to the resolvers, which then load it as before.
 */

/** The plain columns of a conversation, by GraphQL field (dates as PostgreSQL prints them, as TypeORM reads them). */
const CONVERSATION_COLUMNS: Record<string, string> = {
  title: 'c.title',
  type: 'c.type',
  purpose: 'c.purpose',
  cadence: 'c.cadence',
  firstStartsAt: 'c.first_starts_at',
  durationMinutes: 'c.duration_minutes',
  setting: 'c.setting',
  protocol: 'c.protocol',
  evidenceToBring: 'c.evidence_to_bring',
  confidentiality: 'c.confidentiality',
  scheduleUntil: 'c.schedule_until',
  active: 'c.active',
  version: 'c.version',
};

const STAFF_COLUMNS: Record<string, string> = {
  givenName: 'sm.given_name',
  familyName: 'sm.family_name',
  email: 'sm.email',
  title: 'sm.title',
  rosterId: 'sm.roster_id',
  active: 'sm.active',
  version: 'sm.version',
};

const ALWAYS = new Set(['id', '__typename']);

/** Whether every field selected is one of `columns` (or one of `extra`). */
function plain(names: Set<string>, columns: Record<string, string>, extra: string[] = []): boolean {
  return [...names].every((n) => ALWAYS.has(n) || n in columns || extra.includes(n));
}

export interface ConversationAhead {
  /** A scalar subquery: the conversation's JSON (null when out of reach); `of` is the SQL of its id. */
  sql(of: string): string;
  params: Record<string, unknown>;
  /** The conversation from that JSON, with what it read ahead attached. */
  build(json: ConversationJson | null): Conversation | null;
  /** The conversation's JSON over alias `c` (a json_build_array): to nest it elsewhere. */
  json: string;
  /** What the `nested` subquery given to conversationAhead answered, in a conversation's JSON. */
  nestedOf(json: ConversationJson): unknown;
  /** Its scope over alias `c` (and its parameters in `params`). */
  reach: string;
  /** How the conversation is written from its JSON (graphql/raw-json.ts), with what it read ahead. */
  shape: RawShape;
}

/**
 * The conversations the caller may read (conversationService.scopedQuery: CONVERSATION_READ) as SQL over alias `c`,
 * its parameters prefixed by `prefix`; null without the permission (the resolvers then refuse as they always have).
 */
export function conversationReach(
  ctx: RequestContext,
  prefix: string,
): { reach: string; params: Record<string, unknown> } | null {
  let scope;
  try {
    scope = scopeOf(ctx, Permission.CONVERSATION_READ);
  } catch {
    return null;
  }
  const params: Record<string, unknown> = { [`${prefix}District`]: scope.districtId };
  let reach = `c.district_id = :${prefix}District`;
  if (!scope.all) {
    const open = mayOpenConversationSql(scope);
    reach += ` AND ${open.sql
      .replace(/:conversationSchoolIds\b/g, `:${prefix}SchoolIds`)
      .replace(/:self\b/g, `:${prefix}Self`)}`;
    params[`${prefix}SchoolIds`] = open.params.conversationSchoolIds;
    params[`${prefix}Self`] = open.params.self;
  }
  return { reach, params };
}

/**
 * A conversation as its statement sends it: a JSON array of its id, its facilitator's id (when `facilitator` is
 * selected), the selected columns (in the plan's order), then its facilitator (an object) and the nested subquery's
 * answer when they are read ahead.
 * Arrays, not objects: keys repeated for every row were bytes built and parsed for nothing.
 */
export type ConversationJson = unknown[];

/** The plan for the conversation selected at `look` (a `conversation` field), or null to leave it to its resolver. */
export function conversationAhead(
  ctx: RequestContext,
  look: Lookahead,
  prefix: string,
  nested: { key: string; sql: string; shape: RawShape } | null = null,
): ConversationAhead | null {
  const names = look.names();
  if (!plain(names, CONVERSATION_COLUMNS, ['facilitator', ...(nested ? [nested.key] : [])])) return null;
  const scoped = conversationReach(ctx, prefix);
  if (!scoped) return null;
  const { reach, params } = scoped;
  const columns = [...names].filter((n) => n in CONVERSATION_COLUMNS);
  // The facilitator's id only where `facilitator` is selected (its resolver loads by it, when not read ahead here).
  const withFacilitatorId = names.has('facilitator');
  const head = withFacilitatorId ? 2 : 1;
  const fields = [
    'c.id',
    ...(withFacilitatorId ? ['c.facilitator_id'] : []),
    ...columns.map((n) => CONVERSATION_COLUMNS[n]),
  ];

  // The facilitator, when only its plain columns are asked and the caller may read people at all (otherwise its
  // resolver answers as it always has, FORBIDDEN included).
  const facilitator = look.at('facilitator');
  let withFacilitator = false;
  if (facilitator && plain(facilitator.names(), STAFF_COLUMNS, ['displayName'])) {
    let staffReach: { sql: string; params: Record<string, unknown> } | null;
    try {
      staffReach = staffReachSql(ctx, Permission.STAFF_READ, `${prefix}Staff`);
    } catch {
      staffReach = null;
    }
    if (staffReach) {
      withFacilitator = true;
      Object.assign(params, staffReach.params);
      const staffNames = facilitator.names();
      if (staffNames.has('displayName')) staffNames.add('givenName').add('familyName');
      const staffFields = [`'id', sm.id`];
      for (const n of staffNames) if (n in STAFF_COLUMNS) staffFields.push(`'${n}', ${STAFF_COLUMNS[n]}`);
      fields.push(
        `(SELECT json_build_object(${staffFields.join(', ')}) FROM staff_member sm
           WHERE sm.district_id = c.district_id AND sm.id = c.facilitator_id AND ${staffReach.sql})`,
      );
    }
  }
  const facilitatorAt = withFacilitator ? head + columns.length : -1;
  const nestedAt = head + columns.length + (withFacilitator ? 1 : 0);
  if (nested) fields.push(nested.sql);

  const build = (json: ConversationJson | null): Conversation | null => {
    if (!json) return null;
    const conversation = new Conversation() as Conversation & Record<string, unknown>;
    const id = json[0] as string;
    conversation.id = toGlobalId('LearningConversation', id);
    conversation.rawId = id;
    if (withFacilitatorId) conversation.facilitatorRawId = json[1] as string;
    for (let i = 0; i < columns.length; i++) conversation[columns[i]] = json[head + i];
    conversation.ahead = {};
    if (withFacilitator) conversation.ahead.facilitator = staffFromJson(json[facilitatorAt] as StaffJson | null);
    return conversation;
  };
  // The same values build() gives the record's properties, for writing the conversation as text.
  const shape: RawShape = {
    type: 'LearningConversation',
    leaves: { id: globalIdLeaf('LearningConversation', (json: ConversationJson) => json[0] as string) },
    nested: {},
  };
  columns.forEach((n, i) => (shape.leaves[n] = (json: ConversationJson) => json[head + i]));
  if (withFacilitator) shape.nested!.facilitator = { of: (json) => json[facilitatorAt], shape: STAFF_SHAPE };
  if (nested) shape.nested![nested.key] = { of: (json) => json[nestedAt], shape: nested.shape };
  return {
    shape,
    sql: (of) =>
      `(SELECT json_build_array(${fields.join(', ')}) FROM learning_conversation c
         WHERE c.district_id = :${prefix}District AND c.id = ${of} AND ${reach})`,
    params,
    build,
    json: `json_build_array(${fields.join(', ')})`,
    nestedOf: (json) => json[nestedAt],
    reach,
  };
}

type StaffJson = Record<string, unknown> & { id: string; givenName?: string; familyName?: string };

/** A facilitator's display name, when its names were read ahead (`displayName` selected reads both). */
function displayNameOf(json: StaffJson): string | undefined {
  return json.givenName === undefined ? undefined : `${json.givenName} ${json.familyName}`;
}

/** A facilitator written from its JSON object: the values staffFromJson gives the record's properties. */
const STAFF_SHAPE: RawShape = {
  type: 'StaffMember',
  leaves: {
    id: globalIdLeaf('StaffMember', (json: StaffJson) => json.id),
    displayName: displayNameOf,
    ...Object.fromEntries(Object.keys(STAFF_COLUMNS).map((n) => [n, (json: StaffJson) => json[n]])),
  },
};

function staffFromJson(json: StaffJson | null): StaffMember | null {
  if (!json) return null;
  const { id, ...rest } = json;
  const person = Object.assign(new StaffMember(), rest, { id: toGlobalId('StaffMember', id), rawId: id });
  const displayName = displayNameOf(json);
  if (displayName !== undefined) person.displayName = displayName;
  return person;
}
