import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { toGlobalId } from '../../graphql/global-id';
import { offsetMinutes, vtimezone } from './vtimezone';

/**
 * Sessions as iCalendar events, for feeds and invitations alike (one builder, so both carry the same UID, SEQUENCE and
 * text). Only what a calendar needs and anyone invited may read: the conversation's title, purpose, setting,
 * protocol and the evidence to bring, the time, the status and a link into the portal. Never notes, check-in/out,
 * reflections, ratings, actions or a cancellation's reason: those fields are not even selected (SESSION_EVENT_COLUMNS).
 */

export interface SessionEventRow {
  id: string;
  scheduled_at: Date;
  status: string;
  ical_sequence: number;
  ical_changed_at: Date;
  duration_minutes: number;
  title: string;
  purpose: string;
  setting: string;
  protocol: string;
  evidence_to_bring: string;
  facilitator_name: string;
  facilitator_email: string;
}

/** The columns of a SessionEventRow, over `s` (conversation_session), `c` (learning_conversation), `f` (facilitator). */
export const SESSION_EVENT_COLUMNS = `s.id, s.scheduled_at, s.status, s.ical_sequence, s.ical_changed_at,
  c.duration_minutes, c.title, c.purpose, c.setting, c.protocol, c.evidence_to_bring,
  f.given_name || ' ' || f.family_name AS facilitator_name, f.email AS facilitator_email`;

/** The joins a SessionEventRow needs after `FROM conversation_session s`. */
export const SESSION_EVENT_JOINS = `JOIN learning_conversation c ON c.district_id = s.district_id AND c.id = s.conversation_id
  JOIN staff_member f ON f.district_id = c.district_id AND f.id = c.facilitator_id`;

const PROTOCOLS: Record<string, string> = {
  CHECK_IN_CHECK_OUT: 'Check-in and check-out',
  DOUBLE_LOOP_REVIEW: 'Double-loop review',
  COACHING_CYCLE: 'Coaching cycle',
  LEARNING_PARTNERSHIP: 'Learning partnership',
};

/** A protocol's name in words, or null for none. */
export function protocolLabel(protocol: string): string | null {
  return PROTOCOLS[protocol] ?? null;
}

/** The stable UID of a session's event: the same in every feed, invitation, update and cancellation. */
export function sessionUid(sessionId: string): string {
  return `session-${sessionId}@throughline`;
}

/** Where a session is in the portal, when the public origin is known. */
export function sessionLink(publicUrl: string | null, sessionId: string): string | null {
  return publicUrl
    ? `${publicUrl}/#/sessions/${encodeURIComponent(toGlobalId('ConversationSession', sessionId))}/show`
    : null;
}

/** The event's description: purpose, protocol, what to bring, the link. */
export function sessionDescription(row: SessionEventRow, link: string | null): string {
  const lines = [`Purpose: ${row.purpose}`];
  const protocol = protocolLabel(row.protocol);
  if (protocol) lines.push(`Protocol: ${protocol}`);
  if (row.evidence_to_bring.trim()) lines.push(`Bring recent evidence: ${row.evidence_to_bring}`);
  lines.push(`Facilitator: ${row.facilitator_name}`);
  if (link) lines.push(`In Throughline: ${link}`);
  return lines.join('\n');
}

/**
 * An instant that ical-generator writes as wall time in `zone` (its TZ-date protocol: `withTimeZone` gives a Date
 * whose local getters read that zone), since a native Date alone would be written with UTC digits under a TZID.
 */
function zoned(instant: Date, zone: string | null): Date {
  const at = instant.getTime();
  const wall = (z: string | null) => {
    const shifted = new Date(at + (z ? offsetMinutes(z, at) : 0) * 60_000);
    const view = new Date(at);
    Object.assign(view, {
      getFullYear: () => shifted.getUTCFullYear(),
      getMonth: () => shifted.getUTCMonth(),
      getDate: () => shifted.getUTCDate(),
      getHours: () => shifted.getUTCHours(),
      getMinutes: () => shifted.getUTCMinutes(),
      getSeconds: () => shifted.getUTCSeconds(),
    });
    return view;
  };
  return Object.assign(new Date(at), {
    timeZone: zone ?? undefined,
    internal: new Date(at),
    tzComponents: () => ({}),
    // A UTC stamp (zone null) stays UTC whatever zone the calendar asks for.
    withTimeZone: (z?: string | null) => wall(zone === null ? null : (z ?? zone)),
  });
}

/** UTC stamps (DTSTAMP, LAST-MODIFIED) written as UTC: ical-generator writes them as local time of the calendar's zone. */
export function calendarText(calendar: ICalCalendar): string {
  return calendar.toString().replace(/^(DTSTAMP|LAST-MODIFIED|CREATED):(\d{8}T\d{6})\r$/gm, '$1:$2Z\r');
}

export interface CalendarOptions {
  name: string;
  timezone: string;
  publicUrl: string | null;
  method?: 'REQUEST' | 'CANCEL' | 'PUBLISH';
  /** For invitations: the person invited (ATTENDEE). */
  attendee?: { name: string; email: string };
  /** Force the events' status (a cancellation of a session that is gone, or that someone no longer attends). */
  cancelled?: boolean;
  /** Override SEQUENCE (a cancellation sent after the session itself was removed). */
  sequence?: number;
}

/** An iCalendar object of these sessions, in the district's zone, with its VTIMEZONE. */
export function sessionCalendar(rows: readonly SessionEventRow[], options: CalendarOptions): ICalCalendar {
  const years = rows.map((r) => new Date(r.scheduled_at).getUTCFullYear());
  const now = new Date().getUTCFullYear();
  const fromYear = Math.min(now, ...years) - 1;
  const toYear = Math.max(now, ...years) + 1;
  const calendar = ical({
    name: options.name,
    prodId: { company: 'Throughline', product: 'Throughline', language: 'EN' },
    timezone: { name: options.timezone, generator: (zone) => vtimezone(zone, fromYear, toYear) },
    method: options.method ? ICalCalendarMethod[options.method] : null,
  });
  for (const row of rows) {
    const start = new Date(row.scheduled_at);
    const cancelled = options.cancelled || row.status === 'CANCELLED';
    const link = sessionLink(options.publicUrl, row.id);
    calendar.createEvent({
      id: sessionUid(row.id),
      sequence: options.sequence ?? row.ical_sequence,
      start: zoned(start, options.timezone),
      end: zoned(new Date(start.getTime() + row.duration_minutes * 60_000), options.timezone),
      timezone: options.timezone,
      // Written as UTC digits, then marked Z by calendarText.
      stamp: zoned(new Date(row.ical_changed_at), null),
      lastModified: zoned(new Date(row.ical_changed_at), null),
      summary: cancelled ? `Cancelled: ${row.title}` : row.title,
      description: sessionDescription(row, link),
      location: row.setting.trim() || null,
      url: link,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      organizer: { name: row.facilitator_name, email: row.facilitator_email },
      attendees: options.attendee ? [{ name: options.attendee.name, email: options.attendee.email, rsvp: false }] : [],
    });
  }
  return calendar;
}
