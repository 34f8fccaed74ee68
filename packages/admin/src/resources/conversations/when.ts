import { session } from '../../portal';

/** The district's time zone: sessions are planned in it, whatever the browser's own zone is. */
export function districtZone(): string | undefined {
  return session.viewer?.district?.timezone;
}

/** A calendar day 'YYYY-MM-DD' as 'Tue, Sep 1, 2026': no time zone applies to a day, so none may shift it. */
export function formatDay(day: string | null | undefined, withWeekday = false): string {
  if (!day) return '—';
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: withWeekday ? 'short' : undefined,
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant as the district's wall clock: 'Tue, Dec 1, 2026, 3:30 PM'. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(undefined, {
    timeZone: districtZone(),
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** A local start 'YYYY-MM-DDTHH:mm' (already the district's wall clock) in words. */
export function formatLocalStart(local: string | null | undefined): string {
  if (!local) return '—';
  const [day, time] = local.split('T');
  const [h, min] = time.split(':').map(Number);
  const clock = new Intl.DateTimeFormat(undefined, { timeZone: 'UTC', hour: 'numeric', minute: '2-digit' }).format(
    new Date(Date.UTC(2000, 0, 1, h, min)),
  );
  return `${formatDay(day, true)}, ${clock}`;
}

/** Today as a calendar day in the district, 'YYYY-MM-DD', optionally moved by some days. */
export function districtToday(offsetDays = 0): string {
  const now = new Date(Date.now() + offsetDays * 86_400_000);
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: districtZone() }).format(now);
}
