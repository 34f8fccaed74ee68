import { useCallback } from 'react';
import { useLocaleState } from 'react-admin';
import type { PortalLocale } from './locale';
import { formatDate, formatDateTime, formatList, formatNumber, formatPercent, type DateInput } from './intl';

/**
 * Dates and numbers in the person's language. The portal speaks `en` and `es`; Intl gets the United States variant of
 * each ("en-US", "es-US") because Throughline's districts are US districts (es-US writes "25 nov 2026", 12-hour clock).
 *
 * Two ways in:
 * - in components, the hooks (`useFormatDate()`, `useFormatNumber()`, ...), which follow react-admin's locale;
 * - outside React (exporters, helpers such as common/when.ts), the plain functions, which follow the locale the
 *   i18nProvider last switched to (`currentLocale()`); react-admin re-renders the whole page on a switch, so both agree.
 */
export { PORTAL_LOCALES, currentLocale, intlLocale, setCurrentLocale, type PortalLocale } from './locale';
export { formatDate, formatDateTime, formatList, formatNumber, formatPercent, type DateInput } from './intl';

/** The react-admin locale as a portal locale. */
export function useLocale(): PortalLocale {
  const [locale] = useLocaleState();
  return locale === 'es' ? 'es' : 'en';
}

/** `formatDate` bound to the current locale: `const fmt = useFormatDate(); fmt(row.createdAt)`. */
export function useFormatDate(): (value: DateInput, options?: Intl.DateTimeFormatOptions) => string {
  const locale = useLocale();
  return useCallback((value, options) => formatDate(value, options, locale), [locale]);
}

/** `formatDateTime` bound to the current locale. */
export function useFormatDateTime(): (value: DateInput, options?: Intl.DateTimeFormatOptions) => string {
  const locale = useLocale();
  return useCallback((value, options) => formatDateTime(value, options, locale), [locale]);
}

/** `formatNumber` bound to the current locale: `const num = useFormatNumber(); num(1234)`. */
export function useFormatNumber(): (value: number | null | undefined, options?: Intl.NumberFormatOptions) => string {
  const locale = useLocale();
  return useCallback((value, options) => formatNumber(value, options, locale), [locale]);
}

/** `formatPercent` bound to the current locale. */
export function useFormatPercent(): (share: number | null | undefined, maximumFractionDigits?: number) => string {
  const locale = useLocale();
  return useCallback((share, digits) => formatPercent(share, digits, locale), [locale]);
}

/** `formatList` bound to the current locale. */
export function useFormatList(): (items: readonly string[]) => string {
  const locale = useLocale();
  return useCallback((items) => formatList(items, locale), [locale]);
}
