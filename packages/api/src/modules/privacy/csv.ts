/**
 * CSV (RFC 4180) for files people open in spreadsheets: every value quoted when it needs to be, and a value a
 * spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) prefixed with a single
 * quote, so a cell never becomes a formula (OWASP "CSV injection").
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line (CRLF-terminated) of the values. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}
