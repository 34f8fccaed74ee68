import {
  Alert,
  Card,
  CardContent,
  CardHeader,
  Link,
  List,
  ListItem,
  ListItemText,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { formatWhen } from '../../common/when';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';

interface MyRead {
  id: string;
  readAt: string;
  readerName: string | null;
  recordType: string;
  recordId: string;
  field: string;
}

interface ConsentRow {
  id: string;
  learnerLabel: string | null;
  confidentialWithheld: boolean;
  guardianRelationship: string | null;
  consentedAt: string;
  withdrawnAt: string | null;
  textsPurged: number | null;
  session: { id: string; scheduledAt: string; conversation: { title: string } | null } | null;
  recordedBy: { displayName: string } | null;
}

const MY_READS = `query MyConfidentialReads { myConfidentialReads(first: 50) {
  totalCount nodes { id readAt readerName recordType recordId field } } }`;
const REGISTER = `query LearnerConsentRegister { learnerConsents(first: 50) { totalCount nodes {
  id learnerLabel confidentialWithheld guardianRelationship consentedAt withdrawnAt textsPurged
  session { id scheduledAt conversation { title } } recordedBy { displayName } } } }`;

const WHAT: Record<string, string> = {
  notes: 'the notes you logged',
  checkIn: 'the check-in lines you logged',
  checkOut: 'the check-out lines you logged',
  answers: 'your shared reflection',
  completionEvidence: 'what you did on an action',
  practiceChangeEvidence: 'the change of practice you described',
  corroborationNote: 'your corroboration note',
  sustainedNote: 'your note on a sustained change',
  learnerLabel: 'a learner’s label you recorded',
  studentId: 'a learner’s student id you recorded',
  recordingReference: 'where a recording you noted is kept',
};

function recordLink(r: MyRead): string | null {
  if (r.recordType === 'ConversationSession') return `#/sessions/${encodeURIComponent(r.recordId)}/show`;
  if (r.recordType === 'ActionItem') return `#/actions/${encodeURIComponent(r.recordId)}/show`;
  return null;
}

/** Everyone: who read what you wrote (notes, reflections, evidence, consent details): when, never the text. */
export function MyReadsCard() {
  const { data, error } = useGraphqlQuery<{ myConfidentialReads: { totalCount: number; nodes: MyRead[] } }>(
    ['myConfidentialReads'],
    MY_READS,
  );
  const reads = data?.myConfidentialReads.nodes ?? [];
  return (
    <Card>
      <CardHeader
        title="Who read what you wrote"
        subheader="Each time someone else was shown your notes, your shared reflections, your actions’ evidence or the consent details you recorded. Newest first."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">Could not read them: {error.message}</Alert>}
        {data && reads.length === 0 && <Typography color="text.secondary">Nobody else has read them yet.</Typography>}
        <List dense aria-label="Who read what you wrote">
          {reads.map((r) => {
            const href = recordLink(r);
            const what = WHAT[r.field] ?? r.field;
            return (
              <ListItem key={r.id} disableGutters>
                <ListItemText
                  primary={
                    <>
                      {r.readerName ?? 'Someone'} read {href ? <Link href={href}>{what}</Link> : what}
                    </>
                  }
                  secondary={formatWhen(r.readAt)}
                />
              </ListItem>
            );
          })}
        </List>
        {data && data.myConfidentialReads.totalCount > reads.length && (
          <Typography variant="caption" color="text.secondary">
            The newest 50 of {data.myConfidentialReads.totalCount}.
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

/** The consent register of the sessions you may read: who agreed, when, withdrawn when (labels inside the boundary). */
export function ConsentRegisterCard() {
  const { data, error } = useGraphqlQuery<{ learnerConsents: { totalCount: number; nodes: ConsentRow[] } }>(
    ['learnerConsentRegister'],
    REGISTER,
  );
  const rows = data?.learnerConsents.nodes ?? [];
  return (
    <Card>
      <CardHeader
        title="Consent register"
        subheader="Learners who agreed to a learning partnership conversation being recorded, and those who withdrew. A withdrawal removes where the recording is kept and what the session’s notes and reflections said."
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">The register could not be read: {error.message}</Alert>}
        {data && rows.length === 0 && <Typography color="text.secondary">No consent recorded.</Typography>}
        {rows.length > 0 && (
          <Table size="small" aria-label="Consent register">
            <TableHead>
              <TableRow>
                <TableCell>Session</TableCell>
                <TableCell>Learner</TableCell>
                <TableCell>Guardian</TableCell>
                <TableCell>Agreed</TableCell>
                <TableCell>Withdrawn</TableCell>
                <TableCell>Recorded by</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    {c.session ? (
                      <Link href={`#/sessions/${encodeURIComponent(c.session.id)}/show`}>
                        {c.session.conversation?.title ?? 'Session'}, {formatWhen(c.session.scheduledAt)}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>
                    {c.confidentialWithheld ? (
                      <Typography variant="body2" color="text.secondary">
                        Withheld (outside the conversation’s boundary)
                      </Typography>
                    ) : (
                      c.learnerLabel
                    )}
                  </TableCell>
                  <TableCell>{c.guardianRelationship ?? '—'}</TableCell>
                  <TableCell>{formatWhen(c.consentedAt)}</TableCell>
                  <TableCell>
                    {c.withdrawnAt ? `${formatWhen(c.withdrawnAt)} (${c.textsPurged ?? 0} texts removed)` : '—'}
                  </TableCell>
                  <TableCell>{c.recordedBy?.displayName ?? '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}
