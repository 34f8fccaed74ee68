import { NonSchoolDayKind } from '@throughline/shared';

/** One entry of the district calendar, as the settings page reads it. */
export interface NonSchoolDayRecord {
  id: string;
  startsOn: string;
  endsOn: string;
  name: string;
  kind: NonSchoolDayKind;
  source: 'MANUAL' | 'ICALENDAR';
  version: number;
}

export const DAY_FIELDS = `id startsOn endsOn name kind source version`;
export const CALENDAR_KEY = ['districtCalendar'];
export const CALENDAR_QUERY = `query DistrictCalendar($from: LocalDate) {
  nonSchoolDays(from: $from, first: 100) { totalCount nodes { ${DAY_FIELDS} } }
}`;

export const KIND_LABELS: Record<NonSchoolDayKind, string> = {
  HOLIDAY: 'Holiday',
  BREAK: 'Break',
  IN_SERVICE: 'In-service day',
  OTHER: 'Other',
};

export const KIND_CHOICES = (Object.keys(KIND_LABELS) as NonSchoolDayKind[]).map((id) => ({
  id,
  name: KIND_LABELS[id],
}));

/** What a calendar change did to upcoming sessions, in one sentence (empty when it did nothing). */
export function sessionChangesText(removed: number, scheduled: number): string {
  const plural = (n: number) => `${n} upcoming session${n === 1 ? '' : 's'}`;
  const parts = [
    removed ? `${plural(removed)} removed from non-school days` : '',
    scheduled ? `${plural(scheduled)} scheduled on freed days` : '',
  ].filter(Boolean);
  return parts.length ? `; ${parts.join(', ')}` : '';
}
