import { GraphQLLocalDate } from 'graphql-scalars';

/** Calendar dates ('YYYY-MM-DD'), exchanged and stored as strings: a due date is a day, not an instant. */
export const LocalDate = GraphQLLocalDate;

/**
 * The days any LocalDate or DateTimeISO argument may name, both ends included (date-times in UTC). A date outside is
 * a typo or a probe: it is refused as BAD_USER_INPUT naming the field, before any resolver runs
 * (graphql/input-hygiene.ts).
 */
export const DATE_RANGE = { first: '1900-01-01', last: '2200-12-31' } as const;
