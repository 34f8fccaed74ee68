import type { ActionStatus } from '@throughline/shared';

/*
 * Follow-through is measured against the ORIGINAL due date: the one the action was created with
 * (`original_due_on`, never changed; a later change of `dueOn` is recorded in action_date_change and does not move
 * the action in or out of a window). Each rule in words, as a TypeScript predicate, and as SQL over an action alias.
 * Days are 'YYYY-MM-DD' strings here, SQL date expressions or parameters below.
 */

/**
 * Came due: the action's original due day is on a day of the window [from, to] and before today in the district,
 * whatever its status (a DROPPED or reopened action still came due).
 */
export function cameDue(a: { originalDueOn: string }, from: string, to: string, today: string): boolean {
  return a.originalDueOn >= from && a.originalDueOn <= to && a.originalDueOn < today;
}

export function cameDueSql(alias: string, from: string, to: string, today: string): string {
  return `(${alias}.original_due_on BETWEEN ${from} AND ${to} AND ${alias}.original_due_on < ${today})`;
}

/**
 * Done on time: the action is DONE and its completion day is on or before its original due day. The completion
 * day is bounded by the server's completion time (rules/completion.ts), so it cannot be backdated to "on time".
 */
export function isDoneOnTime(a: { status: ActionStatus; completedOn: string | null; originalDueOn: string }): boolean {
  return a.status === 'DONE' && a.completedOn !== null && a.completedOn <= a.originalDueOn;
}

export function doneOnTimeSql(alias: string): string {
  return `(${alias}.status = 'DONE' AND ${alias}.completed_on <= ${alias}.original_due_on)`;
}

/** The due date was moved since the action was created (its current due day differs, or a change was recorded). */
export function dueDateChanged(a: { dueOn: string; originalDueOn: string }, recordedChanges: number): boolean {
  return a.dueOn !== a.originalDueOn || recordedChanges > 0;
}
