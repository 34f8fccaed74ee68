/** The GraphQL documents and labels of the calendar and reminders page (issue 13; docs/calendars-and-mail.md). */

export type MailKind =
  | 'INVITATION'
  | 'SESSION_REMINDER'
  | 'LOG_NUDGE'
  | 'RATE_NUDGE'
  | 'ACTION_DUE'
  | 'ACTION_OVERDUE'
  | 'DAILY_DIGEST'
  | 'WEEKLY_DIGEST';
export type KindMode = 'ON' | 'OPT_IN' | 'OFF';
export type MailLanguage = 'EN' | 'ES';

/** What each kind of mail is, in a person's words: message keys (tl.mail.kinds.*), read with translate(key, { _: key }). */
export const KIND_LABELS: Record<MailKind, { label: string; help: string }> = {
  INVITATION: { label: 'tl.mail.kinds.INVITATION.label', help: 'tl.mail.kinds.INVITATION.help' },
  SESSION_REMINDER: { label: 'tl.mail.kinds.SESSION_REMINDER.label', help: 'tl.mail.kinds.SESSION_REMINDER.help' },
  LOG_NUDGE: { label: 'tl.mail.kinds.LOG_NUDGE.label', help: 'tl.mail.kinds.LOG_NUDGE.help' },
  RATE_NUDGE: { label: 'tl.mail.kinds.RATE_NUDGE.label', help: 'tl.mail.kinds.RATE_NUDGE.help' },
  ACTION_DUE: { label: 'tl.mail.kinds.ACTION_DUE.label', help: 'tl.mail.kinds.ACTION_DUE.help' },
  ACTION_OVERDUE: { label: 'tl.mail.kinds.ACTION_OVERDUE.label', help: 'tl.mail.kinds.ACTION_OVERDUE.help' },
  DAILY_DIGEST: { label: 'tl.mail.kinds.DAILY_DIGEST.label', help: 'tl.mail.kinds.DAILY_DIGEST.help' },
  WEEKLY_DIGEST: { label: 'tl.mail.kinds.WEEKLY_DIGEST.label', help: 'tl.mail.kinds.WEEKLY_DIGEST.help' },
};

/** Each district mode's words, as message keys (tl.mail.modes.*). */
export const MODE_LABELS: Record<KindMode, string> = {
  ON: 'tl.mail.modes.ON',
  OPT_IN: 'tl.mail.modes.OPT_IN',
  OFF: 'tl.mail.modes.OFF',
};

/** Each mail language's name, as message keys (tl.mail.languages.*). */
export const LANGUAGE_LABELS: Record<MailLanguage, string> = { EN: 'tl.mail.languages.EN', ES: 'tl.mail.languages.ES' };

export interface CalendarFeed {
  id: string;
  kind: 'PERSON' | 'SCHOOL' | 'CONVERSATION';
  createdAt: string;
  schoolId: string | null;
  conversationId: string | null;
}

export interface FeedLink {
  feedId: string;
  url: string;
  webcalUrl: string;
}

export const MY_FEEDS = `query MyCalendarFeeds { myCalendarFeeds { id kind createdAt schoolId conversationId } }`;
export const FEED_CREATE = `mutation CalendarFeedCreate($input: CalendarFeedCreateInput!) {
  calendarFeedCreate(input: $input) { url webcalUrl feed { id kind createdAt schoolId conversationId } } }`;
export const FEED_REVOKE = `mutation CalendarFeedRevoke($input: CalendarFeedRevokeInput!) { calendarFeedRevoke(input: $input) { id } }`;

export interface MailPreference {
  kind: MailKind;
  enabled: boolean;
  chosen: boolean | null;
  districtMode: KindMode;
}

export interface MailProfile {
  language: MailLanguage | null;
  timezone: string | null;
  ownQuietHours: boolean;
  quietStart: string | null;
  quietEnd: string | null;
  digest: boolean | null;
  effectiveLanguage: MailLanguage;
  effectiveTimezone: string;
  effectiveQuietStart: string | null;
  effectiveQuietEnd: string | null;
  effectiveDigest: boolean;
  digestAvailable: boolean;
}

const PROFILE_FIELDS = `language timezone ownQuietHours quietStart quietEnd digest effectiveLanguage effectiveTimezone
  effectiveQuietStart effectiveQuietEnd effectiveDigest digestAvailable`;

export const MY_MAIL = `query MyMail { myMailPreferences { kind enabled chosen districtMode } myMailProfile { ${PROFILE_FIELDS} } }`;
export const PREFERENCES_SET = `mutation MailPreferencesSet($input: [MailPreferenceInput!]!) {
  mailPreferencesSet(input: $input) { kind enabled chosen districtMode } }`;
export const PROFILE_SET = `mutation MailProfileSet($input: MailProfileInput!) { mailProfileSet(input: $input) { ${PROFILE_FIELDS} } }`;

export interface MailSettings {
  invitationsEnabled: boolean;
  remindersEnabled: boolean;
  reminderLeadHours: number;
  kinds: { kind: MailKind; mode: KindMode }[];
  quietStart: string | null;
  quietEnd: string | null;
  digestDefault: boolean;
  digestHour: number;
  language: MailLanguage;
  hourlyLimit: number;
  outboxOnly: boolean;
  /** Passed back with an update: a stale one is refused (CONFLICT), and the card offers to reload. */
  version: number;
}

const SETTINGS_FIELDS = `invitationsEnabled remindersEnabled reminderLeadHours kinds { kind mode } quietStart quietEnd
  digestDefault digestHour language hourlyLimit outboxOnly version`;

export const MAIL_SETTINGS = `query MailSettings { mailSettings { ${SETTINGS_FIELDS} } }`;
export const MAIL_SETTINGS_UPDATE = `mutation MailSettingsUpdate($input: MailSettingsInput!) {
  mailSettingsUpdate(input: $input) { ${SETTINGS_FIELDS} } }`;

export type MailState = 'PENDING' | 'SENT' | 'OUTBOX' | 'FAILED';

export interface MailMessage {
  id: string;
  kind: MailKind;
  to: string;
  subject: string;
  state: MailState;
  bodyText: string | null;
  attemptCount: number;
  lastError: string | null;
  language: MailLanguage;
  deferredUntil: string | null;
  createdAt: string;
  sentAt: string | null;
}

export const MAIL_OUTBOX = `query MailOutbox($first: Int, $after: String, $filter: MailOutboxFilter, $districtId: ID) {
  mailOutbox(first: $first, after: $after, filter: $filter, districtId: $districtId) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id kind to subject state bodyText attemptCount lastError language deferredUntil createdAt sentAt } } }`;
