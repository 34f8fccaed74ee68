import { Kind } from 'graphql';
import { GraphQLDateTimeISO } from 'graphql-scalars';
import { dateTimeTextOfPg, DateTimeISO, LocalDate } from '../scalars';

describe('LocalDate', () => {
  it('sends every real day as it is, the 29th to the 31st and leap days included', () => {
    for (const day of ['2026-01-01', '2026-02-28', '2028-02-29', '2026-04-30', '2026-12-31', '1900-03-15'])
      expect(LocalDate.serialize(day)).toBe(day);
  });

  it('refuses to send a day that does not exist or is not a day, on the quick path and the full one', () => {
    for (const bad of [
      '2026-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-1-01',
      'x',
      20260101,
      null,
    ])
      expect(() => LocalDate.serialize(bad)).toThrow(/LocalDate|not string/);
  });

  it('checks what clients send in full', () => {
    expect(LocalDate.parseValue('2028-02-29')).toBe('2028-02-29');
    expect(() => LocalDate.parseValue('2026-02-29')).toThrow();
    expect(() => LocalDate.parseLiteral({ kind: Kind.STRING, value: '2026-02-30' })).toThrow();
  });
});

describe('DateTimeISO', () => {
  it('writes every Date as toISOString does: a year of instants, each millisecond and the ends of the quick path', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 20_000; i++) {
      const d = new Date(start + i * 1_577_923_457); // about 18 days and odd milliseconds apart: every field varies
      expect(DateTimeISO.serialize(d)).toBe(d.toISOString());
    }
    for (const d of [
      new Date(Date.UTC(1000, 0, 1)),
      new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)),
      new Date(Date.UTC(999, 11, 31, 23, 59, 59, 999)),
      new Date(Date.UTC(10000, 0, 1)),
      new Date(Date.UTC(-1, 5, 1)),
      new Date(Date.UTC(2026, 8, 9, 5, 4, 3, 7)),
    ])
      expect(DateTimeISO.serialize(d)).toBe(d.toISOString());
  });

  it('answers as graphql-scalars did for everything else: strings, numbers, an invalid Date', () => {
    for (const v of ['2026-09-14T15:30:00Z', '2026-09-14T17:30:00.123+02:00', 1_789_000_000_000])
      expect(DateTimeISO.serialize(v)).toBe(GraphQLDateTimeISO.serialize(v));
    expect(() => DateTimeISO.serialize(new Date(NaN))).toThrow(/invalid Date/);
    expect(() => DateTimeISO.serialize('nonsense')).toThrow();
    expect(DateTimeISO.name).toBe('DateTimeISO');
    expect(DateTimeISO.description).toBe(GraphQLDateTimeISO.description);
  });
});

describe('dateTimeTextOfPg', () => {
  it("writes PostgreSQL's JSON text of a time as DateTimeISO writes the Date it reads as", () => {
    const texts = [
      '2026-09-14T15:30:00+00:00',
      '2026-09-14T15:30:00.5+00:00',
      '2026-09-14T15:30:00.12+00:00',
      '2026-09-14T15:30:00.123+00:00',
      '2026-09-14T15:30:00.1239+00:00',
      '2026-09-14T15:30:00.99999+00:00',
      '2026-12-31T23:59:59.999999+00:00',
      '1000-01-01T00:00:00+00:00',
      '9999-12-31T23:59:59.000001+00:00',
      // Not UTC, or outside the years 1000 to 9999: through the Date.
      '2026-09-14T10:30:00.25-05:00',
      '2026-09-14T21:00:00+05:30',
      '0999-01-01T10:00:00.5+00:00',
    ];
    for (const text of texts) expect(dateTimeTextOfPg(text)).toBe(DateTimeISO.serialize(new Date(text)));
    expect(dateTimeTextOfPg('2026-09-14T15:30:00.1239+00:00')).toBe('2026-09-14T15:30:00.123Z');
    expect(dateTimeTextOfPg('2026-09-14T10:30:00.25-05:00')).toBe('2026-09-14T15:30:00.250Z');
    // A year past 9999 is no Date JavaScript reads: refused as before, not written.
    expect(() => DateTimeISO.serialize(new Date('12026-01-01T10:00:00.5+00:00'))).toThrow();
    expect(() => dateTimeTextOfPg('12026-01-01T10:00:00.5+00:00')).toThrow();
  });
});
