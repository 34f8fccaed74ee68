import { parseICalendar, kindOfName } from '../icalendar';
import { nonSchoolDayOn, splitBySchoolDays } from '../../schedule/rules/non-school-day';

const CHICAGO = 'America/Chicago';
const NOW = new Date('2026-11-30T12:00:00Z');

function ics(...events: string[][]): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    ...events.flatMap((e) => ['BEGIN:VEVENT', ...e, 'END:VEVENT']),
    'END:VCALENDAR',
  ].join('\r\n');
}

function days(text: string, tz = CHICAGO) {
  const r = parseICalendar(text, tz, NOW);
  if (!r.ok) throw new Error(r.message);
  return r.days.map((d) => [d.uid, d.startsOn, d.endsOn, d.name]);
}

describe('parseICalendar', () => {
  it('an all-day event ends the day before DTEND; without DTEND it is one day; DURATION counts too', () => {
    expect(
      days(
        ics(
          ['UID:a', 'DTSTART;VALUE=DATE:20261221', 'DTEND;VALUE=DATE:20270104', 'SUMMARY:Winter break'],
          ['UID:b', 'DTSTART;VALUE=DATE:20270118', 'SUMMARY:MLK Day'],
          ['UID:c', 'DTSTART;VALUE=DATE:20270215', 'DURATION:P2D', 'SUMMARY:Mid-winter'],
        ),
      ),
    ).toEqual([
      ['a', '2026-12-21', '2027-01-03', 'Winter break'],
      ['b', '2027-01-18', '2027-01-18', 'MLK Day'],
      ['c', '2027-02-15', '2027-02-16', 'Mid-winter'],
    ]);
  });

  it("reads timed events in their own zone (VTIMEZONE, IANA TZID, UTC, floating) as the district's local days", () => {
    const vtimezone = [
      'BEGIN:VTIMEZONE',
      'TZID:Eastern Standard Time',
      'BEGIN:STANDARD',
      'DTSTART:16011104T020000',
      'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:16010311T020000',
      'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];
    const text = ics(
      // 00:30 in New York is still the day before in Chicago.
      ['UID:vtz', 'DTSTART;TZID=Eastern Standard Time:20270105T003000', 'DURATION:PT20M', 'SUMMARY:A'],
      ['UID:iana', 'DTSTART;TZID=Europe/London:20270105T030000', 'DTEND;TZID=Europe/London:20270105T040000'],
      ['UID:utc', 'DTSTART:20270105T023000Z', 'DTEND:20270105T033000Z', 'SUMMARY:C'],
      ['UID:floating', 'DTSTART:20270105T080000', 'DTEND:20270106T000000', 'SUMMARY:D'],
    ).replace('PRODID:-//test//EN', ['PRODID:-//test//EN', ...vtimezone].join('\r\n'));
    expect(days(text)).toEqual([
      ['vtz', '2027-01-04', '2027-01-04', 'A'],
      ['iana', '2027-01-04', '2027-01-04', 'Non-school day'],
      ['utc', '2027-01-04', '2027-01-04', 'C'],
      // Ends exactly at midnight: the next day is not covered.
      ['floating', '2027-01-05', '2027-01-05', 'D'],
    ]);
  });

  it('expands a recurring event within the window, honouring EXDATE, overrides and cancelled occurrences', () => {
    const text = ics(
      [
        'UID:labor',
        'DTSTART;VALUE=DATE:20200907',
        'RRULE:FREQ=YEARLY;BYMONTH=9;BYDAY=1MO',
        'EXDATE;VALUE=DATE:20270906',
        'SUMMARY:Labor Day',
      ],
      ['UID:labor', 'RECURRENCE-ID;VALUE=DATE:20280904', 'DTSTART;VALUE=DATE:20280905', 'SUMMARY:Labor Day (moved)'],
      ['UID:labor', 'RECURRENCE-ID;VALUE=DATE:20290903', 'DTSTART;VALUE=DATE:20290903', 'STATUS:CANCELLED'],
    );
    // From a year before NOW (2025-11-30) to three years after it.
    expect(days(text)).toEqual([
      ['labor/2026-09-07', '2026-09-07', '2026-09-07', 'Labor Day'],
      ['labor/2028-09-04', '2028-09-05', '2028-09-05', 'Labor Day (moved)'],
    ]);
  });

  it('a cancelled event is left out, and an event without a UID is keyed by its content, the same every time', () => {
    const text = ics(
      ['DTSTART;VALUE=DATE:20270301', 'SUMMARY:No UID'],
      ['UID:gone', 'DTSTART;VALUE=DATE:20270302', 'STATUS:CANCELLED'],
    );
    const first = days(text);
    expect(first).toHaveLength(1);
    expect(first[0][0]).toMatch(/^generated:[0-9a-f]{64}$/);
    expect(days(text)).toEqual(first);
  });

  it('names the kind from the name', () => {
    expect(kindOfName('Spring Break')).toBe('BREAK');
    expect(kindOfName('Winter holidays')).toBe('BREAK');
    expect(kindOfName('Professional Development Day')).toBe('IN_SERVICE');
    expect(kindOfName('Teacher in-service')).toBe('IN_SERVICE');
    expect(kindOfName('Thanksgiving')).toBe('HOLIDAY');
  });

  it('refuses what it cannot use, saying what is wrong', () => {
    const refusal = (text: string) => {
      const r = parseICalendar(text, CHICAGO, NOW);
      return r.ok ? null : r.message;
    };
    expect(refusal('')).toMatch(/empty/);
    expect(refusal('BEGIN:VCARD\r\nEND:VCARD')).toMatch(/BEGIN:VCALENDAR/);
    expect(refusal(ics(['UID:x', 'DTSTART;VALUE=DATE:20270431', 'SUMMARY:April 31']))).toBe(
      'The event "April 31" has a DTSTART that is not a real date.',
    );
    expect(refusal(ics(['UID:x', 'DTSTART;VALUE=DATE:20270101', 'RRULE:FREQ=DAILY', 'SUMMARY:Every day']))).toMatch(
      /more than 1000 events/,
    );
  });
});

describe('the non-school day rule', () => {
  const calendar = [
    { startsOn: '2026-12-21', endsOn: '2027-01-03', name: 'Winter break' },
    { startsOn: '2026-12-25', endsOn: '2026-12-25', name: 'Christmas Day' },
  ];

  it('a day inside an entry, both ends included, is a non-school day; the earliest-starting entry names it', () => {
    expect(nonSchoolDayOn('2026-12-20', calendar)).toBeUndefined();
    expect(nonSchoolDayOn('2026-12-21', calendar)?.name).toBe('Winter break');
    expect(nonSchoolDayOn('2026-12-25', calendar)?.name).toBe('Winter break');
    expect(nonSchoolDayOn('2027-01-03', calendar)?.name).toBe('Winter break');
    expect(nonSchoolDayOn('2027-01-04', calendar)).toBeUndefined();
  });

  it("a session's day is its local day in the district's zone", () => {
    // 2027-01-04 03:00 UTC is the evening of 3 January in Chicago, and 4 January in London.
    const at = new Date('2027-01-04T03:00:00Z');
    expect(splitBySchoolDays([at], CHICAGO, calendar).skipped).toEqual([
      { at, day: '2027-01-03', reason: 'Winter break' },
    ]);
    expect(splitBySchoolDays([at], 'Europe/London', calendar).kept).toEqual([at]);
  });
});
