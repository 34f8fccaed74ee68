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
      // Read digit by digit (no string cut out of it): a strategy page writes a thousand due days.
      const month = (value.charCodeAt(5) - 48) * 10 + value.charCodeAt(6) - 48;
      const day = (value.charCodeAt(8) - 48) * 10 + value.charCodeAt(9) - 48;
      if (month >= 1 && month <= 12 && day >= 1 && day <= 28) return value;
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

/** PostgreSQL's JSON text of a timestamptz in UTC, of the years 1000 to 9999 ('2026-09-14T15:30:00.123456+00:00'). */
const PG_UTC_TIME = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?\+00:00$/;

/**
 * What DateTimeISO writes for a time PostgreSQL's JSON sends (a timestamptz as text): the text of the Date it reads
 * as, whose milliseconds are the fraction's first three digits. In UTC it is rewritten without building the Date (a
 * strategy page writes hundreds); any other text goes through the Date as before.
 */
export function dateTimeTextOfPg(text: string): string {
  if (!PG_UTC_TIME.test(text)) return DateTimeISO.serialize(new Date(text));
  // The date and time are 19 characters and '+00:00' 6; between them, the fraction's point and 1 to 6 digits.
  const digits = text.length - 26;
  if (digits < 0) return `${text.slice(0, 19)}.000Z`;
  if (digits >= 3) return `${text.slice(0, 23)}Z`;
  return `${text.slice(0, 20 + digits)}${'00'.slice(digits - 1)}Z`;
}

/**
 * The days any LocalDate or DateTimeISO argument may name, both ends included (date-times in UTC). A date outside is
 * a typo or a probe: it is refused as BAD_USER_INPUT naming the field, before any resolver runs
 * (graphql/input-hygiene.ts).
 */
export const DATE_RANGE = { first: '1900-01-01', last: '2200-12-31' } as const;
