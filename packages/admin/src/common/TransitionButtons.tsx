import { Button, Stack } from '@mui/material';
import type { ActionStatus } from '@throughline/shared';
import { useState } from 'react';
import { useCanAccess, useNotify, useRefresh } from 'react-admin';
import { useApiFailureNotice } from './apiFailure';
import { CompleteActionDialog } from './CompleteActionDialog';
import { STATUS_LABELS } from './ActionStatusChip';
import { moveLabel, movesFrom, transitionAction, type Movable } from './actionTransition';

/**
 * The moves an action may make from where it is, as buttons. "Mark done" opens a dialog for the day and the evidence
 * of changed practice. The API decides who may move it (its owner, or those who manage its session) and says so.
 */
export function TransitionButtons({ action, description }: { action: Movable; description: string }) {
  const { canAccess } = useCanAccess({ resource: 'actions', action: 'edit' });
  const [completing, setCompleting] = useState(false);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const refresh = useRefresh();
  const notice = useApiFailureNotice({ pointToFields: true });
  if (!canAccess) return null;

  const move = async (to: ActionStatus) => {
    setBusy(true);
    try {
      await transitionAction(action, to);
      notify('tl.common.moves.moved', {
        type: 'success',
        messageArgs: { status: STATUS_LABELS[to].toLowerCase() },
      });
      refresh();
    } catch (error) {
      notice(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack direction="row" spacing={0.5} onClick={(e) => e.stopPropagation()}>
      {movesFrom(action.status).map((to) => (
        <Button
          key={to}
          size="small"
          variant={to === 'DONE' ? 'contained' : 'text'}
          disabled={busy}
          onClick={() => (to === 'DONE' ? setCompleting(true) : move(to))}
        >
          {moveLabel(action.status, to)}
        </Button>
      ))}
      {completing && (
        <CompleteActionDialog open action={action} description={description} onClose={() => setCompleting(false)} />
      )}
    </Stack>
  );
}
