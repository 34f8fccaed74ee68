import { t } from '../i18n/translate';

/** The rows of react-admin's lists that open a record (or expand) on a click. */
const ROWS = 'tr.RaDatagrid-clickableRow, tr.RaDataTable-clickableRow';

/**
 * Makes every clickable list row a tab stop that Enter or Space opens, as a click does (WCAG 2.1.1): react-admin's
 * Datagrid and DataTable react to the mouse only. One observer for the whole portal marks rows as lists draw them; it
 * is loaded after the first screen, outside the main chunk.
 */
export function installKeyboardRows(): () => void {
  const mark = () => {
    for (const row of document.querySelectorAll<HTMLElement>(ROWS)) if (!row.hasAttribute('tabindex')) row.tabIndex = 0;
    nameSelectionBoxes();
  };
  const onKey = (e: KeyboardEvent) => {
    const row = e.target as HTMLElement | null;
    if ((e.key === 'Enter' || e.key === ' ') && row?.matches?.(ROWS)) {
      e.preventDefault();
      row.click();
    }
  };
  const observer = new MutationObserver(mark);
  observer.observe(document.body, { childList: true, subtree: true });
  document.addEventListener('keydown', onKey);
  mark();
  return () => {
    observer.disconnect();
    document.removeEventListener('keydown', onKey);
  };
}

/**
 * Names the selection checkboxes of lists with bulk actions (WCAG 4.1.2): react-admin names a row's checkbox on its
 * wrapper, and its "select all" box's name does not reach the input with this MUI version, so the inputs themselves,
 * which are what a screen reader and axe see, have none. Each gets the name react-admin meant for it.
 */
function nameSelectionBoxes(): void {
  for (const input of document.querySelectorAll<HTMLInputElement>('table .MuiCheckbox-root > input')) {
    const meant = input.parentElement?.getAttribute('aria-label');
    const label = meant || (input.closest('thead') ? t('ra.action.select_all') : t('ra.action.select_row'));
    // Set again when the language changed (the wrapper's name follows it; this copy would not).
    if (input.getAttribute('aria-label') !== label) input.setAttribute('aria-label', label);
  }
}
