import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Section } from './Section';
import { EVIDENCE_KINDS, type SessionRecord } from './types';
import { formatDay } from '../../common/when';

const KIND = Object.fromEntries(EVIDENCE_KINDS.map((k) => [k.id, k.name]));

/** The evidence the conversation drew on, dated so that "recent" can be judged. */
export function EvidencePanel({ session }: { session: SessionRecord }) {
  return (
    <Section title="Evidence used">
      {session.evidence.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {session.state === 'HELD'
            ? 'No evidence was recorded for this session.'
            : 'Evidence is recorded when the session is logged as held.'}
        </Typography>
      ) : (
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>Kind</TableCell>
              <TableCell>Description</TableCell>
              <TableCell>Collected on</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {session.evidence.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{KIND[e.kind] ?? e.kind}</TableCell>
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
