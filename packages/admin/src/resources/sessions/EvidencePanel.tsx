import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Section } from './Section';
import type { SessionRecord } from './types';
import { formatDay } from '../../common/when';
import { useTranslate } from 'react-admin';

/** The evidence the conversation drew on, dated so that "recent" can be judged. */
export function EvidencePanel({ session }: { session: SessionRecord }) {
  const translate = useTranslate();
  return (
    <Section title={translate('tl.sessions.evidence.title')}>
      {session.evidence.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {session.state === 'HELD'
            ? translate('tl.sessions.evidence.none_held')
            : translate('tl.sessions.evidence.none_yet')}
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('tl.sessions.evidence.kind')}</TableCell>
              <TableCell>{translate('tl.sessions.evidence.description')}</TableCell>
              <TableCell>{translate('tl.sessions.evidence.collected_on')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {session.evidence.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{translate(`tl.sessions.evidence_kinds.${e.kind}`, { _: e.kind })}</TableCell>
                <TableCell>{e.description}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDay(e.collectedOn)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
