/**
 * A VTIMEZONE (RFC 5545 3.6.5) for an IANA zone, built from the runtime's own time zone data (Intl): one STANDARD or
 * DAYLIGHT observance per offset change from `fromYear` to `toYear`, each with its DTSTART in the local time before
 * the change (TZOFFSETFROM), so a client without the IANA database still places every event right, across daylight
 * saving changes. A zone without changes in the span gets one STANDARD observance.
 */

const DAY_MS = 86_400_000;

/** The zone's offset from UTC at `t`, in minutes (east positive). */
export function offsetMinutes(zone: string, t: number): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(t))
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(part ?? '');
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function shortName(zone: string, t: number): string | null {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'short' })
    .formatToParts(new Date(t))
    .find((p) => p.type === 'timeZoneName')?.value;
  return part && /^[A-Za-z]{2,6}$/.test(part) ? part : null;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** `t` as local wall time at `offset` minutes: 20260308T020000. */
function localStamp(t: number, offset: number): string {
  return new Date(t + offset * 60_000)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
}

export interface Transition {
  at: number;
  from: number;
  to: number;
}

/** The instants (to the minute) at which the zone's offset changes between the two years. */
export function transitions(zone: string, fromYear: number, toYear: number): Transition[] {
  const out: Transition[] = [];
  let t = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear + 1, 0, 1);
  let current = offsetMinutes(zone, t);
  while (t < end) {
    const next = t + DAY_MS;
    const o = offsetMinutes(zone, next);
    if (o !== current) {
      let lo = t;
      let hi = next;
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (offsetMinutes(zone, mid) === current) lo = mid;
        else hi = mid;
      }
      out.push({ at: hi, from: current, to: o });
      current = o;
    }
    t = next;
  }
  return out;
}

/** The VTIMEZONE component's text (CRLF lines) for `zone`, covering the given years. */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  const changes = transitions(zone, fromYear, toYear);
  if (changes.length === 0) {
    const o = offsetMinutes(zone, Date.UTC(fromYear, 0, 1));
    lines.push(
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      `TZOFFSETFROM:${offsetText(o)}`,
      `TZOFFSETTO:${offsetText(o)}`,
      'END:STANDARD',
    );
  } else {
    // The offset in force before the first change, from the start of the span.
    const first = changes[0];
    lines.push(
      first.from > first.to ? 'BEGIN:DAYLIGHT' : 'BEGIN:STANDARD',
      `DTSTART:${localStamp(Date.UTC(fromYear, 0, 1), first.from)}`,
      `TZOFFSETFROM:${offsetText(first.from)}`,
      `TZOFFSETTO:${offsetText(first.from)}`,
      first.from > first.to ? 'END:DAYLIGHT' : 'END:STANDARD',
    );
    for (const c of changes) {
      const kind = c.to > c.from ? 'DAYLIGHT' : 'STANDARD';
      const name = shortName(zone, c.at);
      lines.push(
        `BEGIN:${kind}`,
        `DTSTART:${localStamp(c.at, c.from)}`,
        `TZOFFSETFROM:${offsetText(c.from)}`,
        `TZOFFSETTO:${offsetText(c.to)}`,
        ...(name ? [`TZNAME:${name}`] : []),
        `END:${kind}`,
      );
    }
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
