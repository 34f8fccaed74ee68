import type { SessionEntity } from '../session.entity';

/**
 * Held: a session someone has logged as held (status HELD), with its attendance, time and duration. Only a held
 * session has anything to rate, reflect on or act upon, so ratings, reflections and actions all require it. A held
 * session counts as due from the moment it is held (due.ts), even one held before its scheduled time.
 *
 * A log is accepted only when it describes a session that took place:
 * - Who: every attendee is an active staff member of the district, and either the facilitator (the one recorded on
 *   the session: its conversation's when it was scheduled, see session/expected-record.ts), an expected
 *   participant (expected.ts), or named explicitly as a guest (`guestIds`, apart from `attendeeIds`). Someone already
 *   recorded as an attendee of the session stays acceptable when the log is corrected later.
 * - Enough of them: the facilitator attended, or a quorum of the expected participants did: at least the district's
 *   `heldQuorum` share of them (default 0.5: 1 of 1 or 2, 2 of 3 or 4). Guests do not count towards it.
 * - When: from 7 days before to 14 days after the scheduled start (both included), and not in the future.
 */
export const HELD_EARLY_DAYS = 7;
export const HELD_LATE_DAYS = 14;

const DAY_MS = 86_400_000;

export function isHeld(s: Pick<SessionEntity, 'status'>): boolean {
  return s.status === 'HELD';
}

/** The same rule in SQL over the session alias `alias`. */
export function heldSql(alias: string): string {
  return `${alias}.status = 'HELD'`;
}

/** Whether a session scheduled at `scheduledAt` may have been held at `heldAt` (the future is checked apart). */
export function heldTimeInBounds(scheduledAt: Date, heldAt: Date): boolean {
  const offset = heldAt.getTime() - scheduledAt.getTime();
  return offset >= -HELD_EARLY_DAYS * DAY_MS && offset <= HELD_LATE_DAYS * DAY_MS;
}

/** How many of `expected` participants make a quorum at a share of `heldQuorum` (kept to three decimals). */
export function quorumOf(expected: number, heldQuorum: number): number {
  return Math.ceil((Math.round(heldQuorum * 1000) * expected) / 1000);
}

/** Whether the people who attended make a session held: the facilitator, or a quorum of the expected participants. */
export function enoughToHold(a: {
  facilitatorAttended: boolean;
  expectedAttended: number;
  expected: number;
  heldQuorum: number;
}): boolean {
  return a.facilitatorAttended || (a.expected > 0 && a.expectedAttended >= quorumOf(a.expected, a.heldQuorum));
}
