import { Button, ListItemButton, ListItemText } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { formatDay } from '../common/when';
import { ListCard, TO_TOP } from './ListCard';

export interface OverdueAction {
  id: string;
  description: string;
  dueOn: string;
  owner: { displayName: string } | null;
}

export const OVERDUE_FIELDS = `overdueActions { id description dueOn owner { displayName } } overdueActionsCount`;

const SHOWN = 8;

/** Actions overdue today and still open, oldest due first: who owes what since when, whatever the window. */
export function OverdueActionsCard({
  actions,
  count,
  loading,
}: {
  actions: OverdueAction[] | undefined;
  /** All of them (the list is capped). */
  count: number | undefined;
  loading: boolean;
}) {
  const translate = useTranslate();
  const total = count ?? actions?.length ?? 0;
  return (
    <ListCard
      title="tl.dashboard.overdue.title"
      subtitle={total ? translate('tl.dashboard.overdue.count', { smart_count: total }) : undefined}
      loading={loading}
      empty={total === 0 && 'tl.dashboard.overdue.empty'}
      action={
        total > SHOWN && (
          <Button component={Link} state={TO_TOP} to={`/actions?filter=${encodeURIComponent('{"overdue":true}')}`}>
            {translate('tl.dashboard.overdue.all')}
          </Button>
        )
      }
    >
      {(actions ?? []).slice(0, SHOWN).map((a) => (
        <ListItemButton key={a.id} component={Link} state={TO_TOP} to={`/actions/${encodeURIComponent(a.id)}/show`}>
          <ListItemText
            primary={a.description}
            secondary={translate('tl.dashboard.overdue.row', {
              owner: a.owner?.displayName ?? translate('tl.dashboard.overdue.no_owner'),
              due: formatDay(a.dueOn),
            })}
          />
        </ListItemButton>
      ))}
    </ListCard>
  );
}
