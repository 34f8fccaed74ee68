import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useNotify } from 'react-admin';
import { graphql } from '../../portal';
import { fieldErrorsOf, useApiFailureNotice } from '../../common/apiFailure';
import { useGraphqlQuery } from '../../common/useGraphqlQuery';
import {
  DEFAULT_ROLE_CHOICES,
  MATCHING_CHOICES,
  PRESETS,
  PROVIDER_FIELDS,
  PROVISIONING_CHOICES,
  type IdentityProviderRecord,
  type Preset,
} from './identityProviders';

const CREATE = `mutation($input: IdentityProviderCreateInput!) {
  identityProviderCreate(input: $input) { identityProvider { ${PROVIDER_FIELDS} } } }`;
const UPDATE = `mutation($input: IdentityProviderUpdateInput!) {
  identityProviderUpdate(input: $input) { identityProvider { ${PROVIDER_FIELDS} } } }`;
const SCHOOLS = `{ schools(first: 100, orderBy: { field: NAME }) { nodes { id name } } }`;

const FIELDS = [
  'name',
  'preset',
  'issuer',
  'tenantId',
  'clientId',
  'clientSecret',
  'allowedDomains',
  'matching',
  'provisioning',
  'defaultRole',
  'defaultSchoolId',
];

/** Adds an identity provider, or changes one. The client secret is write-only: leave it empty to keep it. */
export function IdentityProviderDialog({
  record,
  onClose,
  onSaved,
}: {
  record?: IdentityProviderRecord;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [values, setValues] = useState({
    name: record?.name ?? '',
    preset: (record?.preset ?? 'GOOGLE') as Preset,
    issuer: record?.preset === 'GENERIC' ? record.issuer : '',
    tenantId: record?.tenantId ?? '',
    clientId: record?.clientId ?? '',
    clientSecret: '',
    allowedDomains: record?.allowedDomains.join(', ') ?? '',
    matching: record?.matching ?? 'VERIFIED_EMAIL',
    provisioning: record?.provisioning ?? 'OFF',
    defaultRole: record?.defaultRole ?? 'TEACHER',
    defaultSchoolId: record?.defaultSchoolId ?? '',
    enabled: record?.enabled ?? true,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const notify = useNotify();
  const notice = useApiFailureNotice({ shownFields: FIELDS, onReload: onSaved });
  const schools = useGraphqlQuery<{ schools: { nodes: { id: string; name: string }[] } }>(['ssoSchools'], SCHOOLS);
  const set = (field: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));
  const error = (field: string) =>
    errors[field] ?? Object.entries(errors).find(([k]) => k.startsWith(`${field}.`))?.[1];

  const save = async () => {
    setSaving(true);
    setErrors({});
    const jit = values.provisioning === 'DEFAULT_ROLE';
    const input: Record<string, unknown> = {
      name: values.name,
      issuer: values.preset === 'GENERIC' ? values.issuer : undefined,
      tenantId: values.preset === 'MICROSOFT' ? values.tenantId : undefined,
      clientId: values.clientId,
      clientSecret: values.clientSecret || undefined,
      allowedDomains: values.allowedDomains
        .split(/[\s,]+/)
        .map((d) => d.trim())
        .filter(Boolean),
      matching: values.matching,
      provisioning: values.provisioning,
      defaultRole: jit ? values.defaultRole : null,
      defaultSchoolId: jit && values.defaultSchoolId ? values.defaultSchoolId : null,
      enabled: values.enabled,
    };
    try {
      if (record) await graphql(UPDATE, { input: { id: record.id, version: record.version, ...input } });
      else await graphql(CREATE, { input: { ...input, preset: values.preset } });
      notify(`${values.name} saved`, { type: 'success' });
      onSaved();
      onClose();
    } catch (e) {
      setErrors(fieldErrorsOf(e) ?? {});
      notice(e);
    } finally {
      setSaving(false);
    }
  };

  const preset = PRESETS.find((p) => p.id === values.preset)!;
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{record ? `Change ${record.name}` : 'Add an identity provider'}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Register Throughline at the provider with the redirect URI{' '}
          <code>{`${window.location.origin}/auth/sso/callback`}</code> and the scopes <code>openid email profile</code>{' '}
          (docs/sso.md).
        </Typography>
        <Stack spacing={2}>
          <TextField
            label="Name"
            required
            value={values.name}
            onChange={set('name')}
            error={Boolean(error('name'))}
            helperText={error('name') ?? 'Shown on the sign-in button, e.g. "Google"'}
          />
          <TextField
            select
            label="Provider"
            value={values.preset}
            onChange={set('preset')}
            disabled={Boolean(record)}
            helperText={preset.help}
          >
            {PRESETS.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.name}
              </MenuItem>
            ))}
          </TextField>
          {values.preset === 'GENERIC' && (
            <TextField
              label="Issuer URL"
              required
              value={values.issuer}
              onChange={set('issuer')}
              error={Boolean(error('issuer'))}
              helperText={error('issuer') ?? 'Its /.well-known/openid-configuration is read'}
            />
          )}
          {values.preset === 'MICROSOFT' && (
            <TextField
              label="Tenant (directory) id"
              required
              value={values.tenantId}
              onChange={set('tenantId')}
              error={Boolean(error('tenantId'))}
              helperText={error('tenantId')}
            />
          )}
          <TextField
            label="Client id"
            required
            value={values.clientId}
            onChange={set('clientId')}
            error={Boolean(error('clientId'))}
            helperText={error('clientId')}
          />
          <TextField
            label="Client secret"
            type="password"
            autoComplete="off"
            value={values.clientSecret}
            onChange={set('clientSecret')}
            error={Boolean(error('clientSecret'))}
            helperText={
              error('clientSecret') ??
              (record?.clientSecretSet
                ? 'A secret is stored (never shown); type a new one to replace it'
                : 'Stored encrypted; never shown again')
            }
          />
          <TextField
            label="Allowed email domains"
            required
            value={values.allowedDomains}
            onChange={set('allowedDomains')}
            error={Boolean(error('allowedDomains'))}
            helperText={error('allowedDomains') ?? 'Comma-separated, e.g. northfield.k12.us'}
          />
          <TextField select label="Match people" value={values.matching} onChange={set('matching')}>
            {MATCHING_CHOICES.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField select label="Someone new signs in" value={values.provisioning} onChange={set('provisioning')}>
            {PROVISIONING_CHOICES.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {c.name}
              </MenuItem>
            ))}
          </TextField>
          {values.provisioning === 'DEFAULT_ROLE' && (
            <Stack direction="row" spacing={2}>
              <TextField
                select
                label="Default role"
                value={values.defaultRole}
                onChange={set('defaultRole')}
                error={Boolean(error('defaultRole'))}
                helperText={error('defaultRole')}
                fullWidth
              >
                {DEFAULT_ROLE_CHOICES.map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {c.name}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                label="At school"
                value={values.defaultSchoolId}
                onChange={set('defaultSchoolId')}
                error={Boolean(error('defaultSchoolId'))}
                helperText={error('defaultSchoolId')}
                fullWidth
              >
                <MenuItem value="">District-wide</MenuItem>
                {(schools.data?.schools.nodes ?? []).map((s) => (
                  <MenuItem key={s.id} value={s.id}>
                    {s.name}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
          )}
          <FormControlLabel
            control={
              <Switch
                checked={values.enabled}
                onChange={(e) => setValues((v) => ({ ...v, enabled: e.target.checked }))}
              />
            }
            label="Offered on the sign-in page"
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={() => void save()} disabled={saving}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
