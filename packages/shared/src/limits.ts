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
  SEARCH_MAX: 100,
  /**
   * One GraphQL request, refused before it runs when it goes past any of these (README "Query limits"). Depth counts
   * fields, and each fragment (spread or inline) as a level too; aliases, directives and tokens are counted in the
   * whole operation. The portal's largest document (the funnel of every school, one alias each) has 100 aliases.
   */
  QUERY_DEPTH_MAX: 10,
  QUERY_ALIASES_MAX: 150,
  QUERY_DIRECTIVES_MAX: 20,
  QUERY_TOKENS_MAX: 6_000,
  /**
   * Bytes (UTF-8) of one document's text, checked before anything else reads it (the token, the database, the lexer):
   * the token limit leaves out comments, whitespace and the length of string literals, which the lexer still reads.
   * About what 6,000 tokens take written out; the portal's largest document is a third of it. Long values go in
   * variables, which this does not count.
   */
  QUERY_BYTES_MAX: 32_768,
  /** Estimated cost of one request, in points (about one object read each; packages/api/src/modules/rate-limit). */
  QUERY_COST_MAX: 50_000,
  /** Points a person (or client) may spend per hour, across every API instance (RATE_LIMIT_POINTS_PER_HOUR). */
  RATE_LIMIT_POINTS_PER_HOUR: 1_000_000,
  /** Points per hour for requests without a token, per client address (RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR). */
  RATE_LIMIT_ANONYMOUS_POINTS_PER_HOUR: 200_000,
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
