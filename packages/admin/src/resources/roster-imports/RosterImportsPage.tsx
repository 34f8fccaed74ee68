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
import { AccessDenied, Loading, Title, useCanAccess, useNotify } from 'react-admin';
import { graphql, session } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
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
async function uploadZip(file: File, grantDistrictAdmin: boolean, includeUnrostered: boolean): Promise<string> {
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
  if (!res.ok || !body?.data) throw new Error(body?.errors?.[0]?.message ?? `The upload failed (HTTP ${res.status})`);
  return body.data.rosterImport.id;
}

const ROWS: [keyof Counts, string][] = [
  ['schoolsCreated', 'Schools to create'],
  ['schoolsUpdated', 'Schools to update'],
  ['schoolsClosed', 'Schools to close'],
  ['schoolsUnchanged', 'Schools unchanged'],
  ['staffCreated', 'Staff to create'],
  ['staffUpdated', 'Staff to update'],
  ['staffDeactivated', 'Staff to deactivate'],
  ['staffDeactivationsHeld', 'Staff kept active (district admins, or you)'],
  ['workToHandOver', 'Conversations, actions and strategies of leavers that need a new owner'],
  ['staffUnchanged', 'Staff unchanged'],
  ['roleAssignmentsAdded', 'Role assignments to add'],
  ['roleAssignmentsEnded', 'Role assignments to end'],
  ['usersSkipped', 'Students and family (not imported)'],
];

function CountsTable({ counts, caption }: { counts: Counts; caption: string }) {
  return (
    <Table size="small" aria-label={caption}>
      <TableBody>
        {ROWS.map(([key, label]) => (
          <TableRow key={key}>
            <TableCell component="th" scope="row">
              {label}
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
      if (!window.confirm('Apply this import? Schools, staff and roles change as the preview says.')) return;
      await graphql(APPLY, { i: { id: ri.id, version: ri.version } });
    }, 'The import is being applied');
  const discard = () => run(() => graphql(DISCARD, { i: { id: ri.id } }), 'Import discarded');
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
          <Typography variant="h6" component="h2">
            {ri.fileName ?? 'Roster import'}
          </Typography>
          <Chip label={STATUS_LABELS[ri.status]} color={ri.status === 'FAILED' ? 'error' : 'default'} />
        </Stack>
        <div role="status" aria-live="polite">
          {BUSY.includes(ri.status) ? (
            <Typography>
              {STATUS_LABELS[ri.status]}…
              {ri.status === 'APPLYING' && ri.progress ? ` ${ri.progress.applied} of ${ri.progress.total} changes` : ''}
            </Typography>
          ) : null}
          {ri.failure ? <Alert severity="error">{ri.failure}</Alert> : null}
        </div>
        {ri.applied ? (
          <CountsTable counts={ri.applied} caption="What the import changed" />
        ) : ri.preview ? (
          <CountsTable counts={ri.preview} caption="What applying would change" />
        ) : null}
        {ri.grantDistrictAdmin ? (
          <Alert severity="warning" sx={{ mt: 1 }}>
            District-level administrators in this file become district admins.
          </Alert>
        ) : null}
        {ri.includeUnrostered ? (
          <Alert severity="warning" sx={{ mt: 1 }}>
            People and schools that did not come from a roster and are not in this bulk file are deactivated or closed.
          </Alert>
        ) : null}
        {(ri.applied ?? ri.preview)?.workToHandOver ? (
          <ChangesTable id={ri.id} applied={ri.status === 'APPLIED'} handover />
        ) : null}
        {ri.preview || ri.applied ? <ChangesTable id={ri.id} applied={ri.status === 'APPLIED'} /> : null}
        {ri.problems.totalCount > 0 ? (
          <Box sx={{ mt: 2 }}>
            <Typography variant="subtitle1" component="h3">
              Problems ({ri.problems.totalCount})
            </Typography>
            <Table size="small" aria-label="Problems">
              <TableHead>
                <TableRow>
                  <TableCell>Severity</TableCell>
                  <TableCell>File</TableCell>
                  <TableCell>Line</TableCell>
                  <TableCell>Column</TableCell>
                  <TableCell>Problem</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {ri.problems.nodes.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{p.severity === 'ERROR' ? 'Error' : 'Warning'}</TableCell>
                    <TableCell>{p.file ?? '(zip)'}</TableCell>
                    <TableCell>{p.line ?? ''}</TableCell>
                    <TableCell>{p.field ?? ''}</TableCell>
                    <TableCell>{p.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              {after ? <Button onClick={() => setAfter(null)}>First problems</Button> : null}
              {ri.problems.pageInfo.hasNextPage ? (
                <Button onClick={() => setAfter(ri.problems.pageInfo.endCursor)}>More problems</Button>
              ) : null}
            </Stack>
          </Box>
        ) : null}
      </CardContent>
      <CardActions>
        {ri.status === 'PREVIEW_READY' ? (
          <Button variant="contained" onClick={apply}>
            Apply
          </Button>
        ) : null}
        {['UPLOADED', 'VALIDATING', 'PREVIEW_READY', 'FAILED'].includes(ri.status) ? (
          <Button onClick={discard}>Discard</Button>
        ) : null}
      </CardActions>
    </Card>
  );
}

/** Roster import: upload a OneRoster zip, watch it being checked, read the preview and problems, apply or discard. */
export function RosterImportsPage() {
  const { canAccess, isPending } = useCanAccess({ resource: 'rosterImports', action: 'list' });
  const notify = useNotify();
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
      const id = await uploadZip(file, grantAdmin, includeUnrostered);
      notify('Uploaded: the file is being checked', { type: 'info' });
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
      <Title title="Roster import" />
      <Stack spacing={2}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2">
              Upload a OneRoster file
            </Typography>
            <Typography color="text.secondary" sx={{ mb: 1 }}>
              A OneRoster 1.1 or 1.2 CSV zip (manifest.csv, orgs.csv, users.csv, and roles.csv in 1.2), at most 50 MB.
              Nothing changes until you apply the preview.
            </Typography>
            <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
              <Button variant="outlined" component="label">
                {file ? file.name : 'Choose a zip file'}
                <input
                  hidden
                  type="file"
                  accept=".zip,application/zip"
                  aria-label="OneRoster zip file"
                  onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                />
              </Button>
              <FormControlLabel
                control={<Checkbox checked={grantAdmin} onChange={(e) => setGrantAdmin(e.target.checked)} />}
                label="Make district-level administrators in the file district admins"
              />
              <FormControlLabel
                control={
                  <Checkbox checked={includeUnrostered} onChange={(e) => setIncludeUnrostered(e.target.checked)} />
                }
                label="A bulk file also deactivates people (and closes schools) typed in by hand that it does not list"
              />
            </Stack>
          </CardContent>
          <CardActions>
            <Button variant="contained" disabled={!file || busy} onClick={submit}>
              Upload and preview
            </Button>
            <ExportButton />
          </CardActions>
        </Card>
        {selected ? <ImportDetailCard key={selected} id={selected} onChanged={refetch} /> : null}
        <RoleMappingCard />
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2">
              Imports
            </Typography>
            {imports.length === 0 ? <Typography color="text.secondary">No imports yet.</Typography> : null}
            <List dense>
              {imports.map((ri) => (
                <ListItemButton key={ri.id} selected={ri.id === selected} onClick={() => setSelected(ri.id)}>
                  <ListItemText
                    primary={`${ri.fileName ?? 'Roster import'} — ${STATUS_LABELS[ri.status]}`}
                    secondary={`${new Date(ri.createdAt).toLocaleString()} · ${ri.errorCount} errors, ${ri.warningCount} warnings`}
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
