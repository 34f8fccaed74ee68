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
