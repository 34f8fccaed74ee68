import { session } from '../portal';
import { intlLocale } from '../i18n/locale';

/**
 * Dates and times as the district lives them: sessions are scheduled in the district's time zone, so the portal
 * shows them there too, whatever zone the browser happens to be in. A calendar day ("2026-11-25", the API's
 * LocalDate) has no zone at all, so nothing may shift it. Words and order follow the person's language
 * (i18n/format.ts): "Wed, Nov 25, 2026" in English, "mié, 25 nov 2026" in Spanish.
 */
export function districtZone(): string | undefined {
  return session.viewer?.district?.timezone ?? undefined;
}

/** An instant as the district's wall clock: "Wed, Nov 25, 2026, 2:15 PM". */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: districtZone(),
  }).format(new Date(iso));
}

/** A calendar day ("2026-11-25") as written, "Nov 25, 2026" ("Wed, Nov 25, 2026" with the weekday), no zone shift. */
export function formatDay(day: string | null | undefined, withWeekday = false): string {
  if (!day) return '—';
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale(), {
    weekday: withWeekday ? 'short' : undefined,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A local start "YYYY-MM-DDTHH:mm" (already the district's wall clock) in words: "Tue, Sep 1, 2026, 3:30 PM". */
export function formatLocalStart(local: string | null | undefined): string {
  if (!local) return '—';
  const [day, time] = local.split('T');
  const [h, min] = time.split(':').map(Number);
  const clock = new Intl.DateTimeFormat(intlLocale(), { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(
    new Date(Date.UTC(2000, 0, 1, h, min)),
  );
  return `${formatDay(day, true)}, ${clock}`;
}

/** The district's calendar day of an instant ("YYYY-MM-DD"). */
export function dayOf(iso: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: districtZone() }).format(new Date(iso));
}

/** Today as a calendar day in the district ("YYYY-MM-DD"), optionally moved by some days. */
export function districtToday(offsetDays = 0): string {
  return dayOf(new Date(Date.now() + offsetDays * 86_400_000).toISOString());
}

/** How far the zone is ahead of UTC at an instant, in milliseconds. */
function zoneOffset(instant: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
}

/** The instant of a wall-clock time in the district ("2026-11-04T07:45"), as an ISO string. */
export function districtInstant(local: string): string {
  const wall = Date.parse(`${local.length === 10 ? `${local}T00:00` : local.slice(0, 16)}:00Z`);
  const zone = districtZone();
  let at = wall - zoneOffset(wall, zone);
  // Across a daylight-saving change the offset at the result differs from the one at the first guess.
  const again = zoneOffset(at, zone);
  if (again !== wall - at) at = wall - again;
  return new Date(at).toISOString();
}

/** The district's wall-clock time of an instant, as a datetime-local input writes it ("2026-11-04T07:45"). */
export function districtLocal(iso: string | Date): string {
  const at = new Date(iso).getTime();
  return new Date(at + zoneOffset(at, districtZone())).toISOString().slice(0, 16);
}

/** The instant a district day starts (midnight there), as the API's date-time filters take it. */
export function dayStart(day: string): string {
  return districtInstant(day);
}

/**
 * react-admin's date inputs (5.15) apply `format` twice: to the stored value, then again to what it returned. These
 * formatters therefore pass through a value that is already in the input's own shape.
 */
export function formatForDateTimeInput(v?: string | Date | null): string {
  if (!v) return '';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return v;
  return districtLocal(v);
}

export function formatForDayInput(v?: string | null, { exclusiveEnd = false } = {}): string {
  if (!v) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  return dayOf(exclusiveEnd ? new Date(Date.parse(v) - 1).toISOString() : v);
}

/** The next calendar day. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
