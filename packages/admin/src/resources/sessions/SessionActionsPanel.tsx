import {
  Box,
  Link as MuiLink,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  useMediaQuery,
  type Theme,
} from '@mui/material';
import { Link, useTranslate } from 'react-admin';
import { ActionStatusChip } from '../../common/ActionStatusChip';
import { TransitionButtons } from '../../common/TransitionButtons';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { DueDate, PracticeChangeButtons, PracticeChangeChip } from '../../common/PracticeChange';

/** The actions agreed in this session (those the API lets the reader see), each movable from here. */
export function SessionActionsPanel({ session }: { session: SessionRecord }) {
  // On a phone each action is a block of its own (what, who, when, its state, its moves); the table needs more room.
  const small = useMediaQuery((t: Theme) => t.breakpoints.down('sm'));
  const translate = useTranslate();
  return (
    <Section title={translate('tl.sessions.actions.title')}>
      {session.actions.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {session.state === 'HELD'
            ? translate('tl.sessions.actions.none_held')
            : translate('tl.sessions.actions.none_yet')}
        </Typography>
      ) : small ? (
        <Stack spacing={2} component="ul" sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {session.actions.map((a) => (
            <Box component="li" key={a.id} sx={{ borderBottom: 1, borderColor: 'divider', pb: 1.5 }}>
              <MuiLink
                component={Link}
                to={`/actions/${encodeURIComponent(a.id)}/show`}
                sx={{ overflowWrap: 'anywhere', display: 'inline-block', minHeight: 44 }}
              >
                {a.description}
              </MuiLink>
              {a.status === 'DONE' && a.practiceChangeEvidence && (
                <Typography variant="caption" color="text.secondary" component="div">
                  {translate('tl.sessions.actions.changed_practice', { evidence: a.practiceChangeEvidence })}
                </Typography>
              )}
              <Typography variant="body2" color="text.secondary" component="div">
                {translate('tl.sessions.actions.owner_due', { owner: a.owner?.displayName ?? '—' })}{' '}
                <DueDate dueOn={a.dueOn} originalDueOn={a.originalDueOn} changed={a.dueDateChanged} />
              </Typography>
              <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mt: 0.5 }}>
                <ActionStatusChip status={a.status} overdue={a.overdue} />
                <PracticeChangeChip status={a.practiceChangeStatus} />
                <TransitionButtons action={a} description={a.description} />
                <PracticeChangeButtons action={a} />
              </Stack>
            </Box>
          ))}
        </Stack>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('tl.sessions.actions.action')}</TableCell>
              <TableCell>{translate('tl.sessions.actions.owner')}</TableCell>
              <TableCell>{translate('tl.sessions.actions.due')}</TableCell>
              <TableCell>{translate('tl.sessions.actions.status')}</TableCell>
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
                      {translate('tl.sessions.actions.changed_practice', { evidence: a.practiceChangeEvidence })}
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
