import { Button, ListItemButton, ListItemText } from '@mui/material';
import { Link } from 'react-admin';
import { formatDay } from '../common/when';
import { ListCard } from './ListCard';

export interface OverdueAction {
  id: string;
  description: string;
  dueOn: string;
  owner: { displayName: string } | null;
}

export const OVERDUE_FIELDS = `overdueActions { id description dueOn owner { displayName } }`;

const SHOWN = 8;

/** Actions past due and still open, oldest due first: who owes what since when. */
export function OverdueActionsCard({ actions, loading }: { actions: OverdueAction[] | undefined; loading: boolean }) {
  const total = actions?.length ?? 0;
  return (
    <ListCard
      title="Overdue actions"
      subtitle={total ? `${total} past due and still open` : undefined}
      loading={loading}
      empty={total === 0 && 'Nothing overdue: every action due so far is done, dropped or not yet due.'}
      action={
        total > SHOWN && (
          <Button component={Link} to={`/actions?filter=${encodeURIComponent('{"overdue":true}')}`}>
            All overdue actions
          </Button>
        )
      }
    >
      {(actions ?? []).slice(0, SHOWN).map((a) => (
        <ListItemButton key={a.id} component={Link} to={`/actions/${encodeURIComponent(a.id)}/show`}>
          <ListItemText
            primary={a.description}
            secondary={`${a.owner?.displayName ?? 'No owner'} · due ${formatDay(a.dueOn)}`}
          />
        </ListItemButton>
      ))}
    </ListCard>
  );
}
