import {
  describeCadence,
  exceedsSessionCap,
  localInstant,
  MAX_SESSIONS,
  nextOccurrences,
  occurrences,
  previewCadence,
  validateCadence,
} from '../cadence';

const CHICAGO = 'America/Chicago';
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

/** The local wall-clock time of an instant in a zone, 'YYYY-MM-DD HH:mm', to show what the district sees. */
function localTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function list(rrule: string | null, start: string, from: string, until: string, timezone = CHICAGO, limit?: number) {
  return iso(occurrences({ rrule, start, timezone, from: new Date(from), until: new Date(until), limit }));
}

describe('occurrences', () => {
  it('weekly: every Tuesday at the start time', () => {
    expect(list('FREQ=WEEKLY;BYDAY=TU', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-02-01T00:00Z')).toEqual([
      '2026-01-06T21:30:00.000Z',
      '2026-01-13T21:30:00.000Z',
      '2026-01-20T21:30:00.000Z',
      '2026-01-27T21:30:00.000Z',
    ]);
  });

  it('accepts the rule with a leading RRULE: prefix', () => {
    expect(list('RRULE:FREQ=WEEKLY;BYDAY=TU', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-01-14T00:00Z')).toEqual([
      '2026-01-06T21:30:00.000Z',
      '2026-01-13T21:30:00.000Z',
    ]);
  });

  it('every other week: skips the weeks in between', () => {
    expect(
      list('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-03-01T00:00Z'),
    ).toEqual([
      '2026-01-06T21:30:00.000Z',
      '2026-01-20T21:30:00.000Z',
      '2026-02-03T21:30:00.000Z',
      '2026-02-17T21:30:00.000Z',
    ]);
  });

  it('every other week: a window far from the start keeps the fortnight phase of the start', () => {
    // 2026-01-06 + 22 weeks = 2026-06-09; the in-between Tuesdays (Jun 2, Jun 16) are not sessions.
    expect(
      list('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2026-01-06T15:30', '2026-06-01T00:00Z', '2026-06-30T00:00Z'),
    ).toEqual(['2026-06-09T20:30:00.000Z', '2026-06-23T20:30:00.000Z']);
  });

  it('monthly by weekday: the second Thursday of each month', () => {
    expect(list('FREQ=MONTHLY;BYDAY=2TH', '2026-01-08T15:30', '2026-01-01T00:00Z', '2026-05-01T00:00Z')).toEqual([
      '2026-01-08T21:30:00.000Z',
      '2026-02-12T21:30:00.000Z',
      '2026-03-12T20:30:00.000Z',
      '2026-04-09T20:30:00.000Z',
    ]);
  });

  it('monthly by weekday: the last Friday of each month', () => {
    expect(list('FREQ=MONTHLY;BYDAY=-1FR', '2026-01-30T15:30', '2026-01-01T00:00Z', '2026-05-01T00:00Z')).toEqual([
      '2026-01-30T21:30:00.000Z',
      '2026-02-27T21:30:00.000Z',
      '2026-03-27T20:30:00.000Z',
      '2026-04-24T20:30:00.000Z',
    ]);
  });

  it('a one-off (rrule null) is just the start, and nothing when the start is outside the window', () => {
    expect(list(null, '2026-02-10T09:00', '2026-01-01T00:00Z', '2026-12-31T00:00Z')).toEqual([
      '2026-02-10T15:00:00.000Z',
    ]);
    expect(list(null, '2026-02-10T09:00', '2026-02-11T00:00Z', '2026-12-31T00:00Z')).toEqual([]);
    expect(list(null, '2026-02-10T09:00', '2026-01-01T00:00Z', '2026-02-10T15:00Z')).toEqual([]);
  });

  it('the start is always the first session, even on a day the rule would not pick', () => {
    // Monday 5 January, then the Tuesdays.
    expect(list('FREQ=WEEKLY;BYDAY=TU', '2026-01-05T15:30', '2026-01-01T00:00Z', '2026-01-14T00:00Z')).toEqual([
      '2026-01-05T21:30:00.000Z',
      '2026-01-06T21:30:00.000Z',
      '2026-01-13T21:30:00.000Z',
    ]);
  });

  it('keeps 15:30 Chicago time all year: 21:30Z in January, 20:30Z in July', () => {
    const [jan] = occurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      start: '2026-01-06T15:30',
      timezone: CHICAGO,
      from: new Date('2026-01-01T00:00Z'),
      until: new Date('2026-01-08T00:00Z'),
    });
    const [jul] = occurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      start: '2026-01-06T15:30',
      timezone: CHICAGO,
      from: new Date('2026-07-01T00:00Z'),
      until: new Date('2026-07-08T00:00Z'),
    });
    expect(jan.toISOString()).toBe('2026-01-06T21:30:00.000Z');
    expect(jul.toISOString()).toBe('2026-07-07T20:30:00.000Z');
  });

  it('spring forward in Chicago (8 March 2026): same wall-clock time, UTC offset goes from -6 to -5', () => {
    const dates = occurrences({
      rrule: 'FREQ=DAILY',
      start: '2026-03-06T15:30',
      timezone: CHICAGO,
      from: new Date('2026-03-06T00:00Z'),
      until: new Date('2026-03-10T00:00Z'),
    });
    expect(iso(dates)).toEqual([
      '2026-03-06T21:30:00.000Z',
      '2026-03-07T21:30:00.000Z',
      '2026-03-08T20:30:00.000Z',
      '2026-03-09T20:30:00.000Z',
    ]);
    expect(dates.map((d) => localTime(d, CHICAGO))).toEqual([
      '2026-03-06 15:30',
      '2026-03-07 15:30',
      '2026-03-08 15:30',
      '2026-03-09 15:30',
    ]);
  });

  it('fall back in Chicago (1 November 2026): same wall-clock time, UTC offset goes from -5 to -6', () => {
    const dates = occurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=SU,MO',
      start: '2026-10-25T15:30',
      timezone: CHICAGO,
      from: new Date('2026-10-25T00:00Z'),
      until: new Date('2026-11-03T00:00Z'),
    });
    expect(iso(dates)).toEqual([
      '2026-10-25T20:30:00.000Z',
      '2026-10-26T20:30:00.000Z',
      '2026-11-01T21:30:00.000Z',
      '2026-11-02T21:30:00.000Z',
    ]);
    expect(new Set(dates.map((d) => localTime(d, CHICAGO).slice(11)))).toEqual(new Set(['15:30']));
  });

  it('a session inside the spring-forward gap (02:30 on 8 March) is skipped; the others keep 02:30', () => {
    expect(list('FREQ=DAILY', '2026-03-06T02:30', '2026-03-01T00:00Z', '2026-03-11T00:00Z')).toEqual([
      '2026-03-06T08:30:00.000Z',
      '2026-03-07T08:30:00.000Z',
      '2026-03-09T07:30:00.000Z',
      '2026-03-10T07:30:00.000Z',
    ]);
  });

  it('a start inside the gap moves forward to 03:30, but later sessions stay at 02:30', () => {
    const dates = occurrences({
      rrule: 'FREQ=DAILY',
      start: '2026-03-08T02:30',
      timezone: CHICAGO,
      from: new Date('2026-03-01T00:00Z'),
      until: new Date('2026-03-11T00:00Z'),
    });
    expect(dates.map((d) => localTime(d, CHICAGO))).toEqual([
      '2026-03-08 03:30',
      '2026-03-09 02:30',
      '2026-03-10 02:30',
    ]);
  });

  it('a session in the repeated hour of fall back (01:30 on 1 November) is the first, daylight-time 01:30', () => {
    expect(list('FREQ=DAILY', '2026-10-31T01:30', '2026-10-30T00:00Z', '2026-11-03T00:00Z')).toEqual([
      '2026-10-31T06:30:00.000Z',
      '2026-11-01T06:30:00.000Z', // 01:30 CDT (-5), not 01:30 CST (07:30Z)
      '2026-11-02T07:30:00.000Z',
    ]);
  });

  it('Pacific/Auckland: the weekday is local (Tuesday 09:00 is Monday in UTC) and NZ daylight time ends in April', () => {
    const dates = occurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      start: '2026-03-31T09:00',
      timezone: 'Pacific/Auckland',
      from: new Date('2026-03-01T00:00Z'),
      until: new Date('2026-04-14T00:00Z'),
    });
    // NZDT is +13 until 5 April 2026, then NZST +12.
    expect(iso(dates)).toEqual(['2026-03-30T20:00:00.000Z', '2026-04-06T21:00:00.000Z', '2026-04-13T21:00:00.000Z']);
    expect(dates.map((d) => localTime(d, 'Pacific/Auckland'))).toEqual([
      '2026-03-31 09:00',
      '2026-04-07 09:00',
      '2026-04-14 09:00',
    ]);
  });

  it('Asia/Kolkata: a half-hour offset (+05:30) with no daylight saving', () => {
    expect(
      list('FREQ=MONTHLY;BYDAY=1WE', '2026-01-07T10:00', '2026-01-01T00:00Z', '2026-08-01T00:00Z', 'Asia/Kolkata'),
    ).toEqual([
      '2026-01-07T04:30:00.000Z',
      '2026-02-04T04:30:00.000Z',
      '2026-03-04T04:30:00.000Z',
      '2026-04-01T04:30:00.000Z',
      '2026-05-06T04:30:00.000Z',
      '2026-06-03T04:30:00.000Z',
      '2026-07-01T04:30:00.000Z',
    ]);
  });

  it('COUNT: the series stops after that many sessions, counted from the start rather than the window', () => {
    const rule = 'FREQ=WEEKLY;BYDAY=TU;COUNT=3';
    expect(list(rule, '2026-01-06T15:30', '2026-01-01T00:00Z', '2027-01-01T00:00Z')).toEqual([
      '2026-01-06T21:30:00.000Z',
      '2026-01-13T21:30:00.000Z',
      '2026-01-20T21:30:00.000Z',
    ]);
    expect(list(rule, '2026-01-06T15:30', '2026-01-14T00:00Z', '2027-01-01T00:00Z')).toEqual([
      '2026-01-20T21:30:00.000Z',
    ]);
  });

  it('UNTIL in UTC is inclusive: a session exactly at UNTIL is the last one', () => {
    expect(
      list('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T213000Z', '2026-01-06T15:30', '2026-01-01T00:00Z', '2027-01-01T00:00Z'),
    ).toEqual(['2026-01-06T21:30:00.000Z', '2026-01-13T21:30:00.000Z', '2026-01-20T21:30:00.000Z']);
    expect(
      list('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120T212959Z', '2026-01-06T15:30', '2026-01-01T00:00Z', '2027-01-01T00:00Z'),
    ).toEqual(['2026-01-06T21:30:00.000Z', '2026-01-13T21:30:00.000Z']);
  });

  it('UNTIL as a date includes that whole local day', () => {
    expect(
      list('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260120', '2026-01-06T15:30', '2026-01-01T00:00Z', '2027-01-01T00:00Z'),
    ).toEqual(['2026-01-06T21:30:00.000Z', '2026-01-13T21:30:00.000Z', '2026-01-20T21:30:00.000Z']);
  });

  it('window: from is inclusive and until is exclusive', () => {
    // Sessions at 13, 20 and 27 January 21:30Z; the window is exactly [13th, 27th).
    expect(list('FREQ=WEEKLY;BYDAY=TU', '2026-01-06T15:30', '2026-01-13T21:30Z', '2026-01-27T21:30Z')).toEqual([
      '2026-01-13T21:30:00.000Z',
      '2026-01-20T21:30:00.000Z',
    ]);
    expect(
      list('FREQ=WEEKLY;BYDAY=TU', '2026-01-06T15:30', '2026-01-13T21:30:00.001Z', '2026-01-27T21:30:00.001Z'),
    ).toEqual(['2026-01-20T21:30:00.000Z', '2026-01-27T21:30:00.000Z']);
  });

  it('window: adjacent windows together give every session exactly once', () => {
    const whole = list('FREQ=WEEKLY;BYDAY=TU,TH', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-03-01T00:00Z');
    const first = list('FREQ=WEEKLY;BYDAY=TU,TH', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-01-20T21:30Z');
    const second = list('FREQ=WEEKLY;BYDAY=TU,TH', '2026-01-06T15:30', '2026-01-20T21:30Z', '2026-03-01T00:00Z');
    expect([...first, ...second]).toEqual(whole);
    expect(whole).toHaveLength(16);
  });

  it('an empty or reversed window, or limit 0, gives nothing', () => {
    expect(list('FREQ=DAILY', '2026-01-06T15:30', '2026-02-01T00:00Z', '2026-02-01T00:00Z')).toEqual([]);
    expect(list('FREQ=DAILY', '2026-01-06T15:30', '2026-02-01T00:00Z', '2026-01-01T00:00Z')).toEqual([]);
    expect(list('FREQ=DAILY', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-02-01T00:00Z', CHICAGO, 0)).toEqual([]);
  });

  it('caps the result at limit, 1000 by default', () => {
    expect(list('FREQ=DAILY', '2026-01-06T15:30', '2026-01-01T00:00Z', '2026-02-01T00:00Z', CHICAGO, 3)).toEqual([
      '2026-01-06T21:30:00.000Z',
      '2026-01-07T21:30:00.000Z',
      '2026-01-08T21:30:00.000Z',
    ]);
    expect(list('FREQ=DAILY', '2026-01-06T15:30', '2026-01-01T00:00Z', '2036-01-01T00:00Z')).toHaveLength(1000);
  });

  it('an open-ended daily rule over 40 years is listed in full (the library alone stops after 10,000 periods)', () => {
    const dates = list('FREQ=DAILY', '2026-01-01T15:30', '2026-01-01T00:00Z', '2066-01-01T00:00Z', CHICAGO, 20_000);
    expect(dates).toHaveLength(14_610); // 40 years of days, 10 of them leap days
    expect(dates[dates.length - 1]).toBe('2065-12-31T21:30:00.000Z');
  });

  it('refuses an invalid rule, start, time zone or limit with a RangeError', () => {
    const base = { start: '2026-01-06T15:30', timezone: CHICAGO, from: new Date(0), until: new Date('2030-01-01Z') };
    expect(() => occurrences({ ...base, rrule: 'FREQ=HOURLY' })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: 'FREQ=DAILY', timezone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: 'FREQ=DAILY', timezone: 'UTC\nRRULE:FREQ=HOURLY' })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: 'FREQ=DAILY', start: '2026-01-06 15:30' })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: 'FREQ=DAILY', start: '2026-02-30T15:30' })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: null, start: '2026-01-06T24:00' })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: 'FREQ=DAILY', limit: -1 })).toThrow(RangeError);
    expect(() => occurrences({ ...base, rrule: 'FREQ=DAILY', from: new Date(NaN) })).toThrow(RangeError);
  });
});

describe('nextOccurrences', () => {
  it('gives the next sessions at or after a moment, however far from the start', () => {
    const next = nextOccurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      start: '2026-01-06T15:30',
      timezone: CHICAGO,
      after: new Date('2026-01-13T21:30Z'),
      count: 2,
    });
    expect(iso(next)).toEqual(['2026-01-13T21:30:00.000Z', '2026-01-20T21:30:00.000Z']);
    const far = nextOccurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      start: '2026-01-06T15:30',
      timezone: CHICAGO,
      after: new Date('2090-01-01T00:00Z'),
    });
    expect(iso(far)).toEqual(['2090-01-03T21:30:00.000Z']);
  });

  it('gives nothing once a bounded series is over', () => {
    const next = nextOccurrences({
      rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2',
      start: '2026-01-06T15:30',
      timezone: CHICAGO,
      after: new Date('2026-01-14T00:00Z'),
    });
    expect(next).toEqual([]);
  });
});

describe('validateCadence', () => {
  const refused = (rrule: string) => {
    const result = validateCadence(rrule);
    if (result.ok) throw new Error(`expected "${rrule}" to be refused, got ${result.normalized}`);
    return result.message;
  };

  it.each([
    ['garbage', /not a rule part/],
    ['', /Enter a repeat rule/],
    ['FREQ=HOURLY', /at most daily/],
    ['FREQ=MINUTELY;INTERVAL=30', /at most daily/],
    ['FREQ=SECONDLY', /at most daily/],
    ['FREQ=FORTNIGHTLY', /FREQ must be/],
    ['BYDAY=TU', /needs a FREQ/],
    ['FREQ=WEEKLY;BYDAY=XX', /"XX" is not a day/],
    ['FREQ=DAILY;COUNT=100000', /COUNT must be a whole number from 1 to 500/],
    ['FREQ=DAILY;COUNT=501', /COUNT must be a whole number from 1 to 500/],
    ['FREQ=DAILY;COUNT=0', /COUNT must be/],
    ['FREQ=WEEKLY;FOO=1', /FOO is not a part/],
    ['FREQ=WEEKLY;X-NAME=1', /X-NAME is not a part/],
    ['FREQ=WEEKLY;BYDAY=TU;BYDAY=WE', /more than once/],
    ['FREQ=WEEKLY;INTERVAL=0', /INTERVAL must be/],
    ['FREQ=WEEKLY;INTERVAL=two', /INTERVAL must be/],
    ['FREQ=WEEKLY;UNTIL=20260601T000000', /must be in UTC and end in Z/],
    ['FREQ=WEEKLY;UNTIL=2026-06-01', /UNTIL must be a date/],
    ['FREQ=WEEKLY;UNTIL=2026-06-01T00:00:00Z', /UNTIL must be a date/],
    ['FREQ=WEEKLY;UNTIL=20260230', /UNTIL must be a date/],
    ['FREQ=WEEKLY;COUNT=3;UNTIL=20260601', /COUNT or UNTIL, not both/],
    ['FREQ=WEEKLY;BYDAY=TU;BYHOUR=9', /Leave out BYHOUR/],
    ['FREQ=WEEKLY;BYDAY=2TH', /needs FREQ=MONTHLY or YEARLY/],
    ['FREQ=MONTHLY;BYDAY=6TH', /must be 1 to 5/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY/],
    ['FREQ=WEEKLY;BYMONTHDAY=1', /BYMONTHDAY cannot be used/],
    ['FREQ=MONTHLY;BYSETPOS=1', /BYSETPOS needs/],
    ['FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30', /never lands on a real date/],
    ['FREQ=WEEKLY;;BYDAY=TU', /empty part/],
    ['DTSTART:20260101T090000Z\nRRULE:FREQ=WEEKLY', /without DTSTART/],
  ])('refuses %j with a plain message', (rrule, expected) => {
    const message = refused(rrule);
    expect(message).toMatch(expected);
    expect(message.length).toBeLessThanOrEqual(90);
  });

  it('accepts common rules and returns one canonical spelling', () => {
    expect(validateCadence('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')).toEqual({
      ok: true,
      normalized: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    });
    expect(validateCadence(' rrule:byday=tu;interval=1;freq=weekly;count=5; ')).toEqual({
      ok: true,
      normalized: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5',
    });
    expect(validateCadence('FREQ=MONTHLY;BYDAY=+2TH')).toEqual({ ok: true, normalized: 'FREQ=MONTHLY;BYDAY=2TH' });
    expect(validateCadence('FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260601T050000Z')).toEqual({
      ok: true,
      normalized: 'FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260601T050000Z',
    });
    expect(validateCadence('FREQ=DAILY;COUNT=500')).toEqual({ ok: true, normalized: 'FREQ=DAILY;COUNT=500' });
    expect(validateCadence('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29')).toEqual({
      ok: true,
      normalized: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29',
    });
  });
});

describe('describeCadence', () => {
  it.each([
    [null, 'Once'],
    ['FREQ=DAILY', 'Daily'],
    ['FREQ=DAILY;INTERVAL=3', 'Every 3 days'],
    ['FREQ=WEEKLY', 'Weekly'],
    ['FREQ=WEEKLY;BYDAY=TU', 'Weekly on Tuesday'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', 'Every 2 weeks on Tuesday'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'Weekly on Monday, Wednesday and Friday'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'Every weekday'],
    ['FREQ=MONTHLY;BYDAY=2TH', 'Monthly on the second Thursday'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'Monthly on the last Friday'],
    ['FREQ=MONTHLY;BYDAY=1MO,3MO', 'Monthly on the first and third Monday'],
    ['FREQ=MONTHLY;BYDAY=TH;BYSETPOS=2', 'Monthly on the second Thursday'],
    ['FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15', 'Every 3 months on the 15th'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'Monthly on the last day'],
    ['FREQ=YEARLY;BYMONTH=9;BYDAY=1MO', 'Yearly in September on the first Monday'],
    ['FREQ=WEEKLY;BYDAY=TU;COUNT=10', 'Weekly on Tuesday, 10 times'],
    ['FREQ=WEEKLY;BYDAY=TU;UNTIL=20260601', 'Weekly on Tuesday, until June 1, 2026'],
  ])('describes %j as %j', (rrule, expected) => {
    expect(describeCadence(rrule)).toBe(expected);
  });

  it('shows a UTC UNTIL as the local date of the district', () => {
    // 04:59:59Z on 2 June is still 1 June in Chicago.
    expect(describeCadence('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260602T045959Z', { timezone: CHICAGO })).toBe(
      'Weekly on Tuesday, until June 1, 2026',
    );
    expect(describeCadence('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260602T045959Z')).toBe(
      'Weekly on Tuesday, until June 2, 2026',
    );
  });

  it('falls back to the library wording for unusual rules', () => {
    expect(describeCadence('FREQ=YEARLY;BYYEARDAY=100')).toBe('Every year on the 100th day of the year');
  });

  it('refuses an invalid rule', () => {
    expect(() => describeCadence('FREQ=HOURLY')).toThrow(RangeError);
  });
});

describe('describeCadence in Spanish', () => {
  const es = (rrule: string | null, timezone?: string) => describeCadence(rrule, { language: 'es', timezone });

  it.each([
    [null, 'Una sola vez'],
    ['FREQ=DAILY', 'Cada día'],
    ['FREQ=DAILY;INTERVAL=3', 'Cada 3 días'],
    ['FREQ=WEEKLY', 'Cada semana'],
    ['FREQ=WEEKLY;BYDAY=WE', 'Cada semana, los miércoles'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', 'Cada 2 semanas, los lunes'],
    ['FREQ=WEEKLY;BYDAY=MO,WE,FR', 'Cada semana, los lunes, miércoles y viernes'],
    ['FREQ=WEEKLY;BYDAY=SA,SU', 'Cada semana, los sábados y domingos'],
    ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', 'De lunes a viernes'],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TU,WE,TH,FR', 'Cada 2 semanas, de lunes a viernes'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR', 'Mensualmente, de lunes a viernes'],
    ['FREQ=MONTHLY;BYDAY=MO', 'Mensualmente, todos los lunes'],
    ['FREQ=MONTHLY;BYDAY=1FR', 'Mensualmente, el primer viernes'],
    ['FREQ=MONTHLY;BYDAY=2TH', 'Mensualmente, el segundo jueves'],
    ['FREQ=MONTHLY;BYDAY=-1FR', 'Mensualmente, el último viernes'],
    ['FREQ=MONTHLY;BYDAY=-2FR', 'Mensualmente, el penúltimo viernes'],
    ['FREQ=MONTHLY;BYDAY=1MO,3MO,-1FR', 'Mensualmente, el primer y tercer lunes y el último viernes'],
    ['FREQ=YEARLY;BYDAY=-10MO,1MO,20MO', 'Anualmente, el primer y 20.º lunes y el 10.º lunes contando desde el final'],
    ['FREQ=MONTHLY;BYDAY=TH;BYSETPOS=2', 'Mensualmente, el segundo jueves'],
    ['FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1', 'Mensualmente, el último día laborable'],
    [
      'FREQ=MONTHLY;BYDAY=MO,FR;BYSETPOS=1,-4',
      'Mensualmente, el primer lunes o viernes y el cuarto lunes o viernes contando desde el final',
    ],
    ['FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15', 'Cada 3 meses, el día 15'],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', 'Mensualmente, el último día'],
    ['FREQ=MONTHLY;BYMONTHDAY=-2', 'Mensualmente, el penúltimo día'],
    [
      'FREQ=MONTHLY;BYMONTHDAY=1,15,-1,-5',
      'Mensualmente, los días 1 y 15, el último día y el quinto día contando desde el final',
    ],
    ['FREQ=YEARLY;BYMONTH=9;BYDAY=1MO', 'Anualmente en septiembre, el primer lunes'],
    ['FREQ=YEARLY;INTERVAL=2;BYMONTH=1,3;BYMONTHDAY=10', 'Cada 2 años en enero y marzo, el día 10'],
    ['FREQ=WEEKLY;BYDAY=TU;COUNT=10', 'Cada semana, los martes, 10 veces'],
    ['FREQ=WEEKLY;BYDAY=TU;COUNT=1', 'Cada semana, los martes, una sola vez'],
    ['FREQ=WEEKLY;BYDAY=WE;UNTIL=20261217', 'Cada semana, los miércoles, hasta el 17 de diciembre de 2026'],
  ])('describes %j as %j', (rrule, expected) => {
    expect(es(rrule)).toBe(expected);
  });

  it('shows a UTC UNTIL as the local date of the district', () => {
    expect(es('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260602T045959Z', CHICAGO)).toBe(
      'Cada semana, los martes, hasta el 1 de junio de 2026',
    );
    expect(es('FREQ=WEEKLY;BYDAY=TU;UNTIL=20260602T045959Z')).toBe(
      'Cada semana, los martes, hasta el 2 de junio de 2026',
    );
  });

  it.each([
    ['FREQ=YEARLY;BYYEARDAY=100', 'Anualmente, según una regla de repetición personalizada'],
    ['FREQ=MONTHLY;BYDAY=MO,-1FR', 'Mensualmente, según una regla de repetición personalizada'],
    ['FREQ=MONTHLY;BYMONTHDAY=1;BYSETPOS=1', 'Mensualmente, según una regla de repetición personalizada'],
    [
      'FREQ=YEARLY;INTERVAL=2;BYMONTH=5;BYWEEKNO=20;BYDAY=MO;COUNT=3',
      'Cada 2 años en mayo, según una regla de repetición personalizada, 3 veces',
    ],
  ])('words the unusual rule %j honestly in Spanish, not in the library English', (rrule, expected) => {
    expect(es(rrule)).toBe(expected);
    // The English falls back to the library's words; the Spanish never does.
    expect(describeCadence(rrule)).not.toContain('personalizada');
  });

  it('is English unless Spanish is asked for', () => {
    expect(describeCadence('FREQ=WEEKLY;BYDAY=WE', { language: 'en' })).toBe('Weekly on Wednesday');
    expect(describeCadence('FREQ=WEEKLY;BYDAY=WE')).toBe('Weekly on Wednesday');
  });

  it('refuses an invalid rule', () => {
    expect(() => es('FREQ=HOURLY')).toThrow(RangeError);
  });
});

describe('localInstant', () => {
  it('resolves a wall-clock time in the zone, as a session start is', () => {
    expect(localInstant('2026-01-06T15:30', CHICAGO).toISOString()).toBe('2026-01-06T21:30:00.000Z');
    expect(localInstant('2026-07-07T15:30', 'America/Denver').toISOString()).toBe('2026-07-07T21:30:00.000Z');
    // Inside the spring-forward gap the time moves forward by the gap; at fall-back the earlier instant is taken.
    expect(localTime(localInstant('2026-03-08T02:30', CHICAGO), CHICAGO)).toBe('2026-03-08 03:30');
    expect(localInstant('2026-11-01T01:30', CHICAGO).toISOString()).toBe('2026-11-01T06:30:00.000Z');
  });
});

describe('the session cap', () => {
  const daily = (until: string) => ({
    rrule: 'FREQ=DAILY',
    start: '2026-01-01T09:00',
    timezone: CHICAGO,
    from: new Date(0),
    until,
  });

  it(`allows exactly ${MAX_SESSIONS} sessions to the end of the last day, not one more`, () => {
    expect(MAX_SESSIONS).toBe(400);
    // 2026-01-01 + 399 days = 2027-02-04: the 400th daily session.
    expect(exceedsSessionCap(daily('2027-02-04'))).toBe(false);
    expect(exceedsSessionCap(daily('2027-02-05'))).toBe(true);
  });

  it('counts only the sessions from `from` on', () => {
    expect(exceedsSessionCap({ ...daily('2027-02-05'), from: new Date('2026-01-02T00:00Z') })).toBe(false);
  });

  it('makes the preview not valid, with the cap in its message, and keeps its dates', () => {
    const query = { cadence: 'FREQ=DAILY', firstStartsAt: '2026-01-01T09:00', timezone: CHICAGO, count: 2 };
    expect(previewCadence({ ...query, scheduleUntil: '2027-02-04' })).toMatchObject({ valid: true, error: null });
    const over = previewCadence({ ...query, scheduleUntil: '2027-02-05' });
    expect(over).toMatchObject({ valid: false, normalized: 'FREQ=DAILY', description: 'Daily' });
    expect(over.error).toContain(String(MAX_SESSIONS));
    expect(over.nextDates).toHaveLength(2);
  });
});
