import { Kind } from 'graphql';
import { LocalDate } from '../scalars';

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
