import type { TranslateFunction } from 'react-admin';
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

/** Message keys of the kinds of day (tl.settings.calendar.kinds.*). */
export const KIND_LABELS: Record<NonSchoolDayKind, string> = {
  HOLIDAY: 'tl.settings.calendar.kinds.HOLIDAY',
  BREAK: 'tl.settings.calendar.kinds.BREAK',
  IN_SERVICE: 'tl.settings.calendar.kinds.IN_SERVICE',
  OTHER: 'tl.settings.calendar.kinds.OTHER',
};

export const KIND_CHOICES = (Object.keys(KIND_LABELS) as NonSchoolDayKind[]).map((id) => ({
  id,
  name: KIND_LABELS[id],
}));

/** What a calendar change did to upcoming sessions, in one sentence (empty when it did nothing). */
export function sessionChangesText(translate: TranslateFunction, removed: number, scheduled: number): string {
  const parts = [
    removed ? translate('tl.settings.calendar.changes.removed', { smart_count: removed }) : '',
    scheduled ? translate('tl.settings.calendar.changes.scheduled', { smart_count: scheduled }) : '',
  ].filter(Boolean);
  return parts.length ? `; ${parts.join(', ')}` : '';
}
