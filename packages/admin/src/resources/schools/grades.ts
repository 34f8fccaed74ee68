import { GRADE_MAX, GRADE_MIN } from '@throughline/shared';
import { choicesOf, t } from '../../i18n/translate';

/** The API stores grades as numbers: -1 is pre-K, 0 kindergarten, then 1 to 12. */
export function gradeLabel(grade: number | null | undefined): string {
  if (grade === null || grade === undefined) return '';
  if (grade === -1) return 'PK';
  if (grade === 0) return 'K';
  return String(grade);
}

/** The grades as choices, named in the current language when shown (a getter, read at each render). */
export const GRADES = Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, i) => GRADE_MIN + i).map((g) => ({
  id: g,
  get name() {
    return g === -1
      ? t('tl.schools.grades.pk')
      : g === 0
        ? t('tl.schools.grades.k')
        : t('tl.schools.grades.n', { grade: g });
  },
}));

/** "PK–5", "9–12", "K" for a one-grade school; empty when the grades were never given. */
export function gradeSpan(low: number | null | undefined, high: number | null | undefined): string {
  const from = gradeLabel(low);
  const to = gradeLabel(high);
  if (!from && !to) return '';
  if (!from || !to || from === to) return from || to;
  return `${from}–${to}`;
}

export const SCHOOL_STATUSES = choicesOf('tl.schools.status', ['ACTIVE', 'CLOSED']);
