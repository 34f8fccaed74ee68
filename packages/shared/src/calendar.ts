/** The district calendar's vocabulary: shared by the API's schema and the portal's forms. */

/** What a non-school day is: a public holiday, a school break, a staff in-service day, or anything else. */
export const NonSchoolDayKind = {
  HOLIDAY: 'HOLIDAY',
  BREAK: 'BREAK',
  IN_SERVICE: 'IN_SERVICE',
  OTHER: 'OTHER',
} as const;
export type NonSchoolDayKind = (typeof NonSchoolDayKind)[keyof typeof NonSchoolDayKind];

/** Where a non-school day came from: typed in, or imported from an iCalendar (.ics) file. */
export const NonSchoolDaySource = { MANUAL: 'MANUAL', ICALENDAR: 'ICALENDAR' } as const;
export type NonSchoolDaySource = (typeof NonSchoolDaySource)[keyof typeof NonSchoolDaySource];

/** Limits of the district calendar, so the portal's forms and the API agree. */
export const CalendarLimits = {
  /** Longest single entry, in days (both ends included): a break, not a school year. */
  SPAN_DAYS_MAX: 366,
  NAME_MAX: 200,
  /** Largest iCalendar file an import takes, in bytes (UTF-8); the request body itself is capped at 1 MB. */
  ICALENDAR_BYTES_MAX: 500_000,
  /** Most events (occurrences of recurring ones included) one import takes. */
  ICALENDAR_EVENTS_MAX: 1000,
} as const;
