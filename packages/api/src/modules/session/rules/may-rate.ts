import type { EntityManager } from 'typeorm';
import { AttendanceEntity, type SessionEntity } from '../session.entity';
import { isHeld } from './held';

/**
 * Who may rate a session: someone who attended it, once it has been held. A rating judges the session as it went,
 * which only those in the room can do, and before it is held there is nothing to judge. Reflecting on a session
 * follows the same rule.
 *
 * The refusals are told apart because callers answer them differently: a session not held is a mistake in the
 * input, named by its field; a held session one did not attend is not one's to rate (FORBIDDEN).
 */
export async function whyMayNotRate(
  manager: EntityManager,
  session: SessionEntity,
  staffMemberId: string,
): Promise<'NOT_HELD' | 'NOT_ATTENDEE' | null> {
  if (!isHeld(session)) return 'NOT_HELD';
  const attended = await manager.exists(AttendanceEntity, {
    where: { districtId: session.districtId, sessionId: session.id, staffMemberId },
  });
  return attended ? null : 'NOT_ATTENDEE';
}
