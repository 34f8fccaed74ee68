/** Input limits, shared so the portal's forms and the API's validation agree. */
export const Limits = {
  NAME_MAX: 120,
  TITLE_MAX: 200,
  CODE_MAX: 40,
  EMAIL_MAX: 254,
  PASSWORD_MIN: 12,
  PASSWORD_MAX: 200,
  PAGE_DEFAULT: 20,
  PAGE_MAX: 100,
  QUERY_DEPTH_MAX: 10,
  SEARCH_MAX: 100,
} as const;

/** Grades run from PK (-1) and K (0) to 12. */
export const GRADE_MIN = -1;
export const GRADE_MAX = 12;

export const SchoolStatus = { ACTIVE: 'ACTIVE', CLOSED: 'CLOSED' } as const;
export type SchoolStatus = (typeof SchoolStatus)[keyof typeof SchoolStatus];

export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  /** Overload or an outage: answered with HTTP 503 and Retry-After; the request wrote nothing. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
