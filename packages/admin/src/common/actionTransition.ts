import { ACTION_TRANSITIONS, type ActionStatus } from '@throughline/shared';
import { graphql } from '../portal';
import { t } from '../i18n/translate';

/** The minimum a transition needs from an action. */
export interface Movable {
  id: string;
  status: string;
  version: number;
}

/** What each allowed move is called, from where it starts (in the current language). */
export function moveLabel(from: string, to: ActionStatus): string {
  if (to === 'DONE') return t('tl.common.moves.done');
  if (to === 'DROPPED') return t('tl.common.moves.drop');
  if (to === 'IN_PROGRESS') return t(from === 'OPEN' ? 'tl.common.moves.start' : 'tl.common.moves.reopen_in_progress');
  return t(from === 'DROPPED' ? 'tl.common.moves.reopen' : 'tl.common.moves.back_to_open');
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
