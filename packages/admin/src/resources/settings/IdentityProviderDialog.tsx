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
import { useNotify, useTranslate } from 'react-admin';
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
  const translate = useTranslate();
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
      notify(translate('tl.settings.common.saved', { name: values.name }), { type: 'success' });
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
      <DialogTitle>
        {record
          ? translate('tl.settings.common.changeNamed', { name: record.name })
          : translate('tl.settings.sso.dialog.addTitle')}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {translate('tl.settings.sso.dialog.registerStart')}{' '}
          <code>{`${window.location.origin}/auth/sso/callback`}</code>{' '}
          {translate('tl.settings.sso.dialog.registerScopes')} <code>openid email profile</code>{' '}
          {translate('tl.settings.sso.dialog.registerEnd')}
        </Typography>
        <Stack spacing={2}>
          <TextField
            label={translate('tl.settings.common.name')}
            required
            value={values.name}
            onChange={set('name')}
            error={Boolean(error('name'))}
            helperText={error('name') ?? translate('tl.settings.sso.dialog.nameHelp')}
          />
          <TextField
            select
            label={translate('tl.settings.sso.dialog.provider')}
            value={values.preset}
            onChange={set('preset')}
            disabled={Boolean(record)}
            helperText={translate(preset.help)}
          >
            {PRESETS.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {translate(p.name)}
              </MenuItem>
            ))}
          </TextField>
          {values.preset === 'GENERIC' && (
            <TextField
              label={translate('tl.settings.sso.dialog.issuer')}
              required
              value={values.issuer}
              onChange={set('issuer')}
              error={Boolean(error('issuer'))}
              helperText={error('issuer') ?? translate('tl.settings.sso.dialog.issuerHelp')}
            />
          )}
          {values.preset === 'MICROSOFT' && (
            <TextField
              label={translate('tl.settings.sso.dialog.tenant')}
              required
              value={values.tenantId}
              onChange={set('tenantId')}
              error={Boolean(error('tenantId'))}
              helperText={error('tenantId')}
            />
          )}
          <TextField
            label={translate('tl.settings.sso.dialog.clientId')}
            required
            value={values.clientId}
            onChange={set('clientId')}
            error={Boolean(error('clientId'))}
            helperText={error('clientId')}
          />
          <TextField
            label={translate('tl.settings.sso.dialog.clientSecret')}
            type="password"
            autoComplete="off"
            value={values.clientSecret}
            onChange={set('clientSecret')}
            error={Boolean(error('clientSecret'))}
            helperText={
              error('clientSecret') ??
              translate(
                record?.clientSecretSet ? 'tl.settings.sso.dialog.secretStored' : 'tl.settings.sso.dialog.secretNew',
              )
            }
          />
          <TextField
            label={translate('tl.settings.sso.dialog.domains')}
            required
            value={values.allowedDomains}
            onChange={set('allowedDomains')}
            error={Boolean(error('allowedDomains'))}
            helperText={error('allowedDomains') ?? translate('tl.settings.sso.dialog.domainsHelp')}
          />
          <TextField
            select
            label={translate('tl.settings.sso.dialog.matching')}
            value={values.matching}
            onChange={set('matching')}
          >
            {MATCHING_CHOICES.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {translate(c.name)}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            label={translate('tl.settings.sso.dialog.provisioning')}
            value={values.provisioning}
            onChange={set('provisioning')}
          >
            {PROVISIONING_CHOICES.map((c) => (
              <MenuItem key={c.id} value={c.id}>
                {translate(c.name)}
              </MenuItem>
            ))}
          </TextField>
          {values.provisioning === 'DEFAULT_ROLE' && (
            <Stack direction="row" spacing={2}>
              <TextField
                select
                label={translate('tl.settings.sso.dialog.defaultRole')}
                value={values.defaultRole}
                onChange={set('defaultRole')}
                error={Boolean(error('defaultRole'))}
                helperText={error('defaultRole')}
                fullWidth
              >
                {DEFAULT_ROLE_CHOICES.map((c) => (
                  <MenuItem key={c.id} value={c.id}>
                    {translate(c.name)}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                label={translate('tl.settings.sso.dialog.school')}
                value={values.defaultSchoolId}
                onChange={set('defaultSchoolId')}
                error={Boolean(error('defaultSchoolId'))}
                helperText={error('defaultSchoolId')}
                fullWidth
              >
                <MenuItem value="">{translate('tl.settings.sso.dialog.districtWide')}</MenuItem>
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
            label={translate('tl.settings.sso.dialog.enabled')}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('tl.settings.common.cancel')}</Button>
        <Button variant="contained" onClick={() => void save()} disabled={saving}>
          {translate('tl.settings.common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
