import ICAL from 'ical.js';
import { calendarText, sessionCalendar, type SessionEventRow } from '../session-events';
import { transitions, vtimezone } from '../vtimezone';

const row: SessionEventRow = {
  id: '11111111-1111-4111-8111-111111111111',
  scheduled_at: new Date('2026-03-10T14:00:00Z'),
  status: 'SCHEDULED',
  ical_sequence: 2,
  ical_changed_at: new Date('2026-01-05T08:09:10Z'),
  duration_minutes: 45,
  title: 'Data team',
  purpose: 'Look at the unit assessment',
  setting: 'Room 5',
  protocol: 'COACHING_CYCLE',
  evidence_to_bring: 'Exit tickets',
  facilitator_name: 'Fa Ci',
  facilitator_email: 'f@example.org',
};

function parse(text: string) {
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return comp;
}

describe('session events', () => {
  test('local wall time under TZID with a VTIMEZONE, across a daylight-saving change', () => {
    const before = {
      ...row,
      id: '22222222-2222-4222-8222-222222222222',
      scheduled_at: new Date('2026-03-05T15:00:00Z'),
    };
    const text = calendarText(
      sessionCalendar([before, row], {
        name: 'Mine',
        timezone: 'America/New_York',
        publicUrl: 'https://t.example.org',
      }),
    );
    expect(text).toContain('DTSTART;TZID=America/New_York:20260305T100000');
    expect(text).toContain('DTSTART;TZID=America/New_York:20260310T100000');
    expect(text).toMatch(/DTSTAMP:20260105T080910Z/);
    const comp = parse(text);
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      '2026-03-05T15:00:00.000Z',
      '2026-03-10T14:00:00.000Z',
    ]);
    expect(events[1].endDate.toJSDate().toISOString()).toBe('2026-03-10T14:45:00.000Z');
    expect(events[1].uid).toBe('session-11111111-1111-4111-8111-111111111111@throughline');
    expect(events[1].sequence).toBe(2);
    expect(events[1].location).toBe('Room 5');
    expect(events[1].description).toContain('Exit tickets');
    expect(events[1].description).toContain('https://t.example.org/#/sessions/');
  });

  test('a cancellation: METHOD:CANCEL, STATUS:CANCELLED', () => {
    const text = calendarText(
      sessionCalendar([{ ...row, status: 'CANCELLED', ical_sequence: 3 }], {
        name: 'x',
        timezone: 'Europe/Berlin',
        publicUrl: null,
        method: 'CANCEL',
        attendee: { name: 'A B', email: 'a@example.org' },
      }),
    );
    const comp = parse(text);
    expect(comp.getFirstPropertyValue('method')).toBe('CANCEL');
    const v = comp.getFirstSubcomponent('vevent')!;
    expect(v.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(v.getFirstPropertyValue('sequence')).toBe(3);
    expect(new ICAL.Event(v).startDate.toJSDate().toISOString()).toBe('2026-03-10T14:00:00.000Z');
  });

  test('VTIMEZONE observances', () => {
    const t = transitions('America/New_York', 2026, 2026);
    expect(t.map((x) => new Date(x.at).toISOString())).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
    ]);
    expect(vtimezone('Asia/Kolkata', 2026, 2027)).toContain('TZOFFSETTO:+0530');
  });
});
