import { GraphQLScalarType } from 'graphql';
import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Calendar dates ('YYYY-MM-DD'), exchanged and stored as strings: a due date is a day, not an instant. graphql-scalars'
 * LocalDate, but for the days it sends: a day of the month up to the 28th in the right shape exists in every month, so
 * only the rest go through its full calendar check (it builds two Dates per value: a fifth of the CPU of serializing a
 * list of actions). What clients send is checked in full, as before.
 */
export const LocalDate = new GraphQLScalarType({
  ...GraphQLLocalDate.toConfig(),
  serialize(value: unknown): string {
    if (typeof value === 'string' && DAY.test(value)) {
      const [month, day] = [value.slice(5, 7), value.slice(8)];
      if (month >= '01' && month <= '12' && day >= '01' && day <= '28') return value;
    }
    return GraphQLLocalDate.serialize(value) as string;
  },
});

const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const threeDigits = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * Instants, sent as `Date#toISOString` writes them ('2026-09-14T15:30:00.000Z'). graphql-scalars' DateTimeISO (the
 * one type-graphql gives every Date), but a valid Date of the years 1000 to 9999 is written field by field: the
 * built-in toISOString took 0.7 µs a value, most of a session list's serializing. Anything else (another year, an
 * invalid Date, a string, a number) goes through graphql-scalars as before; what clients send likewise.
 */
export const DateTimeISO = new GraphQLScalarType({
  ...GraphQLDateTimeISO.toConfig(),
  serialize(value: unknown): string {
    if (value instanceof Date) {
      const year = value.getUTCFullYear();
      if (year >= 1000 && year <= 9999) {
        return (
          `${year}-${twoDigits(value.getUTCMonth() + 1)}-${twoDigits(value.getUTCDate())}` +
          `T${twoDigits(value.getUTCHours())}:${twoDigits(value.getUTCMinutes())}:${twoDigits(value.getUTCSeconds())}` +
          `.${threeDigits(value.getUTCMilliseconds())}Z`
        );
      }
    }
    return GraphQLDateTimeISO.serialize(value) as string;
  },
});

/**
 * The days any LocalDate or DateTimeISO argument may name, both ends included (date-times in UTC). A date outside is
 * a typo or a probe: it is refused as BAD_USER_INPUT naming the field, before any resolver runs
 * (graphql/input-hygiene.ts).
 */
export const DATE_RANGE = { first: '1900-01-01', last: '2200-12-31' } as const;
