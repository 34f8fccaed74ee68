import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { I18nProvider, TranslationMessages } from 'react-admin';
import { currentLocale, setCurrentLocale, type PortalLocale } from './locale';
import { setTranslator } from './translate';

/**
 * The portal's messages (docs/i18n.md). Every file `en/<area>.ts` / `es/<area>.ts` is picked up here by itself and
 * mounted at `tl.<area>`; two names are special: `ra.ts` is react-admin's own messages (`ra.*`) and `resources.ts`
 * react-admin's per-resource names and notifications (`resources.*`). Nothing here needs editing to add an area.
 *
 * Each file is a chunk of its own, loaded on demand: the messages of the starting language are awaited before the
 * first render (main.tsx), the other language's when the person switches.
 */
type Loader = () => Promise<unknown>;

const LOADERS: Record<PortalLocale, Record<string, Loader>> = {
  en: import.meta.glob(['./en/*.ts'], { import: 'default' }),
  es: import.meta.glob(['./es/*.ts'], { import: 'default' }),
};

/** The languages offered, each named in itself. */
export const LANGUAGES = [
  { locale: 'en', name: 'English' },
  { locale: 'es', name: 'Español' },
];

/** The messages of a language, every area loaded. */
export async function loadMessages(locale: PortalLocale): Promise<TranslationMessages> {
  const entries = await Promise.all(
    Object.entries(LOADERS[locale]).map(async ([file, load]) => [/([^/]+)\.ts$/.exec(file)![1], await load()] as const),
  );
  const tl: Record<string, unknown> = {};
  const messages: Record<string, unknown> = { tl };
  for (const [area, content] of entries) {
    if (area === 'ra' || area === 'resources') messages[area] = content;
    else tl[area] = content;
  }
  return messages as unknown as TranslationMessages;
}

/** The key react-admin's localStorageStore keeps the locale under (layout/PortalAdmin.tsx uses the default store). */
const STORED_LOCALE = 'RaStore.locale';

/** The language to start in: the one last used in this browser (the person's saved one after sign-in), else the browser's. */
export function startingLocale(): PortalLocale {
  try {
    const stored = JSON.parse(localStorage.getItem(STORED_LOCALE) ?? 'null');
    if (stored === 'en' || stored === 'es') return stored;
  } catch {
    // Unreadable storage: fall back to the browser's language.
  }
  return typeof navigator !== 'undefined' && /^es\b/i.test(navigator.language) ? 'es' : 'en';
}

let provider: I18nProvider | null = null;

/** Loads the starting language and builds the i18nProvider; main.tsx awaits it before the first render. */
export async function prepareI18n(locale: PortalLocale = startingLocale()): Promise<I18nProvider> {
  const initial = await loadMessages(locale);
  setCurrentLocale(locale);
  const polyglot = polyglotI18nProvider(
    (wanted) => (wanted === locale ? initial : loadMessages(wanted === 'es' ? 'es' : 'en')),
    locale,
    LANGUAGES,
    { allowMissing: true },
  );
  provider = {
    ...polyglot,
    changeLocale: async (next, options) => {
      await polyglot.changeLocale(next, options);
      setCurrentLocale(next);
      document.documentElement.lang = currentLocale();
    },
  };
  setTranslator((key, options) => polyglot.translate(key, options));
  document.documentElement.lang = locale;
  return provider;
}

/** The provider prepareI18n built (PortalAdmin hands it to react-admin). */
export function i18nProvider(): I18nProvider {
  if (!provider) throw new Error('prepareI18n() must finish before the portal renders');
  return provider;
}
