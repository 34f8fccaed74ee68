import { useState } from 'react';
import {
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  FormControl,
  Link as MuiLink,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Link, Loading, useCreatePath, useNotify, useTranslate } from 'react-admin';
import { graphql, session } from '../../portal';
import { messageOf } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import {
  ACTION_LABELS,
  CHANGES_QUERY,
  ENTITY_LABELS,
  HANDOVER_TARGETS,
  MAPPING_QUERY,
  MAPPING_UPDATE,
  ROLE_LABELS,
  TARGETS,
  type ChangeAction,
  type ChangeEntity,
  type Change,
  type ChangePage,
  type RoleRule,
  type ThroughlineRole,
} from './queries';

const ALL = '';

/** A HANDOVER change's record, linked to where it gets a new owner; any other change's name as it is. */
function ChangeName({ change }: { change: Change }) {
  const createPath = useCreatePath();
  const target = change.action === 'HANDOVER' && change.targetId ? HANDOVER_TARGETS[change.entity] : undefined;
  if (!target) return <>{change.name}</>;
  return (
    <MuiLink component={Link} to={createPath({ resource: target.resource, id: change.targetId!, type: target.type })}>
      {change.name}
    </MuiLink>
  );
}

/**
 * The import's plan (or, once applied, what it did), 25 rows a page, filtered by kind and action. With `handover`:
 * only the leavers' conversations, actions and strategies that need a new owner, each linked to its page.
 */
export function ChangesTable({ id, applied, handover }: { id: string; applied: boolean; handover?: boolean }) {
  const translate = useTranslate();
  const [entity, setEntity] = useState<ChangeEntity | typeof ALL>(ALL);
  const [action, setAction] = useState<ChangeAction | typeof ALL>(handover ? 'HANDOVER' : ALL);
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const { data } = useGraphqlQuery<{ rosterImport: { changes: ChangePage } }>(
    ['rosterImportChanges', id, entity, action, after, Boolean(handover)],
    CHANGES_QUERY,
    { id, after, entity: entity || null, action: action || null },
  );
  const page = data?.rosterImport.changes;
  const reset = () => setCursors([null]);
  return (
    <Box sx={{ mt: 2 }}>
      <Typography variant="subtitle1" component="h3">
        {translate(
          handover
            ? applied
              ? 'tl.rosterImports.changes.handoverApplied'
              : 'tl.rosterImports.changes.handoverPreview'
            : applied
              ? 'tl.rosterImports.changes.applied'
              : 'tl.rosterImports.changes.preview',
        )}
        {page ? translate('tl.rosterImports.changes.count', { count: page.totalCount }) : ''}
      </Typography>
      {handover ? (
        <Typography color="text.secondary">{translate('tl.rosterImports.changes.handoverHelp')}</Typography>
      ) : null}
      <Stack direction="row" spacing={2} sx={{ my: 1, display: handover ? 'none' : undefined }}>
        <FormControl size="small" sx={{ minWidth: 160 }}>
          <InputLabel id="roster-change-entity">{translate('tl.rosterImports.changes.kind')}</InputLabel>
          <Select
            labelId="roster-change-entity"
            label={translate('tl.rosterImports.changes.kind')}
            value={entity}
            onChange={(e) => {
              setEntity(e.target.value as ChangeEntity | typeof ALL);
              reset();
            }}
          >
            <MenuItem value={ALL}>{translate('tl.rosterImports.changes.all')}</MenuItem>
            {(Object.keys(ENTITY_LABELS) as ChangeEntity[]).map((k) => (
              <MenuItem key={k} value={k}>
                {translate(ENTITY_LABELS[k])}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl size="small" sx={{ minWidth: 160 }}>
          <InputLabel id="roster-change-action">{translate('tl.rosterImports.changes.change')}</InputLabel>
          <Select
            labelId="roster-change-action"
            label={translate('tl.rosterImports.changes.change')}
            value={action}
            onChange={(e) => {
              setAction(e.target.value as ChangeAction | typeof ALL);
              reset();
            }}
          >
            <MenuItem value={ALL}>{translate('tl.rosterImports.changes.all')}</MenuItem>
            {(Object.keys(ACTION_LABELS) as ChangeAction[]).map((k) => (
              <MenuItem key={k} value={k}>
                {translate(ACTION_LABELS[k])}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Stack>
      {!page ? (
        <Loading />
      ) : page.totalCount === 0 ? (
        <Typography color="text.secondary">{translate('tl.rosterImports.changes.nothing')}</Typography>
      ) : (
        <Table
          size="small"
          aria-label={translate(
            handover ? 'tl.rosterImports.changes.handoverLabel' : 'tl.rosterImports.changes.tableLabel',
          )}
        >
          <TableHead>
            <TableRow>
              <TableCell>{translate('tl.rosterImports.changes.columns.kind')}</TableCell>
              <TableCell>{translate('tl.rosterImports.changes.columns.change')}</TableCell>
              <TableCell>{translate('tl.rosterImports.changes.columns.name')}</TableCell>
              <TableCell>{translate('tl.rosterImports.changes.columns.details')}</TableCell>
              <TableCell>{translate('tl.rosterImports.changes.columns.sourcedId')}</TableCell>
              <TableCell>{translate('tl.rosterImports.changes.columns.line')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {page.nodes.map((c) => (
              <TableRow key={c.id}>
                <TableCell>{translate(ENTITY_LABELS[c.entity])}</TableCell>
                <TableCell>{translate(ACTION_LABELS[c.action])}</TableCell>
                <TableCell>
                  <ChangeName change={c} />
                </TableCell>
                <TableCell>{c.detail ?? ''}</TableCell>
                <TableCell>{c.sourcedId ?? ''}</TableCell>
                <TableCell>{c.file && c.line ? `${c.file}:${c.line}` : ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
        {cursors.length > 1 ? (
          <Button onClick={() => setCursors(cursors.slice(0, -1))}>
            {translate('tl.rosterImports.changes.previous')}
          </Button>
        ) : null}
        {page?.pageInfo.hasNextPage ? (
          <Button onClick={() => setCursors([...cursors, page.pageInfo.endCursor])}>
            {translate('tl.rosterImports.changes.more')}
          </Button>
        ) : null}
      </Stack>
    </Box>
  );
}

const NONE = 'NONE';

/** The district's role mapping: which Throughline role each OneRoster role gives, at a school and at the district. */
export function RoleMappingCard() {
  const notify = useNotify();
  const translate = useTranslate();
  const { data, refetch } = useGraphqlQuery<{ rosterRoleMapping: { version: number; rules: RoleRule[] } }>(
    ['rosterRoleMapping'],
    MAPPING_QUERY,
  );
  const [edits, setEdits] = useState<Record<string, ThroughlineRole | null>>({});
  const [saving, setSaving] = useState(false);
  const mapping = data?.rosterRoleMapping;
  if (!mapping) return <Loading />;
  const keyOf = (r: RoleRule) => `${r.orgType}:${r.oneRosterRole}`;
  const atOf = (r: RoleRule) =>
    translate(r.orgType === 'SCHOOL' ? 'tl.rosterImports.mapping.atSchool' : 'tl.rosterImports.mapping.atDistrict');
  const valueOf = (r: RoleRule) => (keyOf(r) in edits ? edits[keyOf(r)] : r.role);
  const save = async () => {
    setSaving(true);
    try {
      const rules = mapping.rules
        .filter((r) => keyOf(r) in edits)
        .map((r) => ({ oneRosterRole: r.oneRosterRole, orgType: r.orgType, role: edits[keyOf(r)] }));
      await graphql(MAPPING_UPDATE, { i: { version: mapping.version, rules } });
      setEdits({});
      await refetch();
      notify(translate('tl.rosterImports.mapping.saved'), { type: 'info' });
    } catch (error) {
      notify(messageOf(error), { type: 'error' });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h6" component="h2">
          {translate('tl.rosterImports.mapping.title')}
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 1 }}>
          {translate('tl.rosterImports.mapping.help')}
        </Typography>
        <Table size="small" aria-label={translate('tl.rosterImports.mapping.tableLabel')}>
          <TableHead>
            <TableRow>
              <TableCell>{translate('tl.rosterImports.mapping.columns.oneRosterRole')}</TableCell>
              <TableCell>{translate('tl.rosterImports.mapping.columns.at')}</TableCell>
              <TableCell>{translate('tl.rosterImports.mapping.columns.role')}</TableCell>
              <TableCell>{translate('tl.rosterImports.mapping.columns.default')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {mapping.rules.map((r) => (
              <TableRow key={keyOf(r)}>
                <TableCell component="th" scope="row">
                  {r.oneRosterRole}
                </TableCell>
                <TableCell>{atOf(r)}</TableCell>
                <TableCell>
                  <Select
                    size="small"
                    value={valueOf(r) ?? NONE}
                    inputProps={{
                      'aria-label': translate('tl.rosterImports.mapping.selectLabel', {
                        role: r.oneRosterRole,
                        at: atOf(r),
                      }),
                    }}
                    onChange={(e) =>
                      setEdits({
                        ...edits,
                        [keyOf(r)]: e.target.value === NONE ? null : (e.target.value as ThroughlineRole),
                      })
                    }
                  >
                    <MenuItem value={NONE}>{translate('tl.rosterImports.mapping.noRole')}</MenuItem>
                    {TARGETS[r.orgType].map((t) => (
                      <MenuItem key={t} value={t}>
                        {translate(ROLE_LABELS[t])}
                        {t === 'DISTRICT_ADMIN' ? translate('tl.rosterImports.mapping.whenAllowed') : ''}
                      </MenuItem>
                    ))}
                  </Select>
                </TableCell>
                <TableCell>
                  {translate(r.defaultRole ? ROLE_LABELS[r.defaultRole] : 'tl.rosterImports.mapping.noRole')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
      <CardActions>
        <Button variant="contained" disabled={saving || Object.keys(edits).length === 0} onClick={save}>
          {translate('tl.rosterImports.mapping.save')}
        </Button>
        {Object.keys(edits).length ? (
          <Button onClick={() => setEdits({})}>{translate('tl.rosterImports.mapping.undo')}</Button>
        ) : null}
      </CardActions>
    </Card>
  );
}

const EXPORT_PATH = '/exports/oneroster';

/** Downloads the district's schools, staff and roles as a OneRoster 1.2 zip (the same file the import reads). */
export function ExportButton() {
  const notify = useNotify();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const token = session.transport.token();
      const res = await fetch(EXPORT_PATH, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
        throw new Error(
          body?.errors?.[0]?.message ?? translate('tl.rosterImports.export.failed', { status: res.status }),
        );
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'oneroster.zip';
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      notify(error instanceof Error ? error.message : messageOf(error), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button variant="outlined" disabled={busy} onClick={download}>
      {translate('tl.rosterImports.export.button')}
    </Button>
  );
}
