import { stateOf } from '../rules/state';
import { dueAt, isDue } from '../rules/due';
import { isCancelledInTime, mayCancel } from '../rules/cancelled';
import { enoughToHold, heldTimeInBounds, quorumOf } from '../rules/held';
import { attendanceRate } from '../rules/attendance';
import type { SessionClock } from '../existence-settings';

const H = 3_600_000;
const clock: SessionClock = { durationMinutes: 60, logGraceHours: 48, cancelNoticeHours: 24 };
const start = new Date('2026-03-10T15:00:00Z');
const after = (hours: number) => new Date(start.getTime() + hours * H);
const scheduled = { status: 'SCHEDULED' as const, scheduledAt: start, cancelledAt: null };

describe('the session rules, by their definitions', () => {
  it('due: once the scheduled end plus the grace period has passed, not a minute in', () => {
    expect(dueAt(start, clock)).toEqual(after(49));
    expect(stateOf(scheduled, clock, after(2 / 60))).toBe('SCHEDULED');
    expect(stateOf(scheduled, clock, after(49))).toBe('SCHEDULED');
    expect(stateOf(scheduled, clock, after(49.01))).toBe('MISSED');
    expect(isDue(scheduled, clock, after(48.99))).toBe(false);
  });

  it('held is due at once, even ahead of its time', () => {
    expect(isDue({ ...scheduled, status: 'HELD' }, clock, after(-72))).toBe(true);
  });

  it('cancelled at least the notice before the start is in time; later, missed with a reason and due', () => {
    const cancelled = (hours: number) => ({
      status: 'CANCELLED' as const,
      scheduledAt: start,
      cancelledAt: after(hours),
    });
    expect(isCancelledInTime(cancelled(-24), clock)).toBe(true);
    expect(stateOf(cancelled(-24), clock, after(100))).toBe('CANCELLED');
    expect(stateOf(cancelled(-23.9), clock, after(-23))).toBe('MISSED_WITH_REASON');
    expect(isDue(cancelled(1), clock, after(1))).toBe(true);
    expect(stateOf({ ...cancelled(0), cancelledAt: null }, clock)).toBe('MISSED_WITH_REASON');
  });

  it('a session may be cancelled until its start plus the grace period, not after', () => {
    expect(mayCancel(scheduled, clock, after(48))).toBe(true);
    expect(mayCancel(scheduled, clock, after(48.01))).toBe(false);
  });

  it('held time: from 7 days before to 14 days after the scheduled start', () => {
    expect(heldTimeInBounds(start, after(-7 * 24))).toBe(true);
    expect(heldTimeInBounds(start, after(-7 * 24 - 0.01))).toBe(false);
    expect(heldTimeInBounds(start, after(14 * 24))).toBe(true);
    expect(heldTimeInBounds(start, after(14 * 24 + 0.01))).toBe(false);
  });

  it('quorum: the smallest number at or above the share; the facilitator alone is enough', () => {
    expect([1, 2, 3, 4, 5].map((n) => quorumOf(n, 0.5))).toEqual([1, 1, 2, 2, 3]);
    expect(quorumOf(3, 0.333)).toBe(1);
    expect(quorumOf(4, 1)).toBe(4);
    const held = (facilitatorAttended: boolean, expectedAttended: number, expected: number) =>
      enoughToHold({ facilitatorAttended, expectedAttended, expected, heldQuorum: 0.5 });
    expect([held(false, 1, 3), held(false, 2, 3), held(true, 0, 3), held(false, 0, 0)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('attendance rate: null with nobody expected', () => {
    expect([attendanceRate(3, 4), attendanceRate(0, 0)]).toEqual([0.75, null]);
  });
});
