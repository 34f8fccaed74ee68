import { districtToday } from '../common/when';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

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

/** The window every dashboard funnel is taken over; null until the district's year start is known. */
export function useSchoolYear(): { window: DayWindow | null; error: unknown } {
  const { data, error } = useGraphqlQuery<{ currentDistrict: { academicYearStartMonth: number } | null }>(
    ['schoolYear'],
    `{ currentDistrict { academicYearStartMonth } }`,
  );
  if (!data) return { window: null, error };
  return { window: schoolYearToDate(data.currentDistrict?.academicYearStartMonth ?? 8, districtToday()), error };
}

/** Weekly points read well up to about half a year; beyond that, months. */
export function trendInterval(w: DayWindow): 'WEEK' | 'MONTH' {
  const days = (Date.parse(w.to) - Date.parse(w.from)) / 86_400_000;
  return days > 190 ? 'MONTH' : 'WEEK';
}
