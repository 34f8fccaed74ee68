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
import { useTranslate } from 'react-admin';
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
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.reads.title')}
        subheader={translate('tl.privacy.reads.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && <Alert severity="error">{translate('tl.privacy.reads.readError', { message: error.message })}</Alert>}
        {data && reads.length === 0 && (
          <Typography color="text.secondary">{translate('tl.privacy.reads.empty')}</Typography>
        )}
        <List dense aria-label={translate('tl.privacy.reads.listLabel')}>
          {reads.map((r) => {
            const href = recordLink(r);
            // A field the portal has no words for yet shows as the API names it.
            const what = translate(`tl.privacy.reads.what.${r.field}`, { _: r.field });
            return (
              <ListItem key={r.id} disableGutters>
                <ListItemText
                  primary={
                    <>
                      {translate('tl.privacy.reads.read', {
                        reader: r.readerName ?? translate('tl.privacy.reads.someone'),
                      })}{' '}
                      {href ? <Link href={href}>{what}</Link> : what}
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
            {translate('tl.privacy.reads.newest', { total: data.myConfidentialReads.totalCount })}
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
  const translate = useTranslate();
  return (
    <Card>
      <CardHeader
        title={translate('tl.privacy.register.title')}
        subheader={translate('tl.privacy.register.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
      />
      <CardContent sx={{ pt: 0 }}>
        {error && (
          <Alert severity="error">{translate('tl.privacy.register.readError', { message: error.message })}</Alert>
        )}
        {data && rows.length === 0 && (
          <Typography color="text.secondary">{translate('tl.privacy.register.empty')}</Typography>
        )}
        {rows.length > 0 && (
          <Table size="small" aria-label={translate('tl.privacy.register.tableLabel')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('tl.privacy.register.columns.session')}</TableCell>
                <TableCell>{translate('tl.privacy.register.columns.learner')}</TableCell>
                <TableCell>{translate('tl.privacy.register.columns.guardian')}</TableCell>
                <TableCell>{translate('tl.privacy.register.columns.agreed')}</TableCell>
                <TableCell>{translate('tl.privacy.register.columns.withdrawn')}</TableCell>
                <TableCell>{translate('tl.privacy.register.columns.recordedBy')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    {c.session ? (
                      <Link href={`#/sessions/${encodeURIComponent(c.session.id)}/show`}>
                        {translate('tl.privacy.register.sessionAt', {
                          title: c.session.conversation?.title ?? translate('tl.privacy.register.session'),
                          date: formatWhen(c.session.scheduledAt),
                        })}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell>
                    {c.confidentialWithheld ? (
                      <Typography variant="body2" color="text.secondary">
                        {translate('tl.privacy.register.withheld')}
                      </Typography>
                    ) : (
                      c.learnerLabel
                    )}
                  </TableCell>
                  <TableCell>{c.guardianRelationship ?? '—'}</TableCell>
                  <TableCell>{formatWhen(c.consentedAt)}</TableCell>
                  <TableCell>
                    {c.withdrawnAt
                      ? translate('tl.privacy.register.withdrawnAt', {
                          date: formatWhen(c.withdrawnAt),
                          smart_count: c.textsPurged ?? 0,
                        })
                      : '—'}
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
