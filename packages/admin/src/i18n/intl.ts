import { intlLocale } from './locale';

/**
 * Dates and numbers in a language, with Intl (`en-US`, `es-US`): the plain functions behind i18n/format.ts's hooks,
 * with no React in them, for helpers outside components and for tests. The language defaults to the portal's current
 * one (i18n/locale.ts).
 */
export type DateInput = string | number | Date | null | undefined;

const DEFAULT_DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const DEFAULT_DATE_TIME: Intl.DateTimeFormatOptions = { ...DEFAULT_DATE, hour: 'numeric', minute: '2-digit' };

function toDate(value: Exclude<DateInput, null | undefined>): Date {
  // A bare calendar day ("2026-11-25") is a day, not midnight UTC: read it as the local day so it never shifts.
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return new Date(y, m - 1, d);
  }
  return value instanceof Date ? value : new Date(value);
}

/** A date (or instant) in the locale: "Nov 25, 2026" / "25 nov 2026". Empty input gives "—". */
export function formatDate(
  value: DateInput,
  options: Intl.DateTimeFormatOptions = DEFAULT_DATE,
  locale?: string,
): string {
  if (value === null || value === undefined || value === '') return '—';
  return new Intl.DateTimeFormat(intlLocale(locale), options).format(toDate(value));
}

/** An instant with its time: "Nov 25, 2026, 2:15 PM" / "25 nov 2026, 2:15 p.m.". */
export function formatDateTime(
  value: DateInput,
  options: Intl.DateTimeFormatOptions = DEFAULT_DATE_TIME,
  locale?: string,
): string {
  return formatDate(value, options, locale);
}

/** A number in the locale: "1,234.5" (es-US keeps the US separators, as US Spanish readers expect). */
export function formatNumber(
  value: number | null | undefined,
  options?: Intl.NumberFormatOptions,
  locale?: string,
): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat(intlLocale(locale), options).format(value);
}

/** A share (0..1) as a percentage: 0.425 → "43%" / "43 %". */
export function formatPercent(share: number | null | undefined, maximumFractionDigits = 0, locale?: string): string {
  return formatNumber(share, { style: 'percent', maximumFractionDigits }, locale);
}

/** A list of names joined the locale's way: "A, B, and C" / "A, B y C". */
export function formatList(items: readonly string[], locale?: string): string {
  return new Intl.ListFormat(intlLocale(locale), { style: 'long', type: 'conjunction' }).format(items);
}
