import { GRADE_MAX, GRADE_MIN } from '@throughline/shared';

/** The API stores grades as numbers: -1 is pre-K, 0 kindergarten, then 1 to 12. */
export function gradeLabel(grade: number | null | undefined): string {
  if (grade === null || grade === undefined) return '';
  if (grade === -1) return 'PK';
  if (grade === 0) return 'K';
  return String(grade);
}

export const GRADES = Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, i) => GRADE_MIN + i).map((g) => ({
  id: g,
  name: g === -1 ? 'PK (pre-kindergarten)' : g === 0 ? 'K (kindergarten)' : `Grade ${g}`,
}));

/** "PK–5", "9–12", "K" for a one-grade school; empty when the grades were never given. */
export function gradeSpan(low: number | null | undefined, high: number | null | undefined): string {
  const from = gradeLabel(low);
  const to = gradeLabel(high);
  if (!from && !to) return '';
  if (!from || !to || from === to) return from || to;
  return `${from}–${to}`;
}

export const SCHOOL_STATUSES = [
  { id: 'ACTIVE', name: 'Active' },
  { id: 'CLOSED', name: 'Closed' },
];
