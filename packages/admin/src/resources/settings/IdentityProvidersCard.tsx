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
import { Confirm, useCanAccess, useNotify } from 'react-admin';
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
  const onError = useApiFailureNotice({ onReload: () => void refetch() });
  const reload = () => void refetch();
  const providers = data?.identityProviders.nodes ?? [];
  const passwordSignIn = data?.signInSettings.passwordSignIn ?? true;

  const remove = async (p: IdentityProviderRecord) => {
    try {
      await graphql(DELETE, { input: { id: p.id } });
      notify(`${p.name} deleted`, { type: 'success' });
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
      notify(on ? 'Passwords sign in again' : 'Password sign-in is off: people sign in with single sign-on', {
        type: 'success',
      });
      reload();
    } catch (e) {
      notify(messageOf(e), { type: 'error' });
    }
  };

  return (
    <Card>
      <CardHeader
        title="Identity providers"
        subheader="Single sign-on: people sign in with their school account, matched to their staff record by verified email."
        slotProps={{ title: { variant: 'h6' } }}
        action={
          <Button variant="contained" sx={{ mr: 1, mt: 1 }} onClick={() => setEditing('new')}>
            Add a provider
          </Button>
        }
      />
      <CardContent sx={{ pt: 0, maxWidth: 960 }}>
        {error && <Alert severity="error">The identity providers could not be read: {error.message}</Alert>}
        {data && providers.length === 0 && (
          <Typography color="text.secondary">No identity provider yet: everyone signs in with a password.</Typography>
        )}
        {providers.length > 0 && (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label="Identity providers">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Provider</TableCell>
                  <TableCell>Domains</TableCell>
                  <TableCell>New people</TableCell>
                  <TableCell>Status</TableCell>
                  <TableCell align="right" />
                </TableRow>
              </TableHead>
              <TableBody>
                {providers.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell>{p.name}</TableCell>
                    <TableCell>{PRESET_NAMES[p.preset]}</TableCell>
                    <TableCell>{p.allowedDomains.join(', ')}</TableCell>
                    <TableCell>
                      {p.provisioning === 'OFF'
                        ? 'Refused'
                        : p.provisioning === 'INACTIVE_PENDING'
                          ? 'Created inactive'
                          : `Created as ${p.defaultRole?.toLowerCase().replace('_', ' ')}`}
                    </TableCell>
                    <TableCell>
                      <Chip size="small" label={p.enabled ? 'On' : 'Off'} color={p.enabled ? 'success' : 'default'} />
                    </TableCell>
                    <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                      <Tooltip title="Change">
                        <IconButton size="small" aria-label={`Change ${p.name}`} onClick={() => setEditing(p)}>
                          <EditIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                      <Tooltip title="Delete">
                        <IconButton size="small" aria-label={`Delete ${p.name}`} onClick={() => setDeleting(p)}>
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
            label={
              passwordSignIn
                ? 'People may also sign in with a password'
                : 'Passwords are off: people sign in with single sign-on only (platform operators keep theirs)'
            }
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
        title={`Delete ${deleting?.name ?? ''}?`}
        content="People who signed in with it sign in another way from now on; their records stay."
        onConfirm={() => deleting && void remove(deleting)}
        onClose={() => setDeleting(null)}
      />
    </Card>
  );
}
