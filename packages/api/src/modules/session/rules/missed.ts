import type { SessionEntity } from '../session.entity';

/**
 * Missed: a session whose scheduled time has passed while it is still only scheduled, neither logged as held nor
 * cancelled. Nothing is stored for it; it is read off the clock, so a session becomes missed the moment its time
 * passes unlogged, and stops being missed once someone logs it late.
 */
export function isMissed(s: Pick<SessionEntity, 'status' | 'scheduledAt'>, now: Date = new Date()): boolean {
  return s.status === 'SCHEDULED' && s.scheduledAt.getTime() < now.getTime();
}

/** The same rule in SQL over the session alias `alias`, against the database's clock. */
export function missedSql(alias: string): string {
  return `(${alias}.status = 'SCHEDULED' AND ${alias}.scheduled_at < now())`;
}
