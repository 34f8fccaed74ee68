import type { TranslationMessages } from 'ra-core';
import polyglotI18nProvider from 'ra-i18n-polyglot';
import { formatDay, formatWhen } from '../../packages/admin/src/common/when';
import { formatDate, formatNumber, formatPercent } from '../../packages/admin/src/i18n/intl';
import { setCurrentLocale } from '../../packages/admin/src/i18n/locale';
import { choicesOf, labelsOf, setTranslator, t } from '../../packages/admin/src/i18n/translate';
import { allKeys } from './i18n-scan';

/**
 * Dates, numbers and vocabulary labels follow the portal's language (packages/admin/src/i18n, docs/i18n.md): the same
 * helper says "Wed, Nov 25, 2026" in English and "mié, 25 de nov de 2026" in Spanish, and a status label reads
 * "Open" or "Abierta" depending on the language at the moment it is shown.
 */
function useMessages(locale: 'en' | 'es') {
  // The portal's own provider (ra-i18n-polyglot) over the real message files, flattened back to their keys.
  const phrases = Object.fromEntries(allKeys(locale)) as unknown as TranslationMessages;
  const provider = polyglotI18nProvider(() => phrases, locale, [{ locale, name: locale }], { allowMissing: true });
  setTranslator((key, options) => provider.translate(key, options));
  setCurrentLocale(locale);
}

afterAll(() => setCurrentLocale('en'));

describe('the portal’s formats and labels by language', () => {
  it('writes calendar days and instants the language’s way', () => {
    setCurrentLocale('en');
    expect(formatDay('2026-11-25', true)).toBe('Wed, Nov 25, 2026');
    setCurrentLocale('es');
    expect(formatDay('2026-11-25', true)).toBe('mié, 25 de nov de 2026');
    expect(formatWhen('2026-11-25T19:15:00Z')).toMatch(/^mié, 25 de nov de 2026, \d{1,2}:15\s?[ap]\.\s?m\.$/);
  });

  it('formats dates and numbers for a given language (es-US keeps US digits)', () => {
    expect(formatDate('2026-09-01', undefined, 'en')).toBe('Sep 1, 2026');
    expect(formatDate('2026-09-01', undefined, 'es')).toBe('1 sept 2026');
    expect(formatNumber(1234.5, undefined, 'es')).toBe('1,234.5');
    expect(formatPercent(0.693, 0, 'en')).toBe('69%');
    expect(formatDate(null)).toBe('—');
  });

  it('gives vocabulary labels in the language of the moment, and choices as keys react-admin translates', () => {
    const labels = labelsOf('tl.common.action_status', ['OPEN', 'DONE'] as const);
    useMessages('en');
    expect([labels.OPEN, labels.DONE]).toEqual(['Open', 'Done']);
    expect(t('tl.dashboard.follow_up.count', { smart_count: 2 })).toBe('2 held sessions you attended');
    useMessages('es');
    expect([labels.OPEN, labels.DONE]).toEqual(['Abierta', 'Hecha']);
    expect(t('tl.dashboard.follow_up.count', { smart_count: 1 })).toBe('1 sesión realizada a la que asistió');
    expect(choicesOf('tl.common.dimensions', ['SKILL'])).toEqual([{ id: 'SKILL', name: 'tl.common.dimensions.SKILL' }]);
  });
});
