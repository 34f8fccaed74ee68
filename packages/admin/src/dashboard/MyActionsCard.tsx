import { Box, Button, ListItem, ListItemText } from '@mui/material';
import { Link, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
  return (
    <ListCard
      title="tl.dashboard.my_actions.title"
      subtitle={list ? translate('tl.dashboard.my_actions.count', { smart_count: list.totalCount }) : undefined}
      loading={loading}
      error={error}
      empty={list?.totalCount === 0 && 'tl.dashboard.my_actions.empty'}
      action={
        <Button
          component={Link}
          state={TO_TOP}
          sx={{ minHeight: 44 }}
          to={`/actions?filter=${encodeURIComponent('{"mine":true}')}`}
        >
          {translate('tl.dashboard.my_actions.all')}
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
              secondary={translate('tl.dashboard.my_actions.row', {
                due: formatDay(a.dueOn),
                title: a.session?.conversation?.title ?? '',
              })}
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
