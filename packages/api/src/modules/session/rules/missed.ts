import type { SessionEntity } from '../session.entity';
import type { SessionClock, SessionClockSql } from '../existence-settings';
import { dueAt, dueAtSql } from './due';

/**
 * Missed: a due session (due.ts) that was neither held nor cancelled: still only scheduled when its scheduled end
 * plus the grace period to log it passed. Nothing is stored for it; it is read off the clock, and it stops being
 * missed if someone logs it late (within the bounds held.ts sets). A session cancelled late is not held either, but
 * it is missed with a reason (cancelled.ts), counted on its own.
 */
export function isMissed(
  s: Pick<SessionEntity, 'status' | 'scheduledAt'>,
  clock: SessionClock,
  now: Date = new Date(),
): boolean {
  return s.status === 'SCHEDULED' && dueAt(s.scheduledAt, clock).getTime() < now.getTime();
}

/** The same rule in SQL, against the database's clock. */
export function missedSql(c: SessionClockSql): string {
  return `(${c.s}.status = 'SCHEDULED' AND ${dueAtSql(c)} < now())`;
}
