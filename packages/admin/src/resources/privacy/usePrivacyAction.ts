/** Runs one privacy mutation from a card (common/useCardAction.ts, shared with the calendar and reminders page). */
export { useCardAction as usePrivacyAction } from '../../common/useCardAction';

/** Bytes as a person reads them. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
