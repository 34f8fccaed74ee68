import { SessionState } from '@throughline/shared';
import type { SessionEntity } from '../session.entity';
import type { SessionClock, SessionClockSql } from '../existence-settings';
import { heldSql, isHeld } from './held';
import { cancelledInTimeSql, cancelledLateSql, isCancelledLate } from './cancelled';
import { isMissed, missedSql } from './missed';

/**
 * The state a session is shown in, each from the rule of its own file:
 * - HELD: logged as held (held.ts);
 * - CANCELLED: cancelled in time, out of the counts; MISSED_WITH_REASON: cancelled late, due and not held
 *   (cancelled.ts);
 * - MISSED: due and never held nor cancelled (missed.ts);
 * - SCHEDULED: none of these yet: upcoming, under way, or ended less than the grace period to log it ago (due.ts).
 */
export function stateOf(
  s: Pick<SessionEntity, 'status' | 'scheduledAt' | 'cancelledAt'>,
  clock: SessionClock,
  now: Date = new Date(),
): SessionState {
  if (isHeld(s)) return SessionState.HELD;
  if (s.status === 'CANCELLED') return isCancelledLate(s, clock) ? SessionState.MISSED_WITH_REASON : s.status;
  return isMissed(s, clock, now) ? SessionState.MISSED : SessionState.SCHEDULED;
}

/** The sessions in any of `states`, in SQL. */
export function stateSql(states: SessionState[], c: SessionClockSql): string {
  const parts = [...new Set(states)].map((st) => {
    switch (st) {
      case SessionState.HELD:
        return heldSql(c.s);
      case SessionState.CANCELLED:
        return cancelledInTimeSql(c);
      case SessionState.MISSED_WITH_REASON:
        return cancelledLateSql(c);
      case SessionState.MISSED:
        return missedSql(c);
      default:
        return `(${c.s}.status = 'SCHEDULED' AND NOT ${missedSql(c)})`;
    }
  });
  return `(${parts.join(' OR ')})`;
}
