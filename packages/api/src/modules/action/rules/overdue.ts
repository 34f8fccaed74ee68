import type { ActionStatus } from '@throughline/shared';

/**
 * Overdue: an action still to be done (OPEN or IN_PROGRESS) whose due day is over in the district, that is, due
 * before today in the district's zone. An action due today is not overdue until tomorrow there; one DONE or
 * DROPPED is never overdue, however late it was finished.
 *
 * `today` is the district's today: a 'YYYY-MM-DD' string here, an SQL date expression or parameter below.
 */
export function isOverdue(a: { status: ActionStatus; dueOn: string }, today: string): boolean {
  return (a.status === 'OPEN' || a.status === 'IN_PROGRESS') && a.dueOn < today;
}

/** The same rule in SQL over the action alias `alias`. */
export function overdueSql(alias: string, today: string): string {
  return `(${alias}.status IN ('OPEN', 'IN_PROGRESS') AND ${alias}.due_on < ${today})`;
}
