import { ACTION_TRANSITIONS, type ActionStatus } from '@throughline/shared';
import { graphql } from '../portal';

/** The minimum a transition needs from an action. */
export interface Movable {
  id: string;
  status: string;
  version: number;
}

/** What each allowed move is called, from where it starts. */
export function moveLabel(from: string, to: ActionStatus): string {
  if (to === 'DONE') return 'Mark done';
  if (to === 'DROPPED') return 'Drop';
  if (to === 'IN_PROGRESS') return from === 'OPEN' ? 'Start' : 'Reopen (in progress)';
  return from === 'DROPPED' ? 'Reopen' : 'Back to open';
}

/** The moves the shared rules allow from a status (OPEN -> IN_PROGRESS | DONE | DROPPED, and so on). */
export function movesFrom(status: string): readonly ActionStatus[] {
  return ACTION_TRANSITIONS[status as ActionStatus] ?? [];
}

const TRANSITION = `mutation($input: ActionItemTransitionInput!) {
  actionItemTransition(input: $input) { actionItem { id status version completedOn practiceChangeEvidence overdue } }
}`;

/** What marking an action done takes: the day, what was done (required), and any evidence of changed practice. */
export interface Completion {
  completedOn: string;
  completionEvidence: string;
  practiceChangeEvidence: string | null;
}

export function transitionAction(action: Movable, status: ActionStatus, done?: Completion): Promise<unknown> {
  return graphql(TRANSITION, { input: { id: action.id, version: action.version, status, ...(done ?? {}) } });
}
