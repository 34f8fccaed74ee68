import { RRuleTemporal } from 'rrule-temporal';
import { toText } from 'rrule-temporal/totext';
import { splitBySchoolDays, type NonSchoolDayRange, type SkippedOccurrence } from './rules/non-school-day';

/**
 * Scheduling engine for learning conversations: a cadence is an RFC 5545 RRULE (the rule part only, e.g.
 * `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`), anchored on the local wall-clock time of the first session in the district's
 * IANA time zone. Pure: no database, no clock unless a caller leaves `after` out of nextOccurrences.
 *
 * Evaluation is done by rrule-temporal, which works in Temporal.ZonedDateTime, so a 15:30 session stays at 15:30
 * local time across daylight-saving changes. On Node 20 it falls back to its bundled temporal-polyfill; it ships a
 * CommonJS build, so both jest and the compiled output `require` it directly.
 *
 * Deliberate choices, all following RFC 5545:
 * - The start is always the first session, even if its date does not match the rule (the library's includeDtstart),
 *   because callers define `start` as "the first session".
 * - A session whose local time does not exist that day (inside a spring-forward gap) is skipped, not moved; the
 *   start itself, if it falls into a gap, is moved forward by the gap (RFC 5545 3.3.5 / Temporal 'compatible').
 * - A session at an ambiguous local time (the repeated hour at fall-back) takes the earlier of the two instants.
 */

/** COUNT above this is refused: a conversation series is a school year or so, not an open-ended feed. */
export const MAX_COUNT = 500;
/** Default cap on how many occurrences one call returns, so an open-ended rule and a wide window stay cheap. */
export const DEFAULT_OCCURRENCE_LIMIT = 1000;
/** INTERVAL above this is refused: nobody schedules "every 1000 weeks", and it keeps the search windows finite. */
export const MAX_INTERVAL = 999;

export type CadenceValidation = { ok: true; normalized: string } | { ok: false; message: string };

export interface OccurrenceQuery {
  /** The cadence; null for a one-off session. */
  rrule: string | null;
  /** Local wall-clock time of the first session in `timezone`: 'YYYY-MM-DDTHH:mm'. */
  start: string;
  /** IANA time zone of the district, e.g. 'America/Chicago'. */
  timezone: string;
  /** Inclusive lower bound. */
  from: Date;
  /** Exclusive upper bound. */
  until: Date;
  /** At most this many occurrences are returned (default DEFAULT_OCCURRENCE_LIMIT). */
  limit?: number;
}

export interface NextOccurrencesQuery {
  rrule: string | null;
  start: string;
  timezone: string;
  /** Inclusive: a session exactly at `after` is returned. Defaults to now. */
  after?: Date;
  /** How many sessions to return (default 1). */
  count?: number;
}

type Freq = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

interface DaySpec {
  /** 0 means "every such weekday"; otherwise the nth (negative: from the end) in the month or year. */
  ordinal: number;
  day: Weekday;
}

interface ParsedCadence {
  freq: Freq;
  interval: number;
  count?: number;
  /** Kept as text ('YYYYMMDD' or 'YYYYMMDDTHHMMSSZ'): a date-only UNTIL means the end of that day in the zone. */
  until?: string;
  byMonth?: number[];
  byWeekNo?: number[];
  byYearDay?: number[];
  byMonthDay?: number[];
  byDay?: DaySpec[];
  bySetPos?: number[];
  wkst?: Weekday;
}

type ParseResult = { ok: true; rule: ParsedCadence } | { ok: false; message: string };

const WEEKDAYS: readonly Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const DAY_NAMES: Record<Weekday, string> = {
  MO: 'Monday',
  TU: 'Tuesday',
  WE: 'Wednesday',
  TH: 'Thursday',
  FR: 'Friday',
  SA: 'Saturday',
  SU: 'Sunday',
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const ALLOWED_FREQ: readonly Freq[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const SUB_DAILY_FREQ = ['HOURLY', 'MINUTELY', 'SECONDLY'];
/** Every rule part of RFC 5545 3.3.10 that this module accepts, in the order `normalized` writes them. */
const PART_ORDER = [
  'FREQ',
  'INTERVAL',
  'BYMONTH',
  'BYWEEKNO',
  'BYYEARDAY',
  'BYMONTHDAY',
  'BYDAY',
  'BYSETPOS',
  'WKST',
  'COUNT',
  'UNTIL',
] as const;
type PartName = (typeof PART_ORDER)[number];
/** The time of day comes from `start`; letting the rule set it too would allow several sessions a day. */
const TIME_PARTS = ['BYHOUR', 'BYMINUTE', 'BYSECOND'];

const DAY_MS = 86_400_000;
/** Temporal (and so the library) cannot represent the far ends of the JS Date range in every zone; stay inside. */
const LATEST_SUPPORTED_MS = Date.UTC(9999, 11, 31);
/** Any fixed instant works for checking that a rule can produce a date at all. */
const PROBE_DTSTART = 'DTSTART;TZID=UTC:20260105T120000';

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

/**
 * Checks a cadence typed into (or generated by) a form. Messages are short and in plain words because they are
 * shown under the form field. `normalized` is the canonical spelling to store: upper case, no `RRULE:` prefix,
 * parts in a fixed order, INTERVAL=1 dropped, so two equal rules compare equal as strings.
 */
export function validateCadence(rrule: string): CadenceValidation {
  const parsed = parseCadence(rrule);
  if (!parsed.ok) return parsed;
  const normalized = formatCadence(parsed.rule);
  // Our parser checks syntax and RFC constraints; the library then has to agree and find at least one date
  // (e.g. BYMONTH=2;BYMONTHDAY=30 is well-formed but never happens). COUNT/UNTIL are left out so the answer
  // does not depend on the probe's start date.
  try {
    const unbounded = formatCadence({ ...parsed.rule, count: undefined, until: undefined });
    const probe = new RRuleTemporal({ rruleString: `${PROBE_DTSTART}\nRRULE:${unbounded}` });
    if (!probe.next(new Date(Date.UTC(2026, 0, 5)), true)) return { ok: false, message: NEVER_HAPPENS };
  } catch (err) {
    return {
      ok: false,
      message: /iteration|candidate/i.test(errorText(err)) ? NEVER_HAPPENS : 'This rule cannot be read.',
    };
  }
  return { ok: true, normalized };
}

const NEVER_HAPPENS = 'This rule never lands on a real date.';

function parseCadence(input: string): ParseResult {
  const fail = (message: string): ParseResult => ({ ok: false, message });
  if (typeof input !== 'string') return fail('Enter a repeat rule such as FREQ=WEEKLY;BYDAY=TU.');
  const text = input.trim().replace(/^RRULE:/i, '');
  if (text === '') return fail('Enter a repeat rule such as FREQ=WEEKLY;BYDAY=TU.');
  if (/[\r\n]|^DTSTART/i.test(text)) return fail('Enter only the rule, e.g. FREQ=WEEKLY;BYDAY=TU, without DTSTART.');

  const segments = text.split(';');
  if (segments[segments.length - 1] === '') segments.pop(); // tolerate one trailing semicolon
  const raw = new Map<string, string>();
  for (const segment of segments) {
    const match = /^([A-Za-z-]+)=(.+)$/.exec(segment.trim());
    if (!match) {
      return fail(segment.trim() === '' ? 'The rule has an empty part (two semicolons in a row).' : notAPart(segment));
    }
    const name = match[1].toUpperCase();
    if (TIME_PARTS.includes(name)) return fail(`Leave out ${name}: the time comes from the first session.`);
    if (!(PART_ORDER as readonly string[]).includes(name)) return fail(`${name} is not a part of a repeat rule.`);
    if (raw.has(name)) return fail(`${name} is given more than once.`);
    raw.set(name, match[2].trim().toUpperCase());
  }
  const get = (name: PartName) => raw.get(name);

  const freqText = get('FREQ');
  if (freqText === undefined) return fail('The rule needs a FREQ, such as FREQ=WEEKLY.');
  if (SUB_DAILY_FREQ.includes(freqText))
    return fail('Sessions can repeat at most daily; FREQ=' + freqText + ' is not allowed.');
  if (!(ALLOWED_FREQ as readonly string[]).includes(freqText))
    return fail('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.');
  const freq = freqText as Freq;
  const rule: ParsedCadence = { freq, interval: 1 };

  const interval = get('INTERVAL');
  if (interval !== undefined) {
    const n = wholeNumber(interval);
    if (n === undefined || n < 1 || n > MAX_INTERVAL)
      return fail(`INTERVAL must be a whole number from 1 to ${MAX_INTERVAL}.`);
    rule.interval = n;
  }

  const count = get('COUNT');
  if (count !== undefined) {
    const n = wholeNumber(count);
    if (n === undefined || n < 1 || n > MAX_COUNT) return fail(`COUNT must be a whole number from 1 to ${MAX_COUNT}.`);
    rule.count = n;
  }

  const until = get('UNTIL');
  if (until !== undefined) {
    // The library takes a DATE (inclusive end of that day in the district's zone) or a UTC DATE-TIME; a floating
    // or offset date-time would be read differently by different tools, so it is refused rather than guessed.
    if (/^\d{8}T\d{6}$/.test(until))
      return fail('An UNTIL with a time must be in UTC and end in Z, e.g. 20260601T170000Z.');
    if (!/^\d{8}(T\d{6}Z)?$/.test(until) || !realDateTime(until)) {
      return fail('UNTIL must be a date like 20260601 or a UTC time like 20260601T170000Z.');
    }
    rule.until = until;
  }
  if (rule.count !== undefined && rule.until !== undefined) return fail('Use COUNT or UNTIL, not both.');

  const numberList = (name: PartName, max: number, negativeAllowed: boolean, label: string) => {
    const value = get(name);
    if (value === undefined) return { ok: true as const, list: undefined };
    const list: number[] = [];
    for (const item of value.split(',')) {
      const n = signedWholeNumber(item);
      if (n === undefined || n === 0 || Math.abs(n) > max || (n < 0 && !negativeAllowed)) {
        const range = negativeAllowed ? `1 to ${max} (or -1 to -${max} counting from the end)` : `1 to ${max}`;
        return { ok: false as const, message: `${label} must be ${range}.` };
      }
      list.push(n);
    }
    return { ok: true as const, list };
  };
  const numberParts: Array<[PartName, keyof ParsedCadence, number, boolean, string]> = [
    ['BYMONTH', 'byMonth', 12, false, 'BYMONTH months'],
    ['BYWEEKNO', 'byWeekNo', 53, true, 'BYWEEKNO weeks'],
    ['BYYEARDAY', 'byYearDay', 366, true, 'BYYEARDAY days'],
    ['BYMONTHDAY', 'byMonthDay', 31, true, 'BYMONTHDAY days'],
    ['BYSETPOS', 'bySetPos', 366, true, 'BYSETPOS positions'],
  ];
  for (const [name, key, max, negative, label] of numberParts) {
    const result = numberList(name, max, negative, label);
    if (!result.ok) return fail(result.message);
    if (result.list) Object.assign(rule, { [key]: result.list });
  }

  const byDay = get('BYDAY');
  if (byDay !== undefined) {
    rule.byDay = [];
    for (const item of byDay.split(',')) {
      const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item);
      if (!match || !(WEEKDAYS as readonly string[]).includes(match[2])) {
        return fail(`"${item}" is not a day; use MO, TU, WE, TH, FR, SA or SU.`);
      }
      const ordinal = match[1] === undefined ? 0 : Number(match[1]);
      if (match[1] !== undefined) {
        if (freq !== 'MONTHLY' && freq !== 'YEARLY')
          return fail(`A numbered day like ${item} needs FREQ=MONTHLY or YEARLY.`);
        const max = freq === 'MONTHLY' ? 5 : 53;
        if (ordinal === 0 || Math.abs(ordinal) > max)
          return fail(`${item}: the number must be 1 to ${max} or -1 to -${max}.`);
        if (rule.byWeekNo) return fail('A numbered day like ' + item + ' cannot be combined with BYWEEKNO.');
      }
      rule.byDay.push({ ordinal, day: match[2] as Weekday });
    }
  }

  const wkst = get('WKST');
  if (wkst !== undefined) {
    if (!(WEEKDAYS as readonly string[]).includes(wkst)) return fail('WKST must be MO, TU, WE, TH, FR, SA or SU.');
    rule.wkst = wkst as Weekday;
  }

  // RFC 5545 3.3.10 restrictions that rrule-temporal only enforces in strict mode (which we cannot use: strict
  // mode would also refuse the date-only UNTIL we accept).
  if (rule.byWeekNo && freq !== 'YEARLY') return fail('BYWEEKNO needs FREQ=YEARLY.');
  if (rule.byYearDay && freq !== 'YEARLY') return fail('BYYEARDAY needs FREQ=YEARLY.');
  if (rule.byMonthDay && freq === 'WEEKLY') return fail('BYMONTHDAY cannot be used with FREQ=WEEKLY.');
  if (rule.bySetPos && !(rule.byMonth || rule.byWeekNo || rule.byYearDay || rule.byMonthDay || rule.byDay)) {
    return fail('BYSETPOS needs another BY part, such as BYDAY.');
  }
  return { ok: true, rule };
}

function notAPart(segment: string): string {
  const shown = segment.length > 30 ? segment.slice(0, 30) + '…' : segment;
  return `"${shown}" is not a rule part; parts look like FREQ=WEEKLY.`;
}

function wholeNumber(text: string): number | undefined {
  return /^\d{1,6}$/.test(text) ? Number(text) : undefined;
}

function signedWholeNumber(text: string): number | undefined {
  return /^[+-]?\d{1,6}$/.test(text) ? Number(text) : undefined;
}

/** 'YYYYMMDD' or 'YYYYMMDDTHHMMSSZ' naming a real calendar date and time (no 20260230, no hour 24). */
function realDateTime(text: string): boolean {
  const [y, mo, d, h = 0, mi = 0, s = 0] = [
    text.slice(0, 4),
    text.slice(4, 6),
    text.slice(6, 8),
    text.slice(9, 11) || undefined,
    text.slice(11, 13) || undefined,
    text.slice(13, 15) || undefined,
  ].map((part) => (part === undefined ? undefined : Number(part))) as number[];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
  );
}

function formatCadence(rule: ParsedCadence): string {
  const parts: string[] = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byMonth) parts.push(`BYMONTH=${rule.byMonth.join(',')}`);
  if (rule.byWeekNo) parts.push(`BYWEEKNO=${rule.byWeekNo.join(',')}`);
  if (rule.byYearDay) parts.push(`BYYEARDAY=${rule.byYearDay.join(',')}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  if (rule.byDay) parts.push(`BYDAY=${rule.byDay.map((d) => (d.ordinal ? `${d.ordinal}${d.day}` : d.day)).join(',')}`);
  if (rule.bySetPos) parts.push(`BYSETPOS=${rule.bySetPos.join(',')}`);
  if (rule.wkst) parts.push(`WKST=${rule.wkst}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) parts.push(`UNTIL=${rule.until}`);
  return parts.join(';');
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------------------------------------------
// Occurrences
// ---------------------------------------------------------------------------------------------------------------

/**
 * The UTC instants of every session with `from <= t < until`, in order, at most `limit` of them. The half-open
 * window lets callers page through time with adjacent windows without duplicates. Throws RangeError for input that
 * should have been refused when it was stored (bad rule, start, zone, window or limit).
 */
export function occurrences(input: OccurrenceQuery): Date[] {
  const { start, timezone, from, until } = input;
  const limit = input.limit ?? DEFAULT_OCCURRENCE_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`limit must be a whole number >= 0, got ${limit}`);
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw new RangeError('from must be a valid Date');
  if (!(until instanceof Date) || Number.isNaN(until.getTime())) throw new RangeError('until must be a valid Date');
  const rule = buildRule(input.rrule, start, timezone);

  const firstMs = rule.series.options().dtstart.epochMilliseconds;
  const lo = Math.max(from.getTime(), firstMs); // nothing happens before the first session
  let hi = Math.min(until.getTime(), LATEST_SUPPORTED_MS);
  const lastMs = rule.series.options().until?.epochMilliseconds;
  if (lastMs !== undefined) hi = Math.min(hi, lastMs + 1); // UNTIL is inclusive
  if (limit === 0 || lo >= hi) return [];

  // A bounded rule (one-off or COUNT <= 500) is small: list it all and cut the window out.
  if (rule.bounded) {
    const out: Date[] = [];
    for (const zdt of rule.series.all()) {
      const t = zdt.epochMilliseconds;
      if (t >= lo && t < hi) out.push(new Date(t));
      if (out.length === limit || t >= hi) break;
    }
    return out;
  }

  // An open rule is walked in chunks: rrule-temporal throws after 10,000 periods in one query (daily for 30 years),
  // and chunking lets the walk stop as soon as `limit` is reached.
  const out: Date[] = [];
  for (let chunkStart = lo; chunkStart < hi && out.length < limit; chunkStart += rule.chunkMs) {
    const chunkEnd = Math.min(chunkStart + rule.chunkMs, hi);
    for (const zdt of rule.series.between(new Date(chunkStart), new Date(chunkEnd), true)) {
      const t = zdt.epochMilliseconds;
      if (t < chunkStart || t >= chunkEnd) continue; // between() is inclusive at both ends; windows are half-open
      out.push(new Date(t));
      if (out.length === limit) break;
    }
  }
  return out;
}

/**
 * The instant a wall-clock time ('YYYY-MM-DDTHH:mm') of the zone stands for, resolved exactly as a session's start
 * is: a time inside a spring-forward gap moves forward by the gap, an ambiguous one takes the earlier instant.
 * Throws RangeError for a malformed time or an unknown zone.
 */
export function localInstant(wallClock: string, timezone: string): Date {
  const [first] = buildRule(null, wallClock, timezone).series.all();
  return new Date(first.epochMilliseconds);
}

/** The next `count` sessions at or after `after` (default: now): for "upcoming" lists and reminders. */
export function nextOccurrences(input: NextOccurrencesQuery): Date[] {
  const count = input.count ?? 1;
  return occurrences({
    rrule: input.rrule,
    start: input.start,
    timezone: input.timezone,
    from: input.after ?? new Date(),
    until: new Date(LATEST_SUPPORTED_MS),
    limit: count,
  });
}

interface BuiltRule {
  series: RRuleTemporal;
  /** True when the whole series is small enough to list (one-off, or COUNT). */
  bounded: boolean;
  /** Width of one between() query for open rules: a few hundred periods of the rule's frequency. */
  chunkMs: number;
}

function buildRule(rrule: string | null, start: string, timezone: string): BuiltRule {
  const wall = parseStart(start);
  checkTimezone(timezone);
  const dtstart = `DTSTART;TZID=${timezone}:${wall.compact}`;

  if (rrule === null) {
    // A one-off is a one-occurrence series, so the start's wall-clock time is resolved exactly as a series' is.
    return {
      series: new RRuleTemporal({ rruleString: `${dtstart}\nRRULE:FREQ=DAILY;COUNT=1` }),
      bounded: true,
      chunkMs: 0,
    };
  }
  const parsed = parseCadence(rrule);
  if (!parsed.ok) throw new RangeError(`Invalid cadence "${rrule}": ${parsed.message}`);
  // BYHOUR/BYMINUTE pin every session to the start's wall-clock time. Without them, a start inside a
  // spring-forward gap (02:30 on the changeover day) is resolved to 03:30 and the library would carry 03:30 into
  // every later session.
  const pinned = `${formatCadence(parsed.rule)};BYHOUR=${wall.hour};BYMINUTE=${wall.minute};BYSECOND=0`;
  const series = new RRuleTemporal({ rruleString: `${dtstart}\nRRULE:${pinned}`, includeDtstart: true });
  const periodDays = { DAILY: 366, WEEKLY: 5 * 366, MONTHLY: 20 * 366, YEARLY: 200 * 366 }[parsed.rule.freq];
  return { series, bounded: parsed.rule.count !== undefined, chunkMs: periodDays * DAY_MS * parsed.rule.interval };
}

function parseStart(start: string): { compact: string; hour: number; minute: number } {
  const match = typeof start === 'string' ? /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(start) : null;
  const compact = match ? `${match[1]}${match[2]}${match[3]}T${match[4]}${match[5]}00` : '';
  if (!match || !realDateTime(compact + 'Z'))
    throw new RangeError(`start must be a local time 'YYYY-MM-DDTHH:mm', got "${start}"`);
  return { compact, hour: Number(match[4]), minute: Number(match[5]) };
}

function checkTimezone(timezone: string): void {
  // The name goes into a DTSTART;TZID= line, so only IANA-name characters are let through, and Intl confirms the
  // zone exists.
  let known = typeof timezone === 'string' && /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(timezone);
  if (known) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    } catch {
      known = false;
    }
  }
  if (!known) throw new RangeError(`Unknown time zone "${timezone}"`);
}

// ---------------------------------------------------------------------------------------------------------------
// Description
// ---------------------------------------------------------------------------------------------------------------

/**
 * Plain English for the portal: "Every 2 weeks on Tuesday", "Monthly on the second Thursday", "Once". The common
 * shapes are worded here (the library's toText says "every month on 2nd Thursday at 3:30 PM" and takes a weekday
 * from the start date when BYDAY is absent); unusual ones (BYYEARDAY, BYWEEKNO, ...) fall back to toText.
 * `timezone` is only used to show a UTC UNTIL as the district's local date. Throws RangeError for an invalid rule.
 *
 * `language: 'es'` words the same shapes in Spanish ("Cada 2 semanas, los martes", "Mensualmente, el segundo
 * jueves", "..., hasta el 1 de junio de 2026"). The unusual ones are not handed to the library there: its Spanish
 * is ungrammatical in places ("el 1º ocasión"), so they read "Anualmente, según una regla de repetición
 * personalizada" with what can be said plainly (how often, in which months, how it ends).
 */
export function describeCadence(
  rrule: string | null,
  options: { timezone?: string; language?: CadenceLanguage } = {},
): string {
  const es = options.language === 'es';
  if (rrule === null) return es ? 'Una sola vez' : 'Once';
  const parsed = parseCadence(rrule);
  if (!parsed.ok) throw new RangeError(`Invalid cadence "${rrule}": ${parsed.message}`);
  const rule = parsed.rule;
  const main = es
    ? (describePatternEs(rule) ?? describeCustomEs(rule))
    : (describePattern(rule) ?? describeWithLibrary(rule));
  return main + describeEnd(rule, options.timezone, es ? 'es' : 'en');
}

/** The languages describeCadence writes in (the API's MailLanguage values). */
export type CadenceLanguage = 'en' | 'es';

function describePattern(rule: ParsedCadence): string | undefined {
  if (rule.byWeekNo || rule.byYearDay || (rule.byDay && rule.byMonthDay)) return undefined;
  if (rule.bySetPos && (!rule.byDay || rule.byDay.some((d) => d.ordinal !== 0))) return undefined;

  const unit = { DAILY: 'day', WEEKLY: 'week', MONTHLY: 'month', YEARLY: 'year' }[rule.freq];
  const adverb = { DAILY: 'Daily', WEEKLY: 'Weekly', MONTHLY: 'Monthly', YEARLY: 'Yearly' }[rule.freq];
  let text = rule.interval === 1 ? adverb : `Every ${rule.interval} ${unit}s`;

  if (rule.byMonth) {
    const months = rule.byMonth.map((m) => MONTH_NAMES[m - 1]);
    text += ` in ${joinWords(months, 'and')}`;
  }

  if (rule.byDay && rule.bySetPos) {
    // BYDAY=TH;BYSETPOS=2 is another spelling of BYDAY=2TH.
    const days = weekdayGroup(rule.byDay.map((d) => d.day));
    text += ` on the ${joinWords(rule.bySetPos.map(ordinalWord), 'and')} ${joinWords(days, 'or')}`;
  } else if (rule.byDay && rule.byDay.every((d) => d.ordinal !== 0)) {
    text += ` on the ${joinWords(describeNumberedDays(rule.byDay), 'and')}`;
  } else if (rule.byDay && rule.byDay.every((d) => d.ordinal === 0)) {
    const days = weekdayGroup(rule.byDay.map((d) => d.day));
    const withinMonth = rule.freq === 'MONTHLY' || rule.freq === 'YEARLY';
    if (days[0] !== 'weekday') text += ` on ${withinMonth ? 'every ' : ''}${joinWords(days, 'and')}`;
    else if (rule.interval === 1 && !withinMonth) return 'Every weekday';
    else text += ' on weekdays';
  } else if (rule.byDay) {
    return undefined; // a mix of "every Monday" and "the last Friday": rare, leave it to the library
  } else if (rule.byMonthDay) {
    text += ` on the ${joinWords(rule.byMonthDay.map(monthDayWords), 'and')}`;
  }
  return text;
}

/** Groups ordinals per day: [1MO, 3MO, -1FR] -> ["first and third Monday", "last Friday"]. */
function describeNumberedDays(days: DaySpec[]): string[] {
  const byDay = new Map<Weekday, number[]>();
  for (const d of days) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d.ordinal]);
  return [...byDay].map(([day, ordinals]) => `${joinWords(ordinals.map(ordinalWord), 'and')} ${DAY_NAMES[day]}`);
}

function weekdayGroup(days: Weekday[]): string[] {
  const unique = WEEKDAYS.filter((d) => days.includes(d));
  if (unique.length === 5 && !unique.includes('SA') && !unique.includes('SU')) return ['weekday'];
  return unique.map((d) => DAY_NAMES[d]);
}

function ordinalWord(n: number): string {
  const words = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
  if (n > 0) return words[n] ?? ordinalNumber(n);
  if (n === -1) return 'last';
  return `${n >= -5 ? words[-n] : ordinalNumber(-n)}-to-last`;
}

function monthDayWords(n: number): string {
  if (n > 0) return ordinalNumber(n);
  return n === -1 ? 'last day' : `${ordinalNumber(-n)}-to-last day`;
}

function ordinalNumber(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function joinWords(words: string[], conjunction: 'and' | 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

function describeWithLibrary(rule: ParsedCadence): string {
  // Midnight start so toText adds no "at ..." time; COUNT/UNTIL are worded by describeEnd instead.
  const pattern = formatCadence({ ...rule, count: undefined, until: undefined });
  const text = toText(new RRuleTemporal({ rruleString: `DTSTART;TZID=UTC:20260105T000000\nRRULE:${pattern}` }), 'en', {
    excludeTzAbbreviation: true,
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeEnd(rule: ParsedCadence, timezone: string | undefined, language: CadenceLanguage): string {
  const es = language === 'es';
  if (rule.count !== undefined) {
    if (es) return rule.count === 1 ? ', una sola vez' : `, ${rule.count} veces`;
    return rule.count === 1 ? ', once' : `, ${rule.count} times`;
  }
  if (rule.until === undefined) return '';
  const u = rule.until;
  const instant = new Date(
    Date.UTC(
      +u.slice(0, 4),
      +u.slice(4, 6) - 1,
      +u.slice(6, 8),
      +u.slice(9, 11) || 0,
      +u.slice(11, 13) || 0,
      +u.slice(13, 15) || 0,
    ),
  );
  // A date-only UNTIL is already a local date; a UTC one is shown as the district's local date when known.
  const zone = u.length === 8 ? 'UTC' : (timezone ?? 'UTC');
  if (zone !== 'UTC') checkTimezone(zone);
  const date = new Intl.DateTimeFormat(es ? 'es-US' : 'en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
  });
  return es ? `, hasta el ${date.format(instant)}` : `, until ${date.format(instant)}`;
}

// Spanish -------------------------------------------------------------------------------------------------------

const DAY_NAMES_ES: Record<Weekday, string> = {
  MO: 'lunes',
  TU: 'martes',
  WE: 'miércoles',
  TH: 'jueves',
  FR: 'viernes',
  SA: 'sábado',
  SU: 'domingo',
};
/** "los lunes", "los sábados": the plural for "every such day". */
const DAY_PLURALS_ES: Record<Weekday, string> = { ...DAY_NAMES_ES, SA: 'sábados', SU: 'domingos' };
const MONTH_NAMES_ES = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];

/** "Cada semana", "Mensualmente", "Cada 3 meses", then " en enero y marzo" when BYMONTH narrows it. */
function headEs(rule: ParsedCadence): string {
  const head =
    rule.interval === 1
      ? { DAILY: 'Cada día', WEEKLY: 'Cada semana', MONTHLY: 'Mensualmente', YEARLY: 'Anualmente' }[rule.freq]
      : `Cada ${rule.interval} ${{ DAILY: 'días', WEEKLY: 'semanas', MONTHLY: 'meses', YEARLY: 'años' }[rule.freq]}`;
  return rule.byMonth
    ? `${head} en ${joinEs(
        rule.byMonth.map((m) => MONTH_NAMES_ES[m - 1]),
        'y',
      )}`
    : head;
}

/** The same shapes describePattern words, in Spanish; undefined for the ones it leaves to the library. */
function describePatternEs(rule: ParsedCadence): string | undefined {
  if (rule.byWeekNo || rule.byYearDay || (rule.byDay && rule.byMonthDay)) return undefined;
  if (rule.bySetPos && (!rule.byDay || rule.byDay.some((d) => d.ordinal !== 0))) return undefined;
  const head = headEs(rule);
  let days: string | undefined;
  if (rule.byDay && rule.bySetPos) {
    // BYDAY=TH;BYSETPOS=2 is another spelling of BYDAY=2TH.
    const unique = WEEKDAYS.filter((d) => rule.byDay!.some((x) => x.day === d));
    const noun = isWorkWeek(unique)
      ? 'día laborable'
      : joinEs(
          unique.map((d) => DAY_NAMES_ES[d]),
          'o',
        );
    days = ordinalsEs(rule.bySetPos, noun);
  } else if (rule.byDay && rule.byDay.every((d) => d.ordinal !== 0)) {
    days = describeNumberedDaysEs(rule.byDay);
  } else if (rule.byDay && rule.byDay.every((d) => d.ordinal === 0)) {
    const unique = WEEKDAYS.filter((d) => rule.byDay!.some((x) => x.day === d));
    const withinMonth = rule.freq === 'MONTHLY' || rule.freq === 'YEARLY';
    if (!isWorkWeek(unique))
      days = `${withinMonth ? 'todos ' : ''}los ${joinEs(
        unique.map((d) => DAY_PLURALS_ES[d]),
        'y',
      )}`;
    else if (rule.interval === 1 && !withinMonth) return 'De lunes a viernes';
    else days = 'de lunes a viernes';
  } else if (rule.byDay) {
    return undefined; // a mix of "every Monday" and "the last Friday": worded as a custom rule
  } else if (rule.byMonthDay) {
    days = monthDaysEs(rule.byMonthDay);
  }
  return days ? `${head}, ${days}` : head;
}

/** What can be said plainly of a rule the patterns do not cover: how often, in which months; the end follows. */
function describeCustomEs(rule: ParsedCadence): string {
  return `${headEs(rule)}, según una regla de repetición personalizada`;
}

function isWorkWeek(days: Weekday[]): boolean {
  return days.length === 5 && !days.includes('SA') && !days.includes('SU');
}

/** Groups ordinals per day: [1MO, 3MO, -1FR] -> "el primer y tercer lunes y el último viernes". */
function describeNumberedDaysEs(days: DaySpec[]): string {
  const byDay = new Map<Weekday, number[]>();
  for (const d of days) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d.ordinal]);
  return joinEs(
    [...byDay].map(([day, ordinals]) => ordinalsEs(ordinals, DAY_NAMES_ES[day])),
    'y',
  );
}

/**
 * "el primer y tercer lunes", "el penúltimo viernes"; an ordinal counted from the end past the third has no single
 * word, so it gets its own phrase: "el cuarto lunes contando desde el final".
 */
function ordinalsEs(ordinals: number[], noun: string): string {
  const simple = ordinals.filter((n) => n > 0 || n >= -3);
  const phrases = simple.length ? [`el ${joinEs(simple.map(ordinalAdjectiveEs), 'y')} ${noun}`] : [];
  for (const n of ordinals.filter((o) => o < -3))
    phrases.push(`el ${ordinalAdjectiveEs(-n)} ${noun} contando desde el final`);
  return joinEs(phrases, 'y');
}

/** The ordinal before a masculine noun (día, lunes): primer, segundo, tercer, ..., 12.º; último, penúltimo. */
function ordinalAdjectiveEs(n: number): string {
  if (n === -1) return 'último';
  if (n === -2) return 'penúltimo';
  if (n === -3) return 'antepenúltimo';
  return ['', 'primer', 'segundo', 'tercer', 'cuarto', 'quinto'][n] ?? `${n}.º`;
}

/** "el día 15", "los días 1 y 15", "el último día", "los días 1 y 15 y el último día". */
function monthDaysEs(days: number[]): string {
  const positive = days.filter((n) => n > 0);
  const phrases: string[] = [];
  if (positive.length === 1) phrases.push(`el día ${positive[0]}`);
  if (positive.length > 1) phrases.push(`los días ${joinEs(positive.map(String), 'y')}`);
  for (const n of days.filter((d) => d < 0)) {
    phrases.push(
      n >= -3 ? `el ${ordinalAdjectiveEs(n)} día` : `el ${ordinalAdjectiveEs(-n)} día contando desde el final`,
    );
  }
  return joinEs(phrases, 'y');
}

function joinEs(words: string[], conjunction: 'y' | 'o'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Session cap

/**
 * Most sessions one scheduling of a series may create: more than a school year of daily sessions is a mistake in the
 * cadence or its end date, not a plan. A series that would go past it is refused where it is saved (naming the
 * field that made it too long) and flagged by the preview, never cut short in silence.
 */
export const MAX_SESSIONS = 400;

export interface SessionCapQuery {
  rrule: string | null;
  /** Local wall-clock time of the first session: 'YYYY-MM-DDTHH:mm'. */
  start: string;
  timezone: string;
  /** Sessions before this instant are not counted (they are already on record). */
  from: Date;
  /** The last local day of the series ('YYYY-MM-DD'), inclusive. */
  until: string;
}

/** The instant a series' last local day ('YYYY-MM-DD', inclusive) ends: midnight of the next day in the zone. */
export function endOfLocalDay(day: string, timezone: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const nextDay = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return localInstant(`${nextDay}T00:00`, timezone);
}

/** True when the series would schedule more than MAX_SESSIONS sessions from `from` to the end of `until`. */
export function exceedsSessionCap(query: SessionCapQuery): boolean {
  const found = occurrences({
    rrule: query.rrule,
    start: query.start,
    timezone: query.timezone,
    from: query.from,
    until: endOfLocalDay(query.until, query.timezone),
    limit: MAX_SESSIONS + 1,
  });
  return found.length > MAX_SESSIONS;
}

/** What a form shows under the field that made the series too long. */
export function sessionCapMessage(until: string): string {
  return `This schedules more than ${MAX_SESSIONS} sessions up to ${until}; a series has at most ${MAX_SESSIONS}. End it earlier or meet less often.`;
}

// ---------------------------------------------------------------------------------------------------------------
// Preview
// ---------------------------------------------------------------------------------------------------------------

/** Most dates a cadence preview lists. */
export const MAX_PREVIEW_COUNT = 20;

export interface CadencePreviewQuery {
  /** The cadence as typed; null or empty for a one-off. */
  cadence: string | null;
  /** Local wall-clock time of the first session: 'YYYY-MM-DDTHH:mm'. */
  firstStartsAt: string;
  /** IANA time zone the dates and an UNTIL are read in. */
  timezone: string;
  /** How many dates to list, kept within 1..MAX_PREVIEW_COUNT. */
  count: number;
  /** The last local day of the series ('YYYY-MM-DD'): past MAX_SESSIONS sessions by then, it is not valid. */
  scheduleUntil?: string | null;
  /** Sessions before this instant do not count towards the cap (a save schedules from now on); default: all. */
  capFrom?: Date;
  /** The district's non-school days the series may meet: a cadence skips them (rules/non-school-day.ts). */
  nonSchoolDays?: readonly NonSchoolDayRange[];
}

export interface CadencePreviewResult {
  valid: boolean;
  /** Why it does not parse, why the start cannot be used, or that it schedules too many sessions. */
  error: string | null;
  normalized: string | null;
  /** The cadence in plain words; empty when it does not parse or the start cannot be used. */
  description: string;
  /** The first sessions from the start on; empty when it does not parse or the start cannot be used. */
  nextDates: Date[];
  /** Occurrences among (or before the last of) `nextDates` that fall on a non-school day and are not scheduled. */
  skippedDates: SkippedOccurrence[];
}

/** Most skipped occurrences a preview looks past to find its dates (a daily cadence across a long break). */
export const MAX_PREVIEW_SKIPPED = 60;

/**
 * A cadence read back for an editor: whether it parses (and why not), its canonical spelling, plain words and the
 * first dates from the start on, skipping (and listing) the district's non-school days. Never throws: a start that
 * cannot be used is reported as not valid, and so is a series that would schedule more than MAX_SESSIONS sessions by
 * `scheduleUntil` (with the same message a save gets).
 */
export function previewCadence(query: CadencePreviewQuery): CadencePreviewResult {
  const { cadence, firstStartsAt, timezone, scheduleUntil, capFrom = new Date(0) } = query;
  const checked = cadence ? validateCadence(cadence) : ({ ok: true, normalized: null } as const);
  if (!checked.ok)
    return {
      valid: false,
      error: checked.message,
      normalized: null,
      description: '',
      nextDates: [],
      skippedDates: [],
    };
  try {
    const count = Math.min(Math.max(query.count, 1), MAX_PREVIEW_COUNT);
    const skipping = checked.normalized !== null && (query.nonSchoolDays?.length ?? 0) > 0;
    const series = nextOccurrences({
      rrule: checked.normalized,
      start: firstStartsAt,
      timezone,
      after: new Date(0),
      count: skipping ? count + MAX_PREVIEW_SKIPPED : count,
    });
    const { kept, skipped } = skipping
      ? splitBySchoolDays(series, timezone, query.nonSchoolDays ?? [])
      : { kept: series, skipped: [] };
    // Only what a save would schedule: nothing after the series' last day.
    const endsAt = scheduleUntil ? endOfLocalDay(scheduleUntil, timezone).getTime() : Infinity;
    const nextDates = kept.filter((at) => at.getTime() < endsAt).slice(0, count);
    const shownUntil = nextDates.length === count ? nextDates[count - 1].getTime() : Infinity;
    const skippedDates = skipped.filter((s) => s.at.getTime() < Math.min(shownUntil, endsAt));
    const tooMany =
      !!scheduleUntil &&
      exceedsSessionCap({
        rrule: checked.normalized,
        start: firstStartsAt,
        timezone,
        from: capFrom,
        until: scheduleUntil,
      });
    return {
      valid: !tooMany,
      error: tooMany ? sessionCapMessage(scheduleUntil) : null,
      normalized: checked.normalized,
      description: describeCadence(checked.normalized, { timezone }),
      nextDates,
      skippedDates,
    };
  } catch {
    return {
      valid: false,
      error: "The first start must be a local date and time, 'YYYY-MM-DDTHH:mm'",
      normalized: checked.normalized,
      description: '',
      nextDates: [],
      skippedDates: [],
    };
  }
}
