import fs from 'node:fs';
import path from 'node:path';
import englishMessages from 'ra-language-english';
import { MESSAGES_DIR, allKeys, flatten, keysUsedInSource, loadLanguage } from './i18n-scan';

/**
 * The portal's message files (packages/admin/src/i18n, docs/i18n.md): English and Spanish say the same things (same
 * areas, same keys, same placeholders, plural forms where English has them), react-admin's own messages are all in
 * Spanish, and every `tl.` key the sources use exists.
 */
const placeholders = (text: string) => [...new Set([...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('the portal messages', () => {
  const en = allKeys('en');
  const es = allKeys('es');

  it('has the same area files in English and Spanish', () => {
    const files = (locale: string) => fs.readdirSync(path.join(MESSAGES_DIR, locale)).sort();
    expect(files('es')).toEqual(files('en'));
    expect(files('en')).toEqual(expect.arrayContaining(['ra.ts', 'resources.ts', 'layout.ts']));
  });

  it('has every English key in Spanish and every Spanish key in English', () => {
    const missingInEs = [...en.keys()].filter((k) => !es.has(k));
    const missingInEn = [...es.keys()].filter((k) => !en.has(k));
    expect({ missingInEs, missingInEn }).toEqual({ missingInEs: [], missingInEn: [] });
  });

  // Spanish may need plural forms where English has none ("%{smart_count} agregado |||| ... agregados"), not fewer.
  it('keeps the placeholders and the plural forms of each message', () => {
    const differ = [...en]
      .filter(([k]) => es.has(k))
      .filter(([k, text]) => {
        const other = es.get(k)!;
        return (
          placeholders(text).join() !== placeholders(other).join() || (text.includes('||||') && !other.includes('||||'))
        );
      })
      .map(([k]) => k);
    expect(differ).toEqual([]);
  });

  it('translates every message of react-admin (ra-language-english) into Spanish, none left empty', () => {
    const reactAdmin = [...flatten(englishMessages as never).keys()];
    expect(reactAdmin.length).toBeGreaterThan(150);
    expect(reactAdmin.filter((k) => !es.has(k))).toEqual([]);
    // The same text in both languages is a copy left untranslated, except where it has no words of its own (a
    // placeholder alone: "%{name}") or is the same word in Spanish ("Inspector").
    const same = reactAdmin.filter(
      (k) => es.get(k) === en.get(k) && /\p{L}{3,}/u.test(en.get(k)!.replace(/%\{\w+\}/g, '')),
    );
    expect(same).toEqual(['ra.configurable.inspector.title']);
    expect([...es.values()].filter((v) => v === '')).toEqual([]);
  });

  it('Spanish says the Throughline overrides in its own words (not a copy of the English)', () => {
    expect(es.get('ra.notification.created')).toBe('Guardado');
    expect(es.get('resources.strategies.name')).toBe('Estrategia |||| Estrategias');
    expect(en.get('resources.strategies.notifications.created')).toBe('Strategy created');
  });

  // A key names a message, or (for labels built from a vocabulary: labelsOf('tl.common.dimensions', ...)) a group.
  // ra-ui-materialui's NotFound renders `{translate('ra.message.not_found')}.`: a full stop in the message doubles it.
  it('leaves the full stop of the not-found message to the page that adds it', () => {
    const page = fs.readFileSync(
      path.resolve(__dirname, '../../node_modules/ra-ui-materialui/src/layout/NotFound.tsx'),
      'utf8',
    );
    expect(page).toContain("{translate('ra.message.not_found')}.</div>");
    expect([en.get('ra.message.not_found'), es.get('ra.message.not_found')]).toEqual([
      'Either you typed a wrong URL, or you followed a bad link',
      'La dirección es incorrecta o el enlace que siguió no es válido',
    ]);
  });

  it('has every tl. key the portal sources use', () => {
    const used = keysUsedInSource();
    expect(used.length).toBeGreaterThan(20);
    const keys = [...en.keys()];
    const missing = used
      .filter(({ key }) => !en.has(key) && !keys.some((k) => k.startsWith(`${key}.`)))
      .map(({ file, line, key }) => `${path.relative(MESSAGES_DIR, file)}:${line} ${key}`);
    expect(missing).toEqual([]);
  });

  it('loads each area file as a plain object of strings', () => {
    for (const locale of ['en', 'es'] as const) {
      for (const [area, messages] of loadLanguage(locale)) {
        expect({ area, locale, size: flatten(messages).size > 0 }).toEqual({ area, locale, size: true });
        for (const [key, text] of flatten(messages))
          expect({ key, type: typeof text }).toEqual({ key, type: 'string' });
      }
    }
  });
});
