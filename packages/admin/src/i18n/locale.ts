/**
 * The language the portal speaks right now, for code outside React (common/when.ts, exporters): kept in step by the
 * i18nProvider (i18n/index.ts). No React or react-admin here, so plain helpers and their tests can import it.
 */
export type PortalLocale = 'en' | 'es';

export const PORTAL_LOCALES: readonly PortalLocale[] = ['en', 'es'];

let current: PortalLocale = 'en';

/** The locale the portal currently speaks (kept in step by the i18nProvider). */
export function currentLocale(): PortalLocale {
  return current;
}

/** Called by the i18nProvider when the language changes; anything other than `es` means English. */
export function setCurrentLocale(locale: string): void {
  current = locale === 'es' ? 'es' : 'en';
}

/** The BCP 47 tag Intl uses for a portal locale. */
export function intlLocale(locale: string = current): string {
  return locale === 'es' ? 'es-US' : 'en-US';
}

/**
 * The API's `MailLanguage` for a portal locale: what a field the API words itself takes
 * (`cadenceDescription(language: $language)`), so those words follow the portal's language too.
 */
export function apiLanguage(locale: string = current): 'EN' | 'ES' {
  return locale === 'es' ? 'ES' : 'EN';
}
