import { Box, Button, ListItem, ListItemText } from '@mui/material';
import { Link } from 'react-admin';
import { ActionStatusChip } from '../common/ActionStatusChip';
import { TransitionButtons } from '../common/TransitionButtons';
import { formatDay } from '../common/when';
import { ListCard, TO_TOP } from './ListCard';
import type { MyAction } from './query';

/** The reader's open actions by due date, each movable right here (done asks for the evidence of changed practice). */
export function MyActionsCard({
  list,
  loading,
  error,
}: {
  list: { totalCount: number; nodes: MyAction[] } | undefined;
  loading: boolean;
  error?: unknown;
}) {
  return (
    <ListCard
      title="Your actions"
      subtitle={list ? `${list.totalCount} open or in progress` : undefined}
      loading={loading}
      error={error}
      empty={list?.totalCount === 0 && 'No open actions. Actions agreed in your sessions will appear here.'}
      action={
        <Button
          component={Link}
          state={TO_TOP}
          sx={{ minHeight: 44 }}
          to={`/actions?filter=${encodeURIComponent('{"mine":true}')}`}
        >
          All your actions
        </Button>
      }
    >
      {(list?.nodes ?? []).map((a) => (
        <ListItem key={a.id} divider alignItems="flex-start" sx={{ px: { xs: 0, sm: 2 } }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <ListItemText
              primary={
                <Link to={`/actions/${encodeURIComponent(a.id)}/show`} style={{ color: 'inherit' }}>
                  {a.description}
                </Link>
              }
              secondary={`Due ${formatDay(a.dueOn)} · ${a.session?.conversation?.title ?? ''}`}
              sx={{ overflowWrap: 'anywhere' }}
            />
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
              <ActionStatusChip status={a.status} overdue={a.overdue} />
              <TransitionButtons action={a} description={a.description} />
            </Box>
          </Box>
        </ListItem>
      ))}
    </ListCard>
  );
}
