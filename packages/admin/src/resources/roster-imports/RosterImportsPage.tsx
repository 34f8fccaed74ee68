import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  List,
  ListItemButton,
  ListItemText,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import {
  AccessDenied,
  Loading,
  Title,
  useCanAccess,
  useNotify,
  useTranslate,
  type TranslateFunction,
} from 'react-admin';
import { graphql, session } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { useFormatDateTime } from '../../i18n/format';
import {
  APPLY,
  BUSY,
  DISCARD,
  IMPORT_QUERY,
  IMPORTS_QUERY,
  STATUS_LABELS,
  type Counts,
  type ImportDetail,
  type ImportSummary,
} from './queries';
import { ChangesTable, ExportButton, RoleMappingCard } from './RosterPanels';

const UPLOAD_PATH = '/imports/oneroster';

/** Sends the zip as the request body with the session's token (the upload is beyond /graphql's 1 MB). */
async function uploadZip(
  translate: TranslateFunction,
  file: File,
  grantDistrictAdmin: boolean,
  includeUnrostered: boolean,
): Promise<string> {
  const params = new URLSearchParams({
    fileName: file.name,
    grantDistrictAdmin: String(grantDistrictAdmin),
    includeUnrostered: String(includeUnrostered),
  });
  const token = session.transport.token();
  const res = await fetch(`${UPLOAD_PATH}?${params.toString()}`, {
    method: 'POST',
    headers: { 'content-type': 'application/zip', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as {
    data?: { rosterImport: { id: string } };
    errors?: { message: string }[];
  } | null;
  if (!res.ok || !body?.data) {
    throw new Error(
      body?.errors?.[0]?.message ?? translate('tl.rosterImports.page.uploadFailed', { status: res.status }),
    );
  }
  return body.data.rosterImport.id;
}

/** The counts shown, in order; each row's words are tl.rosterImports.counts.<key>. */
const ROWS: (keyof Counts)[] = [
  'schoolsCreated',
  'schoolsUpdated',
  'schoolsClosed',
  'schoolsUnchanged',
  'staffCreated',
  'staffUpdated',
  'staffDeactivated',
  'staffDeactivationsHeld',
  'workToHandOver',
  'staffUnchanged',
  'roleAssignmentsAdded',
  'roleAssignmentsEnded',
  'usersSkipped',
];

function CountsTable({ counts, caption }: { counts: Counts; caption: string }) {
  const translate = useTranslate();
  return (
    <Table size="small" aria-label={caption}>
      <TableBody>
        {ROWS.map((key) => (
          <TableRow key={key}>
            <TableCell component="th" scope="row">
              {translate(`tl.rosterImports.counts.${key}`)}
            </TableCell>
            <TableCell align="right">{counts[key]}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ImportDetailCard({ id, onChanged }: { id: string; onChanged: () => Promise<unknown> }) {
  const notify = useNotify();
  const translate = useTranslate();
  const [after, setAfter] = useState<string | null>(null);
  const { data, refetch } = useGraphqlQuery<{ rosterImport: ImportDetail }>(
    ['rosterImport', id],
    IMPORT_QUERY,
    { id, after },
    { refetchInterval: (q) => (q.state.data && BUSY.includes(q.state.data.rosterImport.status) ? 1000 : false) },
  );
  const ri = data?.rosterImport;
  if (!ri) return <Loading />;
  const run = async (work: () => Promise<unknown>, done: string) => {
    try {
      await work();
      notify(done, { type: 'info' });
      await refetch();
      await onChanged();
    } catch (error) {
      notify(messageOf(error), { type: 'error' });
    }
  };
  const apply = () =>
    run(async () => {
      if (!window.confirm(translate('tl.rosterImports.detail.applyConfirm'))) return;
      await graphql(APPLY, { i: { id: ri.id, version: ri.version } });
    }, translate('tl.rosterImports.detail.applying'));
  const discard = () =>
    run(() => graphql(DISCARD, { i: { id: ri.id } }), translate('tl.rosterImports.detail.discarded'));
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
          <Typography variant="h6" component="h2">
            {ri.fileName ?? translate('tl.rosterImports.detail.untitled')}
          </Typography>
          <Chip label={translate(STATUS_LABELS[ri.status])} color={ri.status === 'FAILED' ? 'error' : 'default'} />
        </Stack>
        <div role="status" aria-live="polite">
          {BUSY.includes(ri.status) ? (
            <Typography>
              {translate('tl.rosterImports.detail.busy', { status: translate(STATUS_LABELS[ri.status]) })}
              {ri.status === 'APPLYING' && ri.progress
                ? translate('tl.rosterImports.detail.progress', {
                    applied: ri.progress.applied,
                    total: ri.progress.total,
                  })
                : ''}
            </Typography>
          ) : null}
          {ri.failure ? <Alert severity="error">{ri.failure}</Alert> : null}
        </div>
        {ri.applied ? (
          <CountsTable counts={ri.applied} caption={translate('tl.rosterImports.detail.applied')} />
        ) : ri.preview ? (
          <CountsTable counts={ri.preview} caption={translate('tl.rosterImports.detail.preview')} />
        ) : null}
        {ri.grantDistrictAdmin ? (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {translate('tl.rosterImports.detail.grantAdmin')}
          </Alert>
        ) : null}
        {ri.includeUnrostered ? (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {translate('tl.rosterImports.detail.includeUnrostered')}
          </Alert>
        ) : null}
        {(ri.applied ?? ri.preview)?.workToHandOver ? (
          <ChangesTable id={ri.id} applied={ri.status === 'APPLIED'} handover />
        ) : null}
        {ri.preview || ri.applied ? <ChangesTable id={ri.id} applied={ri.status === 'APPLIED'} /> : null}
        {ri.problems.totalCount > 0 ? (
          <Box sx={{ mt: 2 }}>
            <Typography variant="subtitle1" component="h3">
              {translate('tl.rosterImports.detail.problems', { count: ri.problems.totalCount })}
            </Typography>
            <Table size="small" aria-label={translate('tl.rosterImports.detail.problemsLabel')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tl.rosterImports.detail.problemColumns.severity')}</TableCell>
                  <TableCell>{translate('tl.rosterImports.detail.problemColumns.file')}</TableCell>
                  <TableCell>{translate('tl.rosterImports.detail.problemColumns.line')}</TableCell>
                  <TableCell>{translate('tl.rosterImports.detail.problemColumns.column')}</TableCell>
                  <TableCell>{translate('tl.rosterImports.detail.problemColumns.problem')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {ri.problems.nodes.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>
                      {translate(
                        p.severity === 'ERROR' ? 'tl.rosterImports.detail.error' : 'tl.rosterImports.detail.warning',
                      )}
                    </TableCell>
                    <TableCell>{p.file ?? translate('tl.rosterImports.detail.zip')}</TableCell>
                    <TableCell>{p.line ?? ''}</TableCell>
                    <TableCell>{p.field ?? ''}</TableCell>
                    <TableCell>{p.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              {after ? (
                <Button onClick={() => setAfter(null)}>{translate('tl.rosterImports.detail.firstProblems')}</Button>
              ) : null}
              {ri.problems.pageInfo.hasNextPage ? (
                <Button onClick={() => setAfter(ri.problems.pageInfo.endCursor)}>
                  {translate('tl.rosterImports.detail.moreProblems')}
                </Button>
              ) : null}
            </Stack>
          </Box>
        ) : null}
      </CardContent>
      <CardActions>
        {ri.status === 'PREVIEW_READY' ? (
          <Button variant="contained" onClick={apply}>
            {translate('tl.rosterImports.detail.apply')}
          </Button>
        ) : null}
        {['UPLOADED', 'VALIDATING', 'PREVIEW_READY', 'FAILED'].includes(ri.status) ? (
          <Button onClick={discard}>{translate('tl.rosterImports.detail.discard')}</Button>
        ) : null}
      </CardActions>
    </Card>
  );
}

/** Roster import: upload a OneRoster zip, watch it being checked, read the preview and problems, apply or discard. */
export function RosterImportsPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'rosterImports', action: 'list' });
  const notify = useNotify();
  const translate = useTranslate();
  const formatDateTime = useFormatDateTime();
  const [file, setFile] = useState<File | null>(null);
  const [grantAdmin, setGrantAdmin] = useState(false);
  const [includeUnrostered, setIncludeUnrostered] = useState(false);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const { data, refetch } = useGraphqlQuery<{ rosterImports: { nodes: ImportSummary[] } }>(
    ['rosterImports'],
    IMPORTS_QUERY,
    undefined,
    { enabled: canAccess === true },
  );
  if (isPending) return <Loading />;
  if (!canAccess) return <AccessDenied />;
  const submit = async () => {
    if (!file) return;
    setBusy(true);
    try {
      const id = await uploadZip(translate, file, grantAdmin, includeUnrostered);
      notify(translate('tl.rosterImports.page.uploaded'), { type: 'info' });
      setSelected(id);
      setFile(null);
      await refetch();
    } catch (error) {
      notify(error instanceof Error ? error.message : messageOf(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const imports = data?.rosterImports.nodes ?? [];
  return (
    <Box sx={{ p: 2 }}>
      <Title title="tl.rosterImports.page.title" />
      <Stack spacing={2}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2">
              {translate('tl.rosterImports.page.uploadTitle')}
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 1 }}>
              {translate('tl.rosterImports.page.uploadHelp')}
            </Typography>
            <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
              <Button variant="outlined" component="label">
                {file ? file.name : translate('tl.rosterImports.page.choose')}
                <input
                  hidden
                  type="file"
                  accept=".zip,application/zip"
                  aria-label={translate('tl.rosterImports.page.fileLabel')}
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </Button>
              <FormControlLabel
                control={<Checkbox checked={grantAdmin} onChange={(e) => setGrantAdmin(e.target.checked)} />}
                label={translate('tl.rosterImports.page.grantAdmin')}
              />
              <FormControlLabel
                control={
                  <Checkbox checked={includeUnrostered} onChange={(e) => setIncludeUnrostered(e.target.checked)} />
                }
                label={translate('tl.rosterImports.page.includeUnrostered')}
              />
            </Stack>
          </CardContent>
          <CardActions>
            <Button variant="contained" disabled={!file || busy} onClick={submit}>
              {translate('tl.rosterImports.page.upload')}
            </Button>
            <ExportButton />
          </CardActions>
        </Card>
        {selected ? <ImportDetailCard key={selected} id={selected} onChanged={refetch} /> : null}
        <RoleMappingCard />
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2">
              {translate('tl.rosterImports.page.imports')}
            </Typography>
            {imports.length === 0 ? (
              <Typography color="text.secondary">{translate('tl.rosterImports.page.empty')}</Typography>
            ) : null}
            <List dense>
              {imports.map((ri) => (
                <ListItemButton key={ri.id} selected={ri.id === selected} onClick={() => setSelected(ri.id)}>
                  <ListItemText
                    primary={translate('tl.rosterImports.page.summary', {
                      name: ri.fileName ?? translate('tl.rosterImports.detail.untitled'),
                      status: translate(STATUS_LABELS[ri.status]),
                    })}
                    secondary={translate('tl.rosterImports.page.summaryCounts', {
                      date: formatDateTime(ri.createdAt),
                      errors: ri.errorCount,
                      warnings: ri.warningCount,
                    })}
                  />
                </ListItemButton>
              ))}
            </List>
          </CardContent>
        </Card>
      </Stack>
    </Box>
  );
}
