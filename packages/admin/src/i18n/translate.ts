/**
 * Translation outside components (helpers such as common/apiFailure.ts's messageOf, exporters): `t('tl.common.x')`
 * says a key in the portal's current language. Components use react-admin's `useTranslate()` instead. The whole page
 * re-renders when the language changes, so text built with `t()` during a render follows it.
 */
type Translator = (key: string, options?: Record<string, unknown>) => string;

let translator: Translator | null = null;

/** Set by the i18nProvider (i18n/index.ts). */
export function setTranslator(next: Translator): void {
  translator = next;
}

/** A key in the current language (the key itself before the messages are loaded, as react-admin does). */
export function t(key: string, options?: Record<string, unknown>): string {
  return translator ? translator(key, options) : key;
}

/**
 * Labels of a vocabulary (statuses, kinds...) that read in the current language wherever they are used:
 * `labelsOf('tl.common.action_status', ['OPEN', 'DONE']).OPEN` is `t('tl.common.action_status.OPEN')` at that moment.
 */
export function labelsOf<K extends string>(prefix: string, ids: readonly K[]): Record<K, string> {
  const labels = {} as Record<K, string>;
  for (const id of ids) Object.defineProperty(labels, id, { get: () => t(`${prefix}.${id}`), enumerable: true });
  return labels;
}

/** react-admin choices of a vocabulary, named by their keys (react-admin's inputs translate choice names). */
export function choicesOf<K extends string>(prefix: string, ids: readonly K[]): { id: K; name: string }[] {
  return ids.map((id) => ({ id, name: `${prefix}.${id}` }));
}
