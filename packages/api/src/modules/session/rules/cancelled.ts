import type { SessionEntity } from '../session.entity';
import type { SessionClock, SessionClockSql } from '../existence-settings';

type Facts = Pick<SessionEntity, 'status' | 'scheduledAt' | 'cancelledAt'>;

/**
 * Cancelled in time, or missed with a reason. When a session is cancelled is recorded by the server's clock
 * (`cancelledAt`), never taken from the input.
 *
 * - Cancelled in time: cancelled at least the district's notice period (`cancelNoticeHours`, default 24) before its
 *   scheduled start. It was never expected to happen: it is out of the denominator (state CANCELLED).
 * - Cancelled late: cancelled with less notice, or after its start. It counts as missed with a reason (state
 *   MISSED_WITH_REASON): due from the moment it is cancelled, not held, and counted on its own (missedWithReason).
 *   A cancelled session without a recorded time counts as cancelled late.
 * - No tidy-up after the fact: a session whose scheduled start is more than the grace period to log it
 *   (`logGraceHours`) in the past can no longer be cancelled at all (mayCancel), so its outcome stays as it was.
 */
export function noticeDeadline(scheduledAt: Date, clock: Pick<SessionClock, 'cancelNoticeHours'>): Date {
  return new Date(scheduledAt.getTime() - clock.cancelNoticeHours * 3_600_000);
}

export function isCancelledInTime(s: Facts, clock: Pick<SessionClock, 'cancelNoticeHours'>): boolean {
  return (
    s.status === 'CANCELLED' &&
    s.cancelledAt !== null &&
    s.cancelledAt.getTime() <= noticeDeadline(s.scheduledAt, clock).getTime()
  );
}

export function isCancelledLate(s: Facts, clock: Pick<SessionClock, 'cancelNoticeHours'>): boolean {
  return s.status === 'CANCELLED' && !isCancelledInTime(s, clock);
}

/** Whether a session may still be cancelled at `now`: until its scheduled start plus the grace period to log it. */
export function mayCancel(
  s: Pick<SessionEntity, 'scheduledAt'>,
  clock: Pick<SessionClock, 'logGraceHours'>,
  now: Date = new Date(),
): boolean {
  return now.getTime() <= s.scheduledAt.getTime() + clock.logGraceHours * 3_600_000;
}

/** Cancelled in time, in SQL. */
export function cancelledInTimeSql(c: SessionClockSql): string {
  return `(${c.s}.status = 'CANCELLED' AND coalesce(${c.s}.cancelled_at <= ${c.s}.scheduled_at - make_interval(hours => ${c.cancelNoticeHours}), false))`;
}

/** Cancelled late (missed with a reason), in SQL. */
export function cancelledLateSql(c: SessionClockSql): string {
  return `(${c.s}.status = 'CANCELLED' AND NOT coalesce(${c.s}.cancelled_at <= ${c.s}.scheduled_at - make_interval(hours => ${c.cancelNoticeHours}), false))`;
}
