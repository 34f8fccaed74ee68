/** The GraphQL documents and labels of the calendar and reminders page (issue 13; docs/calendars-and-mail.md). */

export type MailKind =
  'INVITATION' | 'SESSION_REMINDER' | 'LOG_NUDGE' | 'RATE_NUDGE' | 'ACTION_DUE' | 'ACTION_OVERDUE' | 'DAILY_DIGEST';
export type KindMode = 'ON' | 'OPT_IN' | 'OFF';
export type MailLanguage = 'EN' | 'ES';

/** What each kind of mail is, in a person's words. */
export const KIND_LABELS: Record<MailKind, { label: string; help: string }> = {
  INVITATION: { label: 'Invitations', help: 'A calendar invitation for each session you are expected at' },
  SESSION_REMINDER: { label: 'Before a session', help: 'Its purpose, protocol, norms and the evidence to bring' },
  LOG_NUDGE: { label: 'Log a session', help: 'For facilitators, after a session ends until it is logged' },
  RATE_NUDGE: { label: 'Rate and reflect', help: 'After a session you attended, while its rating is open' },
  ACTION_DUE: { label: 'Action due soon', help: 'An action you own is due within two days' },
  ACTION_OVERDUE: { label: 'Action overdue', help: 'An action you own is past due, until it is done' },
  DAILY_DIGEST: { label: 'Daily digest', help: 'Reminders and nudges gathered in one message a day' },
};

export const MODE_LABELS: Record<KindMode, string> = {
  ON: 'On (people may turn it off)',
  OPT_IN: 'Only for those who turn it on',
  OFF: 'Off for everyone',
};

export const LANGUAGE_LABELS: Record<MailLanguage, string> = { EN: 'English', ES: 'Español' };

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
}

const SETTINGS_FIELDS = `invitationsEnabled remindersEnabled reminderLeadHours kinds { kind mode } quietStart quietEnd
  digestDefault digestHour language hourlyLimit outboxOnly`;

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

export const MAIL_OUTBOX = `query MailOutbox($state: String) { mailOutbox(state: $state) {
  id kind to subject state bodyText attemptCount lastError language deferredUntil createdAt sentAt } }`;
