import type { EntityManager } from 'typeorm';

/**
 * Non-school day: a local day (in the district's time zone) inside one of the district's calendar entries
 * (`non_school_day`, starts_on..ends_on, both ends included): a holiday, a break, an in-service day.
 *
 * - A repeating conversation (one with a cadence) never has a session scheduled on a non-school day: the occurrence
 *   is skipped, not moved, and the cadence preview lists it as skipped with the day's name. A skipped occurrence was
 *   never expected, so it is never due, never missed and never in any denominator (docs/metrics.md).
 * - The day of a session is its scheduled start's local date in the district's zone.
 * - A one-off session is placed where it was asked for: choosing a date by hand is a decision, not a cadence.
 * - Changing the calendar moves only the future (calendar/reschedule.ts): future sessions still merely scheduled,
 *   with nothing recorded, leave a day that became a non-school day, and a day that stopped being one gets its
 *   sessions back. Held, cancelled and past sessions stay as they are.
 *
 * The predicate (nonSchoolDayOn) and the SQL fragment (onNonSchoolDaySql) below say the same thing.
 */
export interface NonSchoolDayRange {
  /** First local day, 'YYYY-MM-DD'. */
  startsOn: string;
  /** Last local day, 'YYYY-MM-DD', included. */
  endsOn: string;
  /** What the day is called ("Winter break"): the reason a skipped session shows. */
  name: string;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local day ('YYYY-MM-DD') of an instant in a time zone. */
export function localDay(instant: Date, timezone: string): string {
  let format = dayFormats.get(timezone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormats.set(timezone, format);
  }
  return format.format(instant);
}

/** The calendar entry that makes `day` a non-school day (the earliest-starting one), or undefined: a school day. */
export function nonSchoolDayOn(day: string, days: readonly NonSchoolDayRange[]): NonSchoolDayRange | undefined {
  let hit: NonSchoolDayRange | undefined;
  for (const d of days) {
    if (d.startsOn <= day && day <= d.endsOn && (!hit || d.startsOn < hit.startsOn)) hit = d;
  }
  return hit;
}

/** A calendar's lookup: the entry that makes a day a non-school day (as nonSchoolDayOn answers), or undefined. */
export type NonSchoolDayLookup = (day: string) => NonSchoolDayRange | undefined;

/** nonSchoolDayOn for many days: every covered day indexed once, so each lookup takes constant time. */
export function calendarIndex(days: readonly NonSchoolDayRange[]): NonSchoolDayLookup {
  const index = new Map<string, NonSchoolDayRange>();
  for (const d of [...days].sort((a, b) => a.startsOn.localeCompare(b.startsOn))) {
    const last = Date.parse(`${d.endsOn}T00:00:00Z`);
    for (let t = Date.parse(`${d.startsOn}T00:00:00Z`); t <= last; t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      if (!index.has(day)) index.set(day, d);
    }
  }
  return (day) => index.get(day);
}

/**
 * The same rule in SQL: true when the instant `at` (a timestamptz expression) falls, in the zone `timezone` (a text
 * expression), on a non-school day of the district `district` (a uuid expression).
 */
export function onNonSchoolDaySql(at: string, district: string, timezone: string): string {
  return `EXISTS (SELECT 1 FROM non_school_day nsd WHERE nsd.district_id = ${district}
    AND ((${at}) AT TIME ZONE ${timezone})::date BETWEEN nsd.starts_on AND nsd.ends_on)`;
}

/** The district's calendar entries that touch the local days `from`..`to` (both included), in order. */
export async function nonSchoolDaysBetween(
  manager: EntityManager,
  districtId: string,
  from: string,
  to: string,
): Promise<NonSchoolDayRange[]> {
  if (to < from) return [];
  const rows: { starts_on: string; ends_on: string; name: string }[] = await manager.query(
    `SELECT starts_on::text AS starts_on, ends_on::text AS ends_on, name FROM non_school_day
      WHERE district_id = $1 AND ends_on >= $2::date AND starts_on <= $3::date
      ORDER BY starts_on, name, id`,
    [districtId, from, to],
  );
  return rows.map((r) => ({ startsOn: r.starts_on, endsOn: r.ends_on, name: r.name }));
}

export interface SkippedOccurrence {
  /** The occurrence that was not scheduled. */
  at: Date;
  /** Its local day. */
  day: string;
  /** The name of the non-school day it fell on. */
  reason: string;
}

/** Splits occurrences (in time order) into those on school days and those skipped, with the reason. Pure. */
export function splitBySchoolDays(
  instants: readonly Date[],
  timezone: string,
  days: readonly NonSchoolDayRange[] | NonSchoolDayLookup,
): { kept: Date[]; skipped: SkippedOccurrence[] } {
  const on = typeof days === 'function' ? days : days.length ? calendarIndex(days) : () => undefined;
  const kept: Date[] = [];
  const skipped: SkippedOccurrence[] = [];
  for (const at of instants) {
    const day = localDay(at, timezone);
    const hit = on(day);
    if (hit) skipped.push({ at, day, reason: hit.name });
    else kept.push(at);
  }
  return { kept, skipped };
}

/** splitBySchoolDays, with the district's calendar read for the days the occurrences span. */
export async function skipNonSchoolDays(
  manager: EntityManager,
  districtId: string,
  timezone: string,
  instants: readonly Date[],
): Promise<{ kept: Date[]; skipped: SkippedOccurrence[] }> {
  if (instants.length === 0) return { kept: [], skipped: [] };
  const times = instants.map((t) => t.getTime());
  const first = localDay(new Date(Math.min(...times)), timezone);
  const last = localDay(new Date(Math.max(...times)), timezone);
  const days = await nonSchoolDaysBetween(manager, districtId, first, last);
  return splitBySchoolDays(instants, timezone, days);
}
