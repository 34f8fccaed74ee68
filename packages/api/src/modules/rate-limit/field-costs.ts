import { Limits } from '@throughline/shared';
import type { CostModel, FieldCostInput } from '../../graphql/query-cost';
import { USAGE_DAYS_SHOWN } from './usage';
import { BULK_MAX } from '../../graphql/bulk';

/**
 * The API's cost model, by `Type.field`, in one place (README "Query limits"). A point is about one object read:
 * every object a field returns costs 1 and lists multiply (graphql/query-cost.ts). On top of that, the fields below
 * weigh what their object count does not show. Calibrated on the large district (`npm run seed:large`): an object
 * costs ~0.2 ms to read and send, the district funnel ~3 s (about 10,000 points worth), a school's funnel tens of
 * ms, a password check (scrypt) ~50-100 ms.
 *
 * Changing a number here changes what integrators pay: keep the portal's documents under the per-request ceiling
 * (tests/api/query-limits-portal.test.ts checks them).
 */

/** A whole-district funnel (or one over a conversation type, which spans the district). */
const FUNNEL_DISTRICT = 10_000;
/** A funnel over a school or a strategy (its mapped conversations). */
const FUNNEL_SCHOOL = 100;
/** A funnel over one conversation. */
const FUNNEL_SMALL = 20;
/**
 * A funnel over one person: read from the raw rows (their expected, facilitated and attended sessions across the
 * district): ~40 ms of SQL on the large district on a quiet machine (issue 14), 0.33-0.43 s measured under load
 * average 19 (2026-11-30): about 200 objects' worth.
 */
const FUNNEL_PERSON = 200;
/** Every root mutation field: a transaction with writes and an audit event. */
const MUTATION = 10;
/** Mutations that check or derive a password (scrypt), or rotate a token family. */
const CREDENTIAL = 200;

const FUNNEL_BY_SCOPE: Record<string, number> = {
  DISTRICT: FUNNEL_DISTRICT,
  TYPE: FUNNEL_DISTRICT,
  SCHOOL: FUNNEL_SCHOOL,
  STRATEGY: FUNNEL_SCHOOL,
  CONVERSATION: FUNNEL_SMALL,
  PERSON: FUNNEL_PERSON,
};

/** How many items a bulk mutation lists (unknown: the most it takes). */
function bulkCount(args: Record<string, unknown>): number {
  const items = (args.input as { items?: unknown } | undefined)?.items;
  return Array.isArray(items) ? Math.max(items.length, 1) : BULK_MAX;
}

type Rule = number | ((args: Record<string, unknown>) => number);

/** Points of the field itself, on top of the objects it returns. */
export const FIELD_WEIGHTS: Readonly<Record<string, Rule>> = {
  // Unknown scope (no such kind): priced as the dearest.
  'Query.funnel': (args) =>
    FUNNEL_BY_SCOPE[String((args.scope as { kind?: unknown } | undefined)?.kind)] ?? FUNNEL_DISTRICT,
  'ImprovementStrategy.funnel': FUNNEL_SCHOOL,
  // Expands an RRULE.
  'Query.cadencePreview': 5,
  // Bulk changes: a single-record mutation's work per listed item (at most 100, graphql/bulk.ts).
  'Mutation.actionItemsAssign': (args) => MUTATION * bulkCount(args),
  'Mutation.sessionsCancel': (args) => MUTATION * bulkCount(args),
  'Mutation.signIn': CREDENTIAL,
  'Mutation.refreshSession': CREDENTIAL,
  'Mutation.staffMemberSetPassword': CREDENTIAL,
  'Mutation.staffMemberCreate': CREDENTIAL,
  'Mutation.districtCreate': CREDENTIAL,
  // Parses an iCalendar file of up to 500 KB / 1000 events, writes each day and reschedules the affected sessions.
  'Mutation.nonSchoolDaysImport': 500,
  // One indexed range read of the change log, besides its entries (priced per entry like a connection's).
  'Query.changes': 1,
  // Queues a job that re-reads a roster zip and writes every school, person and role in it.
  'Mutation.rosterImportApply': 500,
  // One indexed read of the import's progress row.
  'RosterImport.progress': 1,
  // Up to 20,000 audit rows read and written out as one CSV file (about 0.1 ms a row).
  'Query.auditLogCsv': 2_000,
  // Queues a job that reads every row of the district into an archive (modules/privacy).
  'Mutation.districtExportStart': 500,
  // Signs a download link (an HMAC) per completed export.
  'DistrictExport.downloadUrl': 1,
  // Withdrawing a learner's consent rewrites the session's texts and every reflection answer on it.
  'Mutation.learnerConsentWithdraw': 20,
  // Turning student ids off clears them from every consent of the district.
  'Mutation.consentSettingsUpdate': 50,
  // One indexed range read of the client's days, besides the days themselves (priced per day below).
  'ApiClient.usage': 1,
  // The outbox is a connection (priced per message by `first`); on top: its total (a COUNT over the district's log)
  // and, when the platform operator reads it, a read-audit row written per message shown.
  'Query.mailOutbox': (args) => (args.districtId ? 20 : 10),
};

/**
 * Expected sizes of lists that take no page size (they are small by nature, read in one batch per request); any list
 * not named here counts DEFAULT_LIST_SIZE. Lists with a `limit` or `ids` argument count what they ask for.
 */
export const LIST_SIZES: Readonly<Record<string, Rule>> = {
  'LearningConversation.recentSessions': (args) => Number(args.limit ?? 5),
  'LearningConversation.upcomingSessions': (args) => Number(args.limit ?? 5),
  'Query.nodes': (args) => (Array.isArray(args.ids) ? args.ids.length : Limits.PAGE_MAX),
  'LearningConversation.participants': 20,
  'ConversationSession.attendees': 20,
  'Skill.trainedStaff': 20,
  'Viewer.permissions': 25,
  // A year of weeks (windows are at most 400 days).
  'Funnel.trend': 60,
  // "At most 100" each.
  'Funnel.missedSessions': 100,
  'Funnel.overdueActions': 100,
  // The cohort's seven stages, always all of them.
  'CohortFunnel.stages': 7,
  // An action's recorded date changes: a few at most, but never priced below what a busy action carries.
  'ActionItem.dueOnHistory': 10,
  'ActionItem.completedOnCorrections': 10,
  // "At most 50" each: who read a record's confidential text.
  'Reflection.readEvents': 50,
  'ConversationSession.readEvents': 50,
  // Privacy operations: "at most 20" exports, each listing its files (2 a table, plus the roster and codebook);
  // at most 200 disposals and certificates, each counting its tables.
  'Query.districtExports': 20,
  'DistrictExport.files': 150,
  'Query.districtDisposals': 200,
  'Query.disposalCertificates': 200,
  'DisposalCertificate.counts': 80,
  'Query.retentionRuns': (args) => Number(args.limit ?? 20),
  // Mail and calendars (modules/mail, modules/calendar-feed): one entry per kind of mail (8), always all of them;
  // "at most 100" live feeds of a person.
  'Query.myMailPreferences': 8,
  'Mutation.mailPreferencesSet': 8,
  'MailSettings.kinds': 8,
  'Query.myCalendarFeeds': 100,
  // A bulk change answers with every item it listed: up to BULK_MAX (its payload's list takes no argument of its own).
  'ActionItemsPayload.actionItems': BULK_MAX,
  'ConversationSessionsPayload.sessions': BULK_MAX,
  // The role mapping: nine OneRoster staff roles at a school and at the district, always all of them.
  'RosterRoleMapping.rules': 18,
  // A learning partnership session is with one or two learners; a few more consents at most.
  'ConversationSession.learnerConsents': 5,
  // About one reflection per attendee of a typical session (a handful of prompts each: the default).
  'ConversationSession.reflections': 10,
  // One entry per rubric criterion (a district's rubric has about a dozen at most).
  'Funnel.qualityByCriterion': 12,
  'SessionQuality.criteria': 12,
  // Up to 1,000 days from one iCalendar file (the mutation is priced for the parse; the list for what it returns).
  'NonSchoolDaysImportPayload.nonSchoolDays': 1000,
  // One entry per day asked for (at most USAGE_DAYS_KEPT; more is refused, but priced as asked).
  'ApiClient.usage': (args) => Number(args.days ?? USAGE_DAYS_SHOWN),
};

export const DEFAULT_LIST_SIZE = 5;

function apply(rule: Rule | undefined, args: Record<string, unknown>, fallback: number): number {
  if (rule === undefined) return fallback;
  const value = typeof rule === 'number' ? rule : rule(args);
  return Number.isFinite(value) ? value : fallback;
}

export const FIELD_COSTS: CostModel = {
  defaultPageSize: Limits.PAGE_DEFAULT,
  weight({ coordinate, parentType, args }: FieldCostInput): number {
    const rule = FIELD_WEIGHTS[coordinate];
    if (rule !== undefined) return apply(rule, args, 0);
    if (parentType.name === 'Mutation') return MUTATION;
    // A connection's count is a statement of its own.
    if (parentType.name.endsWith('Connection') && coordinate.endsWith('.totalCount')) return 1;
    return 0;
  },
  listSize({ coordinate, args }: FieldCostInput): number {
    return apply(LIST_SIZES[coordinate], args, DEFAULT_LIST_SIZE);
  },
};
