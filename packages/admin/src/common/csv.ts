/*
 * CSV export, one way for every list and the funnel. Columns are named one by one: a record's confidential text
 * (a session's notes, check-in and check-out lines, reflections) is never among them, whoever exports. Every cell
 * that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage return) is prefixed with
 * an apostrophe (OWASP's CSV injection advice), so an exported name like "=HYPERLINK(…)" stays text.
 */
import type { Exporter, RaRecord } from 'react-admin';

export interface CsvColumn<R> {
  label: string;
  value: (record: R) => unknown;
}

const FORMULA = /^[=+\-@\t\r]/;

/** One cell: text as is, lists joined with "; ", nothing as empty; a would-be formula neutralised; quoted if needed. */
export function csvCell(value: unknown): string {
  let text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.map((v) => (v === null || v === undefined ? '' : String(v))).join('; ')
        : String(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: a header row, then one row a record, lines ended CRLF (RFC 4180). */
export function toCsv<R>(columns: CsvColumn<R>[], rows: R[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Hands the file to the browser as a download named `<name>-<today>.csv` (UTF-8 with a BOM, for spreadsheets). */
export function downloadCsv(name: string, csv: string): void {
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A react-admin exporter (a list's Export button) writing these columns. */
export function csvExporter<R extends RaRecord>(name: string, columns: CsvColumn<R>[]): Exporter<R> {
  return (records) => downloadCsv(name, toCsv(columns, records));
}

/** The column helpers most lists need. */
export const col = <R>(label: string, value: (record: R) => unknown): CsvColumn<R> => ({ label, value });
