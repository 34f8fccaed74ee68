import { districtToday } from '../common/when';
import { labelsOf, t } from '../i18n/translate';

export interface DayWindow {
  from: string;
  to: string;
}

/** The school year to date: from the first day of the district's start month (August unless it says otherwise). */
export function schoolYearToDate(startMonth: number, today: string): DayWindow {
  const [year, month] = today.split('-').map(Number);
  const startYear = month >= startMonth ? year : year - 1;
  return { from: `${startYear}-${String(startMonth).padStart(2, '0')}-01`, to: today };
}

/**
 * This term to date. Throughline knows no term dates yet, so a school year is taken as two terms: the first from the
 * year's start month for five months (August to December), the second from then on (January to July).
 */
export function termToDate(startMonth: number, today: string): DayWindow {
  const year = schoolYearToDate(startMonth, today);
  const [y, m] = year.from.split('-').map(Number);
  const second = new Date(Date.UTC(y, m - 1 + 5, 1)).toISOString().slice(0, 10);
  return { from: today >= second ? second : year.from, to: today };
}

/** This calendar month to date. */
export function monthToDate(today: string): DayWindow {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

export type WindowKind = 'TERM' | 'MONTH' | 'YEAR' | 'CUSTOM';
export interface WindowChoice {
  kind: WindowKind;
  from?: string;
  to?: string;
}

/** The window choices in the current language. */
export const WINDOW_LABELS = labelsOf<WindowKind>('tl.dashboard.window.kinds', ['TERM', 'MONTH', 'YEAR', 'CUSTOM']);

/** The window a choice stands for today; a custom one needs both days, in order. */
export function windowOf(choice: WindowChoice, startMonth: number, today = districtToday()): DayWindow | null {
  switch (choice.kind) {
    case 'TERM':
      return termToDate(startMonth, today);
    case 'MONTH':
      return monthToDate(today);
    case 'CUSTOM':
      return choice.from && choice.to && choice.from <= choice.to ? { from: choice.from, to: choice.to } : null;
    default:
      return schoolYearToDate(startMonth, today);
  }
}

/** How a window reads after the scope's name ("school year to date", "1 Sep – 30 Sep"). */
export function windowPhrase(choice: WindowChoice): string {
  return t(`tl.dashboard.window.phrase.${choice.kind}`);
}

/** The window as a list's subtitle says it ("3 this school year"). */
export function periodWords(choice: WindowChoice): string {
  return t(`tl.dashboard.window.period.${choice.kind}`);
}

/** Weekly points read well up to about half a year; beyond that, months. */
export function trendInterval(w: DayWindow): 'WEEK' | 'MONTH' {
  const days = (Date.parse(w.to) - Date.parse(w.from)) / 86_400_000;
  return days > 190 ? 'MONTH' : 'WEEK';
}
