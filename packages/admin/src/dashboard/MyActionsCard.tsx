import { Box, Button, ListItem, ListItemText } from '@mui/material';
import { Link } from 'react-admin';
import { ActionStatusChip } from '../common/ActionStatusChip';
import { TransitionButtons } from '../common/TransitionButtons';
import { formatDay } from '../common/when';
import { ListCard } from './ListCard';
import { useGraphqlQuery } from '../common/useGraphqlQuery';

interface Mine {
  actionItems: {
    totalCount: number;
    nodes: {
      id: string;
      description: string;
      dueOn: string;
      status: string;
      overdue: boolean;
      version: number;
      session: { conversation: { title: string } | null } | null;
    }[];
  };
}

const QUERY = `{ actionItems(first: 8, filter: { mine: true, status: [OPEN, IN_PROGRESS] }) {
  totalCount nodes { id description dueOn status overdue version session { conversation { title } } } } }`;

/** The reader's open actions by due date, each movable right here (done asks for the evidence of changed practice). */
export function MyActionsCard() {
  const { data, isPending, error } = useGraphqlQuery<Mine>(['myActions'], QUERY);
  const list = data?.actionItems;
  return (
    <ListCard
      title="Your actions"
      subtitle={list ? `${list.totalCount} open or in progress` : undefined}
      loading={isPending}
      error={error}
      empty={list?.totalCount === 0 && 'No open actions. Actions agreed in your sessions will appear here.'}
      action={
        <Button component={Link} to={`/actions?filter=${encodeURIComponent('{"mine":true}')}`}>
          All your actions
        </Button>
      }
    >
      {(list?.nodes ?? []).map((a) => (
        <ListItem key={a.id} divider alignItems="flex-start">
          <Box sx={{ flex: 1 }}>
            <ListItemText
              primary={
                <Link to={`/actions/${encodeURIComponent(a.id)}/show`} style={{ color: 'inherit' }}>
                  {a.description}
                </Link>
              }
              secondary={`Due ${formatDay(a.dueOn)} · ${a.session?.conversation?.title ?? ''}`}
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
