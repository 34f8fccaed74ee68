import type { SessionEntity } from '../session.entity';

/**
 * Held: a session someone has logged as held (status HELD), with its attendance, time and duration. Only a held
 * session has anything to rate, reflect on or act upon, so ratings, reflections and actions all require it.
 * The funnel counts a held session only once it is also due (see due.ts): one logged ahead of its scheduled time
 * joins the counts when that time comes.
 */
export function isHeld(s: Pick<SessionEntity, 'status'>): boolean {
  return s.status === 'HELD';
}

/** The same rule in SQL over the session alias `alias`. */
export function heldSql(alias: string): string {
  return `${alias}.status = 'HELD'`;
}
