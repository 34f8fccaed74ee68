import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import { CalendarLimits, NonSchoolDayKind } from '@throughline/shared';
import { localInstant } from '../schedule/cadence';
import { localDay } from '../schedule/rules/non-school-day';

/**
 * Reads an iCalendar file (RFC 5545) into non-school days. Pure: no database, no clock but `now` (the window of a
 * recurring event). Parsing is done by ical.js.
 *
 * - Each VEVENT is one entry named by its SUMMARY; its UID keys it, so importing the same file again finds it.
 * - An all-day event (DTSTART;VALUE=DATE) covers DTSTART up to the day before DTEND (DTEND is exclusive, RFC 5545
 *   3.6.1); without DTEND, DURATION gives the length, and without either it is one day.
 * - A timed event covers the local days, in the district's time zone, from its start to just before its end. Its
 *   time is read in its own zone: a VTIMEZONE of the file, else an IANA zone named by TZID, else (floating, or a zone
 *   nobody knows) the district's.
 * - A recurring event (RRULE, RDATE; EXDATE and RECURRENCE-ID overrides honoured) becomes one entry per occurrence
 *   from a year before `now` to three years after it, each keyed by the UID and its occurrence.
 * - A cancelled event (STATUS:CANCELLED) is left out.
 * - The kind is read from the name (break, in-service, otherwise holiday); the district can change it afterwards.
 * - A file larger than CalendarLimits.ICALENDAR_BYTES_MAX, or with more than ICALENDAR_EVENTS_MAX entries, is
 *   refused; so is a file that does not parse, has no event, or has an event without a usable start, or longer than
 *   SPAN_DAYS_MAX days. The message says which event, in words a person can act on.
 */

export interface ImportedDay {
  uid: string;
  startsOn: string;
  endsOn: string;
  name: string;
  kind: NonSchoolDayKind;
}

export type ICalendarResult = { ok: true; days: ImportedDay[] } | { ok: false; message: string };

/** Years of a recurring event's occurrences taken before and after `now`. */
const RECURRENCE_YEARS_BEFORE = 1;
const RECURRENCE_YEARS_AFTER = 3;
/** Occurrences a recurring event is walked through at most, however far back it starts. */
const RECURRENCE_STEPS_MAX = 50_000;
const DEFAULT_NAME = 'Non-school day';
const FIRST_DAY = '1900-01-01';
const LAST_DAY = '2200-12-31';

class Refusal extends Error {}

/** The kind a name suggests: a break, an in-service (professional development) day, else a holiday. */
export function kindOfName(name: string): NonSchoolDayKind {
  if (/\b(break|vacation|recess|holidays)\b/i.test(name)) return NonSchoolDayKind.BREAK;
  if (/in[- ]?service|professional (development|learning)|\bpd\b|teacher (work|planning)|staff development/i.test(name))
    return NonSchoolDayKind.IN_SERVICE;
  return NonSchoolDayKind.HOLIDAY;
}

function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

function daysBetween(first: string, last: string): number {
  return Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function ymd(t: ICAL.Time): string {
  return `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`;
}

function knownZone(tzid: string | undefined): tzid is string {
  if (!tzid || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tzid)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tzid });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant of a date-time, read in its own zone (see above): a VTIMEZONE of the file (ical.js resolves it), UTC,
 * an IANA zone named by the property's TZID, else the district's.
 */
function instantOf(t: ICAL.Time, tzid: string | undefined, districtZone: string): Date {
  const zone = t.zone?.tzid;
  if (zone === 'UTC' || (zone && zone !== 'floating' && t.zone?.component)) return new Date(t.toUnixTime() * 1000);
  const wall = `${ymd(t)}T${pad(t.hour)}:${pad(t.minute)}`;
  const named = tzid ?? (zone && zone !== 'floating' ? zone : undefined);
  const at = localInstant(wall, knownZone(named) ? named : districtZone);
  return new Date(at.getTime() + t.second * 1000);
}

/** The TZID parameter of a date-time property of the event, if it names one. */
function tzidOf(vevent: ICAL.Component, property: string): string | undefined {
  const tzid = vevent.getFirstProperty(property)?.getParameter('tzid');
  return typeof tzid === 'string' ? tzid : undefined;
}

/** The local days an occurrence covers: all-day ranges as written (end exclusive), timed ones in the district zone. */
function daysOf(
  vevent: ICAL.Component,
  start: ICAL.Time,
  end: ICAL.Time | null,
  districtZone: string,
): { startsOn: string; endsOn: string } {
  if (start.isDate) {
    const startsOn = ymd(start);
    const endExclusive = end ? ymd(end) : addDays(startsOn, 1);
    return { startsOn, endsOn: endExclusive > startsOn ? addDays(endExclusive, -1) : startsOn };
  }
  const startZone = tzidOf(vevent, 'dtstart');
  const from = instantOf(start, startZone, districtZone);
  const to = end ? instantOf(end, tzidOf(vevent, 'dtend') ?? startZone, districtZone) : from;
  const last = to.getTime() > from.getTime() ? new Date(to.getTime() - 1) : from;
  return { startsOn: localDay(from, districtZone), endsOn: localDay(last, districtZone) };
}

function nameOf(vevent: ICAL.Component): string {
  const summary = vevent.getFirstPropertyValue('summary');
  const text = (typeof summary === 'string' ? summary : '').replace(/\s+/g, ' ').trim();
  if (!text) return DEFAULT_NAME;
  return text.length > CalendarLimits.NAME_MAX ? `${text.slice(0, CalendarLimits.NAME_MAX - 1)}…` : text;
}

function cancelled(vevent: ICAL.Component): boolean {
  const status = vevent.getFirstPropertyValue('status');
  return typeof status === 'string' && status.toUpperCase() === 'CANCELLED';
}

/** How an event is called in a message: its name, else its UID, else its place in the file. */
function label(vevent: ICAL.Component, index: number): string {
  const summary = vevent.getFirstPropertyValue('summary');
  if (typeof summary === 'string' && summary.trim()) return `The event "${summary.trim().slice(0, 80)}"`;
  const uid = vevent.getFirstPropertyValue('uid');
  if (typeof uid === 'string' && uid.trim()) return `The event with UID ${uid.trim().slice(0, 80)}`;
  return `Event number ${index + 1}`;
}

/** A date property's raw text names a real day (ical.js would quietly turn 2026-02-30 into 2 March). */
function checkRealDay(vevent: ICAL.Component, property: string, what: string): void {
  const prop = vevent.getFirstProperty(property);
  if (!prop) return;
  const raw = prop.jCal[3];
  if (typeof raw !== 'string') return;
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  const real = (text: string) => {
    const d = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
  };
  if (!match || !real(match[0])) throw new Refusal(`${what} has a ${property.toUpperCase()} that is not a real date.`);
}

/** The key of an entry: the event's UID (the occurrence's too, for a recurring one), kept within 1000 characters. */
function keyOf(uid: string, occurrence?: string): string {
  const key = occurrence ? `${uid}/${occurrence}` : uid;
  return key.length <= 1000 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

function uidOf(vevent: ICAL.Component): string {
  const uid = vevent.getFirstPropertyValue('uid');
  if (typeof uid === 'string' && uid.trim()) return uid.trim();
  // No UID (RFC 5545 requires one): the event's own content keys it, so the same file still imports once.
  const content = ['dtstart', 'dtend', 'duration', 'summary', 'rrule']
    .map((p) => String(vevent.getFirstProperty(p)?.toICALString() ?? ''))
    .join('\n');
  return `generated:${createHash('sha256').update(content).digest('hex')}`;
}

function refuse(message: string): ICalendarResult {
  return { ok: false, message };
}

/** Reads an iCalendar text into non-school days of a district in `timezone` (IANA). */
export function parseICalendar(text: string, timezone: string, now: Date = new Date()): ICalendarResult {
  const bytes = Buffer.byteLength(text ?? '', 'utf8');
  if (bytes > CalendarLimits.ICALENDAR_BYTES_MAX) {
    return refuse(
      `The file is ${Math.ceil(bytes / 1000)} KB; an import takes at most ${CalendarLimits.ICALENDAR_BYTES_MAX / 1000} KB. Split it into smaller files (a school year each).`,
    );
  }
  const body = (text ?? '').replace(/^\uFEFF/, '').trim();
  if (!body) return refuse('The file is empty.');
  if (!/^BEGIN:VCALENDAR\b/i.test(body))
    return refuse('This is not an iCalendar (.ics) file: it must begin with BEGIN:VCALENDAR.');
  if (!/END:VCALENDAR\s*$/i.test(body)) return refuse('The file is cut short: it does not end with END:VCALENDAR.');

  let calendars: ICAL.Component[];
  try {
    const parsed = ICAL.parse(body);
    const list = (typeof parsed[0] === 'string' ? [parsed] : parsed) as unknown[];
    calendars = list.map((jcal) => new ICAL.Component(jcal as never));
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).slice(0, 160);
    return refuse(`The file cannot be read as iCalendar: ${why}`);
  }
  if (calendars.some((c) => c.name !== 'vcalendar'))
    return refuse('This is not an iCalendar (.ics) file: it must begin with BEGIN:VCALENDAR.');

  const vevents = calendars.flatMap((c) => c.getAllSubcomponents('vevent'));
  if (vevents.length === 0) return refuse('The file has no events (VEVENT) to import.');
  if (vevents.length > CalendarLimits.ICALENDAR_EVENTS_MAX) return tooMany();

  try {
    const days = new Map<string, ImportedDay>();
    const add = (day: ImportedDay, what: string) => {
      if (day.startsOn < FIRST_DAY || day.endsOn > LAST_DAY)
        throw new Refusal(`${what} is outside the years ${FIRST_DAY.slice(0, 4)} to ${LAST_DAY.slice(0, 4)}.`);
      const span = daysBetween(day.startsOn, day.endsOn) + 1;
      if (span > CalendarLimits.SPAN_DAYS_MAX)
        throw new Refusal(
          `${what} lasts ${span} days; one entry covers at most ${CalendarLimits.SPAN_DAYS_MAX} days. Check its DTEND.`,
        );
      days.set(day.uid, day);
      if (days.size > CalendarLimits.ICALENDAR_EVENTS_MAX) throw new Refusal('too many');
    };

    // Overrides of single occurrences (RECURRENCE-ID), by UID.
    const overrides = new Map<string, ICAL.Component[]>();
    const masters: { vevent: ICAL.Component; index: number }[] = [];
    vevents.forEach((vevent, index) => {
      if (vevent.hasProperty('recurrence-id')) {
        const uid = uidOf(vevent);
        overrides.set(uid, [...(overrides.get(uid) ?? []), vevent]);
      } else masters.push({ vevent, index });
    });
    const withMaster = new Set<string>();

    for (const { vevent, index } of masters) {
      const what = label(vevent, index);
      if (!vevent.hasProperty('dtstart')) throw new Refusal(`${what} has no start (DTSTART).`);
      checkRealDay(vevent, 'dtstart', what);
      checkRealDay(vevent, 'dtend', what);
      const uid = uidOf(vevent);
      withMaster.add(uid);
      if (cancelled(vevent)) continue;
      const event = new ICAL.Event(vevent);
      const name = nameOf(vevent);
      if (!event.isRecurring()) {
        add(
          {
            uid: keyOf(uid),
            name,
            kind: kindOfName(name),
            ...daysOf(vevent, event.startDate, event.endDate, timezone),
          },
          what,
        );
        continue;
      }
      for (const o of overrides.get(uid) ?? []) event.relateException(o);
      const earliest = localDay(new Date(now.getTime() - RECURRENCE_YEARS_BEFORE * 366 * 86_400_000), timezone);
      const latest = localDay(new Date(now.getTime() + RECURRENCE_YEARS_AFTER * 366 * 86_400_000), timezone);
      const it = event.iterator();
      for (let step = 0; ; step++) {
        if (step > RECURRENCE_STEPS_MAX)
          throw new Refusal(`${what} repeats too often to import; give it an end (UNTIL or COUNT).`);
        const next = it.next();
        if (!next || ymd(next) > latest) break;
        if (ymd(next) < earliest) continue;
        const details = event.getOccurrenceDetails(next);
        if (cancelled(details.item.component)) continue;
        const occurrenceName = nameOf(details.item.component);
        add(
          {
            uid: keyOf(uid, details.recurrenceId.toString()),
            name: occurrenceName,
            kind: kindOfName(occurrenceName),
            ...daysOf(details.item.component, details.startDate, details.endDate, timezone),
          },
          what,
        );
      }
    }
    // An override whose recurring event is not in the file stands on its own.
    for (const [uid, list] of overrides) {
      if (withMaster.has(uid)) continue;
      for (const vevent of list) {
        const what = label(vevent, vevents.indexOf(vevent));
        if (!vevent.hasProperty('dtstart')) throw new Refusal(`${what} has no start (DTSTART).`);
        checkRealDay(vevent, 'dtstart', what);
        if (cancelled(vevent)) continue;
        const event = new ICAL.Event(vevent);
        const name = nameOf(vevent);
        add(
          {
            uid: keyOf(uid, String(vevent.getFirstPropertyValue('recurrence-id'))),
            name,
            kind: kindOfName(name),
            ...daysOf(vevent, event.startDate, event.endDate, timezone),
          },
          what,
        );
      }
    }
    if (days.size === 0) return refuse('The file has no events to import: every event in it is cancelled.');
    return { ok: true, days: [...days.values()].sort((a, b) => a.startsOn.localeCompare(b.startsOn)) };
  } catch (err) {
    if (err instanceof Refusal) return err.message === 'too many' ? tooMany() : refuse(err.message);
    // ical.js reads values lazily: a malformed date or rule surfaces here.
    const why = (err instanceof Error ? err.message : String(err)).slice(0, 160);
    return refuse(`The file cannot be read as iCalendar: ${why}`);
  }
}

function tooMany(): ICalendarResult {
  return refuse(
    `The file has more than ${CalendarLimits.ICALENDAR_EVENTS_MAX} events (occurrences of repeating ones included); split it into smaller files (a school year each).`,
  );
}
