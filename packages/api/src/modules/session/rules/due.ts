import type { SessionEntity } from '../session.entity';
import type { SessionClock, SessionClockSql } from '../existence-settings';
import { cancelledLateSql, isCancelledLate } from './cancelled';

type Facts = Pick<SessionEntity, 'status' | 'scheduledAt' | 'cancelledAt'>;

/**
 * Due: a session that ought to have happened by now, and so counts in the denominator of the held rate (each due
 * session is held, missed, or missed with a reason).
 *
 * - A session still only scheduled is due once its scheduled end (its scheduled start plus the conversation's usual
 *   duration) plus the district's grace period to log it (`logGraceHours`, default 48) has passed. Until then it is
 *   upcoming (state SCHEDULED), not missed, even after its start: there is still time to log it.
 * - A session logged as held is due from the moment it is held, even one held before its scheduled time.
 * - A session cancelled late (cancelled.ts) is due from the moment it is cancelled: it stays in the denominator.
 * - A session cancelled in time is never due.
 */
export function dueAt(scheduledAt: Date, clock: Pick<SessionClock, 'durationMinutes' | 'logGraceHours'>): Date {
  return new Date(scheduledAt.getTime() + clock.durationMinutes * 60_000 + clock.logGraceHours * 3_600_000);
}

export function isDue(s: Facts, clock: SessionClock, now: Date = new Date()): boolean {
  if (s.status === 'HELD') return true;
  if (s.status === 'CANCELLED') return isCancelledLate(s, clock);
  return dueAt(s.scheduledAt, clock).getTime() < now.getTime();
}

/** The instant a session still only scheduled becomes due, in SQL. */
export function dueAtSql(c: SessionClockSql): string {
  return `(${c.s}.scheduled_at + make_interval(mins => ${c.durationMinutes}, hours => ${c.logGraceHours}))`;
}

/** The same rule in SQL, against the database's clock. */
export function dueSql(c: SessionClockSql): string {
  return `(${c.s}.status = 'HELD' OR ${cancelledLateSql(c)} OR (${c.s}.status = 'SCHEDULED' AND ${dueAtSql(c)} < now()))`;
}
