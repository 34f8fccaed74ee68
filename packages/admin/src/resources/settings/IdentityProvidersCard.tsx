import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  FormControlLabel,
  IconButton,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import EditIcon from '@mui/icons-material/Edit';
import { useState } from 'react';
import { Confirm, useCanAccess, useNotify, useTranslate } from 'react-admin';
import { graphql } from '../../portal';
import { messageOf, useApiFailureNotice } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import { IdentityProviderDialog } from './IdentityProviderDialog';
import { PRESET_NAMES, PROVIDERS_KEY, PROVIDERS_QUERY, type IdentityProviderRecord } from './identityProviders';

const DELETE = `mutation($input: IdentityProviderDeleteInput!) { identityProviderDelete(input: $input) { deletedId } }`;
const PASSWORDS = `mutation($input: SignInSettingsUpdateInput!) {
  signInSettingsUpdate(input: $input) { signInSettings { passwordSignIn } } }`;

/**
 * Single sign-on for the district (district admins): its OpenID Connect providers (Google Workspace, Microsoft Entra
 * ID, Clever, ClassLink or any other), and whether passwords still sign in once one works.
 */
export function IdentityProvidersCard() {
  const { canAccess } = useCanAccess({ resource: 'identityProviders', action: 'list' });
  if (!canAccess) return null;
  return <Providers />;
}

function Providers() {
  const { data, error, refetch } = useGraphqlQuery<{
    identityProviders: { nodes: IdentityProviderRecord[] };
    signInSettings: { passwordSignIn: boolean };
  }>(PROVIDERS_KEY, PROVIDERS_QUERY, undefined, { refetchOnWindowFocus: false });
  const [editing, setEditing] = useState<IdentityProviderRecord | 'new' | null>(null);
  const [deleting, setDeleting] = useState<IdentityProviderRecord | null>(null);
  const notify = useNotify();
  const translate = useTranslate();
  const onError = useApiFailureNotice({ onReload: () => void refetch() });
  const reload = () => void refetch();
  const providers = data?.identityProviders.nodes ?? [];
  const passwordSignIn = data?.signInSettings.passwordSignIn ?? true;

  const remove = async (p: IdentityProviderRecord) => {
    try {
      await graphql(DELETE, { input: { id: p.id } });
      notify(translate('tl.settings.common.deleted', { name: p.name }), { type: 'success' });
      reload();
    } catch (e) {
      onError(e);
    } finally {
      setDeleting(null);
    }
  };

  const setPasswords = async (on: boolean) => {
    try {
      await graphql(PASSWORDS, { input: { passwordSignIn: on } });
      notify(translate(on ? 'tl.settings.sso.passwordsOn' : 'tl.settings.sso.passwordsOff'), { type: 'success' });
      reload();
    } catch (e) {
      notify(messageOf(e), { type: 'error' });
    }
  };

  return (
    <Card>
      <CardHeader
        title={translate('tl.settings.sso.title')}
        subheader={translate('tl.settings.sso.subheader')}
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <Button variant="contained" sx={{ mr: 1, mt: 1 }} onClick={() => setEditing('new')}>
            {translate('tl.settings.sso.add')}
          </Button>
        }
      />
      <CardContent sx={{ pt: 0, maxWidth: 960 }}>
        {error && <Alert severity="error">{translate('tl.settings.sso.readError', { message: error.message })}</Alert>}
        {data && providers.length === 0 && (
          <Typography color="text.secondary">{translate('tl.settings.sso.empty')}</Typography>
        )}
        {providers.length > 0 && (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={translate('tl.settings.sso.tableLabel')}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('tl.settings.sso.columns.name')}</TableCell>
                  <TableCell>{translate('tl.settings.sso.columns.provider')}</TableCell>
                  <TableCell>{translate('tl.settings.sso.columns.domains')}</TableCell>
                  <TableCell>{translate('tl.settings.sso.columns.newPeople')}</TableCell>
                  <TableCell>{translate('tl.settings.sso.columns.status')}</TableCell>
                  <TableCell align="right" />
                </TableRow>
              </TableHead>
              <TableBody>
                {providers.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{p.name}</TableCell>
                    <TableCell>{translate(PRESET_NAMES[p.preset])}</TableCell>
                    <TableCell>{p.allowedDomains.join(', ')}</TableCell>
                    <TableCell>
                      {p.provisioning === 'OFF'
                        ? translate('tl.settings.sso.refused')
                        : p.provisioning === 'INACTIVE_PENDING'
                          ? translate('tl.settings.sso.createdInactive')
                          : translate('tl.settings.sso.createdAs', {
                              role: translate(`tl.settings.sso.rolesLower.${p.defaultRole}`, {
                                _: p.defaultRole?.toLowerCase().replace('_', ' ') ?? '',
                              }),
                            })}
                    </TableCell>
                    <TableCell>
                      <Chip
                        size="small"
                        label={translate(p.enabled ? 'tl.settings.sso.on' : 'tl.settings.sso.off')}
                        color={p.enabled ? 'success' : 'default'}
                      />
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title={translate('tl.settings.common.change')}>
                        <IconButton
                          size="small"
                          aria-label={translate('tl.settings.common.changeNamed', { name: p.name })}
                          onClick={() => setEditing(p)}
                        >
                          <EditIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title={translate('tl.settings.common.delete')}>
                        <IconButton
                          size="small"
                          aria-label={translate('tl.settings.common.deleteNamed', { name: p.name })}
                          onClick={() => setDeleting(p)}
                        >
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
        {data && (
          <FormControlLabel
            sx={{ mt: 2 }}
            control={
              <Switch
                checked={passwordSignIn}
                disabled={passwordSignIn && !providers.some((p) => p.enabled)}
                onChange={(e) => void setPasswords(e.target.checked)}
              />
            }
            label={translate(passwordSignIn ? 'tl.settings.sso.passwordSwitchOn' : 'tl.settings.sso.passwordSwitchOff')}
          />
        )}
      </CardContent>
      {editing && (
        <IdentityProviderDialog
          record={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
          onSaved={reload}
        />
      )}
      <Confirm
        isOpen={deleting !== null}
        title="tl.settings.common.deleteConfirm"
        translateOptions={{ name: deleting?.name ?? '' }}
        content="tl.settings.sso.deleteContent"
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Card>
  );
}
