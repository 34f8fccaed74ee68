import { Link as MuiLink, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Link } from 'react-admin';
import { ActionStatusChip } from '../../common/ActionStatusChip';
import { TransitionButtons } from '../../common/TransitionButtons';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { DueDate, PracticeChangeButtons, PracticeChangeChip } from '../../common/PracticeChange';

/** The actions agreed in this session (those the API lets the reader see), each movable from here. */
export function SessionActionsPanel({ session }: { session: SessionRecord }) {
  return (
    <Section title="Actions from this session">
      {session.actions.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {session.state === 'HELD'
            ? 'No actions were recorded. Actions are added when the session is logged.'
            : 'Actions are recorded when the session is logged as held.'}
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Action</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Due</TableCell>
              <TableCell>Status</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {session.actions.map((a) => (
              <TableRow key={a.id}>
                <TableCell>
                  <MuiLink component={Link} to={`/actions/${encodeURIComponent(a.id)}/show`}>
                    {a.description}
                  </MuiLink>
                  {a.status === 'DONE' && a.practiceChangeEvidence && (
                    <Typography variant="caption" color="text.secondary" component="div">
                      Changed practice: {a.practiceChangeEvidence}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>{a.owner?.displayName ?? '—'}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <DueDate dueOn={a.dueOn} originalDueOn={a.originalDueOn} changed={a.dueDateChanged} />
                </TableCell>
                <TableCell>
                  <ActionStatusChip status={a.status} overdue={a.overdue} />
                  <PracticeChangeChip status={a.practiceChangeStatus} />
                </TableCell>
                <TableCell>
                  <TransitionButtons action={a} description={a.description} />
                  <PracticeChangeButtons action={a} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
